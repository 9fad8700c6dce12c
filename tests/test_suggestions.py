"""The linking assistant: suggested links with reasons, learning from decisions, accepting and dismissing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from recommendations.models import Recommendation
from suggestions import engine
from suggestions.evaluation import evaluate
from suggestions.models import DismissedSuggestion
from suggestions.selectors import goal_suggestions, index_build, suggestion_index
from suggestions.services import NO_LONGER_SUGGESTED
from workagenda.models import GoalLink, OperationalGoal
from workagenda.services import goal_link_note_version

LABELLED = Path(__file__).parent / "data" / "labelled_links.json"


def labelled_truth() -> dict[int, set[int]]:
    data = json.loads(LABELLED.read_text(encoding="utf-8"))
    goals = OperationalGoal.objects.filter(group__theme__agenda__slug=data["agenda"]).select_related("group__theme")
    by_code = {goal.code: goal.pk for goal in goals}
    return {by_code[code]: set(numbers) for code, numbers in data["links"].items()}


def goal(code: str) -> OperationalGoal:
    theme, rest = code.split("-")
    return OperationalGoal.objects.select_related("group__theme").get(
        group__theme__agenda__slug="werkagenda-gezonde-marke",
        group__theme__code=theme,
        group__number=int(rest[:-1]),
        letter=rest[-1],
    )


def test_the_labelled_sample_judges_at_least_sixty_gezonde_marke_goals(seeded):
    truth = labelled_truth()
    assert len(truth) >= 60
    assert sum(1 for numbers in truth.values() if numbers) >= 60


def test_dutch_compounds_are_split_into_their_known_parts():
    lexicon = engine.Lexicon(["gezondheid", "vaardigheden", "preventie", "akkoord", "mantelzorg", "loketten"])
    assert lexicon.split("gezondheidsvaardigheden") == ("gezondheid", "vaardigheden")
    assert lexicon.split("preventieakkoord") == ("preventie", "akkoord")
    assert lexicon.split("mantelzorgloketten") == ("mantelzorg", "loketten")
    assert lexicon.split("gezondheid") == ()


def test_stemming_joins_dutch_word_forms():
    assert engine.stem("inwoners") == engine.stem("inwoner")
    assert engine.stem("netwerken") == engine.stem("netwerk")


def test_cold_start_recall_at_three_reaches_the_target_on_the_labelled_sample(seeded):
    figures = evaluate(index=index_build(), truth=labelled_truth())
    assert figures.recall(3) >= 0.70
    baseline = evaluate(index=index_build(options=engine.PLAIN_TFIDF), truth=labelled_truth())
    assert figures.recall(3) > baseline.recall(3) + 0.2


def test_suggest_links_writes_json_per_goal_on_the_seed_alone(seeded):
    assert not GoalLink.objects.exists()
    out = StringIO()
    call_command("suggest_links", "--theme", "GL", "--top", "2", "--format", "json", stdout=out)
    records = json.loads(out.getvalue())
    assert len(records) == OperationalGoal.objects.filter(group__theme__code="GL").count()
    first = records[0]
    assert set(first) == {"agenda", "theme", "code", "text", "suggestions"}
    assert first["theme"] == "GL" and first["agenda"] == "werkagenda-gezonde-marke"
    assert all(len(record["suggestions"]) <= 2 for record in records)
    scores = [suggestion["score"] for suggestion in first["suggestions"]]
    assert scores == sorted(scores, reverse=True)
    assert set(first["suggestions"][0]) == {"number", "score", "terms"}
    assert first["suggestions"][0]["terms"]
    assert not GoalLink.objects.exists()


def test_suggest_links_writes_csv_and_refuses_an_unknown_theme(seeded):
    out = StringIO()
    call_command("suggest_links", "--agenda", "werkagenda-gezonde-marke", "--theme", "VOW", stdout=out)
    assert out.getvalue().splitlines()[0] == "agenda,theme,code,rank,number,score,terms"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("suggest_links", "--theme", "GEEN", stdout=StringIO())


def test_evaluate_suggestions_measures_by_leave_one_out_against_the_links(seeded, advisor):
    for code, numbers in json.loads(LABELLED.read_text(encoding="utf-8"))["links"].items():
        for number in numbers:
            GoalLink.objects.create(goal=goal(code), recommendation=Recommendation.objects.get(number=number))
    out = StringIO()
    call_command("evaluate_suggestions", "--format", "json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["links"] == 86
    assert figures["recall_at_3"] >= 0.70
    assert set(figures["per_recommendation"]) == {str(number) for number in range(1, 11)}


def test_a_health_literacy_goal_is_suggested_with_the_words_that_carry_it(seeded):
    found = goal("GL-1B")
    suggestions = goal_suggestions(goal_ids=[found.pk])[found.pk]
    numbers = [suggestion.number for suggestion in suggestions]
    assert 7 in numbers
    seven = next(suggestion for suggestion in suggestions if suggestion.number == 7)
    assert any("gezondheidsvaardigheden" in reason.goal_words for reason in seven.reasons) or seven.terms


def test_linked_goals_lift_a_recommendation_for_goals_like_them(seeded):
    index = suggestion_index()
    target = goal("KI-1C")
    cold = {s.number: s.score for s in index.rank([target.pk], top=10)[target.pk]}
    neighbours = [other for other, _ in index.similar(target.pk, limit=5)]
    warm_decisions = engine.Decisions(links={(other, 9) for other in neighbours})
    warm = {s.number: s.score for s in index.rank([target.pk], decisions=warm_decisions, top=10)[target.pk]}
    assert warm[9] > cold.get(9, 0)


def test_accepting_links_with_the_reasons_as_note_and_history(advisor_client, advisor, seeded):
    found = goal("GL-2D")
    suggestion = goal_suggestions(goal_ids=[found.pk])[found.pk][0]
    url = reverse("suggestions:accept", kwargs={"pk": found.pk, "number": suggestion.number})
    response = advisor_client.post(url, {"note": "Rookvrije omgeving is preventie.", "next": "/werkagenda/koppelen/1/"})
    assert response.status_code == 302
    assert response["Location"] == f"/werkagenda/koppelen/1/#cel-{found.pk}-{suggestion.number}"
    link = GoalLink.objects.get(goal=found, recommendation__number=suggestion.number)
    assert link.note == "Rookvrije omgeving is preventie." and link.created_by == advisor
    assert link.history.filter(history_type="+", history_user=advisor).exists()
    assert suggestion.number not in [s.number for s in goal_suggestions(goal_ids=[found.pk])[found.pk]]


def test_accepting_an_existing_link_again_changes_nothing_and_says_so(advisor_client, seeded):
    found = goal("GL-2D")
    GoalLink.objects.create(goal=found, recommendation=Recommendation.objects.get(number=7), note="eerst")
    url = reverse("suggestions:accept", kwargs={"pk": found.pk, "number": 7})
    response = advisor_client.post(url, {"note": "tweede"}, follow=True)
    assert "al gekoppeld" in response.content.decode()
    assert GoalLink.objects.get(goal=found, recommendation__number=7).note == "eerst"


def test_a_dismissed_suggestion_is_remembered_and_not_made_again(advisor_client, advisor, seeded):
    found = goal("GL-2D")
    first = goal_suggestions(goal_ids=[found.pk])[found.pk][0]
    response = advisor_client.post(reverse("suggestions:dismiss", kwargs={"pk": found.pk, "number": first.number}))
    assert response.status_code == 302
    assert DismissedSuggestion.objects.filter(goal=found, recommendation__number=first.number).exists()
    assert first.number not in [s.number for s in goal_suggestions(goal_ids=[found.pk], top=10)[found.pk]]
    assert not GoalLink.objects.exists()


def test_managers_cannot_accept_or_dismiss(manager_client, seeded):
    found = goal("GL-2D")
    for name in ("suggestions:accept", "suggestions:dismiss"):
        assert manager_client.post(reverse(name, kwargs={"pk": found.pk, "number": 7})).status_code == 403
    assert not GoalLink.objects.exists() and not DismissedSuggestion.objects.exists()


def test_grid_shows_suggestions_apart_from_links_with_reasons_and_says_they_are_no_links(advisor_client, seeded):
    theme = goal("GL-2D").group.theme
    response = advisor_client.get(reverse("workagenda:link_grid", kwargs={"pk": theme.pk}))
    html = response.content.decode()
    assert "◇" in html and 'class="suggestion-mark"' in html
    assert "geen koppelingen" in html
    assert 'id="voorstel-' in html and "<mark>" in html
    assert "Investeer in integrale benaderingen" in html  # the column header's short title, not only a tooltip
    assert not GoalLink.objects.exists()


def test_grid_filter_keeps_only_goals_with_open_suggestions(advisor_client, seeded):
    theme = goal("GL-2D").group.theme
    url = reverse("workagenda:link_grid", kwargs={"pk": theme.pk})
    everything = advisor_client.get(url).context["grid"]
    only = advisor_client.get(url, {"voorstel": "1"}).context["grid"]
    assert 0 < len(only.goals) <= len(everything.goals)


def test_grid_with_suggestions_keeps_a_constant_query_count(advisor_client, seeded, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    theme = goal("GL-2D").group.theme
    url = reverse("workagenda:link_grid", kwargs={"pk": theme.pk})
    advisor_client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert advisor_client.get(url).status_code == 200
        return len(context.captured_queries)

    before = count()
    for number in (1, 2):
        for other in OperationalGoal.objects.filter(group__theme=theme)[:5]:
            GoalLink.objects.get_or_create(goal=other, recommendation=Recommendation.objects.get(number=number))
    assert count() == before


def test_note_from_the_grid_goes_back_to_the_grid(advisor_client, seeded):
    found = goal("GL-2D")
    GoalLink.objects.create(goal=found, recommendation=Recommendation.objects.get(number=7))
    link = GoalLink.objects.get(goal=found)
    grid = reverse("workagenda:link_grid", kwargs={"pk": found.group.theme.pk})
    html = advisor_client.get(grid).content.decode()
    assert f'id="notitie-{found.pk}-7"' in html
    # The panel carries the note as loaded, so a save there follows the note's conflict rule too.
    loaded = goal_link_note_version(note="")
    assert f'name="note-{link.pk}-loaded" value="{loaded}"' in html
    url = reverse("workagenda:link_note", kwargs={"pk": found.pk, "number": 7})
    data = {f"note-{link.pk}-note": "Uit het rooster", f"note-{link.pk}-loaded": loaded}
    response = advisor_client.post(url, {**data, "next": f"{grid}#cel-{found.pk}-7"})
    assert response["Location"] == f"{grid}#cel-{found.pk}-7"
    link.refresh_from_db()
    assert link.note == "Uit het rooster"
    again = {f"note-{link.pk}-note": "x", f"note-{link.pk}-loaded": goal_link_note_version(note="Uit het rooster")}
    evil = advisor_client.post(url, {**again, "next": "https://elders.example/"})
    assert evil["Location"].startswith(found.get_absolute_url())


def test_bulk_accept_previews_then_links_the_theme_above_the_threshold(advisor_client, advisor, seeded):
    theme = goal("GL-2D").group.theme
    url = reverse("suggestions:theme_accept", kwargs={"pk": theme.pk})
    preview = advisor_client.get(url, {"threshold": 15})
    items = preview.context["items"]
    assert items and all(item.percent >= 15 for item in items)
    assert not GoalLink.objects.exists()
    response = advisor_client.post(url, {"threshold": 15, "cel": [item.key for item in items]})
    assert response.status_code == 302
    assert GoalLink.objects.count() == len(items)
    assert all(link.note.startswith("Voorgesteld") for link in GoalLink.objects.all())


def test_bulk_accept_links_nothing_when_the_suggestions_changed_since_the_preview(advisor_client, seeded):
    theme = goal("GL-2D").group.theme
    url = reverse("suggestions:theme_accept", kwargs={"pk": theme.pk})
    items = advisor_client.get(url, {"threshold": 15}).context["items"]
    response = advisor_client.post(url, {"threshold": 15, "cel": [item.key for item in items[1:]]})
    assert response.status_code == 409
    assert str(NO_LONGER_SUGGESTED) not in ("",)
    assert not GoalLink.objects.exists()


def test_goal_page_shows_similar_goals_of_other_agendas_with_their_links(advisor_client, seeded):
    found = goal("GL-2D")
    html = advisor_client.get(found.get_absolute_url()).content.decode()
    assert "Vergelijkbare doelen" in html
    assert "similar-goals" in html


def test_a_changed_goal_text_gives_new_suggestions(seeded, advisor):
    from workagenda.services import operational_goal_fill_target_year  # noqa: F401

    found = goal("ZT-3C")
    before = suggestion_index()
    found.text = "Huisartsen en scholen werken samen aan een gezonde leefstijl van jongeren."
    from audit.history import recorded

    recorded(found, advisor).save()
    after = suggestion_index()
    assert after is not before
    assert 4 in [s.number for s in after.rank([found.pk])[found.pk]]


def test_theme_page_and_not_anchored_page_link_advisors_into_the_grid(advisor_client, manager, seeded):
    from django.test import Client

    manager_client = Client()
    manager_client.force_login(manager)
    theme = goal("GL-2D").group.theme
    grid = reverse("workagenda:link_grid", kwargs={"pk": theme.pk})
    theme_page = reverse("regions:theme", kwargs={"slug": theme.agenda.region.slug, "pk": theme.pk})
    assert f'href="{grid}"' in advisor_client.get(theme_page).content.decode()
    assert f'href="{grid}"' not in manager_client.get(theme_page).content.decode()
    orphans = reverse("coverage:orphans")
    assert f'href="{grid}?zonder=1"' in advisor_client.get(orphans).content.decode()
    assert f'href="{grid}?zonder=1"' not in manager_client.get(orphans).content.decode()


def test_a_dismissed_suggestion_no_longer_shows_in_the_grid(advisor_client, advisor, seeded):
    found = goal("GL-2D")
    grid = reverse("workagenda:link_grid", kwargs={"pk": found.group.theme.pk})
    first = goal_suggestions(goal_ids=[found.pk])[found.pk][0]
    assert f'data-suggestion="{found.pk}-{first.number}"' in advisor_client.get(grid).content.decode()
    advisor_client.post(reverse("suggestions:dismiss", kwargs={"pk": found.pk, "number": first.number}))
    assert f'data-suggestion="{found.pk}-{first.number}"' not in advisor_client.get(grid).content.decode()


def test_managers_see_no_suggestions_in_the_goal_page_but_do_see_similar_goals(manager_client, seeded):
    html = manager_client.get(goal("GL-2D").get_absolute_url()).content.decode()
    assert "Voorgestelde aanbevelingen" not in html
    assert "Vergelijkbare doelen" in html


def test_goal_page_keeps_a_constant_query_count(advisor_client, seeded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found = goal("GL-2D")
    advisor_client.get(found.get_absolute_url())

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert advisor_client.get(found.get_absolute_url()).status_code == 200
        return len(context.captured_queries)

    before = count()
    for other in OperationalGoal.objects.exclude(group__theme__agenda=found.group.theme.agenda)[:40]:
        for number in (1, 7):
            GoalLink.objects.get_or_create(goal=other, recommendation=Recommendation.objects.get(number=number))
    assert count() == before


def test_an_administrators_new_term_changes_the_suggestions(admin_client, seeded):
    found = goal("ZT-3C")
    before = {s.number for s in goal_suggestions(goal_ids=[found.pk])[found.pk]}
    response = admin_client.post(
        reverse("admin:suggestions_recommendationterm_add"),
        {"number": 9, "term": "voorschrijfbevoegdheid", "weight": 5},
    )
    assert response.status_code == 302
    after = goal_suggestions(goal_ids=[found.pk])[found.pk]
    assert 9 in [s.number for s in after] and 9 not in before


def test_a_term_for_an_unknown_recommendation_is_refused_in_dutch(admin_client, seeded):
    response = admin_client.post(
        reverse("admin:suggestions_recommendationterm_add"), {"number": 42, "term": "iets", "weight": 1}
    )
    assert response.status_code == 200
    assert "Er is geen aanbeveling 42." in response.content.decode()


def test_suggestions_are_never_counted_as_links(advisor_client, seeded):
    theme = goal("GL-2D").group.theme
    advisor_client.get(reverse("workagenda:link_grid", kwargs={"pk": theme.pk}))
    out = StringIO()
    call_command("export_coverage", "--format", "json", stdout=out)
    assert all(row["linked_goals"] == 0 for row in json.loads(out.getvalue()))
