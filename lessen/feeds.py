from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import selectors
from .models import Les
from .views import NietGevonden

FEED_LENGTE = 20


class LesVersiesFeed(Feed):
    """The changes of one lesson (Atom), for someone who cited it and wants to follow it."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        try:
            return selectors.lesson_by_slug(slug=slug, user=None)
        except Les.DoesNotExist as exc:
            raise NietGevonden(f"Er is geen les met het adres ‘{slug}’.") from exc

    def title(self, les):
        return f"Wijkgids — wijzigingen in ‘{les.titel}’"

    def subtitle(self, les):
        return "Elke nieuwe versie van deze les, met een link naar precies die versie."

    def link(self, les):
        return les.get_absolute_url()

    def items(self, les):
        return selectors.lesson_versions(les=les, user=None)[:FEED_LENGTE]

    def item_title(self, versie):
        reden = f": {versie.history_change_reason}" if versie.history_change_reason else ""
        return f"Versie {versie.versie}{reden}"

    def item_description(self, versie):
        return f"Versie {versie.versie} van ‘{versie.titel}’, door {versie.publieke_redacteur}."

    def item_link(self, versie):
        return reverse("lessen:versie_permalink", kwargs={"pk": versie.id, "nummer": versie.versie})

    def item_pubdate(self, versie):
        return versie.history_date

    def item_updateddate(self, versie):
        return versie.history_date
