"""Links between lessons written as `[[slug]]`, `[[Titel]]` or `[[slug|tekst]]` in a body.

A link resolves, in this order, to the published lesson with that slug or (case-insensitively)
that title, to the lesson that slug used to belong to, or to the lesson this same link pointed at
before (so a link by title survives a retitling). Links are stored (`Wikilink`) for "Wat linkt
hierheen", and when a lesson is saved, the lessons that link to it are re-rendered, so link texts
and addresses follow renames and a missing link comes alive when its lesson is published.
"""

import re

from django.db.models import Q
from django.db.models.functions import Lower

from omleidingen.models import OudeSlug

from .markdown import WIKILINK_PATTERN, render_markdown
from .models import Les, Wikilink

WIKILINK_RE = re.compile(WIKILINK_PATTERN)


def targets_in(tekst):
    return {match.group(1).strip() for match in WIKILINK_RE.finditer(tekst or "")}


class Resolver:
    """Maps a link target to (url, title) of a lesson; `found` holds target → lesson pk."""

    def __init__(self, lessons_by_target):
        self.lessons_by_target = lessons_by_target
        self.found = {target: les.pk for target, les in lessons_by_target.items()}

    def __call__(self, target):
        les = self.lessons_by_target.get(target.strip().lower())
        return (les.get_absolute_url(), les.titel) if les else None


def resolver_for(tekst, *, van_pk=None):
    targets = {target.lower() for target in targets_in(tekst)}
    if not targets:
        return Resolver({})
    published = Les.objects.published().only("pk", "slug", "titel")
    found = {}
    for les in published.annotate(titel_lower=Lower("titel")).filter(
        Q(slug__in=targets) | Q(titel_lower__in=targets)
    ):
        for key in (les.slug.lower(), les.titel.lower()):
            if key in targets:
                found[key] = les
    missing = targets - found.keys()
    if missing:
        oude = dict(
            OudeSlug.objects.filter(
                content_type__app_label="lessen", content_type__model="les", slug__in=missing
            ).values_list("slug", "object_id")
        )
        eerder = {}
        if van_pk:
            eerder = dict(
                Wikilink.objects.filter(van_id=van_pk, doel__in=missing, naar__isnull=False).values_list(
                    "doel", "naar_id"
                )
            )
        wanted = {**eerder, **oude}
        lessen = published.in_bulk(set(wanted.values()))
        found |= {target: lessen[pk] for target, pk in wanted.items() if pk in lessen}
    return Resolver(found)


def render(les):
    """The lesson's body as HTML, with its wikilinks resolved now; and the resolver used."""
    resolver = resolver_for(les.tekst, van_pk=les.pk)
    return render_markdown(les.tekst, resolve_wikilink=resolver), resolver


def render_version(versie):
    """A version's body with its links resolved now, not when it was saved: a lesson it linked to may
    have become a draft since, and must then show neither its title nor its address."""
    return render_markdown(versie.tekst, resolve_wikilink=resolver_for(versie.tekst, van_pk=versie.id))


def store_links(les, resolver):
    Wikilink.objects.filter(van=les).delete()
    Wikilink.objects.bulk_create(
        Wikilink(van=les, doel=target[:200], naar_id=resolver.found.get(target))
        for target in {target.lower() for target in targets_in(les.tekst)}
    )


def refresh_linking_lessons(les):
    """Re-render the lessons whose links point, or could now point, at `les` (no new version:
    their Markdown did not change, only what its links resolve to); returns their ids."""
    keys = {les.slug.lower(), les.titel.lower()}
    van_ids = set(
        Wikilink.objects.filter(Q(naar=les) | Q(naar__isnull=True, doel__in=keys)).values_list(
            "van_id", flat=True
        )
    )
    van_ids.discard(les.pk)
    rerender(van_ids)
    return van_ids


def rerender(les_ids):
    """Render these lessons' bodies again with their links resolved as they are now."""
    for les in Les.objects.filter(pk__in=les_ids).only("pk", "tekst"):
        html, resolver = render(les)
        Les.objects.filter(pk=les.pk).update(tekst_html=html)
        store_links(les, resolver)
