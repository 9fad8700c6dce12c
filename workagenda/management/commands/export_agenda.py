from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regioplan.models import Region
from tabular.writing import workbook_bytes
from workagenda.workbook import region_workbook


class Command(BaseCommand):
    help = "Writes a region's plans, agendas, themes, goals and links as a whole-agenda workbook (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("region", help="Region slug, e.g. drenthe")
        parser.add_argument("output", help="The .xlsx file to write")

    def handle(self, *args, **options):
        region = Region.objects.filter(slug=options["region"]).first()
        if region is None:
            raise CommandError(f"There is no region with slug {options['region']}.")
        Path(options["output"]).write_bytes(workbook_bytes(sheets=region_workbook(region=region)))
        self.stdout.write(f"Written {options['output']}")
