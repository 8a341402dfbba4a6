from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from bronnen.models import Bron, sees_drafts  # noqa: F401 (one rule for who previews drafts)
from omleidingen.models import BewaartOudeSlugs, slug_field


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
    library), source citations and the relations it makes with other lessons are kept here as they
    were stored once the whole edit was saved, and the editor's public name as it was then.
    `lessen.services` fills them in.

    A version that published the lesson after review also keeps the public name of the final editor
    who approved it (`goedgekeurd_door`); its `redacteur_naam` then names who wrote what was approved.
    """

    themas_snapshot = models.JSONField(default=list)
    tags_snapshot = models.JSONField(default=list)
    vermeldingen_snapshot = models.JSONField(default=list)
    verbanden_snapshot = models.JSONField(default=list)
    redacteur_naam = models.CharField(max_length=100, blank=True)
    goedgekeurd_door = models.CharField(max_length=100, blank=True)

    class Meta:
        abstract = True

    @property
    def publieke_redacteur(self):
        return self.redacteur_naam or "redactie"


class Thema(BewaartOudeSlugs, models.Model):
    naam = models.CharField(max_length=100, unique=True)
    slug = slug_field("een thema")
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


# The versions of lessons. lessen.services writes them; simple-history's signals are off.
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

    def search(self, query):
        """The lessons of this queryset that match `query` (what a reader typed, or a parsed
        `zoeken.search.Query`); all of them when it asks for nothing. Unordered: `zoeken.search.ranked`
        orders by relevance."""
        from zoeken import search  # the search engine is zoeken's, and it reads these models

        if isinstance(query, str):
            query = search.parse_query(query)
        return search.found(query, self) if query else self


class SaveOutsideServices(RuntimeError):
    """`Les.save()` called by code other than `lessen.services`: refused, so that no script leaves
    a lesson without its version, its rendered body or its place in the search index."""


class Les(BewaartOudeSlugs, models.Model):
    """A lesson learned about the wijkaanpak. Its primary key is its permanent number.

    It is written through `lessen.services` (`les_opslaan`): every save is version `versie + 1`,
    with its Markdown rendered once (`tekst_html`), its search text and a copy in its history.
    A plain `save()` would skip all of that, so it is refused (SaveOutsideServices): in a shell, a
    script or a test, call `les_opslaan(les=...)`. (Data migrations use the historical model, whose
    save is not refused: end them with `rebuild_search_index`, see README, "Zoeken".)
    """

    saved_by_service = False  # les_opslaan sets it on the instance it saves

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        TER_BEOORDELING = "ter_beoordeling", "Ter beoordeling"
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
    slug = slug_field("een les")
    samenvatting = models.TextField(max_length=600, blank=True, help_text="Eén of twee zinnen.")
    tekst = models.TextField(
        blank=True,
        help_text="Opmaak in Markdown: <code>## Kop</code> (koppen beginnen bij ##), <code>**vet**</code>, "
        "<code>*schuin*</code>, <code>- </code> aan het begin van een regel voor een opsomming.<br>"
        "Een link naar een andere les: de titel tussen dubbele blokhaken, "
        "<code>[[Titel van een les]]</code>, of met een eigen linktekst: "
        "<code>[[Titel van een les|andere tekst]]</code>. Het adres van de les mag ook: "
        "<code>[[adres-van-een-les]]</code>. Bestaat de les (nog) niet, dan ziet u de link gemarkeerd "
        "in het voorbeeld.",
    )
    tekst_html = models.TextField(editable=False, default="")
    soort = models.CharField(max_length=20, choices=Soort.choices, default=Soort.INZICHT)
    kennissoort = models.CharField(
        max_length=20,
        choices=Kennissoort.choices,
        blank=True,
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
    themas = models.ManyToManyField(Thema, related_name="lessen", verbose_name="thema's", blank=True)
    tags = TaggableManager(
        "tags",
        blank=True,
        help_text="Trefwoorden, gescheiden door komma's, bijv. 'bewoners, dorp in de stad'.",
    )
    bronnen = models.ManyToManyField(Bron, through="Vermelding", related_name="lessen")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    versie = models.PositiveIntegerField(default=0, editable=False)
    # Set by services.gecontroleerd (the admin's action "Gecontroleerd tegen de bron"), as a version.
    gecontroleerd_op = models.DateField(
        "laatst gecontroleerd tegen de bron", null=True, blank=True, editable=False
    )
    gecontroleerd_door = models.CharField(
        "gecontroleerd door",
        max_length=100,
        blank=True,
        editable=False,
        help_text="De publieke naam van wie controleerde.",
    )
    herzien_voor = models.DateField(
        "te herzien vóór",
        null=True,
        blank=True,
        help_text="Wanneer de les weer naast de bron gelegd moet worden. "
        "Bij ‘gecontroleerd’ wordt dit een jaar later.",
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = LesQuerySet.as_manager()
    history = LES_HISTORIE

    class Meta:
        ordering = ["titel"]
        verbose_name = "les"
        verbose_name_plural = "lessen"
        # Given to the group Eindredacteur (migration): publishing a lesson another editor wrote, and
        # taking a published lesson offline. `lessen.services` checks it.
        permissions = [("publish_les", "Lessen publiceren en offline halen")]
        indexes = [
            models.Index(fields=["status", "titel"], name="les_status_titel"),
            # Whether a lesson is published, without reading its row (on SQLite the long texts come
            # first): for joins that only filter on status, such as the related lessons.
            models.Index(fields=["id", "status"], name="les_id_status"),
            # The most recently changed published lessons without sorting them all: the list ordered
            # by last change, the feed (10,000 lessons on SQLite: 90 ms without, 10 ms with).
            models.Index(fields=["status", "-gewijzigd"], name="les_status_gewijzigd"),
        ]

    def __str__(self):
        return self.titel

    def save(self, *args, **kwargs):
        if not self.saved_by_service:
            raise SaveOutsideServices(
                "Een les slaat u op met lessen.services.les_opslaan(les=...): die schrijft ook haar "
                "versie, haar HTML en haar plaats in de zoekindex. Les.save() alleen laat de zoekindex "
                "verouderd achter."
            )
        super().save(*args, **kwargs)

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


class VermeldingQuerySet(models.QuerySet):
    def in_bron(self, bron):
        """The citations of `bron` and of the essays in it: a bundle includes its parts."""
        return self.filter(models.Q(bron=bron) | models.Q(bron__onderdeel_van=bron))


class Vermelding(models.Model):
    """Where a lesson appears in a source: the locator a citer needs, and the source's own wording."""

    les = models.ForeignKey(Les, on_delete=models.CASCADE, related_name="vermeldingen")
    bron = models.ForeignKey(Bron, on_delete=models.PROTECT, related_name="vermeldingen")
    locator = models.CharField(
        "vindplaats", max_length=200, help_text="Bijv. 'punt 8', '§4.5, wet 11', 'pijler 3'."
    )
    titel_in_bron = models.CharField(
        "titel in de bron",
        max_length=500,
        blank=True,
        help_text="Zoals deze bron het punt noemt; leeg als de bron het punt geen titel geeft.",
    )
    citaat = models.TextField(blank=True, max_length=600, help_text="Optioneel: een kort letterlijk citaat.")
    volgorde = models.PositiveSmallIntegerField(default=0, help_text="Plaats in de bron, voor de volgorde.")

    objects = VermeldingQuerySet.as_manager()

    class Meta:
        ordering = ["volgorde", "id"]
        constraints = [models.UniqueConstraint(fields=["les", "bron", "locator"], name="vermelding_uniek")]
        # The newest lessons citing a source, without sorting them all (related lessons).
        indexes = [models.Index(fields=["bron", "-les"], name="vermelding_bron_les")]
        verbose_name = "vermelding in een bron"
        verbose_name_plural = "vermeldingen in bronnen"

    def __str__(self):
        return f"{self.bron}, {self.locator}"


class Verband(models.Model):
    """How one lesson stands to another, in the editors' words: a relation between two sources' points.

    It belongs to the lesson it starts from (`van`), is edited and versioned with it, and shows on
    both lessons, phrased from each side (`Soort.vanaf_naar`).
    """

    class Soort(models.TextChoices):
        SLUIT_AAN = "sluit_aan", "sluit aan bij"
        WERKT_UIT = "werkt_uit", "werkt uit"
        NUANCEERT = "nuanceert", "nuanceert"
        GESPANNEN = "gespannen", "staat op gespannen voet met"

        @property
        def vanaf_naar(self):
            """The relation as the other lesson (`naar`) shows it."""
            return {"werkt_uit": "wordt uitgewerkt in", "nuanceert": "wordt genuanceerd door"}.get(
                self.value, self.label
            )

    van = models.ForeignKey(Les, on_delete=models.CASCADE, related_name="verbanden")
    naar = models.ForeignKey(
        Les, verbose_name="andere les", on_delete=models.CASCADE, related_name="verbanden_hierheen"
    )
    soort = models.CharField(
        max_length=20,
        choices=Soort.choices,
        help_text="<b>sluit aan bij</b>: beide zeggen in de kern hetzelfde, elk vanuit de eigen bron; "
        "<b>werkt uit</b>: deze les maakt concreet of werkt verder uit wat de andere in het algemeen zegt; "
        "<b>nuanceert</b>: deze les zet een kanttekening bij de andere of beperkt waar die geldt; "
        "<b>staat op gespannen voet met</b>: de twee trekken een andere kant op en zijn niet "
        "allebei zonder meer te volgen.",
    )
    toelichting = models.CharField(
        max_length=300, help_text="Eén zin in uw eigen woorden: waarom deze twee lessen zo samenhangen."
    )

    class Meta:
        ordering = ["soort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["van", "naar"], name="verband_uniek"),
            models.CheckConstraint(
                condition=~models.Q(van=models.F("naar")), name="verband_niet_met_zichzelf"
            ),
        ]
        verbose_name = "verband met een andere les"
        verbose_name_plural = "verbanden met andere lessen"

    def __str__(self):
        return f"{self.van_id} {self.get_soort_display()} {self.naar_id}"


class ContentStamp(models.Model):
    """One row that database triggers change on every write to a content table.

    Public pages use it as their validator (ETag, Last-Modified) and as their cache key; see
    `wijkgids/caching.py`. Nothing in Python writes it.
    """

    counter = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "inhoudsstempel"
        verbose_name_plural = "inhoudsstempels"

    def __str__(self):
        return f"{self.counter} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
