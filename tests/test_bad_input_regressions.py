"""Bad input the property-based tests found answered with a server error; each now gets a Dutch refusal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gezondemarke.middleware import CONTROL_CHARACTER_IN_ADDRESS
from tabular.reading import FILE_UNREADABLE
from tests.factories import OperationalGoalFactory
from tests.filtered_pages import PAGE_PARAMETERS, page_id
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


# A NUL byte in a slug filter (/verankering/?regio=%00) was a 500 on PostgreSQL, which refuses NUL
# in any text it compares; every parameter of every page now refuses it, and the other controls.
CONTROL_VALUES = ["\x00", "drenthe\x00", "\x01", "\x1b[31m", "\x7f", "\x85"]


@pytest.mark.parametrize("page, param", PAGE_PARAMETERS, ids=page_id)
def test_a_control_character_in_any_filter_value_is_refused_with_a_dutch_message(admin_client, world, page, param):
    for value in CONTROL_VALUES:
        response = admin_client.get(page.url(world), {param: value})
        assert response.status_code == 400, repr(value)
        assert dutch(CONTROL_CHARACTER_IN_ADDRESS) in response.content.decode()


def test_a_control_character_in_a_parameter_name_is_refused_too(admin_client, world):
    assert admin_client.get(reverse("coverage:dashboard") + "?regio%00=drenthe").status_code == 400
