"""Wraps rendered charts in HTTP responses, cached on the data they show.

The cache key is a hash of the chart's name, format and data, so a chart is
rendered again exactly when its data change and never served stale."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from charts import rendering

CACHE_SECONDS = 60 * 60 * 24


def chart_cache_key(*, name: str, fmt: str, data: Any) -> str:
    payload = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.sha256(f"{name}|{fmt}|{payload}".encode()).hexdigest()
    return f"chart:{name}:{fmt}:{digest}"


def chart_response(*, name: str, fmt: str, data: Any, draw: Callable[[Any, str], bytes]) -> HttpResponse:
    """The chart as PNG or SVG; draw(data, fmt) renders it when it is not cached yet."""
    if fmt not in rendering.FORMATS:
        raise Http404(_("Charts are available as PNG and SVG."))
    key = chart_cache_key(name=name, fmt=fmt, data=data)
    content = cache.get(key)
    if content is None:
        content = draw(data, fmt)
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type=rendering.FORMATS[fmt])
    response["Cache-Control"] = "private, max-age=300"
    return response
