"""Every URL pattern x every role: allowed or refused.

ACCESS lists every named URL of the product. A new URL that is not listed here
makes test_every_url_pattern_is_listed fail, so no page ships without a decision
on who may see it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.tokens import invitation_token_generator
from comments.services import comment_create
from monitoring.models import Indicator
from notifications.tokens import unsubscribe_token
from recommendations.models import Recommendation
from regioplan.models import Region
from tests.factories import UserFactory
from workagenda.models import AgendaItem, OperationalGoal, Theme

ANONYMOUS = "anonymous"
OUTSIDER = "outsider"
MEMBER = "member"
ADVISOR = "advisor"
MANAGER = "manager"
ADMINISTRATOR = "administrator"
PERSONAS = (ANONYMOUS, OUTSIDER, MEMBER, ADVISOR, MANAGER, ADMINISTRATOR)
LOGGED_IN = {OUTSIDER, MEMBER, ADVISOR, MANAGER, ADMINISTRATOR}
EVERYONE = set(PERSONAS)
DASHBOARD_READERS = {ADVISOR, MANAGER, ADMINISTRATOR}
AGENDA_EDITORS = {ADVISOR, ADMINISTRATOR}
REPORT_MAKERS = {MANAGER, ADMINISTRATOR}


def first_recommendation():
    return {"number": Recommendation.objects.order_by("number").first().number}


def kept_report():
    """A report of a closed round with one kept edition (its files a few bytes each)."""
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from reports.models import Report, ReportEdition
    from tests.factories import RoundFactory
    from workagenda.models import Agenda

    closed = RoundFactory(closes_at=timezone.now() - timedelta(hours=1))
    report = Report.objects.create(round=closed, agenda=Agenda.objects.order_by("pk").first())
    edition = ReportEdition(report=report, data_version="v", content_key="k")
    for fmt in ("pdf", "xlsx", "html"):
        getattr(edition, fmt).save(f"toegang.{fmt}", ContentFile(b"<html><style></style></html>"), save=False)
    edition.save()
    return report, edition


def first_region():
    return {"slug": Region.objects.order_by("name").first().slug}


def first_goal():
    return {"pk": OperationalGoal.objects.order_by("pk").first().pk}


def link_for(user, generator) -> dict:
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": generator.make_token(user)}


def invitation_link():
    invited = UserFactory(username="uitgenodigd", password=None)
    invited.set_unusable_password()
    invited.save()
    return link_for(invited, invitation_token_generator)


def password_reset_link():
    return link_for(UserFactory(username="vergeetachtig"), default_token_generator)


def members_comment():
    """A comment the member wrote on a recommendation: only its author edits it, only administrators hide it."""
    member = get_user_model().objects.get(username="lid")
    recommendation = Recommendation.objects.order_by("number").first()
    return {"pk": comment_create(target=recommendation, author=member, body="Goed punt").pk}


def unsubscribe_link():
    return {"token": unsubscribe_token(user=UserFactory(username="ontvanger"), kind="round_opened")}


def member_round():
    """A round the member takes part in, whose results participants may always see."""
    from django.contrib.auth import get_user_model

    from prioritisation.models import Round

    round, _created = Round.objects.get_or_create(
        name="Toegangsronde", defaults={"results_visibility": Round.ResultsVisibility.ALWAYS}
    )
    round.participants.add(get_user_model().objects.get(username="lid"))
    return {"pk": round.pk}


def member_round_chart():
    return {**member_round(), "chart": "belang-urgentie", "fmt": "png"}


def closed_round_chart():
    """The priority chart needs a closed round to draw."""
    from datetime import timedelta

    from django.utils import timezone

    from prioritisation.models import Round

    now = timezone.now()
    Round.objects.get_or_create(
        name="Gesloten ronde", defaults={"opens_at": now - timedelta(days=9), "closes_at": now - timedelta(days=2)}
    )
    return {"fmt": "png"}


def first_theme():
    theme = Theme.objects.select_related("agenda__region").order_by("pk").first()
    return {"slug": theme.agenda.region.slug, "pk": theme.pk}


def timeline():
    return {"slug": "ijssel-vecht", "agenda": "regioplan-ijssel-vecht-coalities"}


def first_agenda_item():
    return {**timeline(), "pk": AgendaItem.objects.order_by("pk").first().pk}


def first_theme_pk():
    return {"pk": Theme.objects.order_by("pk").first().pk}


def first_indicator():
    return {"pk": Indicator.objects.order_by("pk").first().pk}


def shared_view():
    """A published share link: open to everyone who has it, with or without an account."""
    from django.contrib.auth import get_user_model

    from sharing.services import shared_view_create
    from workagenda.selectors import GoalScope

    manager = get_user_model().objects.get(username="manager")
    return {"key": shared_view_create(user=manager, kind="verankering", scope=GoalScope()).key}


# url name -> (kwargs builder, personas allowed to GET it)
ACCESS = {
    "home": (dict, LOGGED_IN),
    "login": (dict, EVERYONE),
    "health": (dict, EVERYONE),
    "invitation": (invitation_link, EVERYONE),
    "password_reset": (dict, EVERYONE),
    "password_reset_done": (dict, EVERYONE),
    "password_reset_confirm": (password_reset_link, EVERYONE),
    "password_reset_complete": (dict, EVERYONE),
    "recommendations:list": (dict, LOGGED_IN),
    "recommendations:detail": (first_recommendation, LOGGED_IN),
    "regions:region": (first_region, LOGGED_IN),
    "workagenda:goal": (first_goal, LOGGED_IN),
    "prioritisation:list": (dict, {MEMBER, ADVISOR, MANAGER, ADMINISTRATOR}),
    "prioritisation:ballot": (member_round, {MEMBER}),
    "prioritisation:results": (member_round, {MEMBER, ADVISOR, MANAGER, ADMINISTRATOR}),
    "prioritisation:history": (member_round, {ADMINISTRATOR}),
    "prioritisation:create": (dict, {ADMINISTRATOR}),
    "prioritisation:edit": (member_round, {ADMINISTRATOR}),
    "prioritisation:results_chart": (member_round_chart, {MEMBER, ADVISOR, MANAGER, ADMINISTRATOR}),
    "prioritisation:comparison": (dict, {ADVISOR, MANAGER, ADMINISTRATOR}),
    "prioritisation:comparison_chart": (lambda: {"fmt": "svg"}, {ADVISOR, MANAGER, ADMINISTRATOR}),
    "workagenda:goals": (dict, LOGGED_IN),
    "workagenda:link_themes": (dict, AGENDA_EDITORS),
    "workagenda:goal_import": (dict, AGENDA_EDITORS),
    "workagenda:goal_import_template": (lambda: {"fmt": "csv"}, AGENDA_EDITORS),
    "workagenda:link_grid": (first_theme_pk, AGENDA_EDITORS),
    "workagenda:theme_tasks": (first_theme_pk, AGENDA_EDITORS),
    "suggestions:theme_accept": (first_theme_pk, AGENDA_EDITORS),
    "coverage:dashboard": (dict, DASHBOARD_READERS),
    "coverage:comparison": (dict, DASHBOARD_READERS),
    "coverage:orphans": (dict, DASHBOARD_READERS),
    "coverage:chart": (lambda: {"name": "dekking", "fmt": "svg"}, DASHBOARD_READERS),
    "coverage:export": (lambda: {"name": "heatmap", "fmt": "csv"}, DASHBOARD_READERS),
    "coverage:priority": (dict, DASHBOARD_READERS),
    "coverage:priority_chart": (closed_round_chart, DASHBOARD_READERS),
    "regions:list": (dict, LOGGED_IN),
    "regions:theme": (first_theme, LOGGED_IN),
    "regions:timeline": (timeline, LOGGED_IN),
    "regions:item-create": (timeline, {ADVISOR, ADMINISTRATOR}),
    "regions:item-update": (first_agenda_item, {ADVISOR, ADMINISTRATOR}),
    "monitoring:dashboard": (dict, DASHBOARD_READERS),
    "monitoring:dashboard-chart": (lambda: {"fmt": "png"}, DASHBOARD_READERS),
    "monitoring:goal-status": (first_goal, DASHBOARD_READERS),
    "monitoring:theme-status": (first_theme_pk, DASHBOARD_READERS),
    "monitoring:indicators": (dict, DASHBOARD_READERS),
    "monitoring:indicator": (first_indicator, DASHBOARD_READERS),
    "monitoring:indicator-chart": (lambda: {**first_indicator(), "fmt": "svg"}, DASHBOARD_READERS),
    "monitoring:indicator-create": (first_goal, {ADVISOR, ADMINISTRATOR}),
    "monitoring:deadlines": (dict, DASHBOARD_READERS),
    "monitoring:import": (dict, {ADVISOR, ADMINISTRATOR}),
    "monitoring:import-template": (lambda: {"kind": "status", "fmt": "csv"}, {ADVISOR, ADMINISTRATOR}),
    "workagenda:agenda_import": (dict, AGENDA_EDITORS),
    "workagenda:agenda_workbook_template": (dict, AGENDA_EDITORS),
    "workagenda:agenda_workbook_export": (first_region, AGENDA_EDITORS),
    "api_tokens": (dict, LOGGED_IN),
    "api:docs": (dict, LOGGED_IN),
    "sharing:list": (dict, {MANAGER, ADMINISTRATOR}),
    "sharing:shared": (shared_view, EVERYONE),
    "sharing:chart": (lambda: {**shared_view(), "fmt": "png"}, EVERYONE),
    "reports:index": (dict, REPORT_MAKERS),
    "reports:detail": (lambda: {"pk": kept_report()[0].pk}, REPORT_MAKERS),
    "reports:download": (lambda: {"pk": kept_report()[1].pk, "fmt": "html"}, REPORT_MAKERS),
    "notifications:settings": (dict, LOGGED_IN),
    # Opened from a mail: the signed token is the permission, no login needed.
    "notifications:unsubscribe": (unsubscribe_link, EVERYONE),
    "comments:edit": (members_comment, {MEMBER}),
    "comments:hide": (members_comment, {ADMINISTRATOR}),
}
# Reached by POST only; checked by their own tests.
POST_ONLY = {
    "logout",
    "workagenda:link_note",
    "regions:item-delete",
    "api_token_revoke",
    "sharing:revoke",
    "suggestions:accept",
    "suggestions:dismiss",
    "reports:comment",
    "reports:make",
    "comments:create",
    "comments:follow",
    "prioritisation:close",
}
# Each upload's preview is its uploader's alone (404 for anyone else): tests/test_agenda_workbook.py.
OWN_TESTS = {"workagenda:agenda_import_preview"}
# The API answers a request without token or login with 401, not with the login page; which
# role reads which resource is tested per role and per token in tests/test_api.py.
API = (
    {name for name in ("api:api-root", "api:schema", "api:coverage")}
    | {
        f"api:{resource}-{kind}"
        for resource in ("recommendation", "region", "plan", "agenda", "theme", "goal", "round", "status", "indicator")
        for kind in ("list", "detail")
    }
    | {"api:round-results"}
)


def named_patterns(resolvers=None, namespace=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin checks staff status itself; see test_admin_is_for_staff_only
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_pattern_is_listed():
    unlisted = set(named_patterns()) - set(ACCESS) - POST_ONLY - OWN_TESTS - API
    assert not unlisted, f"Decide who may open these pages and add them to ACCESS: {sorted(unlisted)}"


@pytest.fixture
def persona_client(client, request, member, advisor, manager, outsider, administrator):
    users = {MEMBER: member, ADVISOR: advisor, MANAGER: manager, OUTSIDER: outsider, ADMINISTRATOR: administrator}

    def login_as(persona):
        client.logout()
        if persona != ANONYMOUS:
            client.force_login(users[persona])
        return client

    return login_as


@pytest.mark.parametrize("url_name", sorted(ACCESS))
def test_url_by_role(persona_client, seeded, url_name):
    build_kwargs, allowed = ACCESS[url_name]
    url = reverse(url_name, kwargs=build_kwargs())
    for persona in PERSONAS:
        response = persona_client(persona).get(url)
        if persona in allowed:
            assert response.status_code in (200, 302), f"{persona} should open {url_name}"
            if response.status_code == 302:
                assert not response["Location"].startswith(reverse("login")), f"{persona} sent to login"
        elif persona == ANONYMOUS:
            assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == 403, f"{persona} should be refused {url_name}"


def test_admin_is_for_staff_only(persona_client, seeded):
    url = reverse("admin:index")
    for persona in PERSONAS:
        response = persona_client(persona).get(url)
        if persona == ADMINISTRATOR:
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and "/beheer/login/" in response["Location"]


def test_roles_exist_after_migrating_with_their_capabilities(db):
    from django.contrib.auth.models import Group

    granted = {
        group.name: sorted(group.permissions.values_list("codename", flat=True)) for group in Group.objects.all()
    }
    assert granted == {
        "Programmateam": ["vote"],
        "Beleidsadviseur": ["edit_agendas", "read_dashboards"],
        "Manager": ["make_reports", "read_dashboards", "share_dashboards"],
    }


@pytest.mark.parametrize("url_name", sorted(name for name in API if not name.endswith(("-detail", "-results"))))
def test_api_refuses_anonymous_requests_without_sending_them_to_the_login_page(client, seeded, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code in (401, 403)
    assert not response.has_header("Location")


NAV_LINK = re.compile(r'<nav class="(?:main-nav|subnav)"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"#?]+)[^"]*"')


def menu_links(page: str) -> set[str]:
    return {href for nav in NAV_LINK.findall(page) for href in HREF.findall(nav)}


@pytest.mark.parametrize("persona", sorted(LOGGED_IN))
def test_every_menu_item_leads_to_a_page_the_role_may_open(persona_client, seeded, persona):
    client = persona_client(persona)
    seen: set[str] = set()
    to_visit = menu_links(client.get(reverse("home")).content.decode())
    while to_visit:
        url = to_visit.pop()
        seen.add(url)
        if url.startswith("/beheer/"):
            continue  # the admin's own menu; see test_admin_is_for_staff_only
        response = client.get(url)
        assert response.status_code == 200, f"{persona}: the menu item {url} answers {response.status_code}"
        to_visit |= menu_links(response.content.decode()) - seen


@pytest.mark.parametrize(
    ("url_name", "query"),
    [("workagenda:goals", {"_export": "csv"}), ("prioritisation:results", {"_export": "xlsx"})],
)
def test_downloads_are_for_managers_and_policy_advisors(persona_client, seeded, url_name, query):
    kwargs = member_round() if url_name == "prioritisation:results" else {}
    url = reverse(url_name, kwargs=kwargs)
    for persona in (MEMBER, OUTSIDER):
        if url_name == "prioritisation:results" and persona == OUTSIDER:
            continue  # not a participant: refused the results page itself
        page = persona_client(persona).get(url).content.decode()
        assert "_export=" not in page, f"{persona} is offered a download"
        refused = persona_client(persona).get(url, query)
        assert refused.status_code == 403
        assert "Downloaden is voor managers en beleidsadviseurs" in refused.content.decode()
    for persona in (MANAGER, ADVISOR, ADMINISTRATOR):
        assert persona_client(persona).get(url, query).status_code == 200


def test_a_staff_account_without_a_role_passes_no_role_check(client, member, seeded):
    from accounts import roles

    staff = UserFactory(username="medewerker", is_staff=True)
    assert not roles.user_has_role(staff, roles.READ_DASHBOARDS)
    assert not roles.user_has_role(staff, roles.VOTE)
    assert not roles.user_has_role(staff, ())
    client.force_login(staff)
    for url_name, (build_kwargs, allowed) in ACCESS.items():
        if allowed in (EVERYONE, LOGGED_IN) or url_name in ("prioritisation:ballot",):
            continue
        url = reverse(url_name, kwargs=build_kwargs())
        assert client.get(url).status_code == 403, f"a staff account without a role opens {url_name}"
