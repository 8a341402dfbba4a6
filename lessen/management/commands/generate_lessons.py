import time

from django.core.management import BaseCommand, CommandError
from django.db.models import ProtectedError


class Command(BaseCommand):
    help = (
        "Voegt N gegenereerde, gepubliceerde lessen toe voor belastingtests (slugs beginnend met 'gen-', "
        "bron 'gen-bundel'), of verwijdert ze met --delete. De echte inhoud blijft onaangeroerd."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Aantal lessen (standaard 1000).")
        parser.add_argument("--seed", type=int, default=1, help="Zelfde seed, zelfde lessen (standaard 1).")
        parser.add_argument("--delete", action="store_true", help="Verwijder alle gegenereerde inhoud.")

    def handle(self, *args, count, seed, delete, **options):
        try:
            from bench import synthetic  # test content is made by the benchmark's code, in the checkout
        except ImportError as exc:
            raise CommandError("Testinhoud maken kan alleen vanuit de broncode (de map bench/).") from exc
        started = time.monotonic()
        if delete:
            try:
                removed = synthetic.delete()
            except ProtectedError as exc:
                raise CommandError(
                    "Niets verwijderd: echte inhoud verwijst naar gegenereerde inhoud "
                    "(een les onder een gegenereerde les, of een vermelding van een gegenereerde bron)."
                ) from exc
            self.stdout.write(
                f"{removed} gegenereerde lessen verwijderd ({time.monotonic() - started:.1f} s)."
            )
            return
        if count < 1:
            raise CommandError("--count moet minstens 1 zijn.")
        added = synthetic.generate(count=count, seed=seed)
        self.stdout.write(f"{added} lessen gegenereerd met seed {seed} ({time.monotonic() - started:.1f} s).")
