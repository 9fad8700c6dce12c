"""Wraps rendered charts in HTTP responses, cached on the version of the data they show.

A chart's URL names the version of the data areas it shows (`?v=`, see chart_url). Pages link
the current version, so a browser may keep a versioned chart for good: after a write the page
links a new URL, and the chart beside a table is never older than the table. A URL without a
version is answered with the current chart and must be checked again on every use; a URL with
an old version is sent on to the current one.

The cache key names the chart, its format, the chart's URL with its query (which round,
filters or lines it shows), the language, the day and the data version
(charts.versions.shown_data_key). Serving a cached chart therefore costs one indexed read, not
the queries behind it. A chart that is not cached yet is drawn once across all workers and
servers: the first request takes a lock in the shared cache and draws; the others wait for
its drawing, or after a while get the previous version, marked as being redrawn."""

import hashlib
import io
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from charts import rendering
from charts.versions import UNSHOWN_PARAMETERS, VERSION_PARAMETER, WIDTH_PARAMETER, data_version, shown_data_key

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60 * 60 * 24
# A versioned URL never shows other data: browsers keep it a year without asking again.
VERSIONED_CACHE = "private, max-age=31536000, immutable"
UNVERSIONED_CACHE = "private, no-cache"
# Smaller copies of a PNG chart for phones (srcset), besides the chart at its own width.
NARROW_WIDTHS = (480, 640, 800)
# A drawing that takes longer than this is given up as lost (its worker died): others draw.
LOCK_SECONDS = 30
# How long a request waits, all told, for another's drawing (then it serves the previous
# version) and for a free drawing slot (then it answers "busy"): a worker is not held much
# longer than ~5 s even when many charts change at once on a busy server. Without the shared
# cache (Redis down) every request draws, so slots are waited for the whole time: a cache
# failure makes charts slower, not refused. A request that waited for another's drawing still
# gets SLOT_SECONDS for a slot.
WAIT_SECONDS = 4.0
SLOT_SECONDS = 1.0
POLL_SECONDS = 0.05
# matplotlib draws under Python's global lock: more than two drawings at once in one process only
# slow each other down, and would tie up every thread of the worker.
DRAWS_PER_PROCESS = 2
REDRAWING_HEADER = "Chart-Redrawing"
CHART_PARAMETER_UNKNOWN = gettext_lazy("This chart does not use the parameter %(name)s.")
BUSY = gettext_lazy("Many charts are being drawn right now. Please try again in a few seconds.")
WIDTH_UNAVAILABLE = gettext_lazy("This chart is not available at that width.")

_drawing_slots = threading.BoundedSemaphore(DRAWS_PER_PROCESS)


class _Busy(Exception):
    """No drawing slot came free in time."""


def chart_url(url: str, *, query: str = "", version: str, width: int | None = None) -> str:
    """The URL of a chart at a data version, optionally narrowed to a width in pixels."""
    parameters = [query] if query else []
    parameters.append(urlencode({VERSION_PARAMETER: version}))
    if width:
        parameters.append(urlencode({WIDTH_PARAMETER: width}))
    return f"{url}?{'&'.join(parameters)}"


def chart_cache_key(
    request: HttpRequest, *, name: str, fmt: str, areas: Iterable[str], params: Mapping[str, Any]
) -> str:
    return f"chart:{name}:{fmt}:{shown_data_key(request, *areas, params=params)}"


def _place_key(request: HttpRequest, *, name: str, fmt: str, params: Mapping[str, Any]) -> str:
    """The chart at this URL whatever the version: where the latest drawing is kept."""
    query = sorted((key, str(value)) for key, value in params.items() if value)
    place = repr((request.path, query, translation.get_language()))
    return f"chart-latest:{name}:{fmt}:{hashlib.sha256(place.encode()).hexdigest()}"


def chart_response(
    request: HttpRequest,
    *,
    name: str,
    fmt: str,
    areas: Iterable[str],
    data: Callable[[], Any],
    draw: Callable[[Any, str], bytes],
    params: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """The chart as PNG or SVG, of the data areas it shows. Only when it is not cached yet are
    data() read and draw(data, fmt) rendered: a cached chart costs no queries for its data.

    params are the chart's query parameters after checking, each a value its page can
    produce (the caller refuses or snaps any other). The query may hold no other parameter
    (besides the version and the width), and the chart is cached on params, not on the query
    as spelt: varying a parameter can therefore not make the server draw and keep an
    unbounded number of charts."""
    if fmt not in rendering.FORMATS:
        raise Http404(_("Charts are available as PNG and SVG."))
    params = params or {}
    unknown = sorted(set(request.GET) - set(params) - set(UNSHOWN_PARAMETERS))
    if unknown:
        raise BadRequest(CHART_PARAMETER_UNKNOWN % {"name": unknown[0]})
    areas = tuple(areas)
    width = _asked_width(request, fmt)
    version = data_version(*areas, request=request)
    asked_version = request.GET.get(VERSION_PARAMETER)
    if asked_version is not None and asked_version != version:
        return _to_current_version(request, version)
    key = chart_cache_key(request, name=name, fmt=fmt, areas=areas, params=params)
    etag = f'"{key.rsplit(":", 1)[-1][:32]}-{width or 0}"'
    if asked_version is None and etag in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers={"ETag": etag, "Cache-Control": UNVERSIONED_CACHE})
    try:
        content, redrawing = _drawn_once(
            key, _place_key(request, name=name, fmt=fmt, params=params), draw=lambda: draw(data(), fmt)
        )
    except _Busy:
        return HttpResponse(str(BUSY), status=503, headers={"Retry-After": "2", "Cache-Control": "no-store"})
    if width:
        content = _narrowed(key, content, width)
    response = HttpResponse(content, content_type=rendering.FORMATS[fmt])
    if redrawing:
        # The previous version, while another request draws the current one: never kept.
        response["Cache-Control"] = "no-store"
        response[REDRAWING_HEADER] = "1"
    elif asked_version is None:
        response["Cache-Control"] = UNVERSIONED_CACHE
        response["ETag"] = etag
    else:
        response["Cache-Control"] = VERSIONED_CACHE
    return response


def _asked_width(request: HttpRequest, fmt: str) -> int | None:
    asked = request.GET.get(WIDTH_PARAMETER)
    if asked is None:
        return None
    if fmt != "png" or not asked.isdigit() or int(asked) not in NARROW_WIDTHS:
        raise Http404(WIDTH_UNAVAILABLE)
    return int(asked)


def _to_current_version(request: HttpRequest, version: str) -> HttpResponse:
    query = request.GET.copy()
    query[VERSION_PARAMETER] = version
    response = HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
    response["Cache-Control"] = UNVERSIONED_CACHE
    return response


def _drawn_once(key: str, place_key: str, *, draw: Callable[[], bytes]) -> tuple[bytes, bool]:
    """The chart under key, drawn by at most one request at a time across all servers; and
    whether it is the previous version because the current one is still being drawn."""
    content = cache.get(key)
    if content is not None:
        return content, False
    lock_key = f"{key}:drawing"
    locked = _lock(lock_key)
    deadline = time.monotonic() + WAIT_SECONDS
    if not locked:
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            content = cache.get(key)
            if content is not None:
                return content, False
            if cache.get(lock_key) is None:
                break  # the drawing failed, or the cache lost the lock: draw here
        else:
            previous = cache.get(place_key)
            if previous is not None:
                return previous, True
    try:
        content = _draw_in_slot(draw, wait=max(SLOT_SECONDS, deadline - time.monotonic()))
        cache.set_many({key: content, place_key: content}, CACHE_SECONDS)
    finally:
        if locked:
            _unlock(lock_key)
    return content, False


def _draw_in_slot(draw: Callable[[], bytes], *, wait: float) -> bytes:
    if not _drawing_slots.acquire(timeout=wait):
        raise _Busy
    try:
        return draw()
    finally:
        _drawing_slots.release()


def _lock(lock_key: str) -> bool:
    """Take the drawing lock. When the cache cannot be reached, drawing without the lock is
    the right fallback: at worst a chart is drawn more than once."""
    try:
        return cache.add(lock_key, 1, LOCK_SECONDS)
    except Exception:  # any cache backend's own connection errors
        logger.warning("Chart lock unavailable; drawing without it", exc_info=True)
        return True


def _unlock(lock_key: str) -> None:
    try:
        cache.delete(lock_key)
    except Exception:  # the lock then expires by itself after LOCK_SECONDS
        logger.warning("Chart lock not released", exc_info=True)


def _narrowed(key: str, content: bytes, width: int) -> bytes:
    """A PNG chart scaled down to width pixels for a phone; cached beside the chart itself."""
    narrow_key = f"{key}:{width}"
    narrowed = cache.get(narrow_key)
    if narrowed is None:
        from PIL import Image

        image = Image.open(io.BytesIO(content))
        if image.width <= width:
            return content
        height = round(image.height * width / image.width)
        buffer = io.BytesIO()
        narrow = image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
        # A chart has few colours: a palette of 256 keeps it sharp at a third of the bytes.
        narrow.quantize(256).save(buffer, format="PNG")
        narrowed = buffer.getvalue()
        cache.set(narrow_key, narrowed, CACHE_SECONDS)
    return narrowed
