from django.core.management.base import BaseCommand

from seeddata import loader, services

OUTCOME_WORDING = {
    loader.CREATED: "created",
    loader.UPDATED: "updated",
    loader.UNCHANGED: "unchanged",
    loader.KEPT_USER_CHANGES: "kept as users changed them",
    loader.KEPT_DELETED: "kept deleted",
    loader.REMOVED: "removed as no longer in the seed",
    loader.KEPT_IN_USE: "no longer in the seed but kept as in use",
}


class Command(BaseCommand):
    help = (
        "Loads the recommendations, regions, plans and agendas from fixtures/seed/. "
        "Safe to run again: it never overwrites what users changed and never loads links or votes."
    )

    def handle(self, *args, **options) -> None:
        report = services.seed_load()
        if options["verbosity"] == 0:
            return
        counts = {outcome: report.count(outcome) for outcome in OUTCOME_WORDING}
        self.stdout.write(
            "Seed data: " + ", ".join(f"{counts[outcome]} {words}" for outcome, words in OUTCOME_WORDING.items()) + "."
        )
