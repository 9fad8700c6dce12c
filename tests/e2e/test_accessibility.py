"""WCAG 2.1 AA in the browser: axe-core on every main page at desktop and phone width, with the
page structure a screen reader relies on, and the keyboard."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Indicator
from notifications.tokens import unsubscribe_token
from prioritisation.models import Round
from recommendations.models import Recommendation
from seeddata.demo import demo_load
from tests.e2e.conftest import BLOCKING_IMPACTS, DESKTOP, PHONE
from tests.factories import GoalLinkFactory, RecommendationFactory, RegionFactory, RoundFactory
from workagenda.models import AgendaItem, OperationalGoal, Theme

# Headings in order, a name for every table, alt text and a data table beside every chart.
STRUCTURE_PROBLEMS = """() => {
    const problems = [];
    const main = document.querySelector('main');
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
    if (!headings.length || headings[0].tagName !== 'H1') {
        problems.push('the first heading is not h1');
    }
    let previous = 1;
    for (const heading of headings) {
        const level = Number(heading.tagName[1]);
        if (level > previous + 1) {
            problems.push(`${heading.tagName} "${heading.textContent.trim()}" skips a level after h${previous}`);
        }
        previous = level;
    }
    for (const table of document.querySelectorAll('table')) {
        const caption = table.caption && table.caption.textContent.trim();
        if (!caption && !table.getAttribute('aria-label') && !table.getAttribute('aria-labelledby')) {
            problems.push(`a table without caption or name: ${table.outerHTML.slice(0, 80)}`);
        }
    }
    for (const img of main.querySelectorAll('img')) {
        if (!(img.getAttribute('alt') || '').trim()) {
            problems.push(`a chart without alt text: ${img.src}`);
        }
        let near = img.parentElement;
        for (let depth = 0; depth < 3 && near && !near.querySelector('table'); depth++) {
            near = near.parentElement;
        }
        if (!near || !near.querySelector('table')) {
            problems.push(`a chart without a data table beside it: ${img.src}`);
        }
    }
    return problems;
}"""


def main_pages() -> dict[str, str]:
    """Every main page a policy advisor may open, with the demo data in place."""
    theme = Theme.objects.filter(agenda__region__slug="drenthe").order_by("pk").first()
    agenda = AgendaItem.objects.select_related("agenda__region").first().agenda
    # A closed round: an open one shows its tallies to policy advisors only as its settings allow.
    round = Round.objects.filter(ballots__isnull=False, closes_at__lte=timezone.now()).order_by("-opens_at").first()
    return {
        "overzicht": "/",
        "aanbevelingen": "/aanbevelingen/",
        "aanbeveling-10": "/aanbevelingen/10/",
        "regios": "/regios/",
        "regio-drenthe": "/regios/drenthe/",
        "regio-ijssel-vecht": "/regios/ijssel-vecht/",
        "thema": f"/regios/drenthe/themas/{theme.pk}/",
        "werkagenda-per-jaar": f"/regios/{agenda.region.slug}/{agenda.slug}/werkagenda-per-jaar/",
        "doelen": "/werkagenda/doelen/",
        "operationeel-doel": OperationalGoal.objects.order_by("pk").first().get_absolute_url(),
        "doelen-importeren": "/werkagenda/doelen/importeren/",
        "koppelen": "/werkagenda/koppelen/",
        "koppelraster": f"/werkagenda/koppelen/{theme.pk}/",
        "verankering": "/verankering/",
        "verankering-regios": "/verankering/regios/",
        "niet-verankerd": "/verankering/niet-verankerd/",
        "prioriteit-verankering": "/verankering/prioriteit/",
        "rondes": "/rondes/",
        "uitslag": round.get_absolute_url(),
        "rondes-vergelijken": "/rondes/vergelijken/",
        "monitoring": "/monitoring/",
        "indicatoren": "/monitoring/indicatoren/",
        "indicator": f"/monitoring/indicatoren/{Indicator.objects.order_by('pk').first().pk}/",
        "termijnen": "/monitoring/termijnen/",
        "monitoring-importeren": "/monitoring/importeren/",
        "mijn-instellingen": "/mijn-instellingen/",
        "mails-stoppen": reverse(
            "notifications:unsubscribe",
            kwargs={"token": unsubscribe_token(user=get_user_model().objects.get(username="adviseur"), kind="digest")},
        ),
    }


def problems_at_both_widths(browse, path: str, label: str) -> list[str]:
    """What blocks a reader of this page at desktop and phone width; every page is seen first,
    so one run names all that needs fixing."""
    problems = []
    for width_name, viewport in (("desktop", DESKTOP), ("telefoon", PHONE)):
        browse.at_width(viewport)
        name = f"{label} ({width_name})"
        response = browse.goto(path, f"{label}-{width_name}")
        if response.status != 200:
            problems.append(f"{name}: {path} answered {response.status}")
            continue
        violations = browse.axe()
        browse.axe_results[name] = violations
        problems += [
            f"{name}: axe {v['id']} ({v['impact']}) {v['targets']}"
            for v in violations
            if v["impact"] in BLOCKING_IMPACTS
        ]
        # Nothing may stick out sideways on a phone: wide tables scroll inside their own box.
        overflow = browse.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{name}: {overflow}px too wide")
        problems += [f"{name}: {problem}" for problem in browse.page.evaluate(STRUCTURE_PROBLEMS)]
    return problems


def test_main_pages_are_accessible_at_desktop_and_phone_width(login_as):
    demo_load()
    browse = login_as("adviseur")
    problems = []
    for label, path in main_pages().items():
        problems += problems_at_both_widths(browse, path, label)
    assert not problems, "\n".join(problems)


def test_round_list_and_ballot_are_accessible_to_a_member(login_as):
    demo_load()
    browse = login_as("lid")
    # A closed round: an open one shows its tallies to policy advisors only as its settings allow.
    round = Round.objects.filter(ballots__isnull=False, closes_at__lte=timezone.now()).order_by("-opens_at").first()
    round.participants.add(get_user_model().objects.get(username="lid"))
    problems = problems_at_both_widths(browse, "/rondes/", "rondes-lid")
    problems += problems_at_both_widths(browse, f"/rondes/{round.pk}/stembiljet/", "stembiljet")
    assert not problems, "\n".join(problems)


def test_login_page_and_admin_have_no_serious_axe_violations(browse, e2e_seeded, login_as):
    problems = problems_at_both_widths(browse, "/inloggen/", "inloggen")
    login_as("beheerder")
    problems += problems_at_both_widths(browse, "/beheer/", "beheer")
    assert not problems, "\n".join(problems)


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


def test_pages_that_spread_many_recommendations_and_rounds_over_pages_are_accessible(login_as):
    """The page navigation, the notices and the choice of rounds that appear only with a lot of data."""
    demo_load()
    for number in range(11, 36):
        RecommendationFactory(number=number)
    for goal in OperationalGoal.objects.order_by("pk")[:30]:
        GoalLinkFactory(goal=goal, recommendation=Recommendation.objects.get(number=11))
    for index in range(10):
        RoundFactory(name=f"Oudere ronde {index}", opens_at=timezone.now() - timedelta(days=400 + 30 * index))
    for index in range(3):
        RegionFactory(name=f"Zuid {index}")
    # A closed round: an open one shows its tallies to policy advisors only as its settings allow.
    round = Round.objects.filter(ballots__isnull=False, closes_at__lte=timezone.now()).order_by("-opens_at").first()
    browse = login_as("adviseur")
    problems = []
    for label, path in {
        "overzicht-veel": "/",
        "aanbevelingen-veel": "/aanbevelingen/?page=2",
        "aanbeveling-veel": "/aanbevelingen/11/",
        "uitslag-veel": round.get_absolute_url(),
        "rondes-vergelijken-veel": "/rondes/vergelijken/",
        "rondes-veel": "/rondes/",
    }.items():
        problems += problems_at_both_widths(browse, path, label)
    assert not problems, "\n".join(problems)
