"""The scheduled export commands share the pages' filters."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.exported import csv_records
from tests.factories import GoalLinkFactory, OperationalGoalFactory, RecommendationFactory, ThemeFactory
from workagenda.selectors import UNKNOWN_REGION


@pytest.fixture
def linked(db):
    recs = {number: RecommendationFactory(number=number, short_title=f"Titel {number}") for number in (1, 2)}
    vow = ThemeFactory(code="VOW", name="Vitaal ouder worden", agenda__slug="gm", agenda__region__slug="drenthe",
                       agenda__region__name="Drenthe")  # fmt: skip
    glp = ThemeFactory(code="GLP", agenda__slug="ijv", agenda__region__slug="ijssel-vecht")
    a = OperationalGoalFactory(group__theme=vow, group__number=1, letter="A", text="Doel A", target_year=2026)
    b = OperationalGoalFactory(group__theme=glp, group__number=1, letter="A", text="Doel B", target_year=2027)
    GoalLinkFactory(goal=a, recommendation=recs[1])
    GoalLinkFactory(goal=a, recommendation=recs[2])
    GoalLinkFactory(goal=b, recommendation=recs[2])
    return recs


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_coverage_json_with_filters(linked):
    data = json.loads(run("export_coverage", "--format", "json", "--region", "DRENTHE"))
    assert data == [
        {"number": 1, "short_title": "Titel 1", "linked_goals": 1},
        {"number": 2, "short_title": "Titel 2", "linked_goals": 1},
    ]
    data = json.loads(run("export_coverage", "--format", "json", "--target-year", "2027"))
    assert [row["linked_goals"] for row in data] == [0, 1]


def test_export_coverage_csv(linked):
    rows = csv_records(run("export_coverage", "--theme", "vitaal ouder worden"))
    assert rows == [
        {"number": "1", "short_title": "Titel 1", "linked_goals": "1"},
        {"number": "2", "short_title": "Titel 2", "linked_goals": "1"},
    ]


def test_export_goals_json_and_csv(linked):
    data = json.loads(run("export_goals", "--format", "json", "--agenda", "GM"))
    assert data == [
        {
            "region": "drenthe",
            "agenda": "gm",
            "theme": "VOW",
            "code": "VOW-1A",
            "text": "Doel A",
            "target_year": 2026,
            "recommendations": [1, 2],
        }
    ]
    rows = csv_records(run("export_goals", "--theme", "glp"))
    assert [(row["code"], row["recommendations"]) for row in rows] == [("GLP-1A", "2")]


@pytest.mark.parametrize(
    "option, value", [("--region", "nergens"), ("--agenda", "x"), ("--theme", "ZZZ"), ("--target-year", "ooit")]
)
def test_unknown_filter_values_fail_clearly(linked, option, value):
    with pytest.raises(CommandError) as error:
        run("export_goals", option, value)
    assert value in str(error.value)


def test_unknown_region_message_is_dutch(linked):
    with pytest.raises(CommandError, match="Er is geen regio met de naam nergens."):
        run("export_coverage", "--region", "nergens")
    assert str(UNKNOWN_REGION).startswith("Er is geen regio")
