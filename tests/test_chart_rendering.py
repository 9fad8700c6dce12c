"""The shared chart machinery: real PNG/SVG bytes, cached on the data shown."""

import io
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.db import connection
from django.http import Http404
from django.utils import translation
from PIL import Image

from charts import rendering, responses, versions


def draw_bars(data, fmt):
    def draw(figure):
        axes = figure.add_subplot()
        axes.barh([label for label, _ in data], [value for _, value in data])
        axes.set_title("Test")

    return rendering.render(draw, fmt=fmt, size=rendering.Size(8, 5))


def test_png_and_svg_are_real_images():
    data = [("Eén", 3), ("Twee", 5)]
    png = draw_bars(data, "png")
    svg = draw_bars(data, "svg")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert "Eén".encode() in svg  # text stays text, so screen readers and search find it


def test_the_same_data_gives_the_same_svg():
    assert draw_bars([("A", 1)], "svg") == draw_bars([("A", 1)], "svg")


def test_svg_escapes_labels():
    svg = draw_bars([("<script>alert(1)</script>", 1)], "svg")
    assert b"<script>" not in svg
    assert b"&lt;script&gt;" in svg


AREAS = (versions.LINKS,)


def chart(request, shown, drawn):
    def draw(data, fmt):
        drawn.append(data)
        return draw_bars(data, fmt)

    # As a view passes the parameters it has checked; the version and the width are not among them.
    params = {key: value for key, value in request.GET.items() if key not in versions.UNSHOWN_PARAMETERS}
    return responses.chart_response(
        request, name="t", fmt="png", areas=AREAS, data=lambda: shown, draw=draw, params=params
    )


def test_chart_response_draws_once_until_the_data_change(db, rf):
    drawn = []
    first = chart(rf.get("/grafiek.png"), [("A", 1)], drawn)
    again = chart(rf.get("/grafiek.png"), [("A", 2)], drawn)  # nothing was written: still cached
    assert first["Content-Type"] == "image/png"
    assert again.content == first.content
    assert drawn == [[("A", 1)]]

    versions.data_changed(versions.LINKS)
    changed = chart(rf.get("/grafiek.png"), [("A", 2)], drawn)
    assert changed.content != first.content
    assert drawn == [[("A", 1)], [("A", 2)]]


def test_a_change_to_another_area_leaves_the_chart_cached(db, rf):
    drawn = []
    chart(rf.get("/grafiek.png"), [("A", 1)], drawn)
    versions.data_changed(versions.ROUNDS, versions.MONITORING)
    chart(rf.get("/grafiek.png"), [("A", 2)], drawn)
    assert drawn == [[("A", 1)]]


def test_each_url_and_language_has_a_chart_of_its_own(db, rf):
    drawn = []
    chart(rf.get("/grafiek.png", {"regio": "drenthe", "thema": "1"}), [("Drenthe", 1)], drawn)
    chart(rf.get("/grafiek.png", {"thema": "1", "regio": "drenthe"}), [("Zelfde filters", 1)], drawn)
    chart(rf.get("/grafiek.png", {"regio": "ijv"}), [("IJssel-Vecht", 1)], drawn)
    chart(rf.get("/andere-grafiek.png"), [("Andere grafiek", 1)], drawn)
    with translation.override("en"):
        chart(rf.get("/grafiek.png", {"regio": "ijv"}), [("English", 1)], drawn)
    assert [label for ((label, _value),) in drawn] == ["Drenthe", "IJssel-Vecht", "Andere grafiek", "English"]


def test_a_chart_is_cached_on_its_checked_parameters_not_on_the_query_as_spelt(db, rf):
    drawn = []

    def draw(data, fmt):
        drawn.append(data)
        return draw_bars(data, fmt)

    for spelt in ("1", "01", "1.0"):
        request = rf.get("/grafiek.png", {"page": spelt})
        responses.chart_response(
            request, name="t", fmt="png", areas=AREAS, data=lambda: [("A", 1)], draw=draw, params={"page": 1}
        )
    assert len(drawn) == 1


def test_a_chart_refuses_a_parameter_it_does_not_use(db, rf):
    with pytest.raises(BadRequest):
        responses.chart_response(
            rf.get("/grafiek.png", {"x": "1"}), name="t", fmt="png", areas=AREAS, data=list, draw=draw_bars
        )


def test_a_cached_chart_costs_one_query_and_reads_no_data(db, rf, django_assert_num_queries):
    chart(rf.get("/grafiek.png"), [("A", 1)], [])

    def unreadable():
        raise AssertionError("the data of a cached chart must not be read")

    with django_assert_num_queries(1):  # the data versions
        responses.chart_response(
            rf.get("/grafiek.png"), name="t", fmt="png", areas=AREAS, data=unreadable, draw=draw_bars
        )


def test_unknown_format_is_a_404(rf):
    with pytest.raises(Http404):
        responses.chart_response(rf.get("/grafiek.gif"), name="t", fmt="gif", areas=AREAS, data=list, draw=draw_bars)


def current_url(path: str = "/grafiek.png", **extra) -> str:
    return responses.chart_url(
        path, query="&".join(f"{k}={v}" for k, v in extra.items()), version=versions.data_version(*AREAS)
    )


def test_a_chart_at_the_current_version_is_kept_for_good(db, rf):
    response = chart(rf.get(current_url(regio="drenthe")), [("A", 1)], [])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"


def test_a_chart_without_a_version_is_checked_again_on_every_use(db, rf):
    response = chart(rf.get("/grafiek.png"), [("A", 1)], [])
    assert response["Cache-Control"] == "private, no-cache"
    unchanged = chart(rf.get("/grafiek.png", HTTP_IF_NONE_MATCH=response["ETag"]), [("A", 1)], [])
    assert unchanged.status_code == 304
    versions.data_changed(versions.LINKS)
    changed = chart(rf.get("/grafiek.png", HTTP_IF_NONE_MATCH=response["ETag"]), [("A", 2)], [])
    assert changed.status_code == 200
    assert changed["ETag"] != response["ETag"]


def test_a_chart_at_an_old_version_sends_the_reader_to_the_current_one(db, rf):
    old = current_url(regio="drenthe")
    versions.data_changed(versions.LINKS)
    drawn = []
    response = chart(rf.get(old), [("A", 1)], drawn)
    assert response.status_code == 302
    assert response["Location"] == current_url(regio="drenthe")
    assert response["Cache-Control"] == "private, no-cache"
    assert drawn == []  # the old version is never drawn from the new data


def test_a_phone_gets_a_narrower_png(db, rf):
    full = chart(rf.get(current_url()), [("A", 1)], [])
    narrow = chart(rf.get(current_url(breedte=responses.NARROW_WIDTHS[0])), [("A", 1)], [])
    assert Image.open(io.BytesIO(full.content)).size == (880, 550)  # 8 by 5 inches at 110 dpi
    assert Image.open(io.BytesIO(narrow.content)).size == (480, 300)
    assert narrow["Cache-Control"] == "private, max-age=31536000, immutable"
    with pytest.raises(Http404):
        chart(rf.get(current_url(breedte=123)), [("A", 1)], [])


def slow_chart(request, drawn: list, release: threading.Event):
    def draw(data, fmt):
        drawn.append(threading.get_ident())
        release.wait(5)
        return draw_bars(data, fmt)

    try:
        return responses.chart_response(request, name="t", fmt="png", areas=AREAS, data=lambda: [("A", 1)], draw=draw)
    finally:
        if threading.current_thread() is not threading.main_thread():
            connection.close()


def readers_at_once(rf, count: int, drawn: list, release: threading.Event, *, after=None):
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(slow_chart, rf.get("/grafiek.png"), drawn, release) for _ in range(count)]
        if after:
            after()
        return [future.result() for future in futures]


@pytest.mark.django_db(transaction=True)
def test_readers_at_once_wait_for_one_drawing(rf):
    drawn = []
    release = threading.Event()
    responses_ = readers_at_once(rf, 8, drawn, release, after=lambda: threading.Timer(0.3, release.set).start())
    assert len(drawn) == 1
    assert {r.status_code for r in responses_} == {200}
    assert len({r.content for r in responses_}) == 1


@pytest.mark.django_db(transaction=True)
def test_a_long_drawing_serves_the_previous_version_marked_as_redrawn(rf, monkeypatch):
    previous = chart(rf.get("/grafiek.png"), [("Vorige", 1)], [])
    versions.data_changed(versions.LINKS)
    monkeypatch.setattr(responses, "WAIT_SECONDS", 0.2)
    drawn = []
    release = threading.Event()
    first_drawer = threading.Thread(target=slow_chart, args=(rf.get("/grafiek.png"), drawn, release))
    first_drawer.start()
    while not drawn:
        threading.Event().wait(0.01)
    waiting = slow_chart(rf.get("/grafiek.png"), drawn, release)
    release.set()
    first_drawer.join()
    assert len(drawn) == 1
    assert waiting.content == previous.content
    assert waiting["Cache-Control"] == "no-store"
    assert waiting[responses.REDRAWING_HEADER] == "1"


def test_a_process_draws_only_a_few_charts_at_once(db, rf, monkeypatch):
    monkeypatch.setattr(responses, "SLOT_SECONDS", 0.1)
    monkeypatch.setattr(responses, "WAIT_SECONDS", 0.1)
    slots = [responses._drawing_slots.acquire(blocking=False) for _ in range(responses.DRAWS_PER_PROCESS)]
    try:
        assert all(slots)
        busy = chart(rf.get("/grafiek.png"), [("A", 1)], [])
    finally:
        for _ in slots:
            responses._drawing_slots.release()
    assert busy.status_code == 503
    assert busy["Retry-After"]
    assert chart(rf.get("/grafiek.png"), [("A", 1)], []).status_code == 200


def test_a_chart_waits_for_a_drawing_slot_rather_than_being_refused_at_once(db, rf, monkeypatch):
    """With the shared cache down every request draws; a slot that comes free within the
    request's waiting time serves the chart (the fault drill's frozen Redis saw 503s here)."""
    monkeypatch.setattr(responses, "SLOT_SECONDS", 0.1)
    slots = [responses._drawing_slots.acquire(blocking=False) for _ in range(responses.DRAWS_PER_PROCESS)]
    assert all(slots)
    freed = threading.Timer(0.4, lambda: [responses._drawing_slots.release() for _ in slots])
    freed.start()
    try:
        served = chart(rf.get("/grafiek.png"), [("A", 1)], [])
    finally:
        freed.join()
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"


def test_without_the_cache_lock_the_chart_is_still_drawn(db, rf, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", unreachable)
    drawn = []
    response = chart(rf.get("/grafiek.png"), [("A", 1)], drawn)
    assert response.status_code == 200
    assert drawn == [[("A", 1)]]


def test_numbers_on_charts_are_written_the_dutch_way():
    assert [rendering.dutch_number(v) for v in (0.5, 3.0, 2.25, 12)] == ["0,5", "3", "2,25", "12"]


def test_round_bars_show_their_values_and_whole_titles_with_dutch_decimals():
    from prioritisation import figures

    title = "Versterk de samenwerking tussen de verschillende domeinen"
    rows = [(1, title, 3.5, 2.0), (2, "Kort", 1.0, 4.5)]
    with translation.override("nl"):
        svg = figures.draw_priority_bars({"scale": True, "rows": rows, "total": 2}, "svg").decode()
    assert "3,5" in svg and "4,5" in svg  # the values beside the bars
    assert "…" not in svg and "domeinen" in svg  # wrapped, never cut off
    assert ">0.5<" not in svg and ">3.5<" not in svg
