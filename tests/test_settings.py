"""Production settings pass Django's deployment checks and demand their secrets."""

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
