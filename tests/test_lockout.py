"""Five failed logins for one username from one address lock that pair out for 30 minutes."""

import logging
import re
from datetime import timedelta

from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

PASSWORD = "correct horse battery staple"  # the factories' password
WRONG = "fout"


def log_in(client, username="lid", password=WRONG, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, times, **kwargs):
    for _ in range(times):
        response = log_in(client, **kwargs)
    return response


def test_four_failures_only_say_the_login_failed(client, member):
    response = fail(client, 4)
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def test_the_fifth_failure_shows_the_dutch_lockout_page_and_refuses_even_the_right_password(client, member):
    response = fail(client, 5)
    content = response.content.decode()
    assert response.status_code == 429
    assert "Inloggen is tijdelijk geblokkeerd" in content
    assert "30 minuten" in content
    assert reverse("password_reset") in content
    assert 'class="site-header"' in content  # our layout
    refused = log_in(client, password=PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_same_user_from_another_address_is_not_locked_out(client, member):
    fail(client, 5)
    assert log_in(client, password=PASSWORD, address="10.0.0.2").status_code == 302


def test_another_user_from_the_same_address_is_not_locked_out(client, member, advisor):
    fail(client, 5)
    assert log_in(client, username="adviseur", password=PASSWORD).status_code == 302


def test_the_lock_lifts_after_thirty_minutes(client, member):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, password=PASSWORD).status_code == 302


def test_a_successful_login_starts_the_count_again(client, member):
    fail(client, 4)
    assert log_in(client, password=PASSWORD).status_code == 302
    client.logout()
    assert fail(client, 4).status_code == 200


def test_a_lockout_is_logged(client, member, caplog):
    with caplog.at_level(logging.WARNING):
        fail(client, 5)
    assert any(
        "locked out" in record.getMessage().lower() and record.levelno == logging.WARNING for record in caplog.records
    )


def test_resetting_the_password_lifts_the_lockout(client, member):
    member.email = "lotte@example.nl"
    member.save()
    fail(client, 5)
    client.post(reverse("password_reset"), {"email": "lotte@example.nl"})
    path = re.search(r"http://testserver(/wachtwoord-herstellen/\S+/)", mail.outbox[0].body).group(1)
    opened = client.get(path)
    new = "Blauwe fiets door de Marke 2031"
    client.post(opened["Location"], {"new_password1": new, "new_password2": new})
    assert log_in(client, password=new).status_code == 302


def test_the_admin_login_is_guarded_too(client, administrator):
    for _ in range(5):
        response = client.post(
            reverse("admin:login"), {"username": "beheerder", "password": "fout"}, REMOTE_ADDR="10.0.0.1"
        )
    assert response.status_code == 429


def test_tests_can_still_log_in_with_force_login(member_client):
    assert member_client.get(reverse("home")).status_code == 200
