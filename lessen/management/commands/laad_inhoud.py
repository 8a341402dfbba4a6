from django.core.management import BaseCommand, call_command
from django.db import transaction

from lessen.models import Les, Thema
from lessen.search import rebuild_search_index


class Command(BaseCommand):
    help = "Laadt de inhoud (fixtures/wijkgids.json), maar alleen in een lege database."

    def handle(self, *args, **options):
        if Les.objects.exists() or Thema.objects.exists():
            self.stdout.write("De database bevat al inhoud; er is niets geladen.")
            return
        with transaction.atomic():
            call_command("loaddata", "wijkgids", verbosity=0)
            rebuild_search_index()  # loaddata saves raw rows: the index does not know them yet
        self.stdout.write(self.style.SUCCESS(f"Inhoud geladen: {Les.objects.count()} lessen."))
