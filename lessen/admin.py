from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst, slugify
from django.utils.timezone import localtime
from taggit.admin import TagAdmin
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from versies.diff import versies_vergelijken
from wijkgids.admin import (
    ChecksSelection,
    DeletesKeepingAddress,
    inline_objects,
    is_row_number,
    unix_newlines,
    without_prefixes,
)

from . import services, wikilinks
from .forms import TagMergeForm, TagNamesField
from .models import Les, PubliekeNaam, Thema, Verband, Vermelding, Wikilink


class VermeldingForm(forms.ModelForm):
    def clean_citaat(self):
        return unix_newlines(self.cleaned_data["citaat"])


class VermeldingInline(admin.StackedInline):
    model = Vermelding
    form = VermeldingForm
    extra = 1  # a concept may have no source yet; publishing asks for one (services.wat_ontbreekt)
    autocomplete_fields = ["bron"]
    fields = [("bron", "locator", "volgorde"), "titel_in_bron", "citaat"]


class VerbandInline(admin.StackedInline):
    """The relations this lesson makes with lessons of other sources; the other lesson shows them too,
    in its own words ("wordt uitgewerkt in")."""

    model = Verband
    fk_name = "van"
    extra = 0
    autocomplete_fields = ["naar"]
    fields = [("soort", "naar"), "toelichting"]


class TaggedLesInline(admin.TabularInline):
    """The lessons a tag is on; a tag is put on a lesson in the lesson's own form."""

    model = TaggedItem
    fields = readonly_fields = ["les"]
    extra = 0

    @admin.display(description="les")
    def les(self, obj):
        return obj.content_object

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("content_object")

    def has_add_permission(self, request, obj):
        return False


class TeHerzienFilter(admin.SimpleListFilter):
    """Lessons due for a check against their source (never checked, or past their date); LesAdmin
    lists them oldest first."""

    title = "te herzien"
    parameter_name = "te_herzien"

    def lookups(self, request, model_admin):
        return [("ja", "Nu te herzien")]

    def queryset(self, request, queryset):
        if self.value() != "ja":
            return queryset
        vandaag = timezone.localdate()
        return queryset.filter(Q(herzien_voor__lte=vandaag) | Q(herzien_voor__isnull=True))


class LesAdminForm(forms.ModelForm):
    """The lesson form, with the version the editor started from and an optional change reason."""

    basisversie = forms.IntegerField(widget=forms.HiddenInput, required=False)
    wijzigingsreden = forms.CharField(
        label="Reden van de wijziging",
        required=False,
        max_length=300,
        help_text="Optioneel; staat openbaar in de versiegeschiedenis.",
    )

    class Meta:
        model = Les
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        widgets = {
            "samenvatting": AdminTextareaWidget(attrs={"rows": 3}),
            "tekst": AdminTextareaWidget(attrs={"rows": 24}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["basisversie"].initial = self.instance.versie
        if "slug" in self.fields:
            self.fields["slug"].required = False

    @property
    def wants_preview(self):
        return "_voorbeeld" in self.data

    def is_valid(self):
        """A preview ("Voorbeeld bekijken") is never saved: the admin saves only a valid form, so it
        shows this one again, with the preview (LesAdmin.render_change_form), and writes nothing."""
        return super().is_valid() and not self.wants_preview

    def clean_samenvatting(self):
        return unix_newlines(self.cleaned_data["samenvatting"])

    def clean_tekst(self):
        return unix_newlines(self.cleaned_data["tekst"])

    def clean_slug(self):
        # Left empty (a rough draft, typed without the script that fills it in): made from the title.
        slug = self.cleaned_data["slug"] or slugify(self.cleaned_data.get("titel", ""))[:100]
        if Les.slug_was_used_by_another(slug, pk=self.instance.pk):
            raise forms.ValidationError(
                "Dit adres hoorde eerder bij een andere les en blijft daarheen verwijzen; "
                "kies een ander adres."
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        basisversie = cleaned.get("basisversie")
        if self.instance.pk and basisversie is not None:
            huidige = Les.objects.filter(pk=self.instance.pk).values_list("versie", flat=True).first()
            if huidige is not None and huidige != basisversie:
                self.conflict = (basisversie, huidige)
                raise forms.ValidationError(
                    "Iemand anders heeft deze les opgeslagen terwijl u hem bewerkte "
                    f"(u begon bij versie {basisversie}, nu is het versie {huidige}). "
                    "Uw wijzigingen zijn níet opgeslagen maar staan hieronder nog in het formulier. "
                    "Bekijk wat er veranderde, neem het over in uw tekst en sla opnieuw op.",
                    code="bewerkingsconflict",
                )
        return cleaned


@admin.register(Les)
class LesAdmin(ChecksSelection, admin.ModelAdmin):
    form = LesAdminForm
    formfield_overrides = {TaggableManager: {"form_class": TagNamesField}}
    list_display = ["titel", "bron", "status", "gewijzigd_op", "nummer"]
    list_filter = [
        "status",
        TeHerzienFilter,
        "themas",
        ("bronnen", admin.RelatedOnlyFieldListFilter),
        "soort",
        "kennissoort",
    ]
    search_fields = ["titel", "samenvatting", "tekst", "slug", "=id"]
    prepopulated_fields = {"slug": ["titel"]}
    filter_horizontal = ["themas"]
    autocomplete_fields = ["ouder"]
    inlines = [VermeldingInline, VerbandInline]
    # The status changes only through the actions (services: aanbieden, publiceren, naar concept).
    readonly_fields = [
        "status",
        "versie",
        "aangemaakt",
        "gewijzigd",
        "versies_link",
        "verbanden_vanuit_andere",
        "gecontroleerd_op",
        "gecontroleerd_door",
    ]
    date_hierarchy = "gewijzigd"
    fieldsets = [
        (None, {"fields": ["titel", "titel_beschrijvend", "slug", "status"]}),
        ("Inhoud", {"fields": ["samenvatting", "tekst"]}),
        ("Ordening", {"fields": ["soort", "kennissoort", "ouder", "themas", "tags"]}),
        ("Controle tegen de bron", {"fields": ["gecontroleerd_op", "gecontroleerd_door", "herzien_voor"]}),
        ("Opslaan", {"fields": ["wijzigingsreden", "basisversie"]}),
        ("Versies", {"fields": ["versie", "versies_link", "aangemaakt", "gewijzigd"]}),
    ]
    actions = ["bied_aan", "publiceer", "maak_concept", "gecontroleerd"]
    # Saving comes first in the form, so Enter still saves: "Voorbeeld bekijken" sits under the text.
    save_on_top = True

    class Media:
        css = {"all": ["lessen/beheer.css"]}

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """'Nieuwe les uit deze bron' (from a source's page) opens the form with that source cited."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        bron = request.GET.get("bron", "")
        if isinstance(inline, VermeldingInline) and request.method == "GET" and is_row_number(bron):
            kwargs["initial"] = [{"bron": int(bron)}]
        return kwargs

    def get_ordering(self, request):
        if request.GET.get(TeHerzienFilter.parameter_name):
            return [F("herzien_voor").asc(nulls_first=True), "titel"]  # the lessons due, oldest first
        return super().get_ordering(request)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("vermeldingen", queryset=Vermelding.objects.select_related("bron")))
        )

    @admin.display(description="bron")
    def bron(self, obj):
        return "; ".join(dict.fromkeys(vermelding.bron.titel for vermelding in obj.vermeldingen.all()))

    @admin.display(description="gewijzigd", ordering="gewijzigd")
    def gewijzigd_op(self, obj):
        return date_format(localtime(obj.gewijzigd), "j b Y")

    @admin.display(description="nummer", ordering="pk")
    def nummer(self, obj):
        return obj.pk

    def get_deleted_objects(self, objs, request):
        """What deleting lessons also removes, as an editor knows it: their citations and tags. Their
        links to themes and other lessons are no things of their own and are not listed."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = [Les.themas.through._meta, Wikilink._meta]
        for opts in links:
            counts.pop(opts.verbose_name_plural, None)
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        return without_prefixes(deleted, prefixes), counts, perms_needed, protected

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        return [*self.fieldsets, ("Verbanden vanuit andere lessen", {"fields": ["verbanden_vanuit_andere"]})]

    @admin.display(description="Verbanden")
    def verbanden_vanuit_andere(self, obj):
        """The relations other lessons make with this one, as its public page phrases them; they are
        edited in those lessons' forms."""
        verbanden = [
            (Verband.Soort(verband.soort).vanaf_naar, verband)
            for verband in obj.verbanden_hierheen.select_related("van")
        ]
        return render_to_string("admin/lessen/les/verbanden_vanuit_andere.html", {"verbanden": verbanden})

    @admin.display(description="Geschiedenis")
    def versies_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">Alle versies, verschillen en herstellen</a>',
            reverse("admin:lessen_les_versies", args=[obj.pk]),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.BewerkingsConflict:
            # Another save slipped in between the form's check and the UPDATE: the transaction was
            # rolled back; showing the form again lets its check report the conflict with the input kept.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if form.wants_preview and "tekst" not in form.errors:
            # Rendered as saving would render it (services.les_opslaan), links resolved as they are now.
            les = form.instance
            context["preview"], resolver = wikilinks.render(les)
            context["preview_missing"] = sorted(
                target for target in wikilinks.targets_in(les.tekst) if target.lower() not in resolver.found
            )
        if getattr(form, "conflict", None) and obj is not None:
            basis, huidig = form.conflict
            # Having seen the conflict, the editor's next save builds on the current version.
            form.data = form.data.copy()
            form.data["basisversie"] = huidig
            oud = obj.history.filter(versie=basis).first()
            nieuw = obj.history.filter(versie=huidig).first()
            if oud and nieuw:
                context["conflict_verschillen"] = [v for v in versies_vergelijken(oud, nieuw) if v.gewijzigd]
            context["conflict_diff_url"] = reverse(
                "versies:verschil", kwargs={"slug": obj.slug, "a": basis, "b": huidig}
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        pass  # saved in save_related, at once with its themes, tags and citations

    def save_related(self, request, form, formsets, change):
        services.les_opslaan(
            les=form.instance,
            themas=form.cleaned_data["themas"],
            tags=form.cleaned_data["tags"],
            vermeldingen=inline_objects(formsets, Vermelding),
            verbanden=inline_objects(formsets, Verband),
            redacteur=request.user,
            reden=form.cleaned_data["wijzigingsreden"],
            basisversie=form.cleaned_data["basisversie"],
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/versies/", self.admin_site.admin_view(self.versies_view), name="lessen_les_versies"
            ),
            path(
                "<int:pk>/versies/<int:nummer>/herstel/",
                self.admin_site.admin_view(self.herstel_view),
                name="lessen_les_herstel",
            ),
            *super().get_urls(),
        ]

    def versies_view(self, request, pk):
        les = get_object_or_404(Les, pk=pk)
        if not self.has_view_or_change_permission(request, les):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Versies van “{les.titel}”",
            "les": les,
            "versies": les.history.select_related("history_user").order_by("-versie"),
            "opts": self.model._meta,
            "kan_herstellen": self.has_change_permission(request, les),
        }
        return TemplateResponse(request, "admin/lessen/les/versies.html", context)

    def herstel_view(self, request, pk, nummer):
        les = get_object_or_404(Les, pk=pk)
        versie = get_object_or_404(les.history, versie=nummer)
        if not self.has_change_permission(request, les):
            raise PermissionDenied
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "title": f"Versie {nummer} herstellen",
                "les": les,
                "versie": versie,
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/lessen/les/herstel.html", context)
        niet_hersteld = services.versie_herstellen(les=les, nummer=nummer, redacteur=request.user)
        self.message_user(request, f"Versie {nummer} is teruggezet als nieuwe versie {les.versie}.")
        if niet_hersteld:
            self.message_user(
                request,
                # A citation whose source, or a relation whose other lesson, was deleted since.
                "Niet teruggezet, omdat de bron of de andere les niet meer bestaat: "
                + "; ".join(niet_hersteld),
                messages.WARNING,
            )
        return redirect("admin:lessen_les_versies", pk=les.pk)

    def delete_model(self, request, obj):
        services.lessen_verwijderen(lessen=[obj], redacteur=request.user)

    def delete_queryset(self, request, queryset):
        services.lessen_verwijderen(lessen=queryset, redacteur=request.user)

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH)

    @admin.action(description="Bied de gekozen lessen aan ter beoordeling", permissions=["change"])
    def bied_aan(self, request, queryset):
        self._elke_les(request, queryset, services.ter_beoordeling_aanbieden, "aangeboden ter beoordeling")

    @admin.action(description="Publiceer de gekozen lessen (eindredactie)", permissions=["publish"])
    def publiceer(self, request, queryset):
        self._elke_les(request, queryset, services.publiceren, "gepubliceerd")

    @admin.action(description="Zet de gekozen lessen terug naar concept", permissions=["change"])
    def maak_concept(self, request, queryset):
        self._elke_les(request, queryset, services.naar_concept, "teruggezet naar concept")

    @admin.action(description="Gecontroleerd tegen de bron (vandaag)", permissions=["change"])
    def gecontroleerd(self, request, queryset):
        gedaan = "gecontroleerd tegen de bron; te herzien over een jaar"
        self._elke_les(request, queryset, services.gecontroleerd, gedaan)

    def _elke_les(self, request, queryset, service, gedaan):
        """Each lesson on its own: one refused (with the reason, in Dutch) does not stop the others."""
        gewijzigd = 0
        for les in queryset:
            try:
                service(les=les, redacteur=request.user)
            except services.NietToegestaan as reden:
                self.message_user(request, str(reden), messages.ERROR)
            else:
                gewijzigd += 1
        if gewijzigd:
            self.message_user(request, f"{gewijzigd} {'les' if gewijzigd == 1 else 'lessen'} {gedaan}.")


@admin.register(Thema)
class ThemaAdmin(ChecksSelection, DeletesKeepingAddress, admin.ModelAdmin):
    list_display = ["naam", "volgorde"]
    list_editable = ["volgorde"]
    search_fields = ["naam", "beschrijving"]
    prepopulated_fields = {"slug": ["naam"]}

    def save_model(self, request, obj, form, change):
        services.thema_opslaan(thema=obj)


@admin.register(PubliekeNaam)
class PubliekeNaamAdmin(ChecksSelection, admin.ModelAdmin):
    list_display = ["naam", "user"]
    search_fields = ["naam", "user__username"]


# Tags are saved through the services, which keep the search text of their lessons current.


class SearchIndexedTagAdmin(ChecksSelection, TagAdmin):
    inlines = [TaggedLesInline]
    list_display = ["name"]

    @admin.action(description="Voeg de gekozen tags samen")
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def save_model(self, request, obj, form, change):
        pass  # saved in save_related, at once with what it tags

    def save_related(self, request, form, formsets, change):
        services.tag_opslaan(tag=form.instance, items=inline_objects(formsets, TaggedItem))

    def delete_model(self, request, obj):
        services.tags_verwijderen(tags=[obj])

    def delete_queryset(self, request, queryset):
        services.tags_verwijderen(tags=queryset)

    def merge_tags_view(self, request):
        form = TagMergeForm(request.POST or None)
        if not form.is_valid():
            context = {**self.admin_site.each_context(request), "title": "Tags samenvoegen", "form": form}
            return TemplateResponse(request, "admin/lessen/tags_samenvoegen.html", context)
        selected = request.session.pop("selected_tag_ids", "").split(",")
        services.tags_samenvoegen(
            tags=Tag.objects.filter(pk__in=[pk for pk in selected if is_row_number(pk)]),
            naam=form.cleaned_data["new_tag_name"],
        )
        self.message_user(request, "De tags zijn samengevoegd.", messages.SUCCESS)
        return redirect("..")


admin.site.unregister(Tag)
admin.site.register(Tag, SearchIndexedTagAdmin)
