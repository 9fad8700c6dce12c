"""Wraps rendered charts in HTTP responses, cached on the version of the data they show.

The cache key names the chart, its format, the chart's URL with its query (which says
which round, filters or lines the chart shows), the language, the day and the data
version (charts.versions.shown_data_key). Serving a cached chart therefore costs one
indexed read, not the queries behind it; a write gives the data a new version, so a
chart is drawn again exactly when its data change and is never served stale."""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from charts import rendering
from charts.versions import shown_data_key

CACHE_SECONDS = 60 * 60 * 24


def chart_cache_key(request: HttpRequest, *, name: str, fmt: str) -> str:
    return f"chart:{name}:{fmt}:{shown_data_key(request)}"


def chart_response(
    request: HttpRequest, *, name: str, fmt: str, data: Callable[[], Any], draw: Callable[[Any, str], bytes]
) -> HttpResponse:
    """The chart as PNG or SVG. Only when it is not cached yet are data() read and
    draw(data, fmt) rendered: a cached chart costs no queries for its data."""
    if fmt not in rendering.FORMATS:
        raise Http404(_("Charts are available as PNG and SVG."))
    key = chart_cache_key(request, name=name, fmt=fmt)
    content = cache.get(key)
    if content is None:
        content = draw(data(), fmt)
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type=rendering.FORMATS[fmt])
    response["Cache-Control"] = "private, max-age=300"
    return response
