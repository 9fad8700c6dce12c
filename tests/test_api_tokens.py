"""Mijn instellingen → API tokens: made, shown once, listed and revoked by their owner only."""

import pytest
from django.urls import reverse

from api import services
from api.models import ApiToken

URL = reverse("api_tokens")


def test_a_new_token_is_shown_once_and_listed(advisor_client, advisor):
    response = advisor_client.post(URL, {"name": "Power BI"})
    assert response.status_code == 200
    key = response.context["new_key"]
    page = response.content.decode()
    assert key in page and "Kopieer" in page
    token = ApiToken.objects.get()
    assert token.user == advisor and token.name == "Power BI" and token.key_hash == services.key_hash(key)
    again = advisor_client.get(URL).content.decode()
    assert key not in again and "Power BI" in again and token.key_start in again


def test_a_token_needs_a_name(advisor_client):
    response = advisor_client.post(URL, {"name": "  "})
    assert not ApiToken.objects.exists()
    assert "Dit veld is verplicht." in response.content.decode()


def test_owner_revokes_a_token_and_it_stops_working(advisor_client, advisor, client):
    token, key = services.api_token_create(user=advisor, name="Website")
    response = advisor_client.post(reverse("api_token_revoke", kwargs={"pk": token.pk}), follow=True)
    assert "Token Website is ingetrokken" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get(reverse("api:coverage"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_nobody_else_can_revoke_or_see_a_token(manager_client, advisor):
    token, _ = services.api_token_create(user=advisor, name="Website")
    assert "Website" not in manager_client.get(URL).content.decode()
    assert manager_client.post(reverse("api_token_revoke", kwargs={"pk": token.pk})).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_needs_a_login(client):
    assert client.get(URL).status_code == 302


@pytest.mark.django_db
def test_page_query_count_does_not_grow(advisor_client, advisor, django_assert_max_num_queries):
    services.api_token_create(user=advisor, name="Een")
    with django_assert_max_num_queries(8) as context:
        advisor_client.get(URL)
    small = len(context.captured_queries)
    for number in range(5):
        services.api_token_create(user=advisor, name=f"Token {number}")
    with django_assert_max_num_queries(small):
        advisor_client.get(URL)
