"""The admin of sources and authors: saved through the services, which keep the search text of the
lessons citing them current; deleted keeping their addresses (410)."""

from django.contrib import admin
from django.db import models
from django.template.loader import render_to_string

from lessen.models import Vermelding
from wijkgids.admin import ChecksSelection, ChecktAutocomplete, DeletesKeepingAddress, Koppen, inline_objects

from . import services
from .models import Auteur, Bron, BronAuteur

# A web address typed without a scheme ("www.movisie.nl") is taken as https, as Django 6 will do.
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


class BronAuteurInline(admin.TabularInline):
    model = BronAuteur
    extra = 1
    autocomplete_fields = ["auteur"]


@admin.register(Bron)
class BronAdmin(ChecktAutocomplete, Koppen, ChecksSelection, DeletesKeepingAddress, admin.ModelAdmin):
    list_display = ["titel", "soort", "onderdeel_van", "jaar"]
    list_filter = ["soort", ("onderdeel_van", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["titel", "beschrijving", "organisatie", "auteurs__naam"]
    prepopulated_fields = {"slug": ["titel"]}
    autocomplete_fields = ["onderdeel_van"]
    inlines = [BronAuteurInline]
    list_select_related = ["onderdeel_van"]
    formfield_overrides = HTTPS_BY_DEFAULT
    readonly_fields = ["lessen_uit_deze_bron"]

    @admin.display(description="Lessen uit deze bron")
    def lessen_uit_deze_bron(self, bron):
        """The source's lessons in source order with their locators, and a new lesson from it."""
        if bron.pk is None:
            return "Sla de bron eerst op; daarna kunt u hier lessen uit deze bron toevoegen."
        vermeldingen = (
            Vermelding.objects.filter(bron=bron).select_related("les").order_by("volgorde", "locator")
        )
        context = {"bron": bron, "vermeldingen": vermeldingen}
        return render_to_string("admin/bronnen/bron/lessen_uit_deze_bron.html", context)

    def save_model(self, request, obj, form, change):
        pass  # saved in save_related, at once with its authors

    def save_related(self, request, form, formsets, change):
        services.bron_opslaan(bron=form.instance, bronauteurs=inline_objects(formsets, BronAuteur))


@admin.register(Auteur)
class AuteurAdmin(Koppen, ChecksSelection, DeletesKeepingAddress, admin.ModelAdmin):
    list_display = ["naam", "rol"]
    search_fields = ["naam", "sorteernaam", "rol"]
    prepopulated_fields = {"slug": ["naam"]}
    formfield_overrides = HTTPS_BY_DEFAULT

    def save_model(self, request, obj, form, change):
        services.auteur_opslaan(auteur=obj)
