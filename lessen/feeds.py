from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Les

FEED_SIZE = 50


class LessenFeed(Feed):
    """New and changed published lessons, most recently changed first (Atom)."""

    feed_type = Atom1Feed
    title = "Wijkgids: nieuwe en gewijzigde lessen"
    subtitle = "Lessen over de wijkaanpak die de redactie heeft toegevoegd of bijgewerkt."

    def link(self):
        return reverse("lessen:les_list")

    def items(self):
        return Les.objects.published().prefetch_related("themas").order_by("-gewijzigd", "-pk")[:FEED_SIZE]

    def item_title(self, les):
        return les.titel

    def item_description(self, les):
        return les.samenvatting

    def item_link(self, les):
        # The permanent link: a feed reader's id for the lesson stays the same when its title changes.
        return les.get_permalink()

    def item_pubdate(self, les):
        return les.aangemaakt

    def item_updateddate(self, les):
        return les.gewijzigd

    def item_categories(self, les):
        return [thema.naam for thema in les.themas.all()]
