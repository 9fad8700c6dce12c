"""Chart addresses accept only the parameters and values their pages produce (or snap them to a
few), so varying a query parameter cannot make the server draw and keep ever more charts."""

import datetime
import re

import pytest
from django.urls import reverse

from coverage import views as coverage_views
from monitoring.services import status_update_create
from prioritisation import figures
from prioritisation.models import Round
from prioritisation.services import BallotChoice, ballot_submit
from tests.factories import OperationalGoalFactory, RecommendationFactory, RoundFactory, ThemeFactory, UserFactory


@pytest.fixture
def voted_round(db):
    for number in range(1, 5):
        RecommendationFactory(number=number)
    voters = [UserFactory() for _ in range(3)]
    # Results shown to managers while the round is open: the round binds them otherwise.
    round = RoundFactory(participants=voters, results_visibility=Round.ResultsVisibility.ALWAYS)
    for voter in voters:
        choices = [BallotChoice("importance", n) for n in (1, 2, 3)] + [BallotChoice("urgency", n) for n in (2, 3, 4)]
        ballot_submit(round=round, member=voter, choices=choices)
    return round


@pytest.fixture
def goal(db):
    RecommendationFactory.create_batch(2)
    return OperationalGoalFactory(group__theme=ThemeFactory(agenda__region__slug="drenthe"))


def chart_urls(round) -> list[str]:
    return [
        reverse("coverage:chart", args=["dekking", "png"]),
        reverse("coverage:chart", args=["heatmap", "png"]),
        reverse("coverage:chart", args=["regios", "svg"]),
        reverse("coverage:priority_chart", args=["png"]),
        reverse("prioritisation:results_chart", args=[round.pk, "belang-urgentie", "png"]),
        reverse("prioritisation:results_chart", args=[round.pk, "matrix", "png"]),
        reverse("prioritisation:comparison_chart", args=["png"]),
        reverse("monitoring:dashboard-chart", args=["png"]),
    ]


def test_every_chart_refuses_a_parameter_no_page_gives_it(admin_client, voted_round, goal):
    for url in chart_urls(voted_round):
        response = admin_client.get(url, {"willekeurig": "1"})
        assert response.status_code == 400, url
        assert "Deze grafiek gebruikt de parameter willekeurig niet." in response.content.decode()


def test_monitoring_chart_takes_the_scope_but_not_the_meeting_date_it_does_not_show(manager_client, manager, goal):
    # A status, so the dashboard has something to chart rather than saying nobody reported yet.
    status_update_create(goal=goal, status="on_track", date=datetime.date(2026, 1, 5), author=manager)
    url = reverse("monitoring:dashboard-chart", args=["png"])
    assert manager_client.get(url, {"regio": "drenthe"}).status_code == 200
    assert manager_client.get(url, {"since": "2025-01-01"}).status_code == 400
    assert manager_client.get(url, {"regio": "nergens"}).status_code == 400
    page = manager_client.get(reverse("monitoring:dashboard"), {"regio": "drenthe", "since": "2025-01-01"})
    assert f'src="{url}?regio=drenthe&amp;v=' in page.content.decode()  # no meeting date


def test_heatmap_page_numbers_are_bounded_and_spellings_of_one_page_share_one_chart(manager_client, goal, monkeypatch):
    drawn = []
    build, draw = coverage_views._CHARTS["heatmap"]
    monkeypatch.setitem(
        coverage_views._CHARTS, "heatmap", (build, lambda data, fmt: drawn.append(1) or draw(data, fmt))
    )
    url = reverse("coverage:chart", args=["heatmap", "png"])
    for spelt in ("1", "01", "0001"):
        assert manager_client.get(url, {"page": spelt}).status_code == 200
    assert len(drawn) == 1
    for refused in ("0", "-1", "abc", "12345", "²"):
        assert manager_client.get(url, {"page": refused}).status_code == 400, refused


def test_matrix_lines_snap_to_half_steps_within_the_axis(manager_client, voted_round, monkeypatch):
    drawn = []
    monkeypatch.setattr(figures, "draw_matrix", lambda data, fmt: drawn.append((data["x_line"], data["y_line"])) or b"")
    url = reverse("prioritisation:results_chart", args=[voted_round.pk, "matrix", "png"])
    for belang in ("1.3", "1.4", "1.6", "1.70"):
        assert manager_client.get(url, {"belang": belang, "urgentie": "2"}).status_code == 200
    for belang in ("3", "99", "9999.99"):  # three participants: no count above 3
        assert manager_client.get(url, {"belang": belang, "urgentie": "2"}).status_code == 200
    assert drawn == [(1.5, 2.0), (3.0, 2.0)]


def test_results_page_shows_and_links_the_snapped_lines(manager_client, voted_round):
    page = manager_client.get(reverse("prioritisation:results", args=[voted_round.pk]), {"belang": "1.3", "page": "1"})
    content = page.content.decode()
    chart = re.search(r'<img src="([^"]*/grafiek/matrix\.png[^"]*)"', content).group(1)
    assert re.search(r"matrix\.png\?belang=1\.5&amp;v=[0-9a-f]+$", chart)  # the lines and the data version only
    assert page.context["x_line"] == 1.5
