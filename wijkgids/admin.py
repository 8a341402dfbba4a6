"""Django's own admins of editors and groups, refusing a made-up selection as the others do."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from lessen.admin import ChecksSelection, Koppen

admin.site.unregister([User, Group])


@admin.register(User)
class RedacteurAdmin(Koppen, ChecksSelection, UserAdmin):
    """Django's admin of users (editors), with the selection checked."""


@admin.register(Group)
class GroepAdmin(Koppen, ChecksSelection, GroupAdmin):
    """Django's admin of groups (Redacteur, Eindredacteur), with the selection checked."""
