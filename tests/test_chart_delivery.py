"""How pages deliver their charts and themselves: every chart image links the current data
version with its size (so nothing shifts when it arrives) and phone-sized copies; HTML and SVG
are compressed; the favicon is there; the dashboards' charts are redrawn as a write commits."""

import gzip
import io
import re
from html import unescape

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from charts import responses
from charts.versions import LINKS, MONITORING, ROUNDS, data_version
from coverage import views as coverage_views
from monitoring.models import Indicator
from prioritisation.models import Round
from seeddata.demo import demo_load
from tests.factories import OperationalGoalFactory, RecommendationFactory
from workagenda import services
from workagenda.models import GoalLink

IMAGE = re.compile(r"<img\b[^>]*>")


def attributes(tag: str) -> dict[str, str]:
    return {name: unescape(value) for name, value in re.findall(r'([\w-]+)="([^"]*)"', tag)}


def chart_images(client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    return [attributes(tag) for tag in IMAGE.findall(response.content.decode())]


@pytest.fixture
def demo(seeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo_load()


def chart_pages() -> dict[str, tuple[str, tuple[str, ...]]]:
    # A closed round: a manager sees an open round's results only when the round says so.
    round = Round.objects.filter(ballots__isnull=False, closes_at__lte=timezone.now()).order_by("-closes_at").first()
    indicator = Indicator.objects.order_by("pk").first()
    return {
        "anchoring": (reverse("coverage:dashboard"), (LINKS,)),
        "regions compared": (reverse("coverage:comparison"), (LINKS,)),
        "priority against anchoring": (reverse("coverage:priority"), (LINKS, ROUNDS)),
        "round results": (reverse("prioritisation:results", args=[round.pk]), (ROUNDS,)),
        "rounds compared": (reverse("prioritisation:comparison"), (ROUNDS,)),
        "monitoring": (reverse("monitoring:dashboard"), (MONITORING,)),
        "indicator": (reverse("monitoring:indicator", args=[indicator.pk]), (MONITORING,)),
    }


def test_every_chart_image_has_the_size_of_the_chart_it_shows(manager_client, demo):
    seen = 0
    for name, (url, areas) in chart_pages().items():
        images = chart_images(manager_client, url)
        assert images, name
        for image in images:
            seen += 1
            src = image["src"]
            assert f"v={data_version(*areas)}" in src, (name, src)
            response = manager_client.get(src)
            assert response.status_code == 200, (name, src)
            assert response["Cache-Control"] == responses.VERSIONED_CACHE
            size = (int(image["width"]), int(image["height"]))
            if ".png" in src:
                assert Image.open(io.BytesIO(response.content)).size == size, (name, src)
                for candidate in image["srcset"].split(", "):
                    candidate_url, width = candidate.rsplit(" ", 1)
                    narrow = Image.open(io.BytesIO(manager_client.get(candidate_url).content))
                    assert f"{narrow.width}w" == width, (name, candidate)
                assert image["sizes"]
            else:
                view_box = re.search(rb'viewBox="0 0 ([\d.]+) ([\d.]+)"', response.content)
                width, height = float(view_box[1]), float(view_box[2])
                assert abs(width / height - size[0] / size[1]) < 0.01, (name, src)
    assert seen == 9


# What names a chart on its page; a table's caption names the table beside it.
HEADING = re.compile(r"<(h1|h2|h3|figcaption)\b[^>]*>(.*?)</\1>", re.S)
SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)


def _words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_no_chart_draws_the_heading_or_caption_its_page_gives_it(manager_client, demo):
    """The page's heading or caption names the chart (accessible, translated); the image does not repeat it."""
    for name, (url, _areas) in chart_pages().items():
        page = manager_client.get(url).content.decode()
        captions = {_words(text) for _tag, text in HEADING.findall(page)} - {""}
        for image in chart_images(manager_client, url):
            svg = manager_client.get(image["src"].replace(".png", ".svg"), follow=True).content.decode()
            drawn = {_words(text) for text in SVG_TEXT.findall(svg)}
            assert not captions & drawn, (name, captions & drawn)


def test_a_phone_copy_is_much_smaller_than_the_chart(manager_client, demo):
    image = chart_images(manager_client, reverse("coverage:dashboard"))[0]
    full = manager_client.get(image["src"]).content
    phone_url = image["srcset"].split(", ")[0].rsplit(" ", 1)[0]
    assert len(manager_client.get(phone_url).content) < len(full) * 0.6


def test_the_page_links_the_version_after_a_write(manager_client, seeded, advisor, django_capture_on_commit_callbacks):
    recommendation = RecommendationFactory(number=99)
    with django_capture_on_commit_callbacks(execute=True):  # one link, so the page has a chart to show
        services.goal_link_create(goal=OperationalGoalFactory(), recommendation=recommendation, user=advisor)
    before = chart_images(manager_client, reverse("coverage:dashboard"))[0]["src"]
    with django_capture_on_commit_callbacks(execute=True):
        services.goal_link_create(goal=OperationalGoalFactory(), recommendation=recommendation, user=advisor)
    after = chart_images(manager_client, reverse("coverage:dashboard"))[0]["src"]
    assert after != before
    assert f"v={data_version(LINKS)}" in after
    assert manager_client.get(before)["Location"] == after


def test_html_and_svg_are_compressed(manager_client, demo):
    page = manager_client.get(reverse("monitoring:dashboard"), HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page["Vary"]
    assert b"<html" in gzip.decompress(page.content)
    svg = manager_client.get(reverse("monitoring:dashboard-chart", args=["svg"]), HTTP_ACCEPT_ENCODING="gzip")
    assert svg["Content-Encoding"] == "gzip"
    assert len(svg.content) < len(gzip.decompress(svg.content)) / 3


def test_the_favicon_is_there_without_logging_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")


def test_every_page_names_its_icon(manager_client):
    assert (
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in manager_client.get("/").content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_charts_are_drawn_as_a_write_commits(client, monkeypatch, manager):
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    drawn = []
    build, draw = coverage_views._CHARTS["dekking"]

    def counting(data, fmt):
        drawn.append(fmt)
        return draw(data, fmt)

    monkeypatch.setitem(coverage_views._CHARTS, "dekking", (build, counting))
    goal = OperationalGoalFactory()
    recommendation = RecommendationFactory(number=77)
    with override_settings(CHARTS_REDRAW_AFTER_WRITE=True):
        services.goal_link_create(goal=goal, recommendation=recommendation, user=manager)
    assert GoalLink.objects.filter(goal=goal).exists()
    assert drawn == ["png"]  # drawn once, before the save answered

    client.force_login(manager)
    image = chart_images(client, reverse("coverage:dashboard"))[0]
    assert client.get(image["src"]).status_code == 200
    assert drawn == ["png"]  # the reader got the drawn chart


@pytest.mark.django_db(transaction=True)
def test_the_dashboards_part_is_built_as_a_write_commits_not_by_each_reader(client, monkeypatch, manager):
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    built = []
    coverage_data = coverage_views._coverage_data

    def counting(filterset):
        built.append("dekking")
        return coverage_data(filterset)

    monkeypatch.setattr(coverage_views, "_coverage_data", counting)
    with override_settings(CHARTS_REDRAW_AFTER_WRITE=True):
        services.goal_link_create(
            goal=OperationalGoalFactory(), recommendation=RecommendationFactory(number=77), user=manager
        )
    built_by_the_write = len(built)
    assert built_by_the_write >= 1

    client.force_login(manager)
    page = client.get(reverse("coverage:dashboard"))
    assert page.status_code == 200
    assert "77." in page.content.decode()  # the new link's recommendation is in the part
    assert len(built) == built_by_the_write  # the reader was served the part the write built
