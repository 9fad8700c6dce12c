"""Writes to prioritisation rounds: opening, changing and closing a round, and submitting a ballot."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from audit.history import recorded
from charts.versions import ROUNDS, data_changed
from prioritisation.models import SCORE_MAX, SCORE_MIN, Ballot, BallotEntry, Criterion, Round
from prioritisation.selectors import round_is_participant
from recommendations.models import Recommendation

ROUND_NOT_OPEN = _("This round is not open for voting, so nothing was saved.")
NOT_A_PARTICIPANT = _("You do not take part in this round, so you cannot vote in it.")
UNKNOWN_RECOMMENDATION = _("Recommendation %(value)s does not exist.")
WRONG_NUMBER_OF_PICKS = _("Choose exactly %(expected)s recommendations for %(criterion)s; you chose %(count)s.")
DUPLICATE_PICK = _("You chose recommendation %(number)s more than once for %(criterion)s.")
SCORE_MISSING = _("Give every recommendation a score from 1 to 5 for %(criterion)s.")
SCORE_OUT_OF_RANGE = _("A score must be a whole number from 1 to 5.")
NOT_A_SCALE_ROUND = _("Scores belong to a round that uses the 1 to 5 scale.")
METHOD_FIXED = _("Members have voted already, so the method and the number of choices can no longer change.")
NEEDS_PROGRAMME_TEAM = _(
    "Only the programme team votes in rounds. Give this person the role Programme team as well, or untick the round."
)
ROUND_CLOSED_FOR_ADDING = _("The round %(name)s is no longer open, so nobody was added to it.")
NO_ONE_CHOSEN = _("Choose at least one person, or open the round to the whole programme team.")
# The field the invitation form gets for the open rounds that are only for chosen people.
INVITATION_ROUNDS_FIELD = "open_rounds"
ROUND_FIELDS = (
    "name",
    "description",
    "method",
    "picks_per_criterion",
    "opens_at",
    "closes_at",
    "results_visibility",
    "reasons_attributed",
    "limited",
)


@dataclass(frozen=True)
class BallotChoice:
    """What the member chose for one criterion: a pick, or a score in a scale round."""

    criterion: str
    recommendation_number: int
    reason: str = ""
    score: int | None = None


def _criterion_label(criterion: str) -> str:
    return str(Criterion(criterion).label)


def _check_picks(*, round: Round, choices: list[BallotChoice]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for criterion in Criterion.values:
        numbers = [choice.recommendation_number for choice in choices if choice.criterion == criterion]
        label = _criterion_label(criterion)
        messages = [
            DUPLICATE_PICK % {"number": number, "criterion": label}
            for number, times in sorted(Counter(numbers).items())
            if times > 1
        ]
        if len(numbers) != round.picks_per_criterion:
            messages.append(
                WRONG_NUMBER_OF_PICKS
                % {"expected": round.picks_per_criterion, "criterion": label, "count": len(numbers)}
            )
        if any(choice.score is not None for choice in choices if choice.criterion == criterion):
            messages.append(str(NOT_A_SCALE_ROUND))
        if messages:
            errors[criterion] = messages
    return errors


def _check_scores(*, choices: list[BallotChoice], all_numbers: set[int]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for criterion in Criterion.values:
        mine = [choice for choice in choices if choice.criterion == criterion]
        numbers = [choice.recommendation_number for choice in mine]
        messages = []
        if any(choice.score is None or not SCORE_MIN <= choice.score <= SCORE_MAX for choice in mine):
            messages.append(str(SCORE_OUT_OF_RANGE))
        if sorted(numbers) != sorted(all_numbers):
            messages.append(SCORE_MISSING % {"criterion": _criterion_label(criterion)})
        if messages:
            errors[criterion] = messages
    return errors


def _check_ballot(*, round: Round, member, choices: list[BallotChoice], recommendations: dict[int, Recommendation]):
    if not round.is_open():
        raise ValidationError(ROUND_NOT_OPEN, code="round_not_open")
    if not round_is_participant(round=round, user=member):
        raise ValidationError(NOT_A_PARTICIPANT, code="not_a_participant")
    unknown = sorted({c.recommendation_number for c in choices} - set(recommendations))
    if unknown:
        raise ValidationError([UNKNOWN_RECOMMENDATION % {"value": number} for number in unknown])
    if round.uses_scale:
        errors = _check_scores(choices=choices, all_numbers=set(recommendations))
    else:
        errors = _check_picks(round=round, choices=choices)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def ballot_submit(*, round: Round, member, choices: list[BallotChoice], comment: str = "") -> Ballot:
    """Save the member's ballot for the round, replacing an earlier one.

    The round row is locked first, so two submissions of the same member at once run
    one after the other: the second finds the first one's ballot and replaces its
    choices. The unique constraint on (round, member) guards the rule as well."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    recommendations = {r.number: r for r in Recommendation.objects.all()}
    _check_ballot(round=round, member=member, choices=choices, recommendations=recommendations)
    now = timezone.now()
    ballot = Ballot.objects.filter(round=round, member=member).first()
    if ballot is None:
        ballot = Ballot(round=round, member=member, submitted_at=now)
    ballot.comment = comment.strip()
    ballot.updated_at = now
    ballot.full_clean(validate_unique=False)
    recorded(ballot, member).save()
    for entry in ballot.entries.all():
        recorded(entry, member).delete()
    entries = [
        BallotEntry(
            ballot=ballot,
            criterion=choice.criterion,
            recommendation=recommendations[choice.recommendation_number],
            score=choice.score,
            reason=choice.reason.strip(),
        )
        for choice in choices
    ]
    for entry in entries:
        entry.full_clean(validate_unique=False, validate_constraints=False)
    bulk_create_with_history(entries, BallotEntry, default_user=member)
    data_changed(ROUNDS)  # a bulk write sends no signals
    return ballot


@transaction.atomic
def round_close(*, round: Round, user) -> Round:
    """Close the round now; ballots can no longer be changed."""
    if not round.is_closed():
        round.closes_at = max(timezone.now(), round.opens_at + timedelta(seconds=1))
        round.full_clean()
        recorded(round, user).save(update_fields=["closes_at"])
    return round


def _round_save(*, round: Round, participants: list, user) -> Round:
    if round.limited and not participants:
        raise ValidationError({"participants": [NO_ONE_CHOSEN]})
    round.full_clean()
    recorded(round, user).save()
    round.participants.set(participants if round.limited else [])
    data_changed()  # who takes part changes the rounds' figures; a many-to-many write sends no save signal
    return round


@transaction.atomic
def round_create(*, user, participants: list, **fields) -> Round:
    """Open a new round with the settings an administrator chose."""
    round = Round(**{name: fields[name] for name in ROUND_FIELDS if name in fields})
    return _round_save(round=round, participants=participants, user=user)


@transaction.atomic
def round_update(*, round: Round, user, participants: list, **fields) -> Round:
    """Change a round's settings, for example extend its closing time. Once members have
    voted, the method and the number of choices stay as they were: the ballots follow them."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    changes_ballots = any(
        fields.get(name, getattr(round, name)) != getattr(round, name) for name in ("method", "picks_per_criterion")
    )
    if changes_ballots and Ballot.objects.filter(round=round).exists():
        raise ValidationError({"method": [METHOD_FIXED]})
    for name in ROUND_FIELDS:
        if name in fields:
            setattr(round, name, fields[name])
    return _round_save(round=round, participants=participants, user=user)


@transaction.atomic
def round_participant_add(*, round: Round, user) -> None:
    """Choose one more person for an open round that is only for chosen people, for example
    someone the administrator is inviting now."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if not (round.limited and round.is_open()):
        raise ValidationError(ROUND_CLOSED_FOR_ADDING % {"name": round.name}, code="round_closed")
    round.participants.add(user)
    data_changed()  # who takes part changes the rounds' figures; a many-to-many write sends no save signal


def invitation_rounds_apply(*, user, data: dict) -> None:
    """Add a newly invited person to the open rounds the administrator ticked on the invitation form."""
    for round in data.get(INVITATION_ROUNDS_FIELD) or []:
        round_participant_add(round=round, user=user)
