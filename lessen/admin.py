from django.contrib import admin
from taggit.managers import TaggableManager

from .forms import TagNamesField
from .models import Les, Thema, Vermelding


class VermeldingInline(admin.StackedInline):
    model = Vermelding
    extra = 0
    min_num = 1
    autocomplete_fields = ["bron"]
    fields = [("bron", "locator", "volgorde"), "titel_in_bron", "citaat"]


@admin.register(Les)
class LesAdmin(admin.ModelAdmin):
    formfield_overrides = {TaggableManager: {"form_class": TagNamesField}}
    list_display = ["titel", "pk", "soort", "status", "gewijzigd"]
    list_display_links = ["titel"]
    list_filter = ["status", "soort", "kennissoort", "themas", ("bronnen", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["titel", "samenvatting", "tekst", "slug", "=id"]
    prepopulated_fields = {"slug": ["titel"]}
    filter_horizontal = ["themas"]
    autocomplete_fields = ["ouder"]
    inlines = [VermeldingInline]
    readonly_fields = ["aangemaakt", "gewijzigd"]
    date_hierarchy = "gewijzigd"
    fieldsets = [
        (None, {"fields": ["titel", "titel_beschrijvend", "slug", "status"]}),
        ("Inhoud", {"fields": ["samenvatting", "tekst"]}),
        ("Ordening", {"fields": ["soort", "kennissoort", "ouder", "themas", "tags"]}),
        ("Tijden", {"fields": ["aangemaakt", "gewijzigd"], "classes": ["collapse"]}),
    ]
    actions = ["publiceer", "maak_concept"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.action(description="Publiceer de gekozen lessen", permissions=["change"])
    def publiceer(self, request, queryset):
        self._zet_status(request, queryset, Les.Status.GEPUBLICEERD, "gepubliceerd")

    @admin.action(description="Zet de gekozen lessen terug naar concept", permissions=["change"])
    def maak_concept(self, request, queryset):
        self._zet_status(request, queryset, Les.Status.CONCEPT, "teruggezet naar concept")

    def _zet_status(self, request, queryset, status, gedaan):
        # One save per lesson, so each change goes through the same path as an edit in the form.
        lessen = list(queryset.exclude(status=status))
        for les in lessen:
            les.status = status
            les.save()
        self.message_user(request, f"{len(lessen)} {'les' if len(lessen) == 1 else 'lessen'} {gedaan}.")


@admin.register(Thema)
class ThemaAdmin(admin.ModelAdmin):
    list_display = ["naam", "volgorde"]
    list_editable = ["volgorde"]
    search_fields = ["naam", "beschrijving"]
    prepopulated_fields = {"slug": ["naam"]}
