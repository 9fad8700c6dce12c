"""The shared chart machinery: real PNG/SVG bytes, cached on the data shown."""

import pytest
from django.http import Http404
from django.utils import translation

from charts import rendering, responses, versions


def draw_bars(data, fmt):
    def draw(figure):
        axes = figure.add_subplot()
        axes.barh([label for label, _ in data], [value for _, value in data])
        axes.set_title("Test")

    return rendering.render(draw, fmt=fmt, width=4, height=3)


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


def chart(request, shown, drawn):
    def draw(data, fmt):
        drawn.append(data)
        return draw_bars(data, fmt)

    return responses.chart_response(request, name="t", fmt="png", data=lambda: shown, draw=draw)


def test_chart_response_draws_once_until_the_data_change(db, rf):
    drawn = []
    first = chart(rf.get("/grafiek.png"), [("A", 1)], drawn)
    again = chart(rf.get("/grafiek.png"), [("A", 2)], drawn)  # nothing was written: still cached
    assert first["Content-Type"] == "image/png"
    assert again.content == first.content
    assert drawn == [[("A", 1)]]

    versions.data_changed()
    changed = chart(rf.get("/grafiek.png"), [("A", 2)], drawn)
    assert changed.content != first.content
    assert drawn == [[("A", 1)], [("A", 2)]]


def test_each_url_and_language_has_a_chart_of_its_own(db, rf):
    drawn = []
    chart(rf.get("/grafiek.png", {"regio": "drenthe", "thema": "1"}), [("Drenthe", 1)], drawn)
    chart(rf.get("/grafiek.png", {"thema": "1", "regio": "drenthe"}), [("Zelfde filters", 1)], drawn)
    chart(rf.get("/grafiek.png", {"regio": "ijv"}), [("IJssel-Vecht", 1)], drawn)
    chart(rf.get("/andere-grafiek.png"), [("Andere grafiek", 1)], drawn)
    with translation.override("en"):
        chart(rf.get("/grafiek.png", {"regio": "ijv"}), [("English", 1)], drawn)
    assert [label for ((label, _value),) in drawn] == ["Drenthe", "IJssel-Vecht", "Andere grafiek", "English"]


def test_a_cached_chart_costs_one_query_and_reads_no_data(db, rf, django_assert_num_queries):
    chart(rf.get("/grafiek.png"), [("A", 1)], [])

    def unreadable():
        raise AssertionError("the data of a cached chart must not be read")

    with django_assert_num_queries(1):  # the data version
        responses.chart_response(rf.get("/grafiek.png"), name="t", fmt="png", data=unreadable, draw=draw_bars)


def test_unknown_format_is_a_404(rf):
    with pytest.raises(Http404):
        responses.chart_response(rf.get("/grafiek.gif"), name="t", fmt="gif", data=list, draw=draw_bars)


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
