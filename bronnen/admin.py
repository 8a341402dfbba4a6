from django.contrib import admin
from django.db import models

from .models import Auteur, Bron, BronAuteur

# A web address typed without a scheme ("www.movisie.nl") is taken as https, as Django 6 will do.
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


class BronAuteurInline(admin.TabularInline):
    model = BronAuteur
    extra = 1
    autocomplete_fields = ["auteur"]


@admin.register(Bron)
class BronAdmin(admin.ModelAdmin):
    list_display = ["titel", "soort", "onderdeel_van", "jaar"]
    list_filter = ["soort", ("onderdeel_van", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["titel", "beschrijving", "organisatie", "auteurs__naam"]
    prepopulated_fields = {"slug": ["titel"]}
    autocomplete_fields = ["onderdeel_van"]
    inlines = [BronAuteurInline]
    list_select_related = ["onderdeel_van"]
    formfield_overrides = HTTPS_BY_DEFAULT


@admin.register(Auteur)
class AuteurAdmin(admin.ModelAdmin):
    list_display = ["naam", "rol"]
    search_fields = ["naam", "sorteernaam", "rol"]
    prepopulated_fields = {"slug": ["naam"]}
    formfield_overrides = HTTPS_BY_DEFAULT
