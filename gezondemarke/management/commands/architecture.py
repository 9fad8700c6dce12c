from django.core.management.base import BaseCommand

from gezondemarke.architecture import architecture_mermaid, architecture_read


class Command(BaseCommand):
    help = "Prints the apps' layers and their imports as a Mermaid diagram, for the README's Architecture section."

    def handle(self, *args, **options) -> None:
        self.stdout.write(architecture_mermaid(architecture_read()))
