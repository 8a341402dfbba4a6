from django.core.management import BaseCommand
from django.db import transaction

from zoeken.search import rebuild_search_index


class Command(BaseCommand):
    help = "Bouwt de zoekindex opnieuw op uit alle lessen (na een import buiten de admin om)."

    def handle(self, *args, **options):
        with transaction.atomic():
            aantal = rebuild_search_index()
        self.stdout.write(self.style.SUCCESS(f"Zoekindex opnieuw opgebouwd: {aantal} lessen."))
