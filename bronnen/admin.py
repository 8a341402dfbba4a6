from django.contrib import admin

from .models import Auteur, Bron, BronAuteur


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


@admin.register(Auteur)
class AuteurAdmin(admin.ModelAdmin):
    list_display = ["naam", "rol"]
    search_fields = ["naam", "sorteernaam", "rol"]
    prepopulated_fields = {"slug": ["naam"]}
