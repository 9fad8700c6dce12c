"""Wraps rendered charts in HTTP responses, cached on the version of the data they show.

The cache key names the chart, its format, the chart's URL with its query (which says
which round, filters or lines the chart shows), the language, the day and the data
version (charts.versions.shown_data_key). Serving a cached chart therefore costs one
indexed read, not the queries behind it; a write gives the data a new version, so a
chart is drawn again exactly when its data change and is never served stale."""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from charts import rendering
from charts.versions import shown_data_key

CACHE_SECONDS = 60 * 60 * 24
CHART_PARAMETER_UNKNOWN = gettext_lazy("This chart does not use the parameter %(name)s.")


def chart_cache_key(request: HttpRequest, *, name: str, fmt: str, params: Mapping[str, Any]) -> str:
    return f"chart:{name}:{fmt}:{shown_data_key(request, params=params)}"


def chart_response(
    request: HttpRequest,
    *,
    name: str,
    fmt: str,
    data: Callable[[], Any],
    draw: Callable[[Any, str], bytes],
    params: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The chart as PNG or SVG. Only when it is not cached yet are data() read and
    draw(data, fmt) rendered: a cached chart costs no queries for its data.

    params are the chart's query parameters after checking, each a value its page can
    produce (the caller refuses or snaps any other). The query may hold no other parameter,
    and the chart is cached on params, not on the query as spelt: varying a parameter can
    therefore not make the server draw and keep an unbounded number of charts."""
    if fmt not in rendering.FORMATS:
        raise Http404(_("Charts are available as PNG and SVG."))
    params = params or {}
    unknown = sorted(set(request.GET) - set(params))
    if unknown:
        raise BadRequest(CHART_PARAMETER_UNKNOWN % {"name": unknown[0]})
    key = chart_cache_key(request, name=name, fmt=fmt, params=params)
    content = cache.get(key)
    if content is None:
        content = draw(data(), fmt)
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type=rendering.FORMATS[fmt])
    response["Cache-Control"] = "private, max-age=300"
    return response
