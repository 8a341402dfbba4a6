"""Lesson cards for the lists, each rendered once for what it shows.

A list asks the database for exactly what its cards show, as plain values (three small queries,
no model objects), and looks each card up in the cache under a hash of those values and of the
code. So a card is rendered again only when something on it changed, whichever way the change
came (the admin, a bulk update, raw SQL), and an edit to one lesson leaves the cards of all the
others, on every list they appear in, as they were. A card shows nothing that depends on who
looks at it (drafts only reach editors' lists, and the "concept" mark follows the status).
"""

import hashlib
from collections import defaultdict

from django.core.cache import caches
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from .content_stamp import code_fingerprint
from .models import Les, Thema, Vermelding

TEMPLATE = "lessen/_les_card.html"
COLUMNS = ("pk", "titel", "slug", "soort", "samenvatting", "status")


def cards(lessen):
    """The HTML of the card of each lesson in `lessen` (a queryset, usually one page), in order."""
    rows = list(lessen.values_list(*COLUMNS))
    ids = [row[0] for row in rows]
    herkomst = defaultdict(list)
    citations = Vermelding.objects.filter(les_id__in=ids)  # in their own order, as on the lesson
    for les_id, *bron_en_locator in citations.values_list("les_id", "bron__titel", "locator"):
        herkomst[les_id].append(tuple(bron_en_locator))
    themas = themes_of(ids)
    shown = [(row, tuple(herkomst[row[0]]), tuple(themas[row[0]])) for row in rows]
    keys = [_key(what) for what in shown]
    cache = caches["kaarten"]
    found = cache.get_many(keys)
    rendered = {key: _render(*what) for key, what in zip(keys, shown, strict=True) if key not in found}
    if rendered:
        cache.set_many(rendered, timeout=None)
    return [mark_safe(found.get(key) or rendered[key]) for key in keys]  # noqa: S308 - our own template


def themes_of(ids):
    """{lesson id: [(name, slug) of each of its themes, in the themes' order]}, in one query."""
    themas = defaultdict(list)
    links = Les.themas.through.objects.filter(les_id__in=ids)
    theme_order = [f"thema__{field}" for field in Thema._meta.ordering]
    for les_id, *naam_en_slug in links.order_by(*theme_order).values_list(
        "les_id", "thema__naam", "thema__slug"
    ):
        themas[les_id].append(tuple(naam_en_slug))
    return themas


def _key(shown):
    digest = hashlib.sha1(repr((shown, code_fingerprint()[0])).encode(), usedforsecurity=False)
    return f"kaart:{digest.hexdigest()}"


def _render(row, herkomst, themas):
    values = dict(zip(COLUMNS, row, strict=True))
    kaart = {
        "pk": values["pk"],
        "titel": values["titel"],
        "url": reverse("lessen:les_detail", kwargs={"slug": values["slug"]}),
        "soort": Les.Soort(values["soort"]).label if values["soort"] in Les.Soort.values else values["soort"],
        "samenvatting": values["samenvatting"],
        "gepubliceerd": values["status"] == Les.Status.GEPUBLICEERD,
        "herkomst": herkomst,
        "themas": [
            {"naam": naam, "url": reverse("lessen:thema_detail", kwargs={"slug": slug})}
            for naam, slug in themas
        ],
    }
    return render_to_string(TEMPLATE, {"kaart": kaart})
