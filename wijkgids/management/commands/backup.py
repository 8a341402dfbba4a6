from django.core.management import BaseCommand, CommandError

from wijkgids.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Schrijft alle inhoud (lessen, tags, bronnen, auteurs, thema's, ...) naar een JSON-bestand."

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="waar de backup komt, bijv. backups/wijkgids-2025-01-31.json")

    def handle(self, *args, bestand, **options):
        try:
            counts = write_backup(bestand)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Backup geschreven naar {bestand}: {total} objecten."))
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
