from django.core.management import BaseCommand, CommandError

from wijkgids.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Vervangt alle inhoud door die uit een backup (gemaakt met `backup`). Alles of niets."

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="de backup, gemaakt met `manage.py backup`")

    def handle(self, *args, bestand, **options):
        try:
            counts, aangemaakt = restore_backup(path=bestand)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Backup {bestand} teruggezet: {total} objecten."))
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
        if aangemaakt:
            self.stdout.write(
                self.style.WARNING(
                    f"Accounts aangemaakt voor redacteuren die versies noemen: {', '.join(aangemaakt)}. "
                    "Ze kunnen niet inloggen (inactief, geen wachtwoord); zie README, ‘Back-up’."
                )
            )
