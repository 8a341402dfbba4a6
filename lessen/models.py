from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from bronnen.models import Bron
from omleidingen.models import BewaartOudeSlugs

from . import wikilinks


class BewerkingsConflict(Exception):
    """Someone else saved the lesson after this editor opened it: the save is refused."""

    def __init__(self, les, basisversie):
        super().__init__(f"Les {les.pk} is gewijzigd sinds versie {basisversie}.")
        self.les = les
        self.basisversie = basisversie


class PubliekeNaam(models.Model):
    """The name under which an editor's versions are shown publicly; without one: "redactie"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="publieke_naam"
    )
    naam = models.CharField(max_length=100)

    class Meta:
        verbose_name = "publieke naam van een redacteur"
        verbose_name_plural = "publieke namen van redacteuren"

    def __str__(self):
        return self.naam


class LesVersieVelden(models.Model):
    """What a version holds besides the lesson's own columns: its relations as they were.

    simple-history copies the lesson's columns; themes, tags (taggit is not versioned by any
    library) and source citations are snapshotted here, from the database as it stands when the
    version is written, which is after the whole edit (relations included) has been saved.
    """

    themas_snapshot = models.JSONField(default=list)
    tags_snapshot = models.JSONField(default=list)
    vermeldingen_snapshot = models.JSONField(default=list)
    redacteur_naam = models.CharField(max_length=100, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding and self.history_user_id and not self.redacteur_naam:
            self.redacteur_naam = (
                PubliekeNaam.objects.filter(user_id=self.history_user_id)
                .values_list("naam", flat=True)
                .first()
                or ""
            )
        if self._state.adding and not self.vermeldingen_snapshot:
            self._snapshot_relations()
        super().save(*args, **kwargs)

    @property
    def publieke_redacteur(self):
        return self.redacteur_naam or "redactie"

    def _snapshot_relations(self):
        les = (
            Les.objects.prefetch_related("themas", "tags", "vermeldingen__bron__bronauteurs__auteur")
            .filter(pk=self.id)
            .first()
        )
        if les is None:  # the lesson is being deleted: its last version keeps the last relations
            vorige = type(self).objects.filter(id=self.id).order_by("-versie").first()
            if vorige is not None:
                self.themas_snapshot = vorige.themas_snapshot
                self.tags_snapshot = vorige.tags_snapshot
                self.vermeldingen_snapshot = vorige.vermeldingen_snapshot
            return
        self.themas_snapshot = [{"slug": t.slug, "naam": t.naam} for t in les.themas.all()]
        self.tags_snapshot = sorted(tag.name for tag in les.tags.all())
        self.vermeldingen_snapshot = [
            {
                "bron": v.bron.titel,
                "bron_slug": v.bron.slug,
                "locator": v.locator,
                "titel_in_bron": v.titel_in_bron,
                "citaat": v.citaat,
                "volgorde": v.volgorde,
                "auteurs": [auteur.naam for auteur in v.bron.geordende_auteurs],
            }
            for v in les.vermeldingen.all()
        ]


class Thema(BewaartOudeSlugs, models.Model):
    naam = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    beschrijving = models.TextField(blank=True)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "thema"
        verbose_name_plural = "thema's"

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("lessen:thema_detail", kwargs={"slug": self.slug})


LES_HISTORIE = HistoricalRecords(
    bases=[LesVersieVelden],
    excluded_fields=["aangemaakt"],
    history_change_reason_field=models.CharField(max_length=300, blank=True, null=True),
    verbose_name="versie van een les",
    verbose_name_plural="versies van lessen",
)


class LesQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Les.Status.GEPUBLICEERD)

    def visible_to(self, user):
        """Published lessons for everyone; drafts as well for staff, who preview them."""
        return self.all() if sees_drafts(user) else self.published()


def sees_drafts(user):
    return user is not None and user.is_authenticated and user.is_staff


class Les(BewaartOudeSlugs, models.Model):
    """A lesson learned about the wijkaanpak. Its primary key is its permanent number.

    Every save writes version `versie + 1` (simple-history keeps the copy), refuses to overwrite
    a newer version than the one the editor started from (`BewerkingsConflict`, checked in the
    UPDATE itself), renders the Markdown once, and keeps the old slug answering (`BewaartOudeSlugs`).
    """

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        GEPUBLICEERD = "gepubliceerd", "Gepubliceerd"

    class Soort(models.TextChoices):
        WET = "wet", "Wet"
        PUNT = "punt", "Punt"
        PIJLER = "pijler", "Pijler"
        DEELPUNT = "deelpunt", "Deelpunt"
        INZICHT = "inzicht", "Inzicht"
        OBSERVATIE = "observatie", "Observatie"

    class Kennissoort(models.TextChoices):
        ONDERZOEK = "onderzoek", "Onderzoek"
        BELEID = "beleid", "Beleid"
        PRAKTIJK = "praktijk", "Praktijk"
        ERVARINGSKENNIS = "ervaringskennis", "Ervaringskennis van bewoners"

    titel = models.CharField(max_length=200)
    titel_beschrijvend = models.BooleanField(
        "beschrijvende titel",
        default=False,
        help_text="Aan als de bron dit punt geen titel geeft en de redactie er een beschrijving van maakte.",
    )
    slug = models.SlugField(max_length=100, unique=True)
    samenvatting = models.TextField(max_length=600, help_text="Eén of twee zinnen.")
    tekst = models.TextField(help_text="Markdown. Koppen beginnen bij ##.")
    tekst_html = models.TextField(editable=False, default="")
    soort = models.CharField(max_length=20, choices=Soort.choices, default=Soort.INZICHT)
    kennissoort = models.CharField(
        max_length=20,
        choices=Kennissoort.choices,
        help_text="Waar de kennis vandaan komt: onderzoek, beleid, praktijk of de ervaring van bewoners.",
    )
    ouder = models.ForeignKey(
        "self",
        verbose_name="hoort bij",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onderdelen",
        help_text="Bijv. de pijler van het manifest waar dit deelpunt onder valt.",
    )
    themas = models.ManyToManyField(Thema, related_name="lessen", verbose_name="thema's")
    tags = TaggableManager(help_text="Trefwoorden, gescheiden door komma's.")
    bronnen = models.ManyToManyField(Bron, through="Vermelding", related_name="lessen")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    versie = models.PositiveIntegerField(default=0, editable=False)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = LesQuerySet.as_manager()
    history = LES_HISTORIE

    class Meta:
        ordering = ["titel"]
        verbose_name = "les"
        verbose_name_plural = "lessen"
        indexes = [
            models.Index(fields=["status", "titel"], name="les_status_titel"),
            # Whether a lesson is published, without reading its row (on SQLite the long texts come
            # first): for joins that only filter on status, such as the related lessons.
            models.Index(fields=["id", "status"], name="les_id_status"),
        ]

    def __str__(self):
        return self.titel

    def save(self, *args, **kwargs):
        from . import search  # search reads these models; importing it here avoids a cycle

        # The body is rendered once per version, never per request.
        self.tekst_html, resolver = wikilinks.render(self)
        basisversie = self.versie
        self._basisversie = None if self._state.adding else basisversie
        self.versie = basisversie + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "versie", "tekst_html", "gewijzigd"}
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
                wikilinks.store_links(self, resolver)
                wikilinks.refresh_linking_lessons(self)
                search.update_search_index([self.pk])
        except BaseException:
            self.versie = basisversie
            raise
        finally:
            self._basisversie = None

    def get_absolute_url(self):
        return reverse("lessen:les_detail", kwargs={"slug": self.slug})

    def get_permalink(self):
        return reverse("lessen:permalink", kwargs={"pk": self.pk})

    def get_version_permalink(self, nummer=None):
        """The address that always shows version `nummer` (default: the current one)."""
        return reverse("versies:versie_permalink", kwargs={"pk": self.pk, "nummer": nummer or self.versie})

    @property
    def is_published(self):
        return self.status == self.Status.GEPUBLICEERD

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        # Optimistic locking: the UPDATE only matches the row if nobody saved since `basisversie`.
        basisversie = getattr(self, "_basisversie", None)
        if basisversie is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        updated = super()._do_update(
            base_qs.filter(versie=basisversie), using, pk_val, values, update_fields, forced_update
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise BewerkingsConflict(self, basisversie)
        return updated

    def versie_vastleggen(self, *, redacteur=None, reden=""):
        """Write the version for a save that skipped it (`save_without_historical_record`), once
        the relations of the edit (themes, tags, citations) are saved too."""
        self._history_user = redacteur
        self._change_reason = reden
        LES_HISTORIE.create_historical_record(self, "+" if self.versie == 1 else "~")


class Wikilink(models.Model):
    """A `[[...]]` link in a lesson's body: where it points now, or nowhere yet (`naar` empty)."""

    van = models.ForeignKey(Les, on_delete=models.CASCADE, related_name="uitgaande_links")
    naar = models.ForeignKey(
        Les, on_delete=models.SET_NULL, null=True, blank=True, related_name="inkomende_links"
    )
    doel = models.CharField(
        max_length=200, help_text="Het doel zoals het in de tekst staat, in kleine letters."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["van", "doel"], name="wikilink_uniek")]
        verbose_name = "wikilink"
        verbose_name_plural = "wikilinks"

    def __str__(self):
        return f"{self.van_id} → {self.doel}"


class Vermelding(models.Model):
    """Where a lesson appears in a source: the locator a citer needs, and the source's own wording."""

    les = models.ForeignKey(Les, on_delete=models.CASCADE, related_name="vermeldingen")
    bron = models.ForeignKey(Bron, on_delete=models.PROTECT, related_name="vermeldingen")
    locator = models.CharField(max_length=200, help_text="Bijv. 'punt 8', '§4.5, wet 11', 'pijler 3'.")
    titel_in_bron = models.CharField(
        "titel in de bron",
        max_length=500,
        blank=True,
        help_text="Zoals deze bron het punt noemt; leeg als de bron het punt geen titel geeft.",
    )
    citaat = models.TextField(blank=True, max_length=600, help_text="Optioneel: een kort letterlijk citaat.")
    volgorde = models.PositiveSmallIntegerField(default=0, help_text="Plaats in de bron, voor de volgorde.")

    class Meta:
        ordering = ["volgorde", "id"]
        constraints = [models.UniqueConstraint(fields=["les", "bron", "locator"], name="vermelding_uniek")]
        # The newest lessons citing a source, without sorting them all (related lessons).
        indexes = [models.Index(fields=["bron", "-les"], name="vermelding_bron_les")]
        verbose_name = "vermelding in een bron"
        verbose_name_plural = "vermeldingen in bronnen"

    def __str__(self):
        return f"{self.bron}, {self.locator}"


class ContentStamp(models.Model):
    """One row that database triggers change on every write to a content table.

    Public pages use it as their validator (ETag, Last-Modified) and as their cache key; see
    `lessen/caching.py`. Nothing in Python writes it.
    """

    counter = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "inhoudsstempel"
        verbose_name_plural = "inhoudsstempels"

    def __str__(self):
        return f"{self.counter} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
