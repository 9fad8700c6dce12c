"""The Content-Security-Policy holds in every environment, and our templates live within it."""

import re
from pathlib import Path

from django.urls import reverse

from tests.test_settings import run_manage

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(
    path
    for pattern in ("templates/**/*.html", "*/templates/**/*.html")
    for path in ROOT.glob(pattern)
    if ".venv" not in path.parts
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_uses_inline_scripts_style_attributes_or_event_handlers():
    assert len(TEMPLATES) > 10
    offenders = [
        f"{path.relative_to(ROOT)}: {pattern.pattern}"
        for path in TEMPLATES
        for pattern in (INLINE_SCRIPT, STYLE_ATTRIBUTE, EVENT_HANDLER)
        if pattern.search(path.read_text())
    ]
    assert offenders == []


def test_the_report_only_switch_reports_instead_of_blocking():
    show = (
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY is None, bool(settings.CONTENT_SECURITY_POLICY_REPORT_ONLY))"
    )
    result = run_manage("shell", "-c", show, DJANGO_SETTINGS_MODULE="gezondemarke.settings.dev", CSP_REPORT_ONLY="true")
    assert result.stdout.strip().endswith("True True"), result.stderr


def test_production_cookies_are_secure_and_http_only():
    show = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.X_FRAME_OPTIONS, bool(s.CONTENT_SECURITY_POLICY))"
    )
    result = run_manage(
        "shell",
        "-c",
        show,
        DJANGO_SETTINGS_MODULE="gezondemarke.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="monitor.example.nl",
    )
    assert result.stdout.strip().endswith("True True True True True DENY True"), result.stderr
