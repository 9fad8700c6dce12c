"""Redraws the charts a dashboard shows first, right after a write commits.

Right after a change is when people look: without this, the first readers of a dashboard
wait for its charts to be drawn. The apps that own charts register, per data area, a function
that draws the charts of their dashboards as they open without filters (the views most
readers see); charts.versions calls redraw_after_commit() with the areas a transaction changed.

The drawing runs in a thread of its own, and the writing request waits for it up to
WRITER_WAITS_SECONDS before it answers (then the drawing goes on in the background). So the
one who saved pays about a chart's drawing time once (~0.2-0.4 s), and the readers who open the
dashboard after the save find its charts drawn. Drawing goes through
charts.responses.chart_response, so a reader who asks for the same chart meanwhile waits for this
drawing instead of drawing it a second time. Charts with filters are drawn when someone asks."""

import logging
import threading
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, QueryDict

logger = logging.getLogger(__name__)

WRITER_WAITS_SECONDS = 2.0

_redrawers: dict[str, list[Callable[[], None]]] = {}
_state = threading.Lock()
_pending: set[str] = set()
_worker: threading.Thread | None = None


def register(area: str, redraw: Callable[[], None]) -> None:
    """redraw() draws charts of the area into the cache; called in AppConfig.ready()."""
    if redraw not in _redrawers.setdefault(area, []):
        _redrawers[area].append(redraw)


def chart_request(path: str, query: str = "") -> HttpRequest:
    """A request for a chart as its page links it, to hand to the chart's drawing code."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.GET = QueryDict(query)
    return request


def chart_requests(path: str, query: str = "") -> list[HttpRequest]:
    """Requests for a PNG chart and for each of its phone copies, as its page links them."""
    # Imported here: charts.versions, which charts.responses imports, imports this module.
    from charts.responses import NARROW_WIDTHS
    from charts.versions import WIDTH_PARAMETER

    queries = [query] + ["&".join(filter(None, [query, f"{WIDTH_PARAMETER}={width}"])) for width in NARROW_WIDTHS]
    return [chart_request(path, each) for each in queries]


def redraw_after_commit(areas: Iterable[str]) -> None:
    """Redraw the registered charts of the areas, in this process's one drawing thread; wait for
    it up to WRITER_WAITS_SECONDS. Writes that commit while it draws join its work: a burst of
    writes draws each chart once more, not once per write."""
    global _worker
    areas = {area for area in areas if area in _redrawers}
    if not areas or not settings.CHARTS_REDRAW_AFTER_WRITE or _cache_unreachable():
        return
    with _state:
        _pending.update(areas)
        if _worker is None:
            # Not a daemon: a process that exits (a command that wrote, a worker shutting down)
            # waits for the drawing, which, cut off inside matplotlib, aborts the whole process.
            _worker = threading.Thread(target=_work, name="chart-redraw", daemon=False)
            _worker.start()
        worker = _worker
    worker.join(WRITER_WAITS_SECONDS)


def _cache_unreachable() -> bool:
    """Whether the shared cache is known to be down (gezondemarke.cache): the drawings would be
    thrown away, and would only take the drawing slots the readers, who now all draw, need."""
    resting = getattr(cache, "is_resting", None)
    return bool(resting and resting())


def _work() -> None:
    global _worker
    try:
        while True:
            with _state:
                areas = sorted(_pending)
                _pending.clear()
                if not areas:
                    _worker = None
                    return
            for area in areas:
                for redraw in _redrawers[area]:
                    try:
                        redraw()
                    except Exception:  # a chart that fails here is drawn, or fails visibly, when a reader asks
                        logger.exception("Redrawing charts after a write failed")
    finally:
        connection.close()  # this thread's own connection
