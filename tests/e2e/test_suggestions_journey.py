"""Journey: an advisor works through the suggested links of one theme with the keyboard only:
reads the reasons, accepts one (its note pre-filled with them), edits that note, dismisses
another, and ticks a cell with space. Screenshots at 1280 and 390 pixels wide."""

import json
from pathlib import Path

from playwright.sync_api import expect

from suggestions.models import DismissedSuggestion, RecommendationTerm
from tests.e2e.conftest import PHONE
from workagenda.models import GoalLink, Theme

VOCABULARY = Path(__file__).resolve().parents[2] / "suggestions" / "data" / "vocabulary.json"


def reload_vocabulary() -> None:
    """The live server's database is emptied between tests, the migrated terms with it."""
    terms = json.loads(VOCABULARY.read_text(encoding="utf-8"))["terms"]
    RecommendationTerm.objects.bulk_create(
        [RecommendationTerm(number=int(number), term=term) for number, words in terms.items() for term in words],
        ignore_conflicts=True,
    )


def first_suggested_key(page, skip: set[str] = frozenset()) -> str:
    keys = page.eval_on_selector_all(".suggestion-mark", "marks => marks.map(m => m.dataset.suggestion)")
    return next(key for key in keys if key not in skip)


def focus_cell(page, key: str) -> None:
    page.locator(f"#cel-{key} input[type=checkbox]").focus()


def test_advisor_accepts_edits_and_dismisses_suggestions_by_keyboard(login_as, browse):
    reload_vocabulary()
    browse = login_as("adviseur")
    page = browse.page
    theme = Theme.objects.get(agenda__slug="werkagenda-gezonde-marke", code="GL")
    browse.goto(f"/werkagenda/koppelen/{theme.pk}/", "rooster-met-voorstellen")
    expect(page.get_by_text("Voorstellen komen uit de teksten en zijn geen koppelingen")).to_be_visible()
    expect(page.locator("th.link-grid__rec").first).to_contain_text("Investeer in integrale benaderingen")

    # Reasons, one key away; Escape goes back to the cell.
    key = first_suggested_key(page)
    focus_cell(page, key)
    page.keyboard.press("r")
    panel = page.locator(f"#voorstel-{key}")
    expect(panel).to_be_visible()
    expect(panel.locator("mark").first).to_be_visible()
    browse.shot("redenen")
    browse.assert_accessible("rooster met redenen open")
    page.keyboard.press("Escape")
    expect(page.locator(f"#cel-{key} input[type=checkbox]")).to_be_focused()

    # Accept: the link is made with the reasons as its note, and the cell keeps the focus.
    with page.expect_navigation():
        page.keyboard.press("a")
    goal_id, number = map(int, key.split("-"))
    link = GoalLink.objects.get(goal_id=goal_id, recommendation__number=number)
    assert link.note.startswith("Voorgesteld")
    expect(page.locator(f"#cel-{key} input[type=checkbox]")).to_be_checked()
    expect(page.locator(f"#cel-{key} input[type=checkbox]")).to_be_focused()
    browse.shot("overgenomen")

    # Edit its note from the grid.
    page.keyboard.press("n")
    note = page.locator(f"#notitie-{key} textarea")
    expect(note).to_be_visible()
    note.fill("Rookvrije omgevingen zijn preventie.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    link.refresh_from_db()
    assert link.note == "Rookvrije omgevingen zijn preventie."

    # Dismiss another suggestion: remembered, and no longer shown.
    other = first_suggested_key(page, skip={key})
    focus_cell(page, other)
    with page.expect_navigation():
        page.keyboard.press("x")
    goal_id, number = map(int, other.split("-"))
    assert DismissedSuggestion.objects.filter(goal_id=goal_id, recommendation__number=number).exists()
    expect(page.locator(f"#cel-{other} .suggestion-mark")).to_have_count(0)

    # Arrow keys move, space ticks.
    page.keyboard.press("ArrowRight")
    moved = page.evaluate("document.activeElement.value")
    assert moved != other
    page.keyboard.press("Space")
    expect(page.locator(f"#cel-{moved} input[type=checkbox]")).to_be_checked()
    browse.shot("na-afwijzen")

    browse.at_width(PHONE)
    browse.goto(f"/werkagenda/koppelen/{theme.pk}/", "rooster-telefoon")
    key = first_suggested_key(page)
    page.locator(f"#cel-{key} .suggestion-mark").click()
    expect(page.locator(f"#voorstel-{key}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    browse.shot("redenen-telefoon")
