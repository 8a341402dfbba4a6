"""The admin's shared parts, and Django's own admins of editors and groups, refusing a made-up
selection as the others do."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from omleidingen import services


def unix_newlines(text):
    """Browsers send a textarea's line breaks as CRLF; stored as typed, every save would change the
    text (and the diff) of lines nobody touched."""
    return text.replace("\r\n", "\n")


def is_row_number(value):
    """Whether `value`, as a browser sent it, can be a row's number: the digits 0-9 only (str.isdigit()
    also takes "²") and few enough for the database's integer, so that a made-up one is never a 500."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def without_prefixes(nested, prefixes):
    """A nested list of the admin's delete confirmation without the lines that start with `prefixes`."""
    kept = []
    for item in nested:
        if isinstance(item, list):
            kept.append(without_prefixes(item, prefixes))
        elif not item.startswith(prefixes):
            kept.append(item)
    return [item for item in kept if item != []]


def inline_objects(formsets, model):
    """The objects the inline of `model` holds once the edit is saved (changed in memory, not yet
    written), for a service to save; None if the form has no such inline."""
    for formset in formsets:
        if formset.model is model:
            formset.save(commit=False)  # writes nothing; the admin's change message reads what changed
            return [
                form.instance
                for form in formset.forms
                if form not in formset.deleted_forms and (form.instance.pk or form.has_changed())
            ]
    return None


class ChecksSelection:
    """Django's admin runs an action on the rows selected as the browser sent them: a selection that
    is no row's number (made by hand) would end in a 500. The editor is told, and nothing changes."""

    def response_action(self, request, queryset):
        if all(is_row_number(pk) for pk in request.POST.getlist(ACTION_CHECKBOX_NAME)):
            return super().response_action(request, queryset)
        self.message_user(
            request, "Wat u koos, staat niet in de lijst. Er is niets veranderd.", messages.ERROR
        )
        return None


class DeletesKeepingAddress:
    """Deleting, from its page or as an action on the list, goes through the service that leaves the
    address answering 410."""

    def delete_model(self, request, obj):
        services.verwijderen(objecten=[obj])

    def delete_queryset(self, request, queryset):
        services.verwijderen(objecten=queryset)


admin.site.unregister([User, Group])


@admin.register(User)
class RedacteurAdmin(ChecksSelection, UserAdmin):
    """Django's admin of users (editors), with the selection checked."""


@admin.register(Group)
class GroepAdmin(ChecksSelection, GroupAdmin):
    """Django's admin of groups (Redacteur, Eindredacteur), with the selection checked."""
