"""A manager has the anchoring dashboard open; an advisor saves a link in a browser of her own;
the manager goes back to the dashboard. Every chart then shows the same data as the table beside
it: none comes stale out of the browser's cache."""

from playwright.sync_api import expect

from accounts import roles
from recommendations.models import Recommendation
from tests.conftest import user_with_role
from tests.e2e.conftest import PASSWORD, Browse, log_in, table_rows
from workagenda.models import OperationalGoal, Theme
from workagenda.services import goal_link_create

COVERAGE_TABLE = "Gekoppelde operationele doelen per aanbeveling"

# For every chart on the page: is the picture the browser shows the one the server draws now for
# that address? The fresh copy bypasses the browser's cache and follows a redirect to the current
# version, so a picture of old data differs from it.
STALE_CHARTS = """async () => {
    const pixels = (source, width, height) => {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        canvas.getContext('2d').drawImage(source, 0, 0);
        return canvas.toDataURL();
    };
    const stale = [];
    for (const img of document.querySelectorAll('img[src*="grafiek"]')) {
        img.scrollIntoView();
        await img.decode();
        const shown = pixels(img, img.naturalWidth, img.naturalHeight);
        const fresh = await fetch(img.currentSrc, {cache: 'no-store'}).then(r => r.blob()).then(createImageBitmap);
        if (pixels(fresh, fresh.width, fresh.height) !== shown) { stale.push(img.currentSrc); }
    }
    return stale;
}"""
SHOWN_CHARTS = """() => Promise.all([...document.querySelectorAll('img[src*="grafiek"]')].map(async img => {
    img.scrollIntoView();
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    canvas.getContext('2d').drawImage(img, 0, 0);
    return canvas.toDataURL();
}))"""


def linked_goals(page, number: int) -> int:
    rows = table_rows(page, COVERAGE_TABLE)
    return next(int(count) for label, count in rows if label.startswith(f"{number}. "))


def test_after_a_colleague_saves_a_link_no_chart_is_older_than_its_table(login_as, browser, live_server, browse):
    # One link made earlier, so the dashboard has charts to show rather than saying nothing is linked.
    earlier = OperationalGoal.objects.order_by("-pk").first()
    goal_link_create(goal=earlier, recommendation=Recommendation.objects.get(number=2), user=None)
    joost = login_as("manager")
    joost.goto("/verankering/", "dashboard-voor")
    before = linked_goals(joost.page, 1)
    charts_before = joost.page.evaluate(SHOWN_CHARTS)
    assert len(charts_before) == 2  # the coverage bars and the heatmap
    assert joost.page.evaluate(STALE_CHARTS) == []

    # An advisor links a goal to recommendation 1, in a browser of her own.
    user = user_with_role("adviseur", roles.POLICY_ADVISOR, first_name="Sanne", last_name="Bakker")
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    sanne = Browse(page=context.new_page(), base_url=live_server.url, folder=browse.folder, count=50)
    log_in(sanne, "adviseur")
    theme = Theme.objects.filter(groups__operational_goals__isnull=False).distinct().order_by("pk").first()
    goal = OperationalGoal.objects.filter(group__theme=theme).order_by("group__number", "letter").first()
    sanne.goto(f"/werkagenda/koppelen/{theme.pk}/", "raster")
    sanne.page.get_by_role("checkbox", name=f"{goal.code} koppelen aan aanbeveling 1", exact=True).check()
    sanne.page.get_by_role("button", name="Koppelingen opslaan").click()
    expect(sanne.page.get_by_role("status")).to_contain_text("1 koppeling toegevoegd")
    context.close()

    # The manager goes elsewhere and comes back to the dashboard.
    joost.goto("/", "home")
    joost.goto("/verankering/", "dashboard-na")
    assert linked_goals(joost.page, 1) == before + 1
    assert joost.page.evaluate(STALE_CHARTS) == []
    charts_after = joost.page.evaluate(SHOWN_CHARTS)
    assert charts_after[0] != charts_before[0]  # the bars show the new link
