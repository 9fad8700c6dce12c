"""End-to-end tests in Debian's Chromium, driven by Playwright against pytest-django's live_server.

One browser per session, a fresh context per test. Every test starts from the roles and
the real seed; each persona logs in through the real login form. `browse` saves a full-page
screenshot of every page a test looks at under test-artifacts/<test name>/, and runs axe-core
on it when asked."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Page

from accounts import roles
from tests.conftest import user_with_role
from tests.factories import roles_create

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = settings.BASE_DIR / "test-artifacts"
PASSWORD = "Marke-wachtwoord-2026"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}

# username -> (role, extra user fields)
PERSONAS = {
    "lid": (roles.PROGRAMME_TEAM, {"first_name": "Lotte", "last_name": "de Vries"}),
    "adviseur": (roles.POLICY_ADVISOR, {"first_name": "Sanne", "last_name": "Bakker"}),
    "manager": (roles.MANAGER, {"first_name": "Joost", "last_name": "Mulder"}),
    "beheerder": (None, {"is_staff": True, "is_superuser": True}),
}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium instead of Playwright's download; the flags keep it off the network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "nl-NL"}


@pytest.fixture(scope="session", autouse=True)
def _database_before_browser(django_db_setup):
    """The test database is made before Playwright starts its event loop, outside its reach."""


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright(_database_before_browser):
    # Playwright's sync API keeps an event loop in the test thread; the test's own ORM calls
    # (fixtures, assertions, the database flush) are still plain synchronous code. Set for the
    # browser tests only: Django's deployment check rightly refuses it anywhere else.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def e2e_seeded(transactional_db):
    """The seed, and the roles: live_server empties the database after each test, including
    the groups the migrations made (serialized rollback does not reach the connection that
    Playwright's event loop sees)."""
    roles_create()
    call_command("load_seed", verbosity=0)


@dataclass
class Browse:
    """A page plus the test's screenshot folder: goto/shot save NN-<label>.png for each page seen."""

    page: Page
    base_url: str
    folder: Path
    count: int = 0
    axe_results: dict = field(default_factory=dict)

    def goto(self, path: str, label: str):
        response = self.page.goto(self.base_url + path)
        self.shot(label)
        return response

    def shot(self, label: str) -> Path:
        self.count += 1
        target = self.folder / f"{self.count:02d}-{slug(label)}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target

    def at_width(self, viewport: dict) -> None:
        self.page.set_viewport_size(viewport)

    def axe(self) -> list[dict]:
        """Run axe-core on the current page; returns every violation (all impacts)."""
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            # evaluate, not a <script> tag: a Content-Security-Policy does not stop it.
            self.page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
        ]

    def assert_accessible(self, label: str) -> list[dict]:
        """Zero serious or critical axe violations; the lesser ones are returned for the report."""
        violations = self.axe()
        self.axe_results[label] = violations
        blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe on {label}: {blocking}"
        return violations


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture
def browse(page, live_server, request):
    folder = ARTIFACTS / slug(request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()  # a second run replaces the first run's pictures
    page.set_default_timeout(10_000)
    # A page waits for its charts, which matplotlib draws on first sight; on a busy
    # two-core machine that can take longer than a click may.
    page.set_default_navigation_timeout(30_000)
    browse = Browse(page=page, base_url=live_server.url, folder=folder)
    yield browse
    if browse.axe_results:
        (folder / "axe.json").write_text(json.dumps(browse.axe_results, indent=2, ensure_ascii=False))


def log_in(browse: Browse, username: str, password: str = PASSWORD) -> None:
    """Through the real login form, as a person would."""
    browse.goto("/inloggen/", f"inloggen-{username}")
    browse.page.get_by_label("Gebruikersnaam").fill(username)
    browse.page.get_by_label("Wachtwoord").fill(password)
    browse.page.get_by_role("button", name="Inloggen").click()
    browse.page.wait_for_url(browse.base_url + "/")


@pytest.fixture
def login_as(browse, e2e_seeded):
    """login_as("adviseur") creates that persona and logs the browser in with the real form."""

    def login(username: str) -> Browse:
        role, extra = PERSONAS[username]
        user = user_with_role(username, role, **extra)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        log_in(browse, username)
        return browse

    return login


def table_rows(page: Page, caption: str) -> list[list[str]]:
    """The body rows of the table whose caption contains `caption`, as the cell texts a reader sees."""
    return page.evaluate(
        """caption => {
            const table = [...document.querySelectorAll('table')]
                .find(t => t.caption && t.caption.textContent.includes(caption));
            if (!table) { return null; }
            return [...table.tBodies].flatMap(body => [...body.rows]).map(
                row => [...row.cells].map(cell => cell.innerText.trim()));
        }""",
        caption,
    )
