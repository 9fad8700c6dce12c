"""The illustrative demo dataset: invented ballots and links that reproduce the figures
the report states, for a first look at the dashboards. Never part of the seed.

Each app that has a part registers it (seeddata.registry) with a load and a remove
function, both returning a one-line summary. Parts load in order and are removed in reverse."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from charts.versions import data_changed
from seeddata.models import DemoDataset
from seeddata.registry import demo_parts

DEMO_USERNAME_PREFIX = "demo-"
DEMO_LABEL = _("Demo data")
DEMO_NOTE = _(
    "The votes and links in this file are invented to illustrate the dashboards. They are not the report's results."
)


def demo_is_loaded() -> bool:
    return DemoDataset.objects.exists()


def demo_about() -> list[tuple[str, str]]:
    """The line an exported file carries while the demo is loaded, as every page shows its banner."""
    return [(str(DEMO_LABEL), str(DEMO_NOTE))] if demo_is_loaded() else []


@transaction.atomic
def demo_load() -> list[str]:
    """Load every part; a second call first removes the previous demo, so it never doubles."""
    if demo_is_loaded():
        demo_remove()
    summaries = [part.load() for part in demo_parts()]
    DemoDataset.objects.create()
    data_changed()  # the parts write in bulk, which sends no signals
    return summaries


@transaction.atomic
def demo_remove() -> list[str]:
    summaries = [part.remove() for part in reversed(demo_parts())]
    DemoDataset.objects.all().delete()
    data_changed()
    return summaries
