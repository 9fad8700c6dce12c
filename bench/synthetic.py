"""Synthetic data at a multiple of the seed, for the benchmark.

At scale 1 the data has the seed's shape: 10 recommendations and about 80 operational
goals in one agenda of six themes, linked at the report's density of about one link per
goal. Scale 100 has about 8,000 goals in 100 agendas and 100 recommendations."""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts import roles
from recommendations.models import Recommendation
from regioplan.models import Region
from workagenda.models import Agenda, GoalGroup, GoalLink, OperationalGoal, Theme

THEMES_PER_AGENDA = 6
GROUPS_PER_THEME = 3
GOALS_PER_GROUP = (3, 6)  # inclusive range; the seed's groups hold 2 to 8
LINKS_PER_GOAL = (0, 2)  # the report's annex links about one recommendation per goal
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


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
    team = Group.objects.get(name=roles.PROGRAMME_TEAM)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"lid-{n}", first_name="Lid", last_name=str(n)) for n in range(scale.members)
    )
    team.user_set.add(*users)
    return {
        "recommendations": len(recommendations),
        "agendas": len(agendas),
        "themes": len(themes),
        "operational_goals": len(goals),
        "links": len(links),
        "members": len(users),
    }
