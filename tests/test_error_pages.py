"""Unknown ids and malformed addresses get a Dutch error page in our layout, never a 500."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from accounts import roles
from accounts.roles import role_required
from gezondemarke import views


def assert_dutch_page(response, status: int, text: str):
    content = response.content.decode()
    assert response.status_code == status
    assert text in content
    assert '<html lang="nl">' in content and 'class="site-header"' in content
    assert "Resolver404" not in content and "Traceback" not in content


UNKNOWN_OR_MALFORMED = [
    ("/aanbevelingen/99/", "Er is geen aanbeveling met nummer 99."),
    ("/aanbevelingen/0/", "Er is geen aanbeveling met nummer 0."),
    ("/aanbevelingen/99999999999999999999999/", "Er is geen aanbeveling met nummer"),
    ("/aanbevelingen/tien/", "Deze pagina bestaat niet (meer)."),
    ("/aanbevelingen/-1/", "Deze pagina bestaat niet (meer)."),
    ("/regios/atlantis/", "Deze regio bestaat niet."),
    ("/regios/%E2%82%AC/", "Deze pagina bestaat niet (meer)."),
    ("/werkagenda/doelen/999999/", "Dit operationele doel bestaat niet."),
    ("/werkagenda/doelen/99999999999999999999999/", "Dit operationele doel bestaat niet."),
    ("/werkagenda/doelen/abc/", "Deze pagina bestaat niet (meer)."),
    ("/bestaat-niet/", "Deze pagina bestaat niet (meer)."),
]


def test_unknown_ids_and_malformed_addresses_give_a_dutch_404(member_client, seeded):
    for path, text in UNKNOWN_OR_MALFORMED:  # one seeded database for all: seeding is the slow part
        response = member_client.get(path)
        assert_dutch_page(response, 404, "Niet gevonden")
        assert text in response.content.decode(), path


def test_anonymous_visitors_get_the_dutch_404_for_unknown_addresses(client, db):
    assert_dutch_page(client.get("/bestaat-niet/"), 404, "Deze pagina bestaat niet (meer).")


def test_a_bad_host_header_gives_the_dutch_400_without_django_internals(client, db):
    response = client.get(reverse("login"), HTTP_HOST="aanvaller.example")
    assert_dutch_page(response, 400, "De pagina kon niet verwerken wat is verstuurd")
    assert "ALLOWED_HOSTS" not in response.content.decode()


def test_our_own_bad_request_message_is_shown(rf, member):
    request = rf.get("/")
    request.user = member
    response = views.bad_request(request, BadRequest("Kies een ronde."))
    assert response.status_code == 400
    assert "Kies een ronde." in response.content.decode()


def test_a_refused_page_gives_the_dutch_403_with_the_reason(rf, outsider):
    @role_required(roles.VOTE)
    def ballot(request):
        raise AssertionError("an outsider must not get here")

    request = rf.get("/")
    request.user = outsider
    handler = get_resolver().resolve_error_handler(403)
    try:
        ballot(request)
    except PermissionDenied as refusal:
        response = handler(request, refusal)
    assert_dutch_page(response, 403, "U heeft geen toegang tot deze pagina.")


def test_the_500_page_is_dutch_in_our_layout_and_needs_no_database(db, django_assert_num_queries):
    handler = get_resolver().resolve_error_handler(500)
    with django_assert_num_queries(0):
        response = handler(RequestFactory().get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert "Er is iets misgegaan" in content
    assert 'class="site-header"' in content


def test_a_crashing_page_shows_the_500_page(client, member, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr("recommendations.views.selectors.recommendation_list", crash)
    client.raise_request_exception = False
    client.force_login(member)
    response = client.get(reverse("recommendations:list"))
    assert response.status_code == 500
    assert "Er is iets misgegaan" in response.content.decode()
    assert "database exploded" not in response.content.decode()


def test_an_expired_form_gives_the_dutch_csrf_page(member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    response = strict.post(reverse("logout"))
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()
