"""Demo part: the programme team's round from report 001 (section 2.2), with invented
ballots whose tallies agree with what the report states, and an open scale round.

The report gives no per-member choices, only its conclusions: for urgency 2 and 7
stand out clearly; for importance 2 and 7 are named most and 6 next, and every
recommendation is named at least once; 4 is relatively high on both, 5 and 9 low."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts import roles
from prioritisation.models import Ballot, BallotEntry, Round
from recommendations.models import Recommendation
from seeddata.demo import DEMO_USERNAME_PREFIX

REPORT_ROUND = "Prioritering programmateam 2024 (demo)"
SCALE_ROUND = "Prioritering met schaal 2026 (demo)"
MEMBER_COUNT = 9
# How often each recommendation was picked: 27 picks = 9 members x 3 picks.
IMPORTANCE_PICKS = {2: 6, 7: 6, 6: 4, 1: 3, 4: 3, 3: 1, 5: 1, 8: 1, 9: 1, 10: 1}
URGENCY_PICKS = {2: 8, 7: 8, 1: 3, 4: 3, 6: 3, 3: 1, 10: 1}
REASONS = {
    ("urgency", 2): "Zonder samenwerking tussen de domeinen komt de rest niet van de grond.",
    ("importance", 7): "Preventie omvat ook positieve gezondheid (aanbeveling 5).",
    ("importance", 10): "Regie is een randvoorwaarde voor de andere aanbevelingen.",
    ("urgency", 4): "Scholen vragen nu om extra inzet en steun.",
}
# Scale round: each member's scores 1-5 per recommendation, (importance, urgency).
SCALE_SCORES = [
    {1: (4, 3), 2: (5, 5), 3: (3, 2), 4: (4, 4), 5: (2, 2), 6: (4, 3), 7: (5, 5), 8: (3, 2), 9: (2, 1), 10: (4, 3)},
    {1: (4, 4), 2: (5, 4), 3: (3, 3), 4: (5, 4), 5: (2, 1), 6: (5, 4), 7: (5, 4), 8: (3, 3), 9: (2, 2), 10: (3, 3)},
    {1: (3, 3), 2: (4, 5), 3: (2, 2), 4: (4, 5), 5: (3, 2), 6: (4, 3), 7: (4, 5), 8: (2, 2), 9: (3, 2), 10: (4, 2)},
    {1: (4, 3), 2: (5, 5), 3: (3, 3), 4: (3, 4), 5: (2, 2), 6: (4, 4), 7: (5, 4), 8: (3, 2), 9: (2, 2), 10: (5, 3)},
]


def _distribute(picks: dict[int, int]) -> list[list[int]]:
    """Deal the picks out to the members in turn; as no count exceeds the number of
    members, nobody gets the same recommendation twice."""
    dealt: list[list[int]] = [[] for _ in range(MEMBER_COUNT)]
    sequence = [number for number, times in picks.items() for _ in range(times)]
    for index, number in enumerate(sequence):
        dealt[index % MEMBER_COUNT].append(number)
    return dealt


def _members() -> list:
    team = roles.role_group_get(capability=roles.VOTE)
    members = []
    for index in range(1, MEMBER_COUNT + 1):
        user, _created = get_user_model().objects.get_or_create(
            username=f"{DEMO_USERNAME_PREFIX}lid{index}",
            defaults={"first_name": "Demolid", "last_name": str(index)},
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(team)
        members.append(user)
    return members


def _report_round(members, recommendations) -> int:
    opened = timezone.make_aware(datetime(2024, 5, 13, 9, 0))
    round = Round.objects.create(
        name=REPORT_ROUND,
        description="Elk lid koos de drie belangrijkste en de drie meest urgente aanbevelingen (rapport 001, 2.2).",
        opens_at=opened,
        closes_at=opened + timedelta(days=14),
    )
    round.participants.set(members)
    importance, urgency = _distribute(IMPORTANCE_PICKS), _distribute(URGENCY_PICKS)
    entries = []
    for index, member in enumerate(members):
        ballot = Ballot.objects.create(
            round=round, member=member, submitted_at=opened + timedelta(days=1, hours=index), updated_at=opened
        )
        for criterion, dealt in (("importance", importance), ("urgency", urgency)):
            entries += [
                BallotEntry(
                    ballot=ballot,
                    criterion=criterion,
                    recommendation=recommendations[number],
                    reason=REASONS.get((criterion, number), "") if index < 3 else "",
                )
                for number in dealt[index]
            ]
    BallotEntry.objects.bulk_create(entries)
    return len(members)


def _scale_round(members, recommendations) -> int:
    round = Round.objects.create(
        name=SCALE_ROUND,
        description="Elk lid geeft elke aanbeveling een cijfer van 1 tot 5 voor belang en voor urgentie.",
        method=Round.Method.SCALE,
        opens_at=timezone.now() - timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=25),
    )
    round.participants.set(members)
    entries = []
    for member, scores in zip(members, SCALE_SCORES, strict=False):
        ballot = Ballot.objects.create(round=round, member=member)
        for number, (importance, urgency) in scores.items():
            entries.append(
                BallotEntry(
                    ballot=ballot, criterion="importance", recommendation=recommendations[number], score=importance
                )
            )
            entries.append(
                BallotEntry(ballot=ballot, criterion="urgency", recommendation=recommendations[number], score=urgency)
            )
    BallotEntry.objects.bulk_create(entries)
    return len(SCALE_SCORES)


@transaction.atomic
def demo_load() -> str:
    recommendations = Recommendation.objects.in_bulk(field_name="number")
    if len(recommendations) < 10:
        return "Prioritisation: skipped, load the seed first (it holds the ten recommendations)."
    members = _members()
    report_ballots = _report_round(members, recommendations)
    scale_ballots = _scale_round(members, recommendations)
    return (
        f"Prioritisation: closed round with {report_ballots} ballots as in report 001, "
        f"open scale round with {scale_ballots} ballots."
    )


@transaction.atomic
def demo_remove() -> str:
    rounds = Round.objects.filter(name__in=[REPORT_ROUND, SCALE_ROUND])
    count = rounds.count()
    # Ballots protect their round from a silent cascade; the demo removes its own explicitly.
    Ballot.objects.filter(round__in=rounds).delete()
    rounds.delete()
    users = get_user_model().objects.filter(username__startswith=f"{DEMO_USERNAME_PREFIX}lid", ballots__isnull=True)
    users.delete()
    return f"Prioritisation: removed {count} demo rounds."
