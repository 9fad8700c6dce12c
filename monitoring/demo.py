"""Demo part: invented status updates and measurements so the monitoring pages show something.

Everything is recorded by one demo user, so removing the demo removes exactly this."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from monitoring.models import Indicator, Measurement, Status, StatusUpdate
from seeddata.demo import DEMO_USERNAME_PREFIX
from workagenda.models import OperationalGoal, Theme

DEMO_USERNAME = f"{DEMO_USERNAME_PREFIX}monitoring"
SOURCE = "Demogegevens (verzonnen)"
# Per theme of the Gezonde Marke agenda: the statuses its first goals get, in order.
STATUS_CYCLE = [Status.ON_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.OFF_TRACK, Status.NOT_STARTED, Status.ACHIEVED]
MEASURED = {
    "Overgewicht in de provincie": [("2024-06-30", "49.5"), ("2025-06-30", "48.9")],
    "Ondersteunings- of hulpvragen die de dorpsgemeenschap of wijk zelf wegneemt": [
        ("2024-12-31", "6"),
        ("2025-09-30", "9"),
    ],
}


def _user():
    user, _created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Monitoring"}
    )
    return user


@transaction.atomic
def demo_load() -> str:
    user = _user()
    updates = []
    goals = OperationalGoal.objects.filter(group__theme__agenda__slug="werkagenda-gezonde-marke").order_by("pk")
    for index, goal in enumerate(goals[:30]):
        updates.append(StatusUpdate(goal=goal, status=Status.NOT_STARTED, date=datetime.date(2025, 3, 1), author=user))
        status = STATUS_CYCLE[index % len(STATUS_CYCLE)]
        updates.append(
            StatusUpdate(goal=goal, status=status, date=datetime.date(2025, 9, 15), note="Demonotitie.", author=user)
        )
    for theme in Theme.objects.filter(agenda__slug="werkagenda-gezonde-marke"):
        updates.append(StatusUpdate(theme=theme, status=Status.ON_TRACK, date=datetime.date(2025, 9, 15), author=user))
    StatusUpdate.objects.bulk_create(updates)
    measurements = []
    for name, points in MEASURED.items():
        indicator = Indicator.objects.filter(name=name).first()
        if indicator is None:
            continue
        for date, value in points:
            measurements.append(
                Measurement(
                    indicator=indicator,
                    date=datetime.date.fromisoformat(date),
                    value=Decimal(value),
                    source=SOURCE,
                    recorded_by=user,
                )
            )
    Measurement.objects.bulk_create(measurements)
    return f"Monitoring: {len(updates)} status updates and {len(measurements)} measurements (invented)."


@transaction.atomic
def demo_remove() -> str:
    updates, _ = StatusUpdate.objects.filter(author__username=DEMO_USERNAME).delete()
    measured = Measurement.objects.filter(recorded_by__username=DEMO_USERNAME)
    measurements, _ = measured.delete()
    get_user_model().objects.filter(username=DEMO_USERNAME).delete()
    return f"Monitoring: removed {updates} status updates and {measurements} measurements."
