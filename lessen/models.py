from django.db import models
from django.urls import reverse
from taggit.managers import TaggableManager

from bronnen.models import Bron

from .markdown import render_markdown


class Thema(models.Model):
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


class LesQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Les.Status.GEPUBLICEERD)

    def visible_to(self, user):
        """Published lessons for everyone; drafts as well for staff, who preview them."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()


class Les(models.Model):
    """A lesson learned about the wijkaanpak. Its primary key is its permanent number."""

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
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = LesQuerySet.as_manager()

    class Meta:
        ordering = ["titel"]
        verbose_name = "les"
        verbose_name_plural = "lessen"
        indexes = [models.Index(fields=["status", "titel"], name="les_status_titel")]

    def __str__(self):
        return self.titel

    def save(self, *args, **kwargs):
        # The body is rendered once per saved text, never per request.
        self.tekst_html = render_markdown(self.tekst)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("lessen:les_detail", kwargs={"slug": self.slug})

    def get_permalink(self):
        return reverse("lessen:permalink", kwargs={"pk": self.pk})

    @property
    def is_published(self):
        return self.status == self.Status.GEPUBLICEERD


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
        verbose_name = "vermelding in een bron"
        verbose_name_plural = "vermeldingen in bronnen"

    def __str__(self):
        return f"{self.bron}, {self.locator}"


class ContentStamp(models.Model):
    """One row that database triggers change on every write to a content table.

    Public pages use it as their validator (ETag, Last-Modified) and as their cache key; see
    `lessen/content_stamp.py`. Nothing in Python writes it.
    """

    counter = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "inhoudsstempel"
        verbose_name_plural = "inhoudsstempels"

    def __str__(self):
        return f"{self.counter} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
