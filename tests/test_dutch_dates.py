"""Dates in the product's forms are typed and shown as Dutch people write them (31-12-2025),
whatever language the browser speaks, and a date that cannot be read is refused in Dutch."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Measurement, StatusUpdate
from monitoring.services import BAD_DATE
from prioritisation.forms import BAD_MOMENT
from prioritisation.models import Round
from sharing import forms as sharing_forms
from sharing.models import SharedView
from tests.factories import OperationalGoalFactory
from tests.test_monitoring_indicators import indicator
from tests.test_rounds_manage import form_data, recommendations  # noqa: F401 - the fixture

DATE_INPUT = re.compile(
    r'<input type="text" name="(?P<name>\w+)"(?: value="(?P<value>[^"]*)")?[^>]*placeholder="dd-mm-jjjj'
)


def date_inputs(content: str) -> dict[str, str]:
    return {match["name"]: match["value"] for match in DATE_INPUT.finditer(content)}


def today() -> str:
    return timezone.localdate().strftime("%d-%m-%Y")


def test_the_status_form_shows_today_in_dutch_and_reads_a_dutch_date(advisor_client):
    url = reverse("monitoring:goal-status", kwargs={"pk": OperationalGoalFactory().pk})
    assert date_inputs(advisor_client.get(url).content.decode()) == {"date": today()}
    assert advisor_client.post(url, {"status": "on_track", "date": "15-09-2025"}).status_code == 302
    assert StatusUpdate.objects.get().date == datetime.date(2025, 9, 15)


def test_a_date_that_cannot_be_read_is_refused_with_the_dutch_way_to_write_it(advisor_client):
    url = reverse("monitoring:goal-status", kwargs={"pk": OperationalGoalFactory().pk})
    response = advisor_client.post(url, {"status": "on_track", "date": "31-02-2025"})
    assert response.status_code == 400
    assert str(BAD_DATE) in response.content.decode()
    assert date_inputs(response.content.decode()) == {"date": "31-02-2025"}  # kept as typed, to correct
    assert not StatusUpdate.objects.exists()


def test_a_measurement_and_an_indicator_take_dutch_dates(advisor_client):
    kpi = indicator(goal=OperationalGoalFactory())
    kpi.save()
    page = advisor_client.get(kpi.get_absolute_url()).content.decode()
    assert date_inputs(page) == {"date": today()}
    advisor_client.post(kpi.get_absolute_url(), {"date": "01-07-2025", "value": "12,5", "source": "GGD"})
    assert Measurement.objects.get().date == datetime.date(2025, 7, 1)
    create = reverse("monitoring:indicator-create", kwargs={"pk": kpi.goal.pk})
    assert "baseline_date" in date_inputs(advisor_client.get(create).content.decode())


def test_the_dashboard_filter_shows_the_meeting_date_in_dutch(advisor_client):
    page = advisor_client.get(reverse("monitoring:dashboard"), {"since": "01-06-2025"}).content.decode()
    assert date_inputs(page) == {"since": "01-06-2025"}
    assert "juni 2025" in page or "1-6-2025" in page


def test_a_shared_link_runs_until_a_dutch_date(manager_client, db):
    OperationalGoalFactory()
    page = manager_client.get(reverse("sharing:list")).content.decode()
    assert "expires_on" in date_inputs(page)
    day = timezone.localdate() + datetime.timedelta(days=30)
    manager_client.post(reverse("sharing:list"), {"kind": "monitoring", "expires_on": day.strftime("%d-%m-%Y")})
    assert timezone.localtime(SharedView.objects.get().expires_at).date() >= day
    refused = manager_client.post(reverse("sharing:list"), {"kind": "monitoring", "expires_on": "volgende week"})
    assert str(sharing_forms.BAD_DATE) in refused.content.decode()


@pytest.mark.usefixtures("recommendations")
def test_a_round_opens_and_closes_at_a_dutch_date_and_time(admin_client):
    page = admin_client.get(reverse("prioritisation:create")).content.decode()
    assert 'placeholder="dd-mm-jjjj uu:mm"' in page and "datetime-local" not in page
    data = form_data(opens_at="01-12-2026 09:00", closes_at="15-12-2026 17:30")
    assert admin_client.post(reverse("prioritisation:create"), data).status_code == 302
    round = Round.objects.get()
    assert timezone.localtime(round.closes_at).strftime("%d-%m-%Y %H:%M") == "15-12-2026 17:30"
    edit = admin_client.get(reverse("prioritisation:edit", args=[round.pk])).content.decode()
    assert 'value="01-12-2026 09:00"' in edit
    refused = admin_client.post(reverse("prioritisation:create"), form_data(name="Andere", closes_at="31-13-2026"))
    assert str(BAD_MOMENT) in refused.content.decode()
