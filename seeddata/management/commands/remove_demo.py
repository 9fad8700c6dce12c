from django.core.management.base import BaseCommand

from seeddata.demo import demo_remove


class Command(BaseCommand):
    help = "Removes the illustrative demo data and nothing else."

    def handle(self, *args, **options) -> None:
        for summary in demo_remove():
            self.stdout.write(summary)
        self.stdout.write("Demo data removed.")
