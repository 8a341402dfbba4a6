from django.contrib import admin
from taggit.admin import TagAdmin
from taggit.models import Tag

from bronnen.admin import AuteurAdmin, BronAdmin
from bronnen.models import Auteur, Bron

from .models import Les, Thema, Vermelding
from .search import lesson_ids_mentioning, update_search_index


class VermeldingInline(admin.StackedInline):
    model = Vermelding
    extra = 0
    min_num = 1
    autocomplete_fields = ["bron"]
    fields = [("bron", "locator", "volgorde"), "titel_in_bron", "citaat"]


@admin.register(Les)
class LesAdmin(admin.ModelAdmin):
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # tags, themes and sources are saved now
        update_search_index([form.instance.pk])

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        update_search_index([pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        update_search_index(pks)

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


# Sources, authors and tags are part of a lesson's search text: their admins keep the index current.
# (bronnen/ knows nothing of lessen/, so the search-aware admins are registered here.)


class SearchIndexedBronAdmin(BronAdmin):
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        update_search_index(lesson_ids_mentioning(bron=form.instance))


class SearchIndexedAuteurAdmin(AuteurAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        update_search_index(lesson_ids_mentioning(auteur=obj))


class SearchIndexedTagAdmin(TagAdmin):
    def save_related(self, request, form, formsets, change):
        before = lesson_ids_mentioning(tag=form.instance)  # the tagged items are saved by super()
        super().save_related(request, form, formsets, change)
        update_search_index(before | lesson_ids_mentioning(tag=form.instance))

    def delete_model(self, request, obj):
        tagged = lesson_ids_mentioning(tag=obj)
        super().delete_model(request, obj)
        update_search_index(tagged)

    def delete_queryset(self, request, queryset):
        tagged = set().union(*(lesson_ids_mentioning(tag=tag) for tag in queryset))
        super().delete_queryset(request, queryset)
        update_search_index(tagged)

    def merge_tags_view(self, request):
        if request.method != "POST":
            return super().merge_tags_view(request)
        selected = [pk for pk in request.session.get("selected_tag_ids", "").split(",") if pk.isdigit()]
        tagged = set().union(*(lesson_ids_mentioning(tag=tag) for tag in Tag.objects.filter(pk__in=selected)))
        response = super().merge_tags_view(request)
        update_search_index(tagged)
        return response


for model, model_admin in [
    (Bron, SearchIndexedBronAdmin),
    (Auteur, SearchIndexedAuteurAdmin),
    (Tag, SearchIndexedTagAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
