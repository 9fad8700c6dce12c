"""The demo dataset is labelled on every page while loaded, and removable."""

from django.core.management import call_command
from django.urls import reverse

from seeddata.demo import demo_is_loaded

BANNER = "Demogegevens"


def test_demo_banner_shows_only_while_demo_data_is_loaded(member_client, seeded):
    assert BANNER not in member_client.get(reverse("home")).content.decode()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert demo_is_loaded()
    assert BANNER in member_client.get(reverse("home")).content.decode()
    call_command("remove_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not demo_is_loaded()
    assert BANNER not in member_client.get(reverse("home")).content.decode()


def test_load_seed_never_loads_demo_data(seeded):
    call_command("load_seed", verbosity=0)
    assert not demo_is_loaded()
