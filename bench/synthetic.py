"""Synthetic data at a multiple of the seed, for the benchmark.

At scale 1 the data has the seed's shape: 10 recommendations and about 80 operational
goals in one agenda of six themes, linked at the report's density of about one link per
goal. Scale 100 has about 8,000 goals in 100 agendas and 100 recommendations, about
500 programme team members who voted in 20 closed rounds, a status history for every
goal and theme, indicators with measurements, and a work agenda per year."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model

from accounts import roles
from charts.versions import data_changed
from monitoring.models import Indicator, Measurement, Status, StatusUpdate
from prioritisation.models import Ballot, BallotEntry, Criterion, Round
from recommendations.models import Recommendation
from regioplan.models import Region
from workagenda.models import Agenda, AgendaItem, GoalGroup, GoalLink, OperationalGoal, Theme

THEMES_PER_AGENDA = 6
GROUPS_PER_THEME = 3
GOALS_PER_GROUP = (3, 6)  # inclusive range; the seed's groups hold 2 to 8
LINKS_PER_GOAL = (0, 2)  # the report's annex links about one recommendation per goal
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PICKS = 3
STATUS_UPDATES_PER_GOAL = (0, 3)  # a dated history, most recent last
INDICATOR_SHARE = 0.25  # one goal in four has a KPI
MEASUREMENTS_PER_INDICATOR = (1, 4)
ITEMS_PER_THEME_YEAR = (1, 2)
AGENDA_YEARS = range(2024, 2027)
FIRST_ROUND = datetime.datetime(2023, 1, 9, 9, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Scale:
    factor: int

    @property
    def agendas(self) -> int:
        return self.factor

    @property
    def regions(self) -> int:
        return max(1, self.factor // 5)

    @property
    def recommendations(self) -> int:
        return 10 + round(90 * (self.factor - 1) / 99)

    @property
    def members(self) -> int:
        return max(9, 5 * self.factor)

    @property
    def rounds(self) -> int:
        return max(1, self.factor // 5)

    @property
    def voters_per_round(self) -> int:
        return min(self.members, 9 * self.factor // 4 + 9)


def build(scale: Scale, *, seed: int = 20241122) -> dict[str, int]:
    """Fill an empty database; returns the number of rows made per kind."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not security
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(number=n, short_title=f"Aanbeveling {n}", lead=f"Aanbeveling {n}", text=f"Tekst {n}.")
        for n in range(1, scale.recommendations + 1)
    )
    regions = Region.objects.bulk_create(
        Region(slug=f"regio-{n}", name=f"Regio {n}", network=f"Netwerk {n}") for n in range(1, scale.regions + 1)
    )
    agendas = Agenda.objects.bulk_create(
        Agenda(region=regions[n % len(regions)], slug=f"agenda-{n}", name=f"Werkagenda {n}")
        for n in range(1, scale.agendas + 1)
    )
    themes = Theme.objects.bulk_create(
        Theme(agenda=agenda, number=t, code=f"T{t}", name=f"Thema {t} van {agenda.name}")
        for agenda in agendas
        for t in range(1, THEMES_PER_AGENDA + 1)
    )
    groups = GoalGroup.objects.bulk_create(
        GoalGroup(theme=theme, number=g, title=f"Doel {g}") for theme in themes for g in range(1, GROUPS_PER_THEME + 1)
    )
    goals = OperationalGoal.objects.bulk_create(
        OperationalGoal(
            group=group,
            letter=LETTERS[index],
            text=f"In {rng.randint(2024, 2040)} is operationeel doel {group.pk}-{index} bereikt in alle gemeenten.",
            target_year=rng.choice([None, *range(2024, 2041)]),
        )
        for group in groups
        for index in range(rng.randint(*GOALS_PER_GROUP))
    )
    links = GoalLink.objects.bulk_create(
        GoalLink(goal=goal, recommendation=recommendation)
        for goal in goals
        for recommendation in rng.sample(recommendations, rng.randint(*LINKS_PER_GOAL))
    )
    team = roles.role_group_get(capability=roles.VOTE)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"lid-{n}", first_name="Lid", last_name=str(n)) for n in range(scale.members)
    )
    team.user_set.add(*users)
    ballots, entries = _rounds(rng, scale, users, recommendations)
    updates = _status_updates(rng, goals, themes, author=users[0])
    indicators, measurements = _indicators(rng, goals)
    items = _agenda_items(rng, themes)
    data_changed()  # written in bulk, which sends no signals: nothing cached before may be served
    return {
        "recommendations": len(recommendations),
        "agendas": len(agendas),
        "themes": len(themes),
        "operational_goals": len(goals),
        "links": len(links),
        "members": len(users),
        "rounds": scale.rounds,
        "ballots": len(ballots),
        "ballot_entries": len(entries),
        "status_updates": len(updates),
        "indicators": len(indicators),
        "measurements": len(measurements),
        "agenda_items": len(items),
    }


def _rounds(rng, scale: Scale, users, recommendations) -> tuple[list[Ballot], list[BallotEntry]]:
    """Closed rounds a few months apart; in each, a sample of the members picked three per criterion."""
    rounds = Round.objects.bulk_create(
        Round(
            name=f"Ronde {n}",
            opens_at=FIRST_ROUND + datetime.timedelta(days=60 * n),
            closes_at=FIRST_ROUND + datetime.timedelta(days=60 * n + 14),
            picks_per_criterion=PICKS,
            results_visibility=Round.ResultsVisibility.ALWAYS,
        )
        for n in range(1, scale.rounds + 1)
    )
    Round.participants.through.objects.bulk_create(
        Round.participants.through(round_id=round.pk, user_id=user.pk) for round in rounds for user in users
    )
    ballots = Ballot.objects.bulk_create(
        Ballot(round=round, member=member, submitted_at=round.opens_at, updated_at=round.opens_at)
        for round in rounds
        for member in rng.sample(users, scale.voters_per_round)
    )
    entries = BallotEntry.objects.bulk_create(
        (
            BallotEntry(ballot=ballot, criterion=criterion, recommendation=recommendation)
            for ballot in ballots
            for criterion in Criterion.values
            for recommendation in rng.sample(recommendations, PICKS)
        ),
        batch_size=5000,
    )
    return ballots, entries


def _status_updates(rng, goals, themes, *, author) -> list[StatusUpdate]:
    def history(**subject):
        for month in sorted(rng.sample(range(1, 13), rng.randint(*STATUS_UPDATES_PER_GOAL))):
            yield StatusUpdate(
                status=rng.choice(Status.values), date=datetime.date(2025, month, 1), author=author, **subject
            )

    rows = [update for goal in goals for update in history(goal=goal)]
    rows += [update for theme in themes for update in history(theme=theme)]
    return StatusUpdate.objects.bulk_create(rows, batch_size=5000)


def _indicators(rng, goals) -> tuple[list[Indicator], list[Measurement]]:
    indicators = Indicator.objects.bulk_create(
        Indicator(
            goal=goal,
            name=f"Indicator bij doel {goal.pk}",
            kind=rng.choice(Indicator.Kind.values),
            unit="%",
            direction=Indicator.Direction.HIGHER,
            baseline_value=Decimal(rng.randint(10, 40)),
            baseline_date=datetime.date(2023, 1, 1),
            target_value=Decimal(rng.randint(50, 90)),
            target_year=rng.randint(2026, 2030),
        )
        for goal in goals
        if rng.random() < INDICATOR_SHARE
    )
    measurements = Measurement.objects.bulk_create(
        (
            Measurement(
                indicator=indicator,
                date=datetime.date(2023 + year, 6, 1),
                value=Decimal(rng.randint(10, 90)),
                source="Synthetische meting",
            )
            for indicator in indicators
            for year in range(rng.randint(*MEASUREMENTS_PER_INDICATOR))
        ),
        batch_size=5000,
    )
    return indicators, measurements


def _agenda_items(rng, themes) -> list[AgendaItem]:
    return AgendaItem.objects.bulk_create(
        AgendaItem(agenda_id=theme.agenda_id, theme=theme, year=year, position=position, text=f"Actiepunt {position}")
        for theme in themes
        for year in AGENDA_YEARS
        for position in range(1, rng.randint(*ITEMS_PER_THEME_YEAR) + 1)
    )
