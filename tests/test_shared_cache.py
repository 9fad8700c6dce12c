"""With REDIS_URL set, several app servers share the charts one of them rendered."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.servers import redis_server

ROOT = Path(__file__).resolve().parent.parent

# One app server: serves the coverage chart through the shared cache and says whether
# it had to draw it. The servers share one database, as app servers behind a load
# balancer share PostgreSQL: the chart data version they read is the same.
SERVER = """
import hashlib, json, django
django.setup()
from django.core.management import call_command
from django.test import RequestFactory
from charts.responses import chart_response
from coverage import charts

call_command("migrate", "charts", verbosity=0)

drawn = []
def draw(data, fmt):
    drawn.append(fmt)
    return charts.draw_coverage(data, fmt)

data = {"title": "Verankering", "rows": [
    {"number": 1, "short_title": "Samenwerking", "count": 16, "url": "/werkagenda/doelen/?aanbeveling=1"},
    {"number": 2, "short_title": "Financiering", "count": 3, "url": "/werkagenda/doelen/?aanbeveling=2"},
]}
request = RequestFactory().get("/verankering/grafiek/dekking.png")
response = chart_response(
    request, name="coverage-dekking", fmt="png", areas=("links",), data=lambda: data, draw=draw
)
print(json.dumps({"drawn": bool(drawn), "digest": hashlib.sha256(response.content).hexdigest(),
                  "backend": django.conf.settings.CACHES["default"]["BACKEND"]}))
"""


@pytest.fixture
def redis_url(tmp_path):
    with redis_server(tmp_path) as server:
        yield server.url


@pytest.fixture
def shared_cache(redis_url):
    return redis.Redis.from_url(redis_url)


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'servers.sqlite3'}"


def app_server(database_url: str, *, redis_url: str | None) -> dict:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.test", "DATABASE_URL": database_url}
    environment.pop("REDIS_URL", None)
    if redis_url:
        environment["REDIS_URL"] = redis_url
    finished = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SERVER], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_two_app_servers_share_a_rendered_chart(shared_cache, redis_url, database_url):
    first = app_server(database_url, redis_url=redis_url)
    assert first["backend"] == "gezondemarke.cache.OptionalRedisCache"
    assert first["drawn"] is True
    assert list(shared_cache.scan_iter(match=":1:chart:coverage-dekking:png:*"))

    second = app_server(database_url, redis_url=redis_url)
    assert second["drawn"] is False
    assert second["digest"] == first["digest"]


def test_without_redis_url_each_server_renders_in_its_own_memory(shared_cache, database_url):
    first = app_server(database_url, redis_url=None)
    assert first["backend"] == "django.core.cache.backends.locmem.LocMemCache"
    assert first["drawn"] is True
    assert app_server(database_url, redis_url=None)["drawn"] is True
    assert shared_cache.dbsize() == 0
