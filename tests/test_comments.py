"""Comment threads on recommendations, operational goals and rounds."""

import ast
import datetime
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import services
from comments.models import Comment, ThreadFollow
from prioritisation.models import Round
from tests.factories import OperationalGoalFactory, RecommendationFactory, RoundFactory

ROOT = Path(__file__).resolve().parent.parent


def create_url(target) -> str:
    content_type = ContentType.objects.get_for_model(target)
    return reverse("comments:create", kwargs={"content_type_id": content_type.pk, "object_id": target.pk})


@pytest.fixture
def recommendation(db):
    return RecommendationFactory()


@pytest.fixture
def goal(db):
    return OperationalGoalFactory()


@pytest.fixture
def members_round(member):
    return RoundFactory(participants=[member])


@pytest.mark.parametrize("kind", ["recommendation", "goal"])
def test_every_signed_in_user_reads_and_writes_the_thread_on_recommendations_and_goals(kind, request, outsider, client):
    target = request.getfixturevalue(kind)
    client.force_login(outsider)
    page = target.get_absolute_url()

    response = client.post(create_url(target), {"body": "Goed punt.\nZie ook het verslag.", "next": page})

    assert response.status_code == 302
    assert response["Location"].startswith(page + "#reactie-")
    content = client.get(page).content.decode()
    assert 'id="reacties"' in content
    assert "Goed punt.<br>Zie ook het verslag." in content
    assert "Een reactie is openbaar binnen de monitor" in content


def test_comment_is_plain_text_with_links_and_no_html(member_client, recommendation):
    member_client.post(
        create_url(recommendation), {"body": "<b>vet</b> <script>alert(1)</script> https://example.nl/stuk"}
    )
    content = member_client.get(recommendation.get_absolute_url()).content.decode()
    assert "&lt;b&gt;vet&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content
    assert '<a href="https://example.nl/stuk" rel="nofollow">https://example.nl/stuk</a>' in content


def test_round_thread_is_only_for_its_participants_and_readers_of_dashboards(
    members_round, member_client, outsider, manager, client
):
    ballot_page = reverse("prioritisation:ballot", kwargs={"pk": members_round.pk})
    member_client.post(create_url(members_round), {"body": "Ik twijfel over 4.", "next": ballot_page})
    content = member_client.get(ballot_page).content.decode()
    assert "Ik twijfel over 4." in content
    assert "De redenen op uw stembiljet blijven afgeschermd" in content

    client.force_login(outsider)
    assert client.post(create_url(members_round), {"body": "Mag ik ook?"}).status_code == 403
    assert Comment.objects.count() == 1

    # Managers read the thread on the results page, once the round's rules show them the results.
    members_round.results_visibility = Round.ResultsVisibility.ALWAYS
    members_round.save(update_fields=["results_visibility"])
    client.force_login(manager)
    results = client.get(members_round.get_absolute_url()).content.decode()
    assert "Ik twijfel over 4." in results


def test_a_round_open_to_the_whole_team_has_a_thread_for_every_member(member, member_client, advisor):
    team_round = RoundFactory()
    limited_round = RoundFactory(participants=[advisor])
    ballot_page = reverse("prioritisation:ballot", kwargs={"pk": team_round.pk})

    # Nobody was chosen, so the member may vote without being named, and so may talk about it.
    response = member_client.post(create_url(team_round), {"body": "Wie stemt er mee?", "next": ballot_page})
    assert response.status_code == 302
    assert "Wie stemt er mee?" in member_client.get(ballot_page).content.decode()
    assert member_client.post(create_url(limited_round), {"body": "En hier?"}).status_code == 403


def test_an_empty_comment_is_refused_with_a_dutch_message(member_client, recommendation):
    response = member_client.post(create_url(recommendation), {"body": "   "}, follow=True)
    assert Comment.objects.count() == 0
    assert "Dit veld is verplicht." in response.content.decode()


def test_an_unknown_kind_of_page_or_object_is_not_found(member_client, recommendation):
    user_type = ContentType.objects.get(app_label="auth", model="user")
    assert (
        member_client.post(
            reverse("comments:create", kwargs={"content_type_id": user_type.pk, "object_id": 1}), {"body": "x"}
        ).status_code
        == 404
    )
    missing = reverse(
        "comments:create",
        kwargs={"content_type_id": ContentType.objects.get_for_model(recommendation).pk, "object_id": 999},
    )
    assert member_client.post(missing, {"body": "x"}).status_code == 404


def test_the_author_edits_within_15_minutes_and_not_after(member, member_client, recommendation):
    comment = services.comment_create(target=recommendation, author=member, body="Eerste versie")
    edit = reverse("comments:edit", kwargs={"pk": comment.pk})

    assert member_client.post(edit, {"body": "Tweede versie"}).status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.edited_at is not None) == ("Tweede versie", True)

    later = timezone.now() + services.EDIT_WINDOW + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = member_client.post(edit, {"body": "Derde versie"})
    assert response.status_code == 400
    assert str(services.EDIT_WINDOW_PASSED) in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Tweede versie"


def test_someone_else_cannot_edit_a_comment(member, advisor, advisor_client, recommendation):
    comment = services.comment_create(target=recommendation, author=member, body="Van Lotte")
    assert advisor_client.post(reverse("comments:edit", kwargs={"pk": comment.pk}), {"body": "Niet"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, user=advisor, body="Niet")
    comment.refresh_from_db()
    assert comment.body == "Van Lotte"


def test_an_administrator_hides_a_comment_with_a_reason_kept_in_the_history(
    member, administrator, admin_client, recommendation
):
    comment = services.comment_create(target=recommendation, author=member, body="Iets wat niet hoort")
    hide = reverse("comments:hide", kwargs={"pk": comment.pk})

    assert admin_client.post(hide, {"reason": ""}).status_code == 400
    assert admin_client.post(hide, {"reason": "Persoonsgegevens"}).status_code == 302

    reader = Client()
    reader.force_login(member)
    page = reader.get(recommendation.get_absolute_url()).content.decode()
    assert "Iets wat niet hoort" not in page
    assert "Verborgen door een beheerder: Persoonsgegevens" in page
    latest, before = comment.history.order_by("-history_date", "-history_id")[:2]
    assert (latest.hidden_reason, latest.hidden_by_id, latest.history_user_id) == (
        "Persoonsgegevens",
        administrator.pk,
        administrator.pk,
    )
    assert before.body == "Iets wat niet hoort"
    with pytest.raises(ValidationError):
        services.comment_edit(comment=comment, user=member, body="Toch")


def test_members_cannot_hide_comments(member, member_client, recommendation):
    comment = services.comment_create(target=recommendation, author=member, body="Mijn eigen")
    assert member_client.post(reverse("comments:hide", kwargs={"pk": comment.pk}), {"reason": "x"}).status_code == 403
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_follow_and_stop_following_a_thread(advisor, advisor_client, goal):
    content_type = ContentType.objects.get_for_model(goal)
    url = reverse("comments:follow", kwargs={"content_type_id": content_type.pk, "object_id": goal.pk})

    advisor_client.post(url, {"follow": "1"})
    assert ThreadFollow.objects.filter(user=advisor, object_id=goal.pk).exists()
    assert "Dit gesprek niet meer volgen" in advisor_client.get(goal.get_absolute_url()).content.decode()

    advisor_client.post(url, {"follow": "0"})
    assert not ThreadFollow.objects.exists()


def test_writing_a_comment_follows_the_thread(member, recommendation):
    services.comment_create(target=recommendation, author=member, body="Ik volg dit")
    assert ThreadFollow.objects.filter(user=member, object_id=recommendation.pk).count() == 1


def test_the_form_does_not_send_people_to_another_site(member_client, recommendation):
    response = member_client.post(create_url(recommendation), {"body": "Hoi", "next": "https://evil.example/"})
    assert response["Location"].startswith(recommendation.get_absolute_url())


def test_thread_costs_the_same_queries_for_more_comments(
    member, advisor, member_client, goal, django_assert_num_queries
):
    services.comment_create(target=goal, author=member, body="Een")
    member_client.get(goal.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        member_client.get(goal.get_absolute_url())
    for n in range(8):
        services.comment_create(target=goal, author=advisor if n % 2 else member, body=f"Reactie {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        member_client.get(goal.get_absolute_url())


def test_domain_apps_never_import_comments_or_notifications():
    """The threads reach the domain pages only through a template tag of the base layer."""
    for app in ["recommendations", "regioplan", "workagenda", "prioritisation", "monitoring", "coverage"]:
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                names = (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                assert not any(name.split(".")[0] in {"comments", "notifications"} for name in names), path
