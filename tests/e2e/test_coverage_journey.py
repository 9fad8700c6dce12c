"""Journey 3 (managers): a manager narrows the coverage dashboard to one region and theme,
reads the chart and its table, and downloads the CSV behind it."""

import csv
import io
import re

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from recommendations.models import Recommendation
from regioplan.models import Region
from tests.e2e.conftest import table_rows
from tests.exported import csv_table
from workagenda.models import OperationalGoal, Theme
from workagenda.services import goal_link_create

DRENTHE = "drenthe"


def link(goal: OperationalGoal, *numbers: int) -> None:
    advisor = get_user_model().objects.get(username="manager")
    for number in numbers:
        goal_link_create(goal=goal, recommendation=Recommendation.objects.get(number=number), user=advisor)


def test_manager_filters_coverage_by_region_and_theme_and_downloads_the_csv(login_as):
    browse = login_as("manager")
    page = browse.page
    themes = Theme.objects.filter(agenda__region__slug=DRENTHE, groups__operational_goals__isnull=False).distinct()
    theme, other_theme = themes.order_by("pk")[:2]
    goals = list(OperationalGoal.objects.filter(group__theme=theme).order_by("pk")[:2])
    link(goals[0], 1, 5)
    link(goals[1], 1)
    link(OperationalGoal.objects.filter(group__theme=other_theme).first(), 1, 2)  # outside the chosen theme

    browse.goto("/verankering/", "verankering-alles")
    overall = {row[0]: row[1] for row in table_rows(page, "Gekoppelde operationele doelen per aanbeveling")}
    assert overall[f"1. {Recommendation.objects.get(number=1).short_title}"] == "3"

    page.get_by_label("Regio", exact=True).select_option(label=str(Region.objects.get(slug=DRENTHE)))
    page.get_by_label("Thema", exact=True).select_option(label=str(theme))
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**thema=*")
    browse.shot("verankering-gefilterd")

    expect(page.get_by_role("heading", level=2).first).to_contain_text(theme.name)
    chart = page.locator("figure img.chart").first
    expect(chart).to_have_attribute("alt", re.compile("^Liggend staafdiagram .* de getallen staan in de tabel ernaast"))
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "the chart did not load"
    assert f"thema={theme.pk}" in chart.get_attribute("src")
    rows = table_rows(page, "Gekoppelde operationele doelen per aanbeveling")
    counts = {int(row[0].split(".")[0]): int(row[1]) for row in rows}
    assert counts == {number: {1: 2, 5: 1}.get(number, 0) for number in range(1, 11)}

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV downloaden").first.click()
    download = download_info.value
    tags = f"{theme.agenda.region.slug}-{theme.code.lower()}-{timezone.localdate()}"
    assert download.suggested_filename == f"verankering-dekking-{tags}.csv"
    lines = list(csv.reader(io.StringIO(csv_table(download.path().read_bytes())), delimiter=";"))
    assert lines[0] == ["Aanbeveling", "Korte titel", "Gekoppelde operationele doelen"]
    assert {int(line[0]): int(line[2]) for line in lines[1:]} == counts
    assert lines[1][1] == Recommendation.objects.get(number=1).short_title
