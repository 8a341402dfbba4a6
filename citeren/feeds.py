import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from lessen import selectors
from lessen.models import Les
from versies.selectors import versie_list
from wijkgids.http import NietGevonden

from . import formats

VERSION_FEED_SIZE = 20
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    """Text without the control characters XML 1.0 cannot hold (an editor may paste them)."""
    return CONTROL_CHARACTERS.sub("", str(text))


def html_summary(text):
    """Plain text for an Atom summary, which Django declares type="html": escaped, so that an
    editor's `<script>` reaches a feed reader as text, not as markup."""
    return escape(xml_safe(text))


FEED_SIZE = 50


class LesVersiesFeed(Feed):
    """The changes of one lesson (Atom), for someone who cited it and wants to follow it."""

    feed_type = Atom1Feed
    author_name = formats.AUTEUR  # RFC 4287 §4.1.1: a version without a known editor is theirs

    def get_object(self, request, slug):
        try:
            return selectors.les_by_slug(slug=slug, user=None)
        except Les.DoesNotExist as exc:
            raise NietGevonden(f"Er is geen les met het adres ‘{slug}’.") from exc

    def title(self, les):
        return xml_safe(f"Wijkgids — wijzigingen in ‘{les.titel}’")

    def subtitle(self, les):
        return "Elke nieuwe versie van deze les, met een link naar precies die versie."

    def link(self, les):
        return les.get_absolute_url()

    def items(self, les):
        return versie_list(les=les, user=None)[:VERSION_FEED_SIZE]

    def item_title(self, versie):
        reden = f": {versie.history_change_reason}" if versie.history_change_reason else ""
        return xml_safe(f"Versie {versie.versie}{reden}")

    def item_description(self, versie):
        return html_summary(f"Versie {versie.versie} van ‘{versie.titel}’, door {versie.publieke_redacteur}.")

    def item_author_name(self, versie):
        return xml_safe(versie.redacteur_naam) or None  # the editor's public name, where there is one

    def item_link(self, versie):
        return reverse("versies:versie_permalink", kwargs={"pk": versie.id, "nummer": versie.versie})

    def item_pubdate(self, versie):
        return versie.history_date

    def item_updateddate(self, versie):
        return versie.history_date


class LessenFeed(Feed):
    """New and changed published lessons, most recently changed first (Atom)."""

    feed_type = Atom1Feed
    author_name = formats.AUTEUR  # the author of every lesson, as its citation says (RFC 4287 §4.1.1)
    title = "Wijkgids: nieuwe en gewijzigde lessen"
    subtitle = "Lessen over de wijkaanpak die de redactie heeft toegevoegd of bijgewerkt."

    def link(self):
        return reverse("lessen:les_list")

    def items(self):
        return Les.objects.published().prefetch_related("themas").order_by("-gewijzigd", "-pk")[:FEED_SIZE]

    def item_title(self, les):
        return xml_safe(les.titel)

    def item_description(self, les):
        return html_summary(les.samenvatting)

    def item_link(self, les):
        # The permanent link: a feed reader's id for the lesson stays the same when its title changes.
        return les.get_permalink()

    def item_pubdate(self, les):
        return les.aangemaakt

    def item_updateddate(self, les):
        return les.gewijzigd

    def item_categories(self, les):
        return [xml_safe(thema.naam) for thema in les.themas.all()]
