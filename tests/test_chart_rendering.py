"""The shared chart machinery: real PNG/SVG bytes, cached on the data shown."""

import pytest
from django.core.cache import cache
from django.http import Http404

from charts import rendering, responses


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


def test_chart_response_caches_until_the_data_change():
    cache.clear()
    calls = []

    def draw(data, fmt):
        calls.append(data)
        return draw_bars(data, fmt)

    first = responses.chart_response(name="t", fmt="png", data=[("A", 1)], draw=draw)
    again = responses.chart_response(name="t", fmt="png", data=[("A", 1)], draw=draw)
    changed = responses.chart_response(name="t", fmt="png", data=[("A", 2)], draw=draw)
    assert first["Content-Type"] == "image/png"
    assert first.content == again.content
    assert changed.content != first.content
    assert calls == [[("A", 1)], [("A", 2)]]


def test_unknown_format_is_a_404():
    with pytest.raises(Http404):
        responses.chart_response(name="t", fmt="gif", data=[], draw=draw_bars)
