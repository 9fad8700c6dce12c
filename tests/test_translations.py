"""Dutch everywhere: every msgid in the catalogues has a translation, and a crawl of every page
as each role, with the demo data, finds no English text the catalogues or Django left behind."""

import html
import io
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from tests.test_permissions import ACCESS, ADMINISTRATOR, ADVISOR, MANAGER, MEMBER, OUTSIDER

CATALOGUES = sorted(
    path
    for path in settings.BASE_DIR.glob("**/locale/nl/LC_MESSAGES/django*.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)
# English that Django and its add-ons show where a project gives no Dutch of its own.
ENGLISH_LEFT_BEHIND = ("---------", "This field is required", "Enter a valid", "Select a valid choice", "Show more")
# English the admin showed where a model, a field or an add-on gave it no Dutch.
ADMIN_ENGLISH = ("User:", "Axes", "Access attempt", "Access Log", "Attempted Access", "Failed access", "IP Address")
ENTRY = re.compile(r'^(?P<key>msgid|msgid_plural|msgstr(?:\[\d\])?) "(?P<text>.*)"$')
CONTINUATION = re.compile(r'^"(?P<text>.*)"$')


def entries(path: Path) -> list[dict]:
    """The catalogue's entries: flags, msgid and translations; obsolete entries left out."""
    found, current, key = [], {"flags": ""}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in current:
                found.append(current)
            current, key = {"flags": ""}, None
        elif line.startswith("#,"):
            current["flags"] = line
        elif line.startswith("#"):
            continue
        elif match := ENTRY.match(line):
            key = match["key"]
            current[key] = match["text"]
        elif (match := CONTINUATION.match(line)) and key:
            current[key] += match["text"]
    return found


def untranslated(path: Path) -> list[str]:
    return [
        entry["msgid"]
        for entry in entries(path)
        if entry["msgid"]
        and ("fuzzy" in entry["flags"] or not all(v for k, v in entry.items() if k.startswith("msgstr")))
    ]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_every_msgid_has_a_dutch_translation(catalogue):
    assert not untranslated(catalogue), f"{catalogue} has msgids without Dutch"


def test_the_check_finds_a_missing_translation(tmp_path):
    catalogue = tmp_path / "django.po"
    catalogue.write_text('msgid ""\nmsgstr ""\n\nmsgid "Save"\nmsgstr ""\n\n#, fuzzy\nmsgid "Go"\nmsgstr "Ga"\n')
    assert untranslated(catalogue) == ["Save", "Go"]


def english_sentences() -> list[str]:
    """The source texts of the catalogues that differ from their Dutch: seen on a page, they were not translated."""
    texts = set()
    for path in CATALOGUES:
        for entry in entries(path):
            source = entry["msgid"].replace('\\"', '"')
            if " " in source and len(source) >= 12 and "%" not in source and source != entry.get("msgstr"):
                texts.add(source)
    return sorted(texts)


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def demo(seeded):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("persona", [OUTSIDER, MEMBER, ADVISOR, MANAGER, ADMINISTRATOR])
def test_every_page_each_role_opens_is_in_dutch(
    client, demo, member, advisor, manager, outsider, administrator, persona
):
    users = {MEMBER: member, ADVISOR: advisor, MANAGER: manager, OUTSIDER: outsider, ADMINISTRATOR: administrator}
    sentences = english_sentences()
    english = {}
    for url_name, (build_kwargs, allowed) in sorted(ACCESS.items()):
        client.force_login(users[persona])
        if persona not in allowed:
            continue
        response = client.get(reverse(url_name, kwargs=build_kwargs()))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        text = visible_text(response.content.decode())
        found = [s for s in (*ENGLISH_LEFT_BEHIND, *sentences) if s in text]
        if found:
            english[url_name] = found
    assert not english, f"English on the pages {persona} opens: {english}"


def admin_pages() -> list[str]:
    """The admin's index, and the list and the change form of every section an administrator uses."""
    pages = [reverse("admin:index")]
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label):
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        if first := model.objects.order_by("pk").first():
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return pages


def test_every_admin_page_an_administrator_opens_is_in_dutch(admin_client, demo):
    # A lockout and a login, so that the lockout sections have entries to show.
    visit = {"username": "lid", "ip_address": "127.0.0.1", "user_agent": "test", "http_accept": "*/*"}
    attempt = AccessAttempt.objects.create(
        **visit, path_info="/inloggen/", get_data="", post_data="", failures_since_start=5
    )
    AccessFailureLog.objects.create(**visit, path_info="/inloggen/", locked_out=True)
    AccessLog.objects.create(**visit, path_info="/inloggen/")
    # The admin's empty choice ("---------") is Django's own sign for "none"; the rest counts.
    markers = (*(s for s in ENGLISH_LEFT_BEHIND if s != "---------"), *ADMIN_ENGLISH, *english_sentences())
    english = {}
    pages = admin_pages()
    assert reverse("admin:accounts_loginattempt_change", args=[attempt.pk]) in pages
    assert reverse("admin:prioritisation_round_changelist") in pages
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        if found := [s for s in markers if s in text]:
            english[url] = found
    assert not english, f"English on the admin pages: {english}"
