"""Factories for the domain; each builds a valid object with its parents."""

from datetime import timedelta
from importlib import import_module

import factory
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from prioritisation.models import Ballot, BallotEntry, Round
from recommendations.models import Recommendation
from regioplan.models import Region, RegionalPlan
from workagenda.models import Agenda, GoalGroup, GoalLink, OperationalGoal, Theme


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("correct horse battery staple")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    number = factory.Sequence(lambda n: n + 1)
    short_title = factory.Sequence(lambda n: f"Aanbeveling {n + 1}")
    lead = factory.LazyAttribute(lambda o: o.short_title)
    text = factory.LazyAttribute(lambda o: f"{o.short_title}: volledige tekst.")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    slug = factory.Sequence(lambda n: f"regio-{n}")
    name = factory.Sequence(lambda n: f"Regio {n}")
    network = factory.Sequence(lambda n: f"Netwerk {n}")


class RegionalPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalPlan

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"plan-{n}")
    name = factory.Sequence(lambda n: f"Regioplan {n}")
    kind = RegionalPlan.Kind.REGIONAL_PLAN


class AgendaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agenda

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"agenda-{n}")
    name = factory.Sequence(lambda n: f"Werkagenda {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    agenda = factory.SubFactory(AgendaFactory)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"T{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")


class GoalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalGroup

    theme = factory.SubFactory(ThemeFactory)
    number = factory.Sequence(lambda n: n + 1)


class OperationalGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperationalGoal

    group = factory.SubFactory(GoalGroupFactory)
    letter = factory.Sequence(lambda n: chr(ord("A") + n % 26))
    text = factory.Sequence(lambda n: f"In 2027 is doel {n} bereikt.")
    target_year = 2027


class GoalLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalLink

    goal = factory.SubFactory(OperationalGoalFactory)
    recommendation = factory.SubFactory(RecommendationFactory)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Prioriteringsronde {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        """Naming participants makes the round one for those chosen people only."""
        if create and extracted:
            self.participants.set(extracted)
            self.limited = True
            self.save(update_fields=["limited"])


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    round = factory.SubFactory(RoundFactory)
    member = factory.SubFactory(UserFactory)


class BallotEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BallotEntry

    ballot = factory.SubFactory(BallotFactory)
    criterion = "importance"
    recommendation = factory.SubFactory(RecommendationFactory)


def roles_create() -> None:
    """The role groups with their capabilities, as the accounts migrations make them, for tests
    that empty the database (a restore, a live server) and need them back."""
    for migration, step in (("0001_roles", "create_roles"), ("0002_capability", "grant_capabilities")):
        getattr(import_module(f"accounts.migrations.{migration}"), step)(django_apps, None)
