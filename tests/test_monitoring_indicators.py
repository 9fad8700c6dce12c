"""Indicators: the straight path from baseline to target, its edge cases, the seed, pages and charts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import services, views
from monitoring.models import Indicator, Measurement
from monitoring.selectors import Progress, indicator_assess, path_value
from tests.factories import OperationalGoalFactory

TODAY = datetime.date(2026, 6, 1)


def indicator(**values):
    defaults = {
        "goal": OperationalGoalFactory.build(),
        "name": "Overgewicht",
        "kind": Indicator.Kind.OUTCOME,
        "unit": "%",
        "direction": Indicator.Direction.HIGHER,
        "baseline_value": Decimal("10"),
        "baseline_date": datetime.date(2024, 1, 1),
        "target_value": Decimal("30"),
        "target_year": 2027,
    }
    return Indicator(**{**defaults, **values})


def assess(kpi, value, date, today=TODAY):
    return indicator_assess(
        indicator=kpi, latest_value=None if value is None else Decimal(value), latest_date=date, today=today
    )


def test_path_runs_straight_from_baseline_to_the_end_of_the_target_year():
    kpi = indicator(baseline_date=datetime.date(2024, 1, 1), target_year=2024)  # 365 days to 31-12-2024
    assert path_value(indicator=kpi, on=datetime.date(2023, 6, 1)) == Decimal("10")
    assert path_value(indicator=kpi, on=datetime.date(2024, 12, 31)) == Decimal("30")
    middle = path_value(indicator=kpi, on=datetime.date(2024, 7, 1))
    assert Decimal("19.9") < middle < Decimal("20.1")


def test_behind_the_path_is_flagged_and_on_it_is_not():
    kpi = indicator()
    on_date = datetime.date(2025, 7, 1)
    expected = path_value(indicator=kpi, on=on_date)
    assert assess(kpi, str(expected), on_date).state == Progress.ON_PATH  # equal counts as on the path
    behind = assess(kpi, str(expected - Decimal("0.5")), on_date)
    assert behind.state == Progress.BEHIND and behind.flagged


def test_lower_is_better():
    kpi = indicator(direction=Indicator.Direction.LOWER, baseline_value=Decimal("50"), target_value=Decimal("38"))
    on_date = datetime.date(2025, 7, 1)
    expected = path_value(indicator=kpi, on=on_date)
    assert assess(kpi, str(expected - 1), on_date).state == Progress.ON_PATH
    assert assess(kpi, str(expected + 1), on_date).flagged
    assert assess(kpi, "37", on_date).state == Progress.TARGET_MET


def test_no_measurements_is_not_judged():
    result = assess(indicator(), None, None)
    assert result.state == Progress.NO_MEASUREMENT and not result.flagged


def test_no_baseline_is_not_judged_until_the_target_year_passed():
    kpi = indicator(baseline_value=None, baseline_date=None, target_year=2027)
    assert assess(kpi, "5", datetime.date(2026, 1, 1)).state == Progress.NO_PATH
    late = assess(kpi, "5", datetime.date(2026, 1, 1), today=datetime.date(2028, 1, 2))
    assert late.state == Progress.TARGET_MISSED and late.flagged


def test_target_year_passed():
    kpi = indicator(target_year=2025)
    assert assess(kpi, "29", datetime.date(2025, 12, 1)).flagged
    assert assess(kpi, "30", datetime.date(2025, 12, 1)).state == Progress.TARGET_MET
    # still inside the target year: judged against the path, not as missed
    inside = assess(kpi, "29.9", datetime.date(2025, 12, 31), today=datetime.date(2025, 12, 31))
    assert inside.state == Progress.BEHIND


def test_measurement_before_the_baseline_date_is_not_judged():
    kpi = indicator(baseline_date=datetime.date(2024, 6, 1))
    result = assess(kpi, "1", datetime.date(2024, 1, 1))
    assert result.state == Progress.BEFORE_BASELINE and not result.flagged


def test_no_target_year_has_no_path():
    kpi = indicator(target_year=None)
    assert assess(kpi, "11", datetime.date(2025, 1, 1)).state == Progress.NO_PATH


def test_baseline_needs_its_date_in_dutch(db):
    goal = OperationalGoalFactory()
    with pytest.raises(ValidationError) as error:
        services.indicator_create(
            goal=goal, name="X", kind="outcome", unit="%", direction="higher", target_value=Decimal(5),
            baseline_value=Decimal(1),
        )  # fmt: skip
    assert "Geef de basiswaarde en de datum ervan samen" in str(error.value)
    assert not Indicator.objects.exists()


def test_seed_has_the_targets_the_goal_texts_state(seeded):
    assert Indicator.objects.count() == 20
    assert not Indicator.objects.exclude(baseline_value=None).exists()
    assert not Measurement.objects.exists()
    movement = Indicator.objects.get(name__startswith="Volwassenen die voldoen aan de Nederlandse Norm")
    assert (movement.target_value, movement.target_year, movement.direction) == (Decimal("46"), 2040, "higher")
    assert movement.goal.code == "GL-2B"
    overweight = Indicator.objects.get(name="Overgewicht in de provincie")
    assert (overweight.target_value, overweight.direction) == (Decimal("38"), "lower")
    assert Indicator.objects.get(name="Jongeren onder de 18 jaar die roken").target_value == 0
    assert Indicator.objects.get(name__startswith="Volwassenen boven de 18 jaar die roken").target_value == 5
    community = Indicator.objects.get(name__startswith="Ondersteunings- of hulpvragen")
    assert (community.target_value, community.target_year, community.goal.code) == (Decimal("25"), 2027, "VOW-1B")
    falls = Indicator.objects.get(name__startswith="Afname van onnodige SEH-opnames door een val")
    assert (falls.target_value, falls.target_year) == (Decimal("20"), 2025)
    for kpi in Indicator.objects.select_related("goal__group"):  # the result, or the approach kept with it
        assert kpi.source_text in f"{kpi.goal.text}\n{kpi.goal.approach}\n{kpi.goal.group.approach}"


def test_seed_indicators_load_once(seeded):
    from seeddata.services import seed_load

    report = seed_load()
    assert not report.changed_anything
    assert Indicator.objects.count() == 20


def test_indicator_page_chart_and_measurement(advisor_client):
    kpi = indicator(goal=OperationalGoalFactory())
    kpi.save()
    url = kpi.get_absolute_url()
    response = advisor_client.post(url, {"date": "2025-07-01", "value": "12,5", "source": "GGD-monitor"})
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("12.5")
    content = advisor_client.get(url).content.decode()
    assert "Gemarkeerd" in content and "achter op de rechte lijn" in content
    svg = advisor_client.get(reverse("monitoring:indicator-chart", kwargs={"pk": kpi.pk, "fmt": "svg"}))
    assert svg["Content-Type"] == "image/svg+xml" and b"Streefwaarde" in svg.content


def test_bad_measurement_is_refused_in_dutch(advisor_client):
    kpi = indicator(goal=OperationalGoalFactory())
    kpi.save()
    response = advisor_client.post(kpi.get_absolute_url(), {"date": "2025-07-01", "value": "veel", "source": ""})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Vul een getal in." in content or "Voer een getal in." in content
    assert not Measurement.objects.exists()


def test_advisor_adds_an_indicator(advisor_client):
    goal = OperationalGoalFactory()
    response = advisor_client.post(
        reverse("monitoring:indicator-create", kwargs={"pk": goal.pk}),
        {"name": "Rookvrije schoolpleinen", "kind": "output", "unit": "aantal", "direction": "higher",
         "target_value": "40", "target_year": "2027"},
    )  # fmt: skip
    assert response.status_code == 302
    assert goal.indicators.get().name == "Rookvrije schoolpleinen"


def test_indicator_list_query_count_does_not_grow(manager_client, django_assert_num_queries):
    def add():
        kpi = indicator(goal=OperationalGoalFactory())
        kpi.save()
        for day in (1, 2, 3):
            Measurement.objects.create(indicator=kpi, date=datetime.date(2025, 1, day), value=Decimal(day), source="x")

    add()
    url = reverse("monitoring:indicators")
    manager_client.get(url)
    with CaptureQueriesContext(connection) as before:
        manager_client.get(url)
    for _ in range(5):
        add()
    with django_assert_num_queries(len(before.captured_queries)):
        response = manager_client.get(url)
    assert len(response.context["rows"]) == 6


def test_indicator_list_is_paged_and_counts_every_indicator(manager_client, monkeypatch):
    monkeypatch.setattr(views, "INDICATORS_PER_PAGE", 2)
    goal = OperationalGoalFactory()
    for number in range(3):
        indicator(goal=goal, name=f"Indicator {number}").save()
    url = reverse("monitoring:indicators")
    first = manager_client.get(url)
    content = first.content.decode()
    assert len(first.context["rows"]) == 2
    assert "3 indicatoren" in content and "1–2 van 3" in content and "?page=2" in content
    second = manager_client.get(url, {"page": 2})
    assert [kpi.name for kpi, _assessment in second.context["rows"]] == ["Indicator 2"]
