from django.core.management import BaseCommand, call_command

from lessen.models import Les, Thema


class Command(BaseCommand):
    help = "Laadt de inhoud (lessen/fixtures/wijkgids.json), maar alleen in een lege database."

    def handle(self, *args, **options):
        if Les.objects.exists() or Thema.objects.exists():
            self.stdout.write("De database bevat al inhoud; er is niets geladen.")
            return
        call_command("loaddata", "wijkgids", verbosity=0)  # one transaction, the search index included
        self.stdout.write(self.style.SUCCESS(f"Inhoud geladen: {Les.objects.count()} lessen."))
