"""`make serve` brings up gunicorn with production settings, migrations and static files."""

import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent


def get(url: str) -> tuple[int, dict, bytes]:
    # The proxy in front of gunicorn terminates TLS and says so in this header.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", "Host": "monitor.example.nl"})
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - our own local server
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def served(tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "SECRET_KEY": "a-long-random-production-secret-" + "y" * 40,
        "ALLOWED_HOSTS": "monitor.example.nl",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(  # noqa: S603
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            get(base + "/inloggen/")
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stdout.read().decode())
            time.sleep(0.5)
    yield base
    os.killpg(process.pid, 15)
    process.wait(timeout=30)


def test_make_serve_runs_the_production_stack(served):
    status, headers, body = get(served + "/inloggen/")
    assert status == 200
    assert "Inloggen" in body.decode()
    assert headers["X-Frame-Options"] == "DENY"
    assert "max-age=" in headers["Strict-Transport-Security"]

    status, headers, body = get(served + "/static/css/app.css")
    assert status == 200
    assert b"--brand" in body
