"""Robust Links (robustlinks.mementoweb.org/spec): a link to a lesson that still leads to what was
cited when the lesson has changed, been renamed or its address has gone.

The link points at the exact version cited (`href`, `data-versionurl`: the version's permanent link)
and names the lesson itself (`data-originalurl`: its permanent link, which is also its Memento
TimeGate) and when that version was saved (`data-versiondate`, ISO 8601 in UTC). A reader's tool that
cannot reach the version can ask the lesson, or any web archive, for its state at that moment.
"""

from datetime import UTC
from urllib.parse import urljoin

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


def versiedatum(datum):
    """The version's moment as Robust Links and W3C-DTF write it: 2024-06-01T12:00:00Z."""
    return datum.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def origineel(citaat):
    """The lesson's permanent link, on the same site as the version's."""
    return urljoin(citaat.url, reverse("lessen:permalink", kwargs={"pk": citaat.les_id}))


def robuuste_link(citaat, *, tekst=None):
    """The HTML of a robust link to the version `citaat` names. Its text is the version's address
    unless `tekst` is given."""
    return format_html(
        '<a href="{url}" data-originalurl="{origineel}" data-versionurl="{url}" data-versiondate="{datum}">'
        "{tekst}</a>",
        url=citaat.url,
        origineel=origineel(citaat),
        datum=versiedatum(citaat.datum),
        tekst=citaat.url if tekst is None else tekst,
    )


def met_robuuste_link(html, citaat):
    """A reference in HTML (APA) with its address of the version made a robust link."""
    url = escape(citaat.url)
    if url not in html:
        return html
    voor, na = html.split(url, 1)
    return mark_safe(voor + robuuste_link(citaat) + na)  # noqa: S308 - both parts are escaped HTML
