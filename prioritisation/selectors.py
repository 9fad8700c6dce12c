"""Reads of prioritisation rounds: who may see what, tallies, reasons and history."""

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from audit.history import Change, change_list
from prioritisation.models import SCORE_MAX, SCORE_MIN, Ballot, BallotEntry, Criterion, Round
from recommendations.models import Recommendation

# role_required with no role admits administrators only.
ADMINISTRATORS: tuple[str, ...] = ()

RESULTS_NOT_VISIBLE_YET = _(
    "The results of this round are not visible to you yet. They become visible as the round's settings say: %(when)s."
)
RESULTS_AFTER_CLOSING = _("The results of this round become visible to you when the round has closed.")
RESULTS_NOT_FOR_YOU = _("Only the participants of this round, managers and policy advisors can see its results.")


@dataclass(frozen=True)
class Agreement:
    """How far members agree, the same in both methods: 1 when every ballot says the same,
    0 when they lie as far apart as they can; 1 minus the spread (standard deviation) divided
    by the largest spread possible. With picks the spread is that of chosen or not (largest:
    half the ballots chose it); with scores that of the scores (largest: half 1, half 5)."""

    importance: float | None
    urgency: float | None


@dataclass(frozen=True)
class RecommendationResult:
    number: int
    short_title: str
    importance: float
    urgency: float
    agreement: Agreement
    importance_spread: float | None = None
    urgency_spread: float | None = None


@dataclass(frozen=True)
class Participation:
    ballots: int
    participants: int

    @property
    def rate(self) -> float | None:
        return self.ballots / self.participants if self.participants else None


@dataclass
class ReasonGroup:
    number: int
    short_title: str
    reasons: list[tuple[str, str, str]] = field(default_factory=list)  # (criterion label, reason, member name)


@dataclass(frozen=True)
class RoundHistoryPoint:
    round: Round
    importance: float | None
    urgency: float | None
    ballots: int


def _team_members():
    """The programme team: everyone active who may vote (administrators, who pass every check, do not)."""
    return roles.users_with_capability(capability=roles.VOTE).filter(is_superuser=False)


def _in_team(user) -> bool:
    """Members of the programme team take part in every round that is not limited to chosen people."""
    return not user.is_superuser and roles.user_has_role(user, roles.VOTE)


def _takes_part(*, user) -> Q:
    """The rounds the user takes part in: those they were chosen for, and, for members
    of the programme team, every round open to the whole team."""
    chosen = Exists(Round.participants.through.objects.filter(round=OuterRef("pk"), user=user))
    return Q(chosen) | Q(limited=False) if _in_team(user) else Q(chosen)


def _rounds_seen_by(*, user) -> QuerySet[Round]:
    """Rounds this user may see: members see the rounds they take part in, readers
    of dashboards and administrators all rounds. Each carries the user's ballot date. The latest first."""
    rounds = Round.objects.all()
    if not roles.user_has_role(user, roles.READ_DASHBOARDS):
        rounds = rounds.filter(_takes_part(user=user))
    own_ballot = Ballot.objects.filter(round=OuterRef("pk"), member=user)
    return rounds.annotate(
        my_ballot_at=Subquery(own_ballot.values("updated_at")[:1]),
        is_participant=ExpressionWrapper(_takes_part(user=user), output_field=BooleanField()),
    ).order_by("-opens_at", "name")


def team_size() -> int:
    """How many active people are in the programme team: the participants of a round open to all of it."""
    return _team_members().count()


def round_participant_total(*, round: Round) -> int:
    """How many people may vote in the round: the whole programme team unless it is limited."""
    return round.participants.count() if round.limited else team_size()


def _participant_count() -> Case:
    chosen = _count_of(Round.participants.through.objects.filter(round=OuterRef("pk")))
    return Case(When(limited=False, then=Value(team_size())), default=chosen)


def round_list_for_user(*, user) -> QuerySet[Round]:
    """The rounds this user may see, each with the user's ballot date and its numbers of ballots and participants."""
    return _rounds_seen_by(user=user).annotate(
        # Counted in subqueries: joining ballots and participants together would
        # multiply their rows (ballots x participants per round) before counting.
        ballot_count=_count_of(Ballot.objects.filter(round=OuterRef("pk"))),
        participant_count=_participant_count(),
    )


def _count_of(queryset: QuerySet) -> Coalesce:
    counted = queryset.order_by().values("round").annotate(total=Count("*")).values("total")
    return Coalesce(Subquery(counted), 0)


def round_list_open_for_member(*, user) -> list[Round]:
    now = timezone.now()
    return list(
        _rounds_seen_by(user=user)
        .filter(_takes_part(user=user), opens_at__lte=now)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    )


def round_list_open_limited() -> QuerySet[Round]:
    """The open rounds for chosen people only: those a newly invited person must be added to."""
    now = timezone.now()
    return (
        Round.objects.filter(limited=True, opens_at__lte=now)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("opens_at", "name")
    )


def round_get(*, pk: int) -> Round:
    return Round.objects.get(pk=pk)


def round_latest_closed() -> Round | None:
    return Round.objects.filter(closes_at__lte=timezone.now()).order_by("-closes_at", "-pk").first()


def round_find(*, name_or_id: str) -> Round:
    """A round by its id or exact name (the export command's --round)."""
    if name_or_id.isdigit():
        found = Round.objects.filter(pk=int(name_or_id)).first()
        if found is not None:
            return found
    return Round.objects.get(name=name_or_id)


def ballot_for_member(*, round: Round, user) -> Ballot | None:
    return Ballot.objects.filter(round=round, member=user).prefetch_related("entries__recommendation").first()


def round_is_participant(*, round: Round, user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if not round.limited and _in_team(user):
        return True
    return round.participants.filter(pk=user.pk).exists()


def _administers(user) -> bool:
    """Administrators pass every role check, and only they see a round's tallies before its settings allow."""
    return roles.user_has_role(user, ADMINISTRATORS)


def round_ids_participated(*, user) -> frozenset[int]:
    """The rounds this user may vote in: chosen for, or open to the whole team they belong to. One query."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(Round.objects.filter(_takes_part(user=user)).values_list("pk", flat=True))


def round_voters(*, round: Round) -> QuerySet:
    """Everyone who may vote in the round: the whole programme team, or only the chosen
    participants of a limited round. The people round_participant_total counts."""
    if round.limited:
        return get_user_model().objects.filter(pk__in=round.participants.values("pk"))
    return _team_members()


def round_results_refusal(*, round: Round, user) -> str | None:
    """None when the user may see the round's results, else the Dutch reason why not.

    The round's results setting binds everyone but administrators: managers and policy
    advisors, who do not vote, see the tallies of an open round only when it says 'always'."""
    if _administers(user):
        return None
    is_participant = round_is_participant(round=round, user=user)
    return _refusal(
        round=round,
        is_participant=is_participant,
        reads_dashboards=roles.user_has_role(user, roles.READ_DASHBOARDS),
        has_voted=lambda: is_participant and Ballot.objects.filter(round=round, member=user).exists(),
    )


def _refusal(
    *, round: Round, is_participant: bool, reads_dashboards: bool, has_voted: Callable[[], bool]
) -> str | None:
    """The refusal for anyone but an administrator; has_voted is asked only when it matters."""
    if not (is_participant or reads_dashboards):
        return str(RESULTS_NOT_FOR_YOU)
    visibility = round.results_visibility
    if visibility == Round.ResultsVisibility.ALWAYS or round.is_closed():
        return None
    if visibility == Round.ResultsVisibility.AFTER_VOTING and has_voted():
        return None
    if not is_participant:
        return str(RESULTS_AFTER_CLOSING)
    return str(RESULTS_NOT_VISIBLE_YET % {"when": round.get_results_visibility_display()})


def round_results_visible(*, round: Round, user) -> bool:
    return round_results_refusal(round=round, user=user) is None


def round_list_results_visible(*, user) -> list[Round]:
    """The rounds whose results this user may see (round_results_refusal for each), the latest first, in one query."""
    rounds = list(_rounds_seen_by(user=user))
    visible = round_pks_results_visible(user=user, rounds=rounds)
    return [r for r in rounds if r.pk in visible]


def round_pks_results_visible(*, user, rounds: Iterable[Round]) -> set[int]:
    """Of rounds as _rounds_seen_by annotates them (also round_list_for_user), the ids of those whose
    results this user may see, without another query: for lists that link only to results that open."""
    if _administers(user):
        return {r.pk for r in rounds}
    reads_dashboards = roles.user_has_role(user, roles.READ_DASHBOARDS)

    def visible(seen: Any) -> bool:
        return (
            _refusal(
                round=seen,
                is_participant=seen.is_participant,
                reads_dashboards=reads_dashboards,
                has_voted=lambda: seen.my_ballot_at is not None,
            )
            is None
        )

    return {r.pk for r in rounds if visible(r)}


def rounds_results_visible(*, user, rounds: Iterable[Round]) -> list[Round]:
    """Of the given rounds, those whose tallies this user may see: for the pages that show
    several rounds at once (comparison, recommendation pages, priority against anchoring)."""
    visible = {r.pk for r in round_list_results_visible(user=user)}
    return [r for r in rounds if r.pk in visible]


def round_participation(*, round: Round) -> Participation:
    # Counted in subqueries, as on the round list: joining both would count ballots x participants rows.
    counts = (
        Round.objects.filter(pk=round.pk)
        .annotate(
            ballot_count=_count_of(Ballot.objects.filter(round=OuterRef("pk"))),
            participant_count=_participant_count(),
        )
        .values("ballot_count", "participant_count")
        .get()
    )
    return Participation(ballots=counts["ballot_count"], participants=counts["participant_count"])


def _tallies(*, rounds: list[Round], recommendations: list[Recommendation] | None = None) -> dict:
    """(round id, recommendation id, criterion) -> (count, mean, spread), in one query."""
    # No ordering: the models' default ordering would join rounds and recommendations for nothing.
    entries = BallotEntry.objects.filter(ballot__round__in=rounds).order_by()
    if recommendations is not None:
        entries = entries.filter(recommendation__in=recommendations)
    # The spread comes from the mean of the squares: SQLite's StdDev fails on a group
    # of picks, whose scores are all empty.
    rows = entries.values("ballot__round_id", "recommendation_id", "criterion").annotate(
        count=Count("id"), mean=Avg("score"), mean_square=Avg(F("score") * F("score"))
    )
    return {
        (row["ballot__round_id"], row["recommendation_id"], row["criterion"]): (
            row["count"],
            row["mean"],
            _spread(mean=row["mean"], mean_square=row["mean_square"]),
        )
        for row in rows
    }


def _spread(*, mean: float | None, mean_square: float | None) -> float | None:
    """The population standard deviation from the mean and the mean of the squares."""
    if mean is None or mean_square is None:
        return None
    return math.sqrt(max(0.0, float(mean_square) - float(mean) ** 2))


def _ballot_counts(*, rounds: list[Round]) -> dict[int, int]:
    rows = Ballot.objects.filter(round__in=rounds).order_by().values("round_id").annotate(n=Count("id"))
    return {row["round_id"]: row["n"] for row in rows}


def _value(*, round: Round, tally: tuple | None) -> float | None:
    """A pick count, or the mean score in a scale round (None when nobody scored)."""
    if round.uses_scale:
        return _two_decimals(tally[1]) if tally else None
    return tally[0] if tally else 0


def _two_decimals(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


# The largest spread (standard deviation) scores from 1 to 5 can have: half 1 and half 5.
SCORE_SPREAD_MAX = (SCORE_MAX - SCORE_MIN) / 2
# The largest spread of chosen (1) or not (0): half the ballots chose it.
PICK_SPREAD_MAX = 0.5


def _agreement(*, spread: float | None, largest: float) -> float | None:
    return None if spread is None else _two_decimals(max(0.0, 1 - spread / largest))


def _pick_agreement(*, chosen: int, ballots: int) -> float | None:
    if not ballots:
        return None
    share = chosen / ballots
    return _agreement(spread=math.sqrt(share * (1 - share)), largest=PICK_SPREAD_MAX)


def round_results(*, round: Round) -> list[RecommendationResult]:
    """Per recommendation, in number order: importance and urgency (pick counts, or
    mean scores in a scale round) and how far the members agree."""
    tallies = _tallies(rounds=[round])
    ballots = _ballot_counts(rounds=[round]).get(round.pk, 0)
    results = []
    for recommendation in Recommendation.objects.order_by("number"):
        per = {c: tallies.get((round.pk, recommendation.pk, c)) for c in Criterion.values}
        if round.uses_scale:
            spread = {c: _two_decimals(tally[2]) if (tally := per[c]) else None for c in Criterion.values}
            agreement = Agreement(
                **{
                    c: _agreement(spread=tally[2] if (tally := per[c]) else None, largest=SCORE_SPREAD_MAX)
                    for c in Criterion.values
                }
            )
        else:
            spread = {c: None for c in Criterion.values}
            agreement = Agreement(
                **{
                    c: _pick_agreement(chosen=tally[0] if (tally := per[c]) else 0, ballots=ballots)
                    for c in Criterion.values
                }
            )
        results.append(
            RecommendationResult(
                number=recommendation.number,
                short_title=recommendation.short_title,
                importance=_value(round=round, tally=per["importance"]) or 0,
                urgency=_value(round=round, tally=per["urgency"]) or 0,
                agreement=agreement,
                importance_spread=spread["importance"],
                urgency_spread=spread["urgency"],
            )
        )
    return results


def _highest(items: list, *, count: int, priority: Callable[[Any], float]) -> list:
    """The count items with the highest priority (ties: the lower number first), in number
    order: what a chart can show legibly when there are many recommendations."""
    highest = sorted(items, key=lambda item: (-priority(item), item.number))[:count]
    return sorted(highest, key=lambda item: item.number)


def results_highest(*, results: list[RecommendationResult], count: int) -> list[RecommendationResult]:
    """The count recommendations with the highest importance plus urgency."""
    return _highest(results, count=count, priority=lambda r: r.importance + r.urgency)


def round_reasons(*, round: Round) -> list[ReasonGroup]:
    """The reasons given, grouped per recommendation; names only when the round attributes them."""
    entries = (
        BallotEntry.objects.filter(ballot__round=round)
        .exclude(reason="")
        .select_related("recommendation", "ballot__member")
        .order_by("recommendation__number", "criterion", "ballot__submitted_at")
    )
    groups: dict[int, ReasonGroup] = {}
    for entry in entries:
        recommendation = entry.recommendation
        group = groups.setdefault(recommendation.number, ReasonGroup(recommendation.number, recommendation.short_title))
        member = entry.ballot.member
        name = (member.get_full_name() or member.get_username()) if round.reasons_attributed else ""
        group.reasons.append((entry.get_criterion_display(), entry.reason, name))
    return list(groups.values())


def round_comments(*, round: Round) -> list[tuple[str, str]]:
    """General comments on the ballots, as (member name or '', comment)."""
    ballots = Ballot.objects.filter(round=round).exclude(comment="").select_related("member").order_by("submitted_at")
    return [
        ((b.member.get_full_name() or b.member.get_username()) if round.reasons_attributed else "", b.comment)
        for b in ballots
    ]


def recommendation_priority_history(
    *, recommendation: Recommendation, rounds: list[Round] | None = None
) -> list[RoundHistoryPoint]:
    """The recommendation's importance and urgency in every round (or in the rounds given), oldest first."""
    if rounds is None:
        rounds = list(Round.objects.order_by("opens_at", "pk"))
    else:
        rounds = sorted(rounds, key=lambda r: (r.opens_at, r.pk))
    tallies = _tallies(rounds=rounds, recommendations=[recommendation])
    ballots = _ballot_counts(rounds=rounds)
    return [
        RoundHistoryPoint(
            round=r,
            importance=_value(round=r, tally=tallies.get((r.pk, recommendation.pk, "importance"))),
            urgency=_value(round=r, tally=tallies.get((r.pk, recommendation.pk, "urgency"))),
            ballots=ballots.get(r.pk, 0),
        )
        for r in rounds
    ]


@dataclass(frozen=True)
class ComparisonRow:
    number: int
    short_title: str
    values: list[tuple[float | None, float | None]]  # per round: (importance, urgency)


def round_list_published_oldest_first(*, now=None) -> list[Round]:
    """Rounds whose tallies every dashboard reader may see: closed, or set to show them always.

    The comparison shows the same rounds to everyone, administrators too, so that its
    cached table and chart never carry an open round's tallies to someone not allowed them."""
    now = now or timezone.now()
    published = Q(closes_at__lte=now) | Q(results_visibility=Round.ResultsVisibility.ALWAYS)
    return list(Round.objects.filter(published).order_by("opens_at", "pk"))


def rounds_up_to(*, rounds: list[Round], last: Round | None, count: int) -> list[Round]:
    """Of rounds (oldest first), the count rounds up to and including last (default: the latest)."""
    end = rounds.index(last) + 1 if last in rounds else len(rounds)
    return rounds[max(0, end - count) : end]


def rounds_compared(
    *, rounds: list[Round], recommendations: Iterable[Recommendation] | None = None
) -> list[ComparisonRow]:
    """The importance and urgency of the recommendations (default: all) in the given rounds, in number order.

    Pick counts are turned into the share of ballots (in %), so rounds of different
    sizes compare; scale rounds give their mean score."""
    every_one = recommendations is None
    recommendations = (
        list(Recommendation.objects.order_by("number")) if recommendations is None else list(recommendations)
    )
    tallies = _tallies(rounds=rounds, recommendations=None if every_one else recommendations)
    ballots = _ballot_counts(rounds=rounds)
    rows = []
    for recommendation in recommendations:
        values = []
        for r in rounds:
            pair = []
            for criterion in Criterion.values:
                tally = tallies.get((r.pk, recommendation.pk, criterion))
                if r.uses_scale:
                    pair.append(_two_decimals(tally[1]) if tally else None)
                else:
                    n = ballots.get(r.pk, 0)
                    pair.append(round(100 * (tally[0] if tally else 0) / n) if n else None)
            values.append((pair[0], pair[1]))
        rows.append(ComparisonRow(recommendation.number, recommendation.short_title, values))
    return rows


def rows_highest_in_last_round(*, rows: list[ComparisonRow], count: int) -> list[ComparisonRow]:
    """The count rows with the highest importance plus urgency in the last round."""
    return _highest(
        rows, count=count, priority=lambda row: sum(value or 0 for value in row.values[-1]) if row.values else 0
    )


BALLOT_OF = _("ballot of %(name)s")
CHOICE_OF = _("%(name)s, %(criterion)s: recommendation %(number)s")


def _name(user) -> str:
    return user.get_full_name() or user.get_username() if user else str(_("unknown"))


def _round_change_subject(record) -> str:
    if record.instance_type is Ballot:
        return str(BALLOT_OF % {"name": _name(record.member)})
    if record.instance_type is BallotEntry:
        return str(
            CHOICE_OF
            % {
                "name": _name(record.ballot.member if record.ballot else None),
                "criterion": Criterion(record.criterion).label,
                "number": record.recommendation.number,
            }
        )
    return ""


# Timestamps are in the list already; the owner and the choice are named in each entry's subject.
ROUND_CHANGES_NOT_SHOWN = (
    "created_at",
    "submitted_at",
    "updated_at",
    "round",
    "member",
    "ballot",
    "criterion",
    "recommendation",
)


def round_changes(*, round: Round) -> list[Change]:
    """Changes to the round's settings and to its ballots and their choices, newest first, in
    three queries. Ballots are the members' own: only administrators may read this."""
    settings = Round.history.filter(id=round.pk).select_related("history_user")
    ballots = Ballot.history.filter(round_id=round.pk).select_related("history_user", "member")
    entries = BallotEntry.history.filter(
        ballot_id__in=Subquery(Ballot.history.filter(round_id=round.pk).values("id"))
    ).select_related("history_user", "recommendation", "ballot__member")
    return change_list(
        records=[*settings, *ballots, *entries],
        subject=_round_change_subject,
        excluded=ROUND_CHANGES_NOT_SHOWN,
    )
