"""Advisors maintain everything in the admin, in Dutch."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import FailedLogin, LoginAttempt, SuccessfulLogin
from api.models import ApiTokenUse
from api.services import api_token_create
from comments.services import comment_create
from notifications.models import Kind, Notification, Preferences
from recommendations.models import Recommendation
from suggestions.models import DismissedSuggestion
from tests.factories import BallotEntryFactory, BallotFactory, RoundFactory, UserFactory
from tests.test_translations import visible_text
from workagenda.models import GoalGroup, GoalLink, OperationalGoal

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_changelist_and_add_form_opens(admin_client, seeded, model):
    info = (model._meta.app_label, model._meta.model_name)
    changelist = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert changelist.status_code == 200
    add = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
    assert add.status_code in (200, 403)  # seed records are written by the loader only


def _add_monitoring_history():
    """Status updates and measurements are not in the seed; one of each, so their forms open too."""
    import datetime

    from monitoring.models import Indicator, Measurement, StatusUpdate

    day = datetime.date(2025, 1, 1)
    StatusUpdate.objects.create(goal=OperationalGoal.objects.first(), status="on_track", date=day)
    Measurement.objects.create(indicator=Indicator.objects.first(), date=day, value=1, source="Test")


def _add_comment_and_notification():
    author = UserFactory(username="schrijver", email="schrijver@example.nl")
    comment_create(target=Recommendation.objects.first(), author=author, body="Een reactie")
    Preferences.objects.create(user=author, digest=True)
    Notification.objects.create(kind=Kind.COMMENT, recipient=author, key="comment:1")


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_change_form_opens(admin_client, seeded, model):
    GoalLink.objects.create(goal=OperationalGoal.objects.first(), recommendation=Recommendation.objects.first())
    DismissedSuggestion.objects.create(
        goal=OperationalGoal.objects.last(), recommendation=Recommendation.objects.first()
    )
    Group.objects.get_or_create(name="Programmateam")
    # A lockout, so that the records administrators use to lift one exist.
    visit = {"username": "lid", "ip_address": "127.0.0.1", "user_agent": "test", "http_accept": "*/*"}
    AccessAttempt.objects.create(**visit, path_info="/inloggen/", get_data="", post_data="", failures_since_start=5)
    AccessFailureLog.objects.create(**visit, path_info="/inloggen/", locked_out=True)
    ballot = BallotFactory(member=UserFactory(username="stemmer"))
    BallotEntryFactory(ballot=ballot, recommendation=Recommendation.objects.first())
    _add_monitoring_history()
    token, _key = api_token_create(user=UserFactory(username="rapportage"), name="Power BI")
    ApiTokenUse.objects.create(token=token, method="GET", path="/api/v1/coverage/")
    _add_comment_and_notification()
    instance = model.objects.first()
    info = (model._meta.app_label, model._meta.model_name)
    response = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[instance.pk]))
    assert response.status_code == 200


def test_admin_speaks_dutch(admin_client, seeded):
    content = admin_client.get(reverse("admin:workagenda_operationalgoal_changelist")).content.decode()
    assert "operationele doelen" in content.lower()
    assert "Streefjaar" in content or "streefjaar" in content


def test_adding_a_goal_in_the_group_inline_takes_the_target_year_from_the_text(admin_client, seeded):
    group = GoalGroup.objects.filter(theme__agenda__slug="werkagenda-gezonde-marke").first()
    existing = list(group.operational_goals.order_by("letter"))
    url = reverse("admin:workagenda_goalgroup_change", args=[group.pk])
    data = {
        "theme": group.theme_id,
        "number": group.number,
        "title": group.title,
        "description": group.description,
        "operational_goals-TOTAL_FORMS": len(existing) + 1,
        "operational_goals-INITIAL_FORMS": len(existing),
        "operational_goals-MIN_NUM_FORMS": 0,
        "operational_goals-MAX_NUM_FORMS": 1000,
    }
    for index, goal in enumerate(existing):
        data.update(
            {
                f"operational_goals-{index}-id": goal.pk,
                f"operational_goals-{index}-group": group.pk,
                f"operational_goals-{index}-letter": goal.letter,
                f"operational_goals-{index}-text": goal.text,
                f"operational_goals-{index}-target_year": goal.target_year or "",
            }
        )
    new = len(existing)
    data.update(
        {
            f"operational_goals-{new}-group": group.pk,
            f"operational_goals-{new}-letter": "Z",
            f"operational_goals-{new}-text": "Uiterlijk in 2031 heeft elke gemeente een nieuw doel bereikt.",
            f"operational_goals-{new}-target_year": "",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert OperationalGoal.objects.get(group=group, letter="Z").target_year == 2031


def test_an_invalid_goal_is_refused_with_a_dutch_message_and_saves_nothing(admin_client, seeded):
    group = GoalGroup.objects.first()
    before = OperationalGoal.objects.count()
    response = admin_client.post(
        reverse("admin:workagenda_operationalgoal_add"),
        {
            "group": group.pk,
            "letter": "a1",
            "text": "",
            "target_year": "1850",
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
            "links-MIN_NUM_FORMS": 0,
            "links-MAX_NUM_FORMS": 1000,
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Gebruik één of twee hoofdletters" in content
    assert "Dit veld is verplicht" in content
    assert "2000" in content  # the lowest year allowed
    assert OperationalGoal.objects.count() == before


def test_deleting_a_theme_with_goals_is_refused(admin_client, seeded):
    group = GoalGroup.objects.first()
    response = admin_client.post(reverse("admin:workagenda_theme_delete", args=[group.theme_id]), {"post": "yes"})
    assert response.status_code == 200
    assert "kan niet worden verwijderd" in response.content.decode()
    assert GoalGroup.objects.filter(pk=group.pk).exists()


def test_the_two_box_selector_speaks_dutch(admin_client, seeded):
    """The selector's texts come from the admin's script catalogue; Django 5.2 left some in English."""
    catalogue = admin_client.get(reverse("admin:jsi18n")).content.decode()
    for dutch in (
        "Beschikbare %s",
        "Gekozen %s",
        "Alle %s kiezen",
        "Alle %s verwijderen",
        "Geselecteerde %s kiezen",
        "Geselecteerde %s verwijderen",
        "Kies %s: selecteer ze en klik dan op de pijl \\u2018Kiezen\\u2019.",
        "(klik om te wissen)",
    ):
        assert dutch in catalogue, dutch


LOCKOUT_ENGLISH = (
    "Axes",
    "Attempted Access",
    "Failed access",
    "Access Log",
    "UTC",
    "+00:00",
    "Access attempt",
    "access attempt",
    "Access failure",
    "access failure",
    "Access log",
    "access log",
    "Attempt Time",
    "IP Address",
    "User Agent",
    "Path",
    "Failed Logins",
    "Locked Out",
    "Logout Time",
    "Attempt Remaining",
    "Clean up expired attempts",
    "Expiration",
    "Form Data",
    "Meta Data",
)


def _lockout_records():
    visit = {"username": "lid", "ip_address": "127.0.0.1", "user_agent": "test", "http_accept": "*/*"}
    attempt = AccessAttempt.objects.create(
        **visit, path_info="/inloggen/", get_data="", post_data="", failures_since_start=5
    )
    failure = AccessFailureLog.objects.create(**visit, path_info="/inloggen/", locked_out=True)
    log = AccessLog.objects.create(**visit, path_info="/inloggen/")
    return attempt, failure, log


def test_the_lockout_sections_of_the_admin_are_dutch(admin_client, seeded):
    records = _lockout_records()
    index = visible_text(admin_client.get(reverse("admin:index")).content.decode())
    for dutch in ("Inlogpogingen", "Mislukte inlogpogingen", "Gelukte inlogs"):
        assert dutch in index
    pages = {"admin:index": index}
    for record, proxy in zip(records, (LoginAttempt, FailedLogin, SuccessfulLogin), strict=True):
        info = (proxy._meta.app_label, proxy._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        change = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
        for url in (changelist, change):
            pages[url] = visible_text(admin_client.get(url).content.decode())
    attempts = pages[reverse("admin:accounts_loginattempt_changelist")]
    for dutch in ("Tijd van de poging", "IP-adres", "Browser", "Pagina", "Mislukte pogingen", "Geblokkeerd"):
        assert dutch in attempts
    attempt = pages[reverse("admin:accounts_loginattempt_change", args=[records[0].pk])]
    assert "lid vanaf 127.0.0.1: 5 keer mislukt" in attempt
    english = {url: [word for word in LOCKOUT_ENGLISH if word in text] for url, text in pages.items()}
    assert not any(english.values()), english


def test_cleaning_up_expired_lockouts_is_reported_in_dutch(admin_client, seeded):
    recent, _failure, _log = _lockout_records()
    expired = AccessAttempt.objects.create(
        username="oud",
        ip_address="127.0.0.2",
        user_agent="test",
        http_accept="*/*",
        path_info="/inloggen/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    AccessAttempt.objects.filter(pk=expired.pk).update(attempt_time=timezone.now() - timedelta(hours=1))
    response = admin_client.post(
        reverse("admin:accounts_loginattempt_changelist"),
        {"action": "cleanup_expired_attempts", "_selected_action": [recent.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 verlopen inlogpoging is opgeruimd." in response.content.decode()
    assert list(AccessAttempt.objects.all()) == [recent]  # locked minutes ago: it still counts


def test_a_roles_permissions_are_listed_in_dutch(admin_client, seeded):
    group = Group.objects.get(name="Programmateam")
    text = visible_text(admin_client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode())
    assert "Werkagenda's | operationeel doel | Mag operationeel doel toevoegen" in text
    assert "Accounts en rollen | bevoegdheid | Kan stemmen" in text
    assert "Can " not in text


def test_the_change_history_of_a_round_is_in_dutch(admin_client, seeded):
    round = RoundFactory()
    round.name = "Najaar"
    round.save()
    history = reverse("admin:prioritisation_round_history", args=[round.pk])
    listing = visible_text(admin_client.get(history).content.decode())
    assert "Kies hieronder een datum om naar die eerdere versie terug te gaan." in listing
    assert "Gewijzigd door" in listing and "Soort wijziging" in listing
    record = round.history.earliest()
    version = reverse("admin:prioritisation_round_simple_history", args=[round.pk, record.pk])
    form = visible_text(admin_client.get(version).content.decode())
    assert "Klik hieronder op ‘Terugzetten’ om deze versie terug te zetten." in form
    for english in ("Choose a date", "Changed by", "Change reason", "Revert", "Press the"):
        assert english not in listing and english not in form, english
