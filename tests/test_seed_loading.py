"""The seed in the database matches the source documents, loads idempotently and respects users."""

import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from monitoring.models import Indicator
from recommendations.models import Recommendation, RecommendationRelation
from regioplan.models import PlanObjective, Region, RegionalPlan
from seeddata import loader, services
from seeddata.models import SeedRecord
from workagenda.models import Agenda, AgendaItem, GoalGroup, GoalLink, OperationalGoal, Theme

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
ANNEX_THEMES = [
    "Vitaal ouder worden",
    "Arbeidsmarktvraagstukken",
    "Mentale Gezondheid",
    "Gezondheid en Leefstijl",
    "Zorgtransitie en toegankelijkheid",
    "Kwetsbare Inwoners",
]


def annex_group_sizes_from_source() -> list[list[int]]:
    """Per annex theme, the number of goals in each group, counted from the raw report text.

    A goal starts with a capital letter and a full stop at the start of a line (after
    optional spaces); the letters restart at A for every group."""
    text = (SOURCES / "001_werkagenda_rapport.txt").read_text(encoding="utf-8")
    annex = text[text.index("3. Bijlage") :]
    sections = re.split(r"\n\s*3\.\d\.? [^\n]+\n", annex)[1:]
    sizes = []
    for section in sections:
        groups: list[int] = []
        for letter in re.findall(r"^\s*([A-H])\.\s?(?=[A-Z\[])", section, flags=re.MULTILINE):
            if letter == "A":
                groups.append(0)
            groups[-1] += 1
        sizes.append(groups)
    return sizes


def database_group_sizes(agenda_slug: str) -> list[list[int]]:
    themes = Theme.objects.filter(agenda__slug=agenda_slug).order_by("number")
    return [[group.operational_goals.count() for group in theme.groups.order_by("number")] for theme in themes]


def test_gezonde_marke_counts_per_theme_and_group_match_the_report_annex(seeded):
    from_source = annex_group_sizes_from_source()
    assert len(from_source) == 6
    assert database_group_sizes("werkagenda-gezonde-marke") == from_source
    themes = Theme.objects.filter(agenda__slug="werkagenda-gezonde-marke").order_by("number")
    names = list(themes.values_list("name", flat=True))
    assert [name.lower() for name in names] == [name.lower() for name in ANNEX_THEMES]


@pytest.mark.parametrize(
    ("theme", "group", "letter", "text"),
    [
        (
            "Vitaal ouder worden",
            1,
            "B",
            "In 2027 wordt 25% van de ondersteunings- of hulpvragen weggenomen door de dorpsgemeenschap of wijk zelf.",
        ),
        (
            "Mentale Gezondheid",
            1,
            "C",
            "In 2028 zijn psychiatrische aandoeningen uit de taboesfeer gehaald",
        ),
        (
            "Zorgtransitie en toegankelijkheid",
            2,
            "A",
            "In [nader te bepalen jaar] wordt AI ingezet ter ondersteuning van de zorg- en welzijnsprofessional",
        ),
        (
            "Kwetsbare Inwoners",
            1,
            "D",
            "In 2026 wordt in Drenthe geëxperimenteerd om laagdrempelig contact tussen inwoners in een dorp, "
            "buurt of wijk met digitale mogelijkheden te stimuleren",
        ),
    ],
)
def test_sample_of_exact_goal_texts(seeded, theme, group, letter, text):
    goal = OperationalGoal.objects.get(
        group__theme__agenda__slug="werkagenda-gezonde-marke",
        group__theme__name__iexact=theme,
        group__number=group,
        letter=letter,
    )
    assert goal.text == text


def test_target_years_come_from_the_goal_texts(seeded):
    goals = OperationalGoal.objects.filter(group__theme__agenda__slug="werkagenda-gezonde-marke")
    ai_goal = goals.get(text__startswith="In [nader te bepalen jaar] wordt AI")
    assert ai_goal.target_year is None
    deadline_goal = goals.get(text__startswith="Uiterlijk 1 januari 2025")
    assert deadline_goal.target_year == 2025
    assert goals.filter(target_year=2040).exists()


def test_recommendations_and_their_relations(seeded):
    assert list(Recommendation.objects.values_list("number", flat=True)) == list(range(1, 11))
    nine = Recommendation.objects.get(number=9)
    assert "10." not in nine.text and "Zet in op regie" not in nine.text
    assert Recommendation.objects.get(number=10).short_title == "Zet in op regie op netwerken en programma's"
    preconditions = RecommendationRelation.objects.filter(kind="precondition", source__number=10)
    assert sorted(preconditions.values_list("target__number", flat=True)) == list(range(1, 10))
    assert RecommendationRelation.objects.filter(kind="overlap", source__number=5, target__number=7).exists()


def test_regions_plans_and_agendas(seeded):
    assert set(Region.objects.values_list("slug", flat=True)) == {"drenthe", "ijssel-vecht"}
    drenthe_plan = RegionalPlan.objects.get(slug="regioplan-drenthe")
    assert "2040" in drenthe_plan.ambition
    assert drenthe_plan.objectives.filter(kind=PlanObjective.Kind.TASK).count() == 6
    zorglandschap = RegionalPlan.objects.get(slug="werkagenda-drents-zorglandschap-2022-2026")
    assert zorglandschap.objectives.filter(kind=PlanObjective.Kind.OVERARCHING_GOAL).count() == 3
    assert Agenda.objects.get(slug="werkagenda-drents-zorglandschap").themes.count() == 3
    coalitions = Agenda.objects.get(slug="regioplan-ijssel-vecht-coalities")
    assert coalitions.theme_label == Agenda.ThemeLabel.COALITION
    assert coalitions.themes.count() == 6
    assert OperationalGoal.objects.filter(group__theme__agenda=coalitions).count() > 0


def test_seed_has_no_links(seeded):
    assert GoalLink.objects.count() == 0


def test_loading_twice_changes_nothing(seeded):
    models = (Recommendation, Region, Agenda, Theme, GoalGroup, OperationalGoal)
    counts = [model.objects.count() for model in models]
    report = services.seed_load()
    assert not report.changed_anything
    assert (
        report.count(loader.UNCHANGED)
        == sum(counts)
        + RecommendationRelation.objects.count()
        + (RegionalPlan.objects.count() + PlanObjective.objects.count() + AgendaItem.objects.count())
        + Indicator.objects.count()
    )
    assert [model.objects.count() for model in models] == counts


def test_loading_again_keeps_what_users_changed_and_deleted(seeded):
    goal = OperationalGoal.objects.filter(group__theme__agenda__slug="werkagenda-gezonde-marke").first()
    goal.text = "Door een beleidsadviseur verbeterde tekst."
    goal.save()
    recommendation = Recommendation.objects.get(number=4)
    recommendation.short_title = "Onderwijs"
    recommendation.save()
    relation = RecommendationRelation.objects.get(kind="overlap")
    relation.delete()

    report = services.seed_load()

    goal.refresh_from_db()
    recommendation.refresh_from_db()
    assert goal.text == "Door een beleidsadviseur verbeterde tekst."
    assert recommendation.short_title == "Onderwijs"
    assert not RecommendationRelation.objects.filter(kind="overlap").exists()
    assert report.count(loader.KEPT_USER_CHANGES) == 2
    assert report.count(loader.KEPT_DELETED) == 1
    assert not report.changed_anything


def test_an_improved_seed_updates_objects_users_did_not_touch(seeded, tmp_path, settings):
    import json
    import shutil

    shutil.copytree(services.SEED_DIRECTORY, tmp_path / "seed")
    path = tmp_path / "seed" / "recommendations.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["recommendations"][0]["text"] += " (verbeterd)"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    report = services.seed_load(directory=tmp_path / "seed")

    assert report.count(loader.UPDATED) == 1
    assert Recommendation.objects.get(number=1).text.endswith(" (verbeterd)")


def test_load_seed_command_reports_what_it_did(db, capsys):
    call_command("load_seed")
    first = capsys.readouterr().out
    call_command("load_seed")
    second = capsys.readouterr().out
    assert re.search(r"[1-9]\d* created", first)
    assert "0 created, 0 updated" in second


def test_ijssel_vecht_results_load_with_their_approach(seeded):
    """Every result of the coalitions in 004 is an operational goal, its approach lines with it."""
    mental = OperationalGoal.objects.filter(
        group__theme__agenda__slug="regioplan-ijssel-vecht-coalities", group__theme__code="MW"
    )
    assert [(goal.code, goal.text) for goal in mental.order_by("group__number", "letter")] == [
        ("MW-1A", "Bestaande structuren waar inwoners al komen toerusten."),
        ("MW-1B", "Bewustwordingscampagnes gericht op verschillende groepen inwoners."),
        ("MW-1C", "Digitale platforms die voor alle inwoners toegankelijk zijn."),
        ("MW-2A", "In de regio een dekkende graad van laagdrempelige steunpunten (dit is een landelijke afspraak)."),
        ("MW-2B", "Bekendheid over wie waar informele steun biedt."),
        ("MW-3A", "Verkennend gesprek (landelijke afspraak)."),
        ("MW-3B", "Consultatiefunctie en deskundigheidsbevordering (landelijke afspraak)."),
    ]
    digital = mental.get(group__number=1, letter="C")
    assert digital.approach.startswith("a. Minimaal 1 gemeente heeft in 2024 een pilot")
    assert GoalGroup.objects.get(theme__code="MW", number=3).approach.count("\n") == 6
    coalitions = OperationalGoal.objects.filter(group__theme__agenda__slug="regioplan-ijssel-vecht-coalities")
    assert coalitions.count() == 58


def test_the_goal_page_shows_the_approach_kept_with_a_result(seeded, manager_client):
    goal = OperationalGoal.objects.get(group__theme__code="MW", group__number=1, letter="C")
    content = manager_client.get(goal.get_absolute_url()).content.decode()
    assert "Aanpak" in content and "Vanaf 2026 is een digitaal platform in alle gemeenten beschikbaar." in content


def test_a_database_seeded_before_follows_the_corrected_results(db, tmp_path):
    """A database seeded when Mentaal Welbevinden's measurable agreements were its operational
    goals: loading the corrected seed puts the results in their place and removes the old goals
    nobody changed or used; one linked to a recommendation stays."""
    old = tmp_path / "seed"
    shutil.copytree(services.SEED_DIRECTORY, old)
    path = old / "agendas" / "regioplan-ijssel-vecht-coalities.json"
    agenda = json.loads(path.read_text(encoding="utf-8"))
    mental = next(theme for theme in agenda["themes"] if theme["code"] == "MW")
    mental["groups"][0]["goals"] = [{"letter": letter, "text": f"Oude afspraak {letter}."} for letter in "ABCDEFG"]
    path.write_text(json.dumps(agenda, ensure_ascii=False), encoding="utf-8")
    services.seed_load(directory=old)
    for record in SeedRecord.objects.filter(model="workagenda.OperationalGoal"):  # as the loader then wrote them
        goal = OperationalGoal.objects.get(**json.loads(record.natural_key))
        record.fingerprint = loader._fingerprint({"text": goal.text, "target_year": goal.target_year})
        record.save()
    in_use = OperationalGoal.objects.get(group__theme__code="MW", group__number=1, letter="F")
    GoalLink.objects.create(goal=in_use, recommendation=Recommendation.objects.get(number=1))

    report = services.seed_load()
    first_goal = OperationalGoal.objects.filter(group__theme__code="MW", group__number=1).order_by("letter")
    assert [(goal.letter, goal.text) for goal in first_goal] == [
        ("A", "Bestaande structuren waar inwoners al komen toerusten."),
        ("B", "Bewustwordingscampagnes gericht op verschillende groepen inwoners."),
        ("C", "Digitale platforms die voor alle inwoners toegankelijk zijn."),
        ("F", "Oude afspraak F."),
    ]
    assert first_goal.get(letter="C").approach.startswith("a. Minimaal 1 gemeente")
    assert (report.count(loader.REMOVED), report.count(loader.KEPT_IN_USE)) == (3, 1)
    again = services.seed_load()
    assert not again.changed_anything and again.count(loader.KEPT_IN_USE) == 1
