"""With REDIS_URL set and Redis down or frozen, every dashboard and chart is still served,
uncached; the failure is logged once per interval, and /gezond/ says the cache is down."""

import importlib
import logging
import re

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from charts import redraw
from gezondemarke import cache as optional_cache
from gezondemarke.settings import base as base_settings
from tests.servers import redis_server

DASHBOARDS = [
    reverse("coverage:dashboard"),
    reverse("coverage:comparison"),
    reverse("coverage:orphans"),
    reverse("coverage:chart", kwargs={"name": "dekking", "fmt": "png"}),
    reverse("monitoring:dashboard"),
    reverse("monitoring:dashboard-chart", kwargs={"fmt": "svg"}),
    reverse("prioritisation:comparison"),
]
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def redis_cache(tmp_path, settings, monkeypatch):
    """A Redis of the test's own, and the cache that the settings make when REDIS_URL names it."""
    with redis_server(tmp_path) as server:
        monkeypatch.setenv("REDIS_URL", server.url)
        settings.CACHES = importlib.reload(base_settings).CACHES
        yield server
    monkeypatch.delenv("REDIS_URL")
    importlib.reload(base_settings)
    optional_cache._down_until.clear()


def pages(client) -> dict[str, bytes]:
    served = {}
    for url in DASHBOARDS:
        response = client.get(url)
        assert response.status_code == 200, url
        served[url] = CSRF.sub(b"", response.content)
    return served


def cache_warnings(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "gezondemarke.cache"]


def test_the_dashboards_are_served_uncached_with_the_cache_server_stopped(seeded, manager_client, redis_cache, caplog):
    cached = pages(manager_client)
    assert manager_client.get(reverse("health")).json() == {"database": "up", "cache": "up"}

    redis_cache.stop()
    caplog.set_level(logging.WARNING, logger="gezondemarke.cache")
    assert pages(manager_client) == cached
    assert pages(manager_client) == cached
    (warning,) = cache_warnings(caplog)  # once for the interval, not once per request
    assert "serving everything uncached" in warning.getMessage()

    response = manager_client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"database": "up", "cache": "down"}


def test_a_frozen_cache_server_is_waited_for_once_then_left_alone(seeded, manager_client, redis_cache, caplog):
    pages(manager_client)
    redis_cache.freeze()
    caplog.set_level(logging.WARNING, logger="gezondemarke.cache")
    pages(manager_client)
    (warning,) = cache_warnings(caplog)
    assert "Timeout" in warning.getMessage()
    assert manager_client.get(reverse("health")).json()["cache"] == "down"


def test_the_cache_is_used_again_once_it_answers_again(seeded, manager_client, redis_cache):
    shared = redis.Redis.from_url(redis_cache.url, socket_timeout=5)
    redis_cache.freeze()
    pages(manager_client)
    redis_cache.thaw()
    assert shared.dbsize() == 0  # nothing was written while it was frozen
    assert manager_client.get(reverse("health")).json()["cache"] == "up"
    pages(manager_client)
    assert shared.dbsize() > 0


def test_charts_are_not_redrawn_after_a_write_while_the_cache_is_down(db, redis_cache, settings, monkeypatch):
    """Drawn into a cache that is down, they would be thrown away, and would take the drawing
    slots from readers, who then all draw (the fault drill saw readers refused as busy)."""
    settings.CHARTS_REDRAW_AFTER_WRITE = True
    drawn = []
    monkeypatch.setattr(redraw, "_redrawers", {"links": [lambda: drawn.append("links")]})
    redraw.redraw_after_commit(["links"])
    assert drawn == ["links"]

    redis_cache.stop()
    assert cache.get("anything") is None  # the cache finds out it is down
    redraw.redraw_after_commit(["links"])
    assert drawn == ["links"]
