"""WCAG 2.1 AA in the browser: axe-core on every main page at desktop and phone width, and the keyboard."""

import pytest

from tests.e2e.conftest import DESKTOP, PHONE
from workagenda.models import OperationalGoal

MAIN_PAGES = {
    "overzicht": "/",
    "aanbevelingen": "/aanbevelingen/",
    "aanbeveling-10": "/aanbevelingen/10/",
    "regio-drenthe": "/regios/drenthe/",
    "regio-ijssel-vecht": "/regios/ijssel-vecht/",
    "prioriteit-verankering": "/verankering/prioriteit/",
}


def goal_path() -> str:
    return OperationalGoal.objects.order_by("pk").first().get_absolute_url()


def check_both_widths(browse, path: str, label: str) -> None:
    for width_name, viewport in (("desktop", DESKTOP), ("telefoon", PHONE)):
        browse.at_width(viewport)
        response = browse.goto(path, f"{label}-{width_name}")
        assert response.status == 200, f"{path} answered {response.status}"
        browse.assert_accessible(f"{label} ({width_name})")
        # Nothing may stick out sideways on a phone: wide tables scroll inside their own box.
        overflow = browse.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{label} is {overflow}px too wide at {viewport['width']}px"


def test_main_pages_have_no_serious_axe_violations(login_as):
    browse = login_as("manager")
    for label, path in MAIN_PAGES.items():
        check_both_widths(browse, path, label)
    check_both_widths(browse, goal_path(), "operationeel-doel")


def test_login_page_and_admin_have_no_serious_axe_violations(browse, e2e_seeded, login_as):
    check_both_widths(browse, "/inloggen/", "inloggen")
    login_as("beheerder")
    check_both_widths(browse, "/beheer/", "beheer")


def test_the_axe_helper_catches_a_real_violation(browse):
    """Guards the checks above: an unlabelled field and low contrast must be reported, and block."""
    browse.page.set_content(
        '<html lang="nl"><head><title>t</title></head><body><main><h1>t</h1>'
        '<input type="text"><p style="color:#bbb;background:#fff">vaag</p></main></body></html>'
    )
    found = {violation["id"]: violation["impact"] for violation in browse.axe()}
    assert found.get("label") == "critical"
    assert found.get("color-contrast") == "serious"
    with pytest.raises(AssertionError, match="label"):
        browse.assert_accessible("fout-voorbeeld")
