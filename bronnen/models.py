"""Sources and authors: the documents lessons are drawn from, and the people who wrote them."""

from django.apps import apps
from django.db import models
from django.urls import reverse

from omleidingen.models import BewaartOudeSlugs, slug_field

# What the public may see: a lesson that is not published does not exist for a visitor, on any page,
# feed, API page, sitemap, count, filter choice or search suggestion. So a source is public only
# when a published lesson cites it (a bundle: it or one of its essays), an author only as the author
# of a public source. Staff (`lessen.models.sees_drafts`) see everything, to preview drafts.


def _published_citations():
    """The citations (Vermelding) of published lessons. The models of `lessen` build on these, so
    they are looked up when asked for, not imported."""
    Les = apps.get_model("lessen", "Les")
    return apps.get_model("lessen", "Vermelding").objects.filter(les__in=Les.objects.published())


def sees_drafts(user):
    """Staff see what is not public yet, to preview it (`lessen.models.sees_drafts` is this)."""
    return user is not None and user.is_authenticated and user.is_staff


class AuteurQuerySet(models.QuerySet):
    def public(self):
        """Authors of a public source (see `BronQuerySet.public`)."""
        return self.filter(
            pk__in=BronAuteur.objects.filter(bron__in=Bron.objects.public()).values("auteur_id")
        )

    def visible_to(self, user):
        return self.all() if sees_drafts(user) else self.public()


class Auteur(BewaartOudeSlugs, models.Model):
    naam = models.CharField(max_length=200)
    sorteernaam = models.CharField(
        max_length=200, help_text="Zoals de naam in een alfabetische lijst staat, bijv. 'Lans, Jos van der'."
    )
    slug = slug_field("een auteur")
    titulatuur = models.CharField(
        max_length=50, blank=True, help_text="Bijv. 'Prof. dr.', alleen als de bron die noemt."
    )
    rol = models.CharField(
        "rol of functie",
        max_length=300,
        blank=True,
        help_text="Zoals de bron die geeft, bijv. 'Chief Scientist Ministerie VROM'.",
    )
    url = models.URLField("website", blank=True)

    objects = AuteurQuerySet.as_manager()

    class Meta:
        ordering = ["sorteernaam"]
        verbose_name = "auteur"
        verbose_name_plural = "auteurs"

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("bronnen:auteur_detail", kwargs={"slug": self.slug})


class BronQuerySet(models.QuerySet):
    def top_level(self):
        """Documents that stand on their own: bundles and single documents, not the essays inside."""
        return self.filter(onderdeel_van__isnull=True)

    def public(self):
        """Sources a published lesson cites, and bundles with an essay a published lesson cites:
        to the public, a source only drafts cite does not exist."""
        cited = _published_citations()
        return self.filter(
            models.Q(pk__in=cited.values("bron_id")) | models.Q(pk__in=cited.values("bron__onderdeel_van_id"))
        )

    def visible_to(self, user):
        return self.all() if sees_drafts(user) else self.public()

    def with_auteurs(self):
        return self.prefetch_related(
            models.Prefetch("bronauteurs", queryset=BronAuteur.objects.select_related("auteur"))
        )


class Bron(BewaartOudeSlugs, models.Model):
    class Soort(models.TextChoices):
        LEZING = "lezing", "Lezing"
        ESSAYBUNDEL = "essaybundel", "Essaybundel"
        ESSAY = "essay", "Essay"
        BELEIDSGIDS = "beleidsgids", "Beleidsgids"
        MANIFEST = "manifest", "Manifest"

    titel = models.CharField(max_length=300)
    titel_beschrijvend = models.BooleanField(
        "beschrijvende titel",
        default=False,
        help_text="Aan als de bron zelf geen titel draagt en de redactie er een beschrijving van maakte.",
    )
    slug = slug_field("een bron")
    soort = models.CharField(max_length=20, choices=Soort.choices)
    auteurs = models.ManyToManyField(Auteur, through="BronAuteur", related_name="bronnen", blank=True)
    organisatie = models.CharField(max_length=300, blank=True)
    jaar = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Alleen invullen als het jaar bekend is."
    )
    url = models.URLField("webadres", blank=True)
    beschrijving = models.TextField(blank=True)
    onderdeel_van = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onderdelen",
        help_text="De bundel waarin dit stuk verscheen, bijv. een essay in een essaybundel.",
    )
    volgorde = models.PositiveSmallIntegerField(default=0, help_text="Plaats binnen de bundel.")

    objects = BronQuerySet.as_manager()

    class Meta:
        ordering = ["volgorde", "titel"]
        verbose_name = "bron"
        verbose_name_plural = "bronnen"

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("bronnen:bron_detail", kwargs={"slug": self.slug})

    @property
    def geordende_auteurs(self):
        """The authors in the order the source names them (uses the prefetch of `with_auteurs`)."""
        return [ba.auteur for ba in self.bronauteurs.all()]


class BronAuteur(models.Model):
    bron = models.ForeignKey(Bron, on_delete=models.CASCADE, related_name="bronauteurs")
    auteur = models.ForeignKey(Auteur, on_delete=models.PROTECT, related_name="bronauteurs")
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["volgorde", "id"]
        constraints = [models.UniqueConstraint(fields=["bron", "auteur"], name="bronauteur_uniek")]
        verbose_name = "auteur van de bron"
        verbose_name_plural = "auteurs van de bron"

    def __str__(self):
        return f"{self.auteur} — {self.bron}"
