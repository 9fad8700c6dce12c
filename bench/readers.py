"""Readers right after a write: the full anchoring dashboard, the page and every chart on it, as a
new reader's browser loads it, by 1 and by 8 readers at once, right after a link was saved and
without a write. Each reader is a thread with a client of its own, through the full middleware
stack; the cache is the app servers' shared cache (one per process here, as in tests).

Right after a write the dashboard's parts and charts must be built again: the target is that 8
readers at once then wait at most 1.5x as long as without the write, which asks that each chart
is drawn once, not by every reader, and as early as possible: the charts of the dashboard are
redrawn in the background as the write commits (charts.redraw), as on the app servers."""

import html
import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings

from recommendations.models import Recommendation
from workagenda import services
from workagenda.models import GoalLink, OperationalGoal

DASHBOARD = "/verankering/"
READERS = (1, 8)
ROUNDS = 6
MAX_AFTER_WRITE_RATIO = 1.5
_IMAGE = re.compile(r'<img[^>]*\ssrc="([^"]+)"')


def full_view(client: Client) -> float:
    """Milliseconds for the page and every chart image it links, one after the other."""
    start = time.perf_counter()
    response = client.get(DASHBOARD)
    if response.status_code != 200:
        raise SystemExit(f"{DASHBOARD} answered {response.status_code}")
    for src in _IMAGE.findall(response.content.decode()):
        chart = client.get(html.unescape(src))
        if chart.status_code != 200:
            raise SystemExit(f"{src} answered {chart.status_code}")
    return (time.perf_counter() - start) * 1000


def _reader(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _together(clients: list[Client]) -> list[float]:
    """Every reader's full view, all started at the same moment."""
    start = threading.Barrier(len(clients))

    def read(client: Client) -> float:
        start.wait()
        try:
            return full_view(client)
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(read, clients))


def _write(user) -> None:
    """Save or remove one link, as an advisor does in the grid: a new version for the links."""
    goal = OperationalGoal.objects.order_by("pk").first()
    recommendation = Recommendation.objects.order_by("-number").first()
    link = GoalLink.objects.filter(goal=goal, recommendation=recommendation).first()
    if link:
        services.goal_link_delete(link=link, user=user)
    else:
        services.goal_link_create(goal=goal, recommendation=recommendation, user=user)


@override_settings(CHARTS_REDRAW_AFTER_WRITE=True)  # as in production; the test settings turn it off
def measure(factor: int) -> list[dict]:
    user = get_user_model().objects.get(username="bench")
    rows = []
    for count in READERS:
        clients = [_reader(user) for _ in range(count)]
        timings = {"no write": [], "after a write": []}
        _together(clients)  # everything drawn and cached once
        for _ in range(ROUNDS):
            timings["no write"] += _together(clients)
            _write(user)
            timings["after a write"] += _together(clients)
        for case, values in timings.items():
            rows.append(
                {
                    "scale": factor,
                    "readers": count,
                    "case": case,
                    "median_ms": statistics.median(values),
                    "max_ms": max(values),
                }
            )
    return rows


def misses(rows: list[dict]) -> list[str]:
    found = []
    by_key = {(row["scale"], row["readers"], row["case"]): row for row in rows}
    for (factor, count, case), row in by_key.items():
        if case != "after a write" or count != max(READERS):
            continue
        ratio = row["median_ms"] / by_key[(factor, count, "no write")]["median_ms"]
        if ratio > MAX_AFTER_WRITE_RATIO:
            found.append(f"{count} readers at {factor}x right after a write: {ratio:.1f}x the median without a write")
    return found


def report(rows: list[dict]) -> list[str]:
    lines = [f"{'full dashboard view':<22}{'scale':>6}{'readers':>9}{'case':>15}{'median ms':>11}{'max ms':>9}"]
    for row in rows:
        lines.append(
            f"{DASHBOARD:<22}{row['scale']:>5}x{row['readers']:>9}{row['case']:>15}"
            f"{row['median_ms']:>11.1f}{row['max_ms']:>9.1f}"
        )
    return lines
