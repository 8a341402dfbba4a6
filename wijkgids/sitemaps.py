"""The sitemap (/sitemap.xml, an index of one section per kind of page, each paginated)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from bronnen.models import Auteur, Bron
from lessen import selectors
from lessen.models import Les, Thema


class WijkgidsSitemap(Sitemap):
    limit = 500  # URLs per sitemap page; a section with more gets ?p=2, ...


class PaginaSitemap(WijkgidsSitemap):
    def items(self):
        return [
            "home",
            "lessen:les_list",
            "lessen:thema_list",
            "bronnen:bron_list",
            "bronnen:auteur_list",
            "lessen:tag_list",
            "lessen:overzicht",
        ]

    def location(self, name):
        return reverse(name)


class LesSitemap(WijkgidsSitemap):
    def items(self):
        return Les.objects.published().only("pk", "slug", "gewijzigd").order_by("pk")

    def lastmod(self, les):
        return les.gewijzigd

    def get_latest_lastmod(self):
        # Django's default takes the max over every item: one aggregate query instead.
        return Les.objects.published().aggregate(laatst=Max("gewijzigd"))["laatst"]


class ThemaSitemap(WijkgidsSitemap):
    def items(self):
        return Thema.objects.order_by("volgorde", "naam")


class ThemaVergelijkSitemap(ThemaSitemap):
    def location(self, thema):
        return reverse("lessen:thema_comparison", kwargs={"slug": thema.slug})


class TagSitemap(WijkgidsSitemap):
    def items(self):
        return selectors.tag_list()

    def location(self, tag):
        return reverse("lessen:tag_detail", kwargs={"slug": tag.slug})


class BronSitemap(WijkgidsSitemap):
    def items(self):
        return Bron.objects.public().order_by("pk")


class AuteurSitemap(WijkgidsSitemap):
    def items(self):
        return Auteur.objects.public().order_by("pk")


SITEMAPS = {
    "paginas": PaginaSitemap,
    "lessen": LesSitemap,
    "themas": ThemaSitemap,
    "vergelijkingen": ThemaVergelijkSitemap,
    "tags": TagSitemap,
    "bronnen": BronSitemap,
    "auteurs": AuteurSitemap,
}
