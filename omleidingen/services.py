"""Deleting what has a public address, so that the address answers 410 instead of 404."""

from django.db import transaction

from .models import delete_keeping_address


@transaction.atomic
def verwijderen(*, objecten):
    """Delete themes, sources or authors (a source still cited, or an author of a source, is protected
    and refused before this); their pages answer 410."""
    for obj in list(objecten):
        delete_keeping_address(obj)
