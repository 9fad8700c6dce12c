"""Reads for the home page: per role, small widgets that each answer one question and name
the next step. Each widget reads in a fixed number of queries, whatever the data size."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts import roles
from charts.versions import LINKS, ROUNDS, data_version
from coverage.charts import PRIORITY_COVERAGE_SIZE
from coverage.selectors import PriorityCoverage, Reading, priority_coverage
from monitoring.models import Status, StatusUpdate
from monitoring.selectors import goals_with_latest_status, target_date, themes_with_latest_status
from notifications.selectors import changes_since_last_visit
from prioritisation.models import Round
from prioritisation.selectors import round_latest_closed, round_list_open_for_member, round_list_results_visible
from workagenda.models import Agenda, GoalLink, OperationalGoal, Theme
from workagenda.selectors import region_list_with_agendas

# The overview introduces the first regions by name; the regions page lists them all.
HOME_REGIONS = 3
# Deadlines this close are worth a manager's attention on the home page.
DEADLINE_DAYS = 90
# On a first visit, rounds closed this recently count as news for the people who took part in them.
RECENT_RESULTS_DAYS = 90
# Enough lines to act on at a glance; each list links to the page that has them all.
LISTED = 8
ATTENTION = (Status.OFF_TRACK, Status.AT_RISK)


@dataclass(frozen=True)
class Widget:
    """One block of the home page: a template under home/widgets/ and what it shows."""

    template: str
    context: dict = field(default_factory=dict)


# ------------------------------------------------------------------ getting started


@dataclass(frozen=True)
class Start:
    """What a fresh installation still lacks."""

    has_people: bool
    has_rounds: bool
    has_links: bool

    @property
    def complete(self) -> bool:
        return self.has_people and self.has_rounds and self.has_links


def start_state() -> Start:
    """Three small queries: whether anyone has a role, any round exists and any goal is linked."""
    return Start(
        has_people=get_user_model().objects.filter(groups__in=roles.role_groups()).exists(),
        has_rounds=Round.objects.exists(),
        has_links=GoalLink.objects.exists(),
    )


# ------------------------------------------------------------------ programme team


def rounds_closed_since(*, user, since: datetime.datetime | None, now: datetime.datetime) -> list[Round]:
    """Rounds closed since the previous visit (on a first visit: in the last RECENT_RESULTS_DAYS)
    in which this user took part and whose results they may see, the latest first."""
    since = since or now - datetime.timedelta(days=RECENT_RESULTS_DAYS)
    return [
        r
        for r in round_list_results_visible(user=user)
        # is_participant and my_ballot_at are annotated by the rounds' selector.
        if r.closes_at is not None and since <= r.closes_at <= now and (r.is_participant or r.my_ballot_at)  # type: ignore[attr-defined]
    ][:LISTED]


# ------------------------------------------------------------------ policy advisors


@dataclass(frozen=True)
class ThemeProgress:
    theme: Theme
    goals: int
    linked: int
    first_unlinked: int | None

    @property
    def unlinked(self) -> int:
        return self.goals - self.linked

    @property
    def never_linked(self) -> bool:
        return self.goals > 0 and self.linked == 0


@dataclass(frozen=True)
class AgendaProgress:
    agenda: Agenda
    goals: int
    linked: int
    themes_never_linked: int
    themes: list[ThemeProgress]

    @property
    def unlinked(self) -> int:
        return self.goals - self.linked


def linking_progress() -> list[AgendaProgress]:
    """Per agenda and theme: goals with and without a link, and the first goal without one.

    Two queries: the agendas, then all their themes with their counts."""
    goals_of_theme = OperationalGoal.objects.filter(group__theme=OuterRef("pk"))
    themes = (
        Theme.objects.annotate(
            goal_count=Count("groups__operational_goals", distinct=True),
            linked_count=Count(
                "groups__operational_goals",
                filter=Q(groups__operational_goals__links__isnull=False),
                distinct=True,
            ),
            first_unlinked=Subquery(
                goals_of_theme.filter(links__isnull=True).order_by("group__number", "letter").values("pk")[:1]
            ),
        )
        .select_related("agenda")
        .order_by("agenda__region__name", "agenda__name", "number")
    )
    per_agenda: dict[int, list[ThemeProgress]] = {}
    agendas: dict[int, Agenda] = {}
    for theme in themes:
        agendas.setdefault(theme.agenda_id, theme.agenda)
        per_agenda.setdefault(theme.agenda_id, []).append(
            ThemeProgress(
                theme=theme, goals=theme.goal_count, linked=theme.linked_count, first_unlinked=theme.first_unlinked
            )
        )
    return [
        AgendaProgress(
            agenda=agendas[pk],
            goals=sum(t.goals for t in rows),
            linked=sum(t.linked for t in rows),
            themes_never_linked=sum(t.never_linked for t in rows),
            themes=rows,
        )
        for pk, rows in per_agenda.items()
    ]


# ------------------------------------------------------------------ managers


@dataclass(frozen=True)
class KeyAnswer:
    """The latest closed round against the anchoring in all agendas, as the priority page reads it."""

    round: Round | None
    analysis: PriorityCoverage | None
    titles: dict[int, str]

    def named(self, reading: str) -> list[tuple[int, str]]:
        if self.analysis is None:
            return []
        return [(number, self.titles[number]) for number in self.analysis.numbers(reading)]

    @property
    def priority_ahead(self) -> list[tuple[int, str]]:
        return self.named(Reading.PRIORITY_AHEAD)

    @property
    def coverage_ahead(self) -> list[tuple[int, str]]:
        return self.named(Reading.COVERAGE_AHEAD)


def key_answer() -> KeyAnswer:
    round = round_latest_closed()
    if round is None:
        return KeyAnswer(round=None, analysis=None, titles={})
    analysis = priority_coverage(round=round)
    titles = {row.number: row.short_title for row in analysis.rows}
    return KeyAnswer(round=round, analysis=analysis if analysis.has_links else None, titles=titles)


@dataclass(frozen=True)
class Attention:
    themes: list[Theme]
    goals: int
    any_status: bool


def attention() -> Attention:
    """Themes and programmes whose latest status is red or orange, and how many goals stand there."""
    themes = list(
        themes_with_latest_status(queryset=Theme.objects.select_related("agenda__region"))
        .filter(latest_status__in=ATTENTION)  # type: ignore[misc]  # annotated by themes_with_latest_status
        .order_by("-latest_status", "agenda__name", "number")[:LISTED]
    )
    goal_counts = goals_with_latest_status().aggregate(red_or_orange=Count("pk", filter=Q(latest_status__in=ATTENTION)))
    return Attention(themes=themes, goals=goal_counts["red_or_orange"], any_status=StatusUpdate.objects.exists())


@dataclass(frozen=True)
class Deadlines:
    year: int | None
    goals: list[OperationalGoal]
    goal_count: int
    rounds: list[Round]


def deadlines(*, now: datetime.datetime) -> Deadlines:
    """Goals due within DEADLINE_DAYS and not achieved (a target year ends on 31 December),
    and rounds that close within that time."""
    today = timezone.localdate(now)
    horizon = today + datetime.timedelta(days=DEADLINE_DAYS)
    year = today.year if today <= target_date(today.year) <= horizon else None
    goals: QuerySet[OperationalGoal] = OperationalGoal.objects.none()
    if year is not None:
        not_achieved = Q(latest_status__isnull=True) | ~Q(latest_status=Status.ACHIEVED)
        goals = goals_with_latest_status().filter(not_achieved, target_year=year)
    rounds = list(
        Round.objects.filter(
            opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + datetime.timedelta(days=DEADLINE_DAYS)
        ).order_by("closes_at")[:LISTED]
    )
    listed = list(
        goals.order_by("group__theme__agenda__name", "group__theme__number", "group__number", "letter")[:LISTED]
    )
    return Deadlines(year=year, goals=listed, goal_count=goals.count() if year else 0, rounds=rounds)


# ------------------------------------------------------------------ everyone


def regions_overview() -> dict:
    regions = region_list_with_agendas()
    return {"regions": regions[:HOME_REGIONS], "region_count": regions.count()}


# ------------------------------------------------------------------ the page


def home_widgets(
    *, user, now: datetime.datetime | None = None, last_visit: datetime.datetime | None = None
) -> list[Widget]:
    """The widgets this user's roles call for, the most pressing first. Someone with
    several roles (and administrators, who have all) sees the widgets of each.

    `last_visit` is the previous visit (not the one now being shown): where "what changed
    since your last visit" and the members' new results start. Without one (a first visit)
    each looks back over its own window."""
    now = now or timezone.now()
    changes = Widget(
        "home/widgets/changes_since_last_visit.html",
        {"changes": changes_since_last_visit(user=user, since=last_visit, now=now)},
    )
    advises = roles.user_has_role(user, roles.EDIT_AGENDAS)
    # Managers read the dashboards without editing the agendas; administrators do both.
    manages = roles.user_has_role(user, roles.READ_DASHBOARDS) and (user.is_superuser or not advises)
    # Voting is for the programme team itself: administrators, who pass every role check, do not vote.
    votes = roles.user_has_role(user, roles.VOTE) and not user.is_superuser
    widgets: list[Widget] = []
    start = start_state()
    if not start.complete and (manages or advises or votes):
        administers = roles.user_has_role(user, ())  # no role named: administrators only
        widgets.append(Widget("home/widgets/start.html", {"start": start, "administers": administers}))
    if votes:
        widgets.append(Widget("home/widgets/open_rounds.html", {"rounds": round_list_open_for_member(user=user)}))
        widgets.append(
            Widget(
                "home/widgets/recent_results.html",
                {
                    "rounds": rounds_closed_since(user=user, since=last_visit, now=now),
                    "since_last_visit": last_visit is not None,
                    "days": RECENT_RESULTS_DAYS,
                },
            )
        )
    if manages:
        answer = key_answer()
        widgets.append(
            Widget(
                "home/widgets/key_answer.html",
                {
                    "answer": answer,
                    # The chart at the version of its data, as on its own page: never older than the words beside it.
                    "chart_version": data_version(LINKS, ROUNDS),
                    "chart_size": PRIORITY_COVERAGE_SIZE,
                    "chart_query": f"ronde={answer.round.pk}" if answer.round else "",
                },
            )
        )
        widgets.append(Widget("home/widgets/attention.html", {"attention": attention()}))
        widgets.append(Widget("home/widgets/deadlines.html", {"deadlines": deadlines(now=now), "days": DEADLINE_DAYS}))
        # What changed since the last visit: new links, status updates, rounds opened or closed, comments.
        widgets.append(changes)
    if advises:
        widgets.append(Widget("home/widgets/linking_progress.html", {"agendas": linking_progress()}))
    if not (manages or advises or votes):
        widgets.append(Widget("home/widgets/no_role.html"))
    if (advises or votes) and not manages:
        # The other roles hear of changes too, after their own widgets: members of rounds
        # and comments, policy advisors also of links and statuses.
        widgets.append(changes)
    widgets.append(Widget("home/widgets/regions.html", regions_overview()))
    return widgets
