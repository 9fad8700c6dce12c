from django.core.management.base import BaseCommand

from seeddata.demo import demo_load


class Command(BaseCommand):
    help = (
        "Loads the illustrative demo data (invented ballots and links, labelled as such on every page). "
        "Run load_seed first. remove_demo takes it away again."
    )

    def handle(self, *args, **options) -> None:
        for summary in demo_load():
            self.stdout.write(summary)
        self.stdout.write("Demo data loaded. Every page now says the figures are illustrative.")
