"""Production settings pass Django's deployment checks and demand their secrets."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    left_out = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    environment = {key: value for key, value in os.environ.items() if key not in left_out}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="gezondemarke.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="monitor.example.nl",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="gezondemarke.settings.production", ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    production = {
        "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "monitor.example.nl",
    }
    return run_manage("check", "--deploy", "--fail-level", "WARNING", **(production | env))


def test_an_explicit_choice_to_leave_the_https_redirect_to_the_proxy_passes_the_deployment_check():
    result = check_deploy(SECURE_SSL_REDIRECT="false")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # Only that one warning is silenced: the others still stop `make serve`.
    result = check_deploy(SECURE_SSL_REDIRECT="false", SECRET_KEY="kort")
    assert result.returncode != 0 and "security.W009" in result.stderr


def show_settings(**env: str) -> dict:
    shown = "import json; from django.conf import settings as s; print(json.dumps([s.CACHES, s.DATABASES]))"
    result = run_manage("shell", "-c", shown, DJANGO_SETTINGS_MODULE="gezondemarke.settings.test", **env)
    assert result.returncode == 0, result.stderr
    caches, databases = json.loads(result.stdout.strip().splitlines()[-1])
    return {"cache": caches["default"], "database": databases["default"]}


def test_a_shared_cache_and_postgresql_get_short_waits_that_can_be_changed():
    shown = show_settings(REDIS_URL="redis://127.0.0.1:1/0", DATABASE_URL="postgres://x@127.0.0.1:1/x")
    assert shown["cache"]["BACKEND"] == "gezondemarke.cache.OptionalRedisCache"
    assert shown["cache"]["OPTIONS"] == {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
    assert shown["database"]["OPTIONS"]["options"] == "-c statement_timeout=30s -c lock_timeout=10s"

    shown = show_settings(
        REDIS_URL="redis://127.0.0.1:1/0",
        REDIS_TIMEOUT="0.1",
        DATABASE_URL="postgres://x@127.0.0.1:1/x",
        DATABASE_STATEMENT_TIMEOUT="5",
        DATABASE_LOCK_TIMEOUT="2",
    )
    assert shown["cache"]["OPTIONS"]["socket_timeout"] == 0.1
    assert shown["database"]["OPTIONS"]["options"] == "-c statement_timeout=5s -c lock_timeout=2s"


def test_a_misspelt_yes_no_setting_stops_the_start_rather_than_meaning_no():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="gezondemarke.settings.dev", EMAIL_USE_TLS="ture")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS='ture' is not a yes/no value" in result.stderr


def test_settings_come_from_the_env_file_and_the_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "SECRET_KEY=from-the-file-" + "x" * 50 + "\nALLOWED_HOSTS=file.example.nl\nLOG_LEVEL=WARNING\n",
        encoding="utf-8",
    )
    script = "from django.conf import settings; print(settings.ALLOWED_HOSTS, settings.SECRET_KEY[:13])"
    result = run_manage(
        "shell",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="gezondemarke.settings.production",
        ENV_FILE=str(env_file),
        ALLOWED_HOSTS="environment.example.nl",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['environment.example.nl'] from-the-file"


def test_two_test_runs_side_by_side_use_different_sqlite_databases():
    script = "from django.conf import settings; print(settings.DATABASES['default']['TEST']['NAME'])"
    names = {
        run_manage("shell", "-c", script, DJANGO_SETTINGS_MODULE="gezondemarke.settings.test")
        .stdout.strip()
        .splitlines()[-1]
        for _ in range(2)
    }
    assert len(names) == 2
    assert all(name.endswith(".sqlite3") for name in names)
