"""The admin's shared parts, and Django's own admins of editors and groups, refusing a made-up
selection as the others do."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.text import capfirst

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


class RijKeuze(forms.ModelChoiceField):
    """A choice of a row by its number, as an autocomplete field sends it: a made-up value ("abc",
    "²", twenty digits) is the field's error, never a query that fails."""

    def to_python(self, value):
        if value not in self.empty_values and not is_row_number(str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class VeiligeAutocomplete(AutocompleteSelect):
    """Shows the form again with a made-up value without asking the database for it."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_row_number(str(v))], attr)


class ChecktAutocomplete:
    """Autocomplete fields (admin and inlines) that refuse a made-up reference as a form error."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", VeiligeAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))
            )
            kwargs.setdefault("form_class", RijKeuze)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class Koppen:
    """Page headings begin with a capital: "Les wijzigen", not the admin's "les wijzigen" (it builds
    them from the model's name, which is lower case)."""

    def render_change_form(self, request, context, *args, **kwargs):
        context["title"] = capfirst(context.get("title", ""))
        return super().render_change_form(request, context, *args, **kwargs)


class DeletesKeepingAddress:
    """Deleting, from its page or as an action on the list, goes through the service that leaves the
    address answering 410."""

    def delete_model(self, request, obj):
        services.verwijderen(objecten=[obj])

    def delete_queryset(self, request, queryset):
        services.verwijderen(objecten=queryset)


# The start page of /beheer/: what waits for this editor (wijkgids/templatetags/bureau.py), then
# the models.
admin.site.index_template = "admin/bureau.html"

admin.site.unregister([User, Group])


@admin.register(User)
class RedacteurAdmin(Koppen, ChecksSelection, UserAdmin):
    """Django's admin of users (editors), with the selection checked."""


@admin.register(Group)
class GroepAdmin(Koppen, ChecksSelection, GroupAdmin):
    """Django's admin of groups (Redacteur, Eindredacteur), with the selection checked."""
