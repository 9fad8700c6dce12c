"""Bad input the property-based tests found answered with a server error; each now gets a Dutch refusal."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tabular.reading import FILE_UNREADABLE
from tests.factories import OperationalGoalFactory
from tests.test_bad_input_properties import dutch
from workagenda.forms import GRID_MALFORMED
from workagenda.models import GoalLink, OperationalGoal

HEADER = "regio;agenda;thema;doel;letter;tekst\n"


def _upload(client, content: str):
    upload = SimpleUploadedFile("doelen.csv", content.encode())
    return client.post(reverse("workagenda:goal_import"), {"file": upload})


def test_a_csv_with_a_carriage_return_inside_an_unquoted_cell_is_refused_per_row(advisor_client, db):
    response = _upload(advisor_client, HEADER + "drenthe;werkagenda;VOW;1;A;half\rregel\n")
    assert response.status_code == 400
    assert "Vul deze kolom in." in response.content.decode()
    assert not OperationalGoal.objects.exists()


def test_a_csv_with_a_cell_too_long_to_read_is_refused(advisor_client, db):
    response = _upload(advisor_client, HEADER + "drenthe;werkagenda;VOW;1;A;" + "x" * 200_000 + "\n")
    assert response.status_code == 400
    assert dutch(FILE_UNREADABLE) in response.content.decode()


def test_a_grid_post_with_a_nul_character_says_the_form_was_damaged(advisor_client, db):
    goal = OperationalGoalFactory()
    url = reverse("workagenda:link_grid", args=[goal.group.theme.pk])
    response = advisor_client.post(url, {"goals": str(goal.pk), "loaded": "0\x000", "link": []})
    assert response.status_code == 400
    assert dutch(GRID_MALFORMED) in response.content.decode()
    assert not GoalLink.objects.exists()


def test_a_csv_with_a_nul_character_is_refused_before_anything_is_stored(advisor_client, db):
    response = _upload(advisor_client, HEADER + "drenthe;werkagenda;VOW;1;A;tekst\x00\n")
    assert response.status_code == 400
    assert dutch(FILE_UNREADABLE) in response.content.decode()
