"""Loads the seed structure from the JSON files in fixtures/seed/.

Each domain app registers the part of the seed it owns (seeddata.registry); this module
only runs them in order, inside one transaction, with the bookkeeping they share
(seeddata.loader). Loading is idempotent and respects users: each object is found by a
natural key, created when missing, updated only while it still holds exactly what the
loader wrote last time, and otherwise left as users made it."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from seeddata.loader import SeedLoader, SeedReport
from seeddata.registry import seed_parts

SEED_DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "seed"


@transaction.atomic
def seed_load(*, directory: Path = SEED_DIRECTORY) -> SeedReport:
    """Load the whole seed; all or nothing."""
    loader = SeedLoader()
    for part in seed_parts():
        part.load(loader, directory)
    loader.save_records()
    return loader.report
