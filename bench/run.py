"""The benchmark behind `make bench`: every main page at 1x, 10x and 100x the seed.

Each page is requested in-process through the full middleware stack with a logged-in
user, repeatedly; the median and p95 times are reported as milliseconds and as a ratio
to a trivial page measured in the same run, so that the figures compare across machines.
Charts are measured twice: the first render, and served from the cache."""

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gezondemarke.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench import synthetic  # noqa: E402
from recommendations.models import Recommendation  # noqa: E402
from regioplan.models import Region  # noqa: E402
from workagenda.models import OperationalGoal  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"
SCALES = (1, 10, 100)
REPEATS = 15


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str]


def first(model, **order) -> object:
    return model.objects.order_by(*order.get("by", ["pk"])).first()


PAGES = [
    Page("home", lambda: "/"),
    Page("recommendations", lambda: "/aanbevelingen/"),
    Page("recommendation", lambda: f"/aanbevelingen/{first(Recommendation, by=['number']).number}/"),
    Page("region", lambda: f"/regios/{first(Region).slug}/"),
    Page("goal", lambda: f"/werkagenda/doelen/{first(OperationalGoal).pk}/"),
]
CHARTS: list[Page] = []
TRIVIAL = Page("trivial", lambda: "/gezond/")


def measure(client: Client, url: str, repeats: int = REPEATS) -> tuple[list[float], int]:
    response = client.get(url)  # warm-up; also fails fast on a broken page
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    timings = []
    queries = 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
    return timings, queries


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def fresh_database() -> None:
    call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "accounts", "zero", verbosity=0)  # the roles come back with their migration
    call_command("migrate", "accounts", verbosity=0)


def run() -> dict:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        client = Client()
        trivial_ms = []
        pages, charts, sizes = [], [], {}
        for factor in SCALES:
            fresh_database()
            sizes[factor] = synthetic.build(synthetic.Scale(factor))
            user = get_user_model().objects.create_superuser("bench", password=None)
            client.force_login(user)
            timings, _ = measure(client, TRIVIAL.url(), repeats=50)
            trivial_ms.append(statistics.median(timings))
            for page in PAGES:
                timings, queries = measure(client, page.url())
                pages.append(
                    {
                        "name": page.name,
                        "scale": factor,
                        "median_ms": statistics.median(timings),
                        "p95_ms": p95(timings),
                        "queries": queries,
                    }
                )
            for chart in CHARTS:
                cache.clear()
                start = time.perf_counter()
                client.get(chart.url())
                first_ms = (time.perf_counter() - start) * 1000
                timings, _ = measure(client, chart.url())
                charts.append(
                    {"name": chart.name, "scale": factor, "first_ms": first_ms, "cached_ms": statistics.median(timings)}
                )
        trivial = statistics.median(trivial_ms)
        for row in pages:
            row["ratio_to_trivial"] = row["median_ms"] / trivial
        for row in charts:
            row["cached_ratio_to_trivial"] = row["cached_ms"] / trivial
        return {"database": connection.vendor, "trivial_ms": trivial, "sizes": sizes, "pages": pages, "charts": charts}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def report(results: dict) -> str:
    lines = [f"Database: {results['database']}; trivial page: {results['trivial_ms']:.2f} ms (median)", ""]
    for factor, size in results["sizes"].items():
        lines.append(f"{factor:>3}x: " + ", ".join(f"{count} {kind}" for kind, count in size.items()))
    lines += ["", f"{'page':<26}{'scale':>6}{'median ms':>11}{'p95 ms':>9}{'queries':>9}{'x trivial':>11}{'growth':>9}"]
    base = {row["name"]: row for row in results["pages"] if row["scale"] == SCALES[0]}
    for row in results["pages"]:
        growth = row["median_ms"] / base[row["name"]]["median_ms"]
        lines.append(
            f"{row['name']:<26}{row['scale']:>5}x{row['median_ms']:>11.1f}{row['p95_ms']:>9.1f}"
            f"{row['queries']:>9}{row['ratio_to_trivial']:>11.1f}{growth:>8.2f}x"
        )
    if results["charts"]:
        lines += ["", f"{'chart':<26}{'scale':>6}{'first ms':>10}{'cached ms':>11}{'cached x trivial':>18}"]
        for row in results["charts"]:
            lines.append(
                f"{row['name']:<26}{row['scale']:>5}x{row['first_ms']:>10.1f}{row['cached_ms']:>11.2f}"
                f"{row['cached_ratio_to_trivial']:>18.1f}"
            )
    return "\n".join(lines)


def main() -> int:
    results = run()
    RESULTS.write_text(json.dumps(results, indent=2))
    print(report(results))
    print(f"\nWritten to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
