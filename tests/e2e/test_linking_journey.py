"""Journey 2 (policy advisors): an advisor links goals in the grid of one theme; two advisors
edit the same grid at once, first different cells, then the same cell. No change is lost, and
the advisor who saved second is told which cell someone else changed."""

import re

from playwright.sync_api import expect

from accounts import roles
from tests.conftest import user_with_role
from tests.e2e.conftest import PASSWORD, Browse, log_in
from workagenda.models import GoalLink, OperationalGoal, Theme


def cell(page, code: str, number: int):
    return page.get_by_role("checkbox", name=f"{code} koppelen aan aanbeveling {number}", exact=True)


def links() -> set[tuple[str, int, str]]:
    """Every link as (goal code, recommendation number, who made it)."""
    return {
        (link.goal.code, link.recommendation.number, link.created_by.username)
        for link in GoalLink.objects.select_related("goal__group__theme", "recommendation", "created_by")
    }


def save(browse: Browse, label: str) -> None:
    browse.page.get_by_role("button", name="Koppelingen opslaan").click()
    browse.page.wait_for_load_state()
    browse.shot(label)


def test_two_advisors_link_goals_in_one_grid_without_losing_a_change(login_as, browser, live_server, browse):
    sanne = login_as("adviseur")
    theme = Theme.objects.filter(groups__operational_goals__isnull=False).select_related("agenda").distinct().first()
    goals = OperationalGoal.objects.filter(group__theme=theme).select_related("group__theme")
    first, second, third = [goal.code for goal in goals.order_by("group__number", "letter")[:3]]

    sanne.goto("/werkagenda/koppelen/", "thema-kiezen")
    sanne.page.get_by_role("link", name=re.compile(re.escape(theme.name))).first.click()
    expect(sanne.page.get_by_role("heading", level=1)).to_have_text(f"Doelen van {theme.name} koppelen")
    sanne.shot("raster")

    # A colleague opens the same grid in a browser of her own.
    user = user_with_role("adviseur2", roles.POLICY_ADVISOR, first_name="Mirjam", last_name="Smit")
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    mirjam = Browse(page=context.new_page(), base_url=live_server.url, folder=browse.folder, count=50)
    log_in(mirjam, "adviseur2")
    grid_url = sanne.page.url.removeprefix(live_server.url)
    mirjam.goto(grid_url, "raster-collega")

    # Different cells: both saves count.
    cell(sanne.page, first, 1).check()
    cell(mirjam.page, second, 2).check()
    save(sanne, "sanne-slaat-op")
    expect(sanne.page.get_by_role("status")).to_contain_text("1 koppeling toegevoegd")
    save(mirjam, "collega-slaat-op")
    expect(mirjam.page.get_by_role("status")).to_contain_text("1 koppeling toegevoegd")
    expect(mirjam.page.get_by_role("status")).not_to_contain_text("iemand anders")
    expect(cell(mirjam.page, first, 1)).to_be_checked()  # Sanne's link is there after the reload
    expect(cell(mirjam.page, second, 2)).to_be_checked()
    assert links() == {(first, 1, "adviseur"), (second, 2, "adviseur2")}

    # The same cell: both tick it on the page they loaded; Mirjam also ticks another one.
    sanne.page.reload()
    mirjam.page.reload()
    cell(sanne.page, third, 3).check()
    cell(mirjam.page, third, 3).check()
    cell(mirjam.page, first, 4).check()
    save(sanne, "sanne-zelfde-cel")
    expect(sanne.page.get_by_role("status")).to_contain_text("1 koppeling toegevoegd")
    save(mirjam, "collega-zelfde-cel")
    status = mirjam.page.get_by_role("status")
    expect(status).to_contain_text("1 koppeling toegevoegd")
    expect(status).to_contain_text(f"{third} en aanbeveling 3: iemand anders heeft deze koppeling")
    expect(cell(mirjam.page, third, 3)).to_be_checked()
    assert links() == {
        (first, 1, "adviseur"),
        (second, 2, "adviseur2"),
        (third, 3, "adviseur"),
        (first, 4, "adviseur2"),
    }
    context.close()
