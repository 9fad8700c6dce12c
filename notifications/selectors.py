"""Reads for notifications: who gets what, and the one record of what changed.

changes_between() is the single source for both the home page's "what changed since your
last visit" and the weekly summary, so the two never disagree. It reads the history that
django-simple-history already keeps, plus the rounds' own opening and closing times."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import roles
from comments import registry
from comments.models import Comment
from monitoring.models import Indicator, Measurement, Status, StatusUpdate
from monitoring.selectors import indicator_list_assessed, indicators_with_latest_measurement, target_date
from notifications.models import Preferences, Visit
from prioritisation.models import Round
from prioritisation.selectors import round_list_for_user, round_pks_results_visible
from recommendations.models import Recommendation
from workagenda.models import GoalLink, OperationalGoal

# Each list on the home page and in the summary shows at most this many items, the newest first.
ITEMS_PER_SECTION = 10
# Deadlines the summary looks ahead to.
DEADLINE_DAYS = 30
# Without an earlier visit, the home page shows the last week.
FIRST_VISIT_WINDOW = datetime.timedelta(days=7)
WORSE = (Status.AT_RISK, Status.OFF_TRACK)

LINKS_ADDED = gettext_lazy("New links")
LINKS_REMOVED = gettext_lazy("Removed links")
STATUSES_WORSE = gettext_lazy("Statuses that turned orange or red")
INDICATORS_OFF_TRACK = gettext_lazy("Indicators that went off track")
ROUNDS_OPENED = gettext_lazy("Rounds that opened")
ROUNDS_CLOSED = gettext_lazy("Rounds that closed")
NEW_COMMENTS = gettext_lazy("New comments")
DEADLINES = gettext_lazy("Deadlines in the coming 30 days")


@dataclass(frozen=True)
class Scope:
    """The part of the work someone follows: one agenda, one region, or everything."""

    region_id: int | None = None
    agenda_id: int | None = None
    label: str = ""

    def goals(self, prefix: str) -> Q:
        """The filter on a goal reached through prefix (e.g. 'goal__')."""
        if self.agenda_id:
            return Q(**{f"{prefix}group__theme__agenda_id": self.agenda_id})
        if self.region_id:
            return Q(**{f"{prefix}group__theme__agenda__region_id": self.region_id})
        return Q()

    def themes(self, prefix: str) -> Q:
        if self.agenda_id:
            return Q(**{f"{prefix}agenda_id": self.agenda_id})
        if self.region_id:
            return Q(**{f"{prefix}agenda__region_id": self.region_id})
        return Q()


@dataclass(frozen=True)
class ChangeItem:
    when: datetime.datetime
    text: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class ChangeSection:
    heading: str
    items: list[ChangeItem]
    more: int = 0


@dataclass
class Changes:
    since: datetime.datetime
    until: datetime.datetime
    scope: Scope
    sections: list[ChangeSection] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.sections


def preferences_for(*, user) -> Preferences:
    """The user's settings; the defaults (unsaved) when they never chose."""
    found = Preferences.objects.filter(user=user).select_related("region", "agenda").first()
    return found or Preferences(user=user)


def scope_of(*, preferences: Preferences) -> Scope:
    if preferences.agenda_id:
        return Scope(agenda_id=preferences.agenda_id, region_id=None, label=str(preferences.agenda))
    if preferences.region_id:
        return Scope(region_id=preferences.region_id, label=str(preferences.region))
    return Scope(label=str(_("all regions")))


def last_visit(*, user) -> datetime.datetime | None:
    return Visit.objects.filter(user=user).values_list("seen_at", flat=True).first()


def _section(
    heading, items: list[ChangeItem], *, total: int | None = None, newest_first: bool = True
) -> list[ChangeSection]:
    """A section of at most ITEMS_PER_SECTION items; total counts the items not fetched too."""
    if not items:
        return []
    items = sorted(items, key=lambda item: item.when, reverse=newest_first)
    total = len(items) if total is None else total
    return [
        ChangeSection(heading=str(heading), items=items[:ITEMS_PER_SECTION], more=max(0, total - ITEMS_PER_SECTION))
    ]


def _links(*, since, until, scope: Scope, history_type: str) -> tuple[list[ChangeItem], int]:
    """The newest links made (+) or removed (-) in the period, and how many there were in all.

    A bulk import makes hundreds at once: only the shown ones are fetched, all are counted
    (always, so the page takes the same queries whatever the number)."""
    records = (
        GoalLink.history.filter(history_type=history_type, history_date__gte=since, history_date__lt=until)
        .filter(scope.goals("goal__"))
        .select_related("goal__group__theme", "recommendation", "history_user")
        .order_by("-history_date", "-history_id")
    )
    shown = list(records[:ITEMS_PER_SECTION])
    total = records.count() if shown else 0
    items = [
        ChangeItem(
            when=record.history_date,
            text=_("%(goal)s and recommendation %(number)s")
            % {"goal": record.goal.code, "number": record.recommendation.number},
            url=record.goal.get_absolute_url(),
            detail=_("by %(name)s") % {"name": _name(record.history_user)} if record.history_user else "",
        )
        for record in shown
    ]
    return items, total


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _previous_status(field: str) -> Subquery:
    earlier = StatusUpdate.objects.filter(**{field: OuterRef(field)}).filter(
        Q(date__lt=OuterRef("date")) | Q(date=OuterRef("date"), pk__lt=OuterRef("id"))
    )
    return Subquery(earlier.order_by("-date", "-pk").values("status")[:1])


def _statuses_worse(*, since, until, scope: Scope) -> list[ChangeItem]:
    """New orange or red judgements whose goal or programme was not in that colour before."""
    records = (
        StatusUpdate.history.filter(history_type="+", history_date__gte=since, history_date__lt=until, status__in=WORSE)
        .filter(scope.goals("goal__") | scope.themes("theme__") if scope.agenda_id or scope.region_id else Q())
        .select_related("goal__group__theme", "theme")
        .annotate(previous=Coalesce(_previous_status("goal"), _previous_status("theme")))
        .order_by("-history_date")
    )
    items = []
    for record in records:
        if record.previous == record.status:
            continue
        subject = record.goal.code if record.goal_id else record.theme.name
        url = (
            reverse("monitoring:goal-status", kwargs={"pk": record.goal_id})
            if record.goal_id
            else reverse("monitoring:theme-status", kwargs={"pk": record.theme_id})
        )
        items.append(
            ChangeItem(
                when=record.history_date,
                text=f"{subject}: {record.get_status_display()}",
                url=url,
                detail=record.note[:200],
            )
        )
    return items


def _indicators_off_track(*, since, until, scope: Scope, today: datetime.date) -> list[ChangeItem]:
    """Indicators with a measurement recorded in the period whose latest value now lies behind the path."""
    measured = Measurement.history.filter(history_type="+", history_date__gte=since, history_date__lt=until)
    indicators = indicators_with_latest_measurement(
        queryset=Indicator.objects.filter(
            Exists(measured.filter(indicator_id=OuterRef("pk"))), scope.goals("goal__")
        ).annotate(
            measured_at=Subquery(
                measured.filter(indicator_id=OuterRef("pk")).order_by("-history_date").values("history_date")[:1]
            )
        )
    )
    return [
        ChangeItem(
            when=indicator.measured_at,  # type: ignore[attr-defined]  # annotated above
            text=f"{indicator.goal.code}: {indicator.name}",
            url=indicator.get_absolute_url(),
            detail=str(assessment.label),
        )
        for indicator, assessment in indicator_list_assessed(indicators=indicators, today=today)
        if assessment.flagged
    ]


def _rounds(*, user, since, until) -> tuple[list[ChangeItem], list[ChangeItem]]:
    rounds = round_list_for_user(user=user).filter(
        Q(opens_at__gte=since, opens_at__lt=until) | Q(closes_at__gte=since, closes_at__lt=until)
    )
    opened, closed = [], []
    visible = round_pks_results_visible(user=user, rounds=rounds)
    # is_participant, ballot_count and participant_count are annotated by round_list_for_user.
    for r in rounds:
        if since <= r.opens_at < until:
            opened.append(ChangeItem(when=r.opens_at, text=r.name, url=_round_url(round=r, visible=visible)))
        if r.closes_at and since <= r.closes_at < until:
            turnout = _("%(ballots)s of %(participants)s voted") % {
                "ballots": r.ballot_count,  # type: ignore[attr-defined]
                "participants": r.participant_count,  # type: ignore[attr-defined]
            }
            closed.append(ChangeItem(when=r.closes_at, text=r.name, url=r.get_absolute_url(), detail=turnout))
    return opened, closed


def _round_url(*, round: Round, visible: set[int]) -> str:
    """Where a line about an open round leads. A participant goes to the ballot; anyone else to
    the results only when the round's settings let them see these yet, otherwise to the round
    list: a manager or policy advisor would get a refusal on the results of an open round."""
    if round.is_participant and not round.is_closed():  # type: ignore[attr-defined]  # annotated by round_list_for_user
        return reverse("prioritisation:ballot", kwargs={"pk": round.pk})
    if round.pk in visible:
        return round.get_absolute_url()
    return reverse("prioritisation:list")


def _comments(*, user, since, until, scope: Scope) -> list[ChangeItem]:
    """New visible comments the user may read: on goals within their scope, on recommendations and
    rounds, and in every thread they follow."""
    followed = user.followed_threads.filter(
        content_type_id=OuterRef("content_type_id"), object_id=OuterRef("object_id")
    )
    comments = (
        Comment.objects.filter(created_at__gte=since, created_at__lt=until, hidden_at__isnull=True)
        .exclude(author=user)
        .annotate(followed=Exists(followed))
        .select_related("author", "content_type")
        .prefetch_related(
            GenericPrefetch(
                "target",
                [
                    OperationalGoal.objects.select_related("group__theme__agenda"),
                    Recommendation.objects.all(),
                    Round.objects.all(),
                ],
            )
        )
        .order_by("-created_at")
    )
    in_scope = (
        set(OperationalGoal.objects.filter(scope.goals("")).values_list("pk", flat=True))
        if (scope.agenda_id or scope.region_id)
        else None
    )
    items = []
    for comment in comments:
        target = comment.target
        if target is None or not registry.may_read(user=user, target=target):
            continue
        if (
            isinstance(target, OperationalGoal)
            and in_scope is not None
            and target.pk not in in_scope
            and not comment.followed
        ):
            continue
        items.append(
            ChangeItem(
                when=comment.created_at,
                text=_("%(name)s on %(page)s") % {"name": _name(comment.author), "page": target_label(target)},
                url=f"{target.get_absolute_url()}#reactie-{comment.pk}",
                detail=" ".join(comment.body.split())[:200],
            )
        )
    return items


def target_label(target) -> str:
    if isinstance(target, OperationalGoal):
        return target.code
    if isinstance(target, Recommendation):
        return _("recommendation %(number)s") % {"number": target.number}
    return str(target)


def changes_between(
    *, user, since: datetime.datetime, until: datetime.datetime, scope: Scope, deadlines: bool = False
) -> Changes:
    """What changed in [since, until) within scope that this user may see, in sections; empty sections left out."""
    today = timezone.localdate(until)
    opened, closed = _rounds(user=user, since=since, until=until)
    changes = Changes(since=since, until=until, scope=scope)
    for heading, history_type in ((LINKS_ADDED, "+"), (LINKS_REMOVED, "-")):
        items, total = _links(since=since, until=until, scope=scope, history_type=history_type)
        changes.sections += _section(heading, items, total=total)
    if roles.user_has_role(user, roles.READ_DASHBOARDS):
        changes.sections += _section(STATUSES_WORSE, _statuses_worse(since=since, until=until, scope=scope))
        changes.sections += _section(
            INDICATORS_OFF_TRACK, _indicators_off_track(since=since, until=until, scope=scope, today=today)
        )
    changes.sections += _section(ROUNDS_OPENED, opened)
    changes.sections += _section(ROUNDS_CLOSED, closed)
    changes.sections += _section(NEW_COMMENTS, _comments(user=user, since=since, until=until, scope=scope))
    if deadlines and not changes.is_empty:
        changes.sections += _section(DEADLINES, _deadlines(user=user, now=until, scope=scope), newest_first=False)
    return changes


def _deadlines(*, user, now: datetime.datetime, scope: Scope) -> list[ChangeItem]:
    """Rounds closing in the coming 30 days, and the goals in scope whose target year ends in them."""
    rounds = round_list_for_user(user=user).filter(
        opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + datetime.timedelta(days=DEADLINE_DAYS)
    )
    visible = round_pks_results_visible(user=user, rounds=rounds)
    items = [
        ChangeItem(
            when=r.closes_at,  # type: ignore[arg-type]  # the filter above keeps only rounds with a closing time
            text=_("%(round)s closes") % {"round": r.name},
            url=_round_url(round=r, visible=visible),
            detail=timezone.localtime(r.closes_at).strftime("%d-%m-%Y %H:%M"),
        )
        for r in rounds
    ]
    today = timezone.localdate(now)
    # A goal "in 2026" is due at the end of 2026 (as on the monitoring deadlines page).
    year_end = target_date(today.year)
    if (year_end - today).days <= DEADLINE_DAYS and roles.user_has_role(user, roles.READ_DASHBOARDS):
        due = OperationalGoal.objects.filter(scope.goals(""), target_year=today.year).count()
        if due:
            query = {"target_year": today.year} | (
                {"agenda": scope.agenda_id}
                if scope.agenda_id
                else {"region": scope.region_id}
                if scope.region_id
                else {}
            )
            items.append(
                ChangeItem(
                    when=timezone.make_aware(datetime.datetime.combine(year_end, datetime.time(23, 59))),
                    text=ngettext(
                        "%(count)s operational goal with target year %(year)s",
                        "%(count)s operational goals with target year %(year)s",
                        due,
                    )
                    % {"count": due, "year": today.year},
                    url=f"{reverse('monitoring:deadlines')}?{urlencode(query)}",
                    detail=_("due on %(date)s") % {"date": year_end.strftime("%d-%m-%Y")},
                )
            )
    return items


def changes_since_last_visit(*, user, since: datetime.datetime | None, now: datetime.datetime) -> Changes:
    """The home page's list: since the given moment (the previous visit), within the scope the user follows."""
    since = since or now - FIRST_VISIT_WINDOW
    return changes_between(user=user, since=since, until=now, scope=scope_of(preferences=preferences_for(user=user)))
