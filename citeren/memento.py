"""Memento (RFC 7089): what a lesson said on a given date, asked by the web's own protocol.

- A lesson's address (`/lessen/<slug>/`) is its Original Resource and its own TimeGate (the RFC's
  pattern 1.1): a request with `Accept-Datetime` gets a 302 to the version in force then, every
  answer `Vary: accept-datetime`. The permanent link `/l/<n>/` negotiates the same way.
- Its Mementos are the pages of its published versions (`/lessen/<slug>/versies/<n>/`), each with
  `Memento-Datetime`, the moment the version was saved.
- Its TimeMap (`/lessen/<slug>/tijdkaart/`, and `tijdkaart.json`) lists them all.

Only versions whose lesson was published count, the rule of the public history: a draft, or a
version saved while the lesson was offline or under review, is never a Memento, whoever asks.
A date before the first published version gets the first one (RFC 7089, 4.5.3).
"""

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date

from lessen.models import Les
from wijkgids.http import NietGevonden

ACCEPT_DATETIME = "HTTP_ACCEPT_DATETIME"
LINK_FORMAT = "application/link-format"


@dataclass(frozen=True)
class Memento:
    versie: int
    datum: datetime  # when the version was saved: its Memento-Datetime

    @property
    def http_datum(self):
        return http_date(self.datum.timestamp())


def _published_versions(les_ids):
    return (
        Les.history.filter(id__in=les_ids, status=Les.Status.GEPUBLICEERD)
        .exclude(history_type="-")
        .order_by("id", "versie")
        .values_list("id", "versie", "history_date")
    )


def mementos(les):
    """The lesson's published versions, oldest first: one query."""
    return mementos_per_les([les.pk]).get(les.pk, [])


def mementos_per_les(les_ids):
    """{lesson id: [Memento], oldest first} for these lessons: one query, whatever their number."""
    per_les = {}
    for les_id, versie, datum in _published_versions(les_ids):
        per_les.setdefault(les_id, []).append(Memento(versie, _aware(datum)))
    return per_les


def _aware(datum):
    return datum if datum.tzinfo else datum.replace(tzinfo=UTC)


def in_force(lijst, moment):
    """The Memento in force at `moment`: the last one saved at or before it; before the first, the
    first (RFC 7089 4.5.3: the closest one). None when there are none."""
    if not lijst:
        return None
    # At the precision of HTTP dates, whole seconds: asking for a version's own Memento-Datetime gets it.
    eerder = [memento for memento in lijst if memento.datum.replace(microsecond=0) <= moment]
    return eerder[-1] if eerder else lijst[0]


def parse_accept_datetime(value):
    """An Accept-Datetime header (an HTTP date, RFC 7231 IMF-fixdate) as an aware datetime.

    Raises ValueError for anything else."""
    return datetime.fromtimestamp(parse_http_date(value.strip()), tz=UTC)


# Addresses --------------------------------------------------------------------------------------


def _absolute(request, path):
    return request.build_absolute_uri(path)


def original_url(request, les):
    return _absolute(request, les.get_absolute_url())


def memento_url(request, les, versie):
    return _absolute(request, reverse("versies:versie_detail", kwargs={"slug": les.slug, "nummer": versie}))


def timemap_url(request, les, formaat="link"):
    name = "citeren:tijdkaart_json" if formaat == "json" else "citeren:tijdkaart"
    return _absolute(request, reverse(name, kwargs={"slug": les.slug}))


def _link(url, rels, **params):
    fields = [f"<{url}>", f'rel="{" ".join(rels)}"']
    fields += [f'{name}="{value}"' for name, value in params.items()]
    return "; ".join(fields)


def _memento_links(request, les, lijst, huidige=None):
    """first, last and, around `huidige`, prev and next: one link per version, its rels together."""
    rels = {}
    if lijst:
        rels.setdefault(lijst[0], []).append("first")
        rels.setdefault(lijst[-1], []).append("last")
    if huidige is not None and huidige in lijst:
        index = lijst.index(huidige)
        if index > 0:
            rels.setdefault(lijst[index - 1], []).append("prev")
        if index < len(lijst) - 1:
            rels.setdefault(lijst[index + 1], []).append("next")
        rels.setdefault(huidige, [])
    return [
        _link(memento_url(request, les, m.versie), [*rel, "memento"], datetime=m.http_datum)
        for m, rel in sorted(rels.items(), key=lambda item: item[0].versie)
    ]


def link_header(request, les, lijst, *, huidige=None):
    """The Link header of the lesson's page, a version's page (`huidige`) or the TimeGate's 302."""
    original = original_url(request, les)
    links = [_link(original, ["original", "timegate"])]
    timemap = {"from": lijst[0].http_datum, "until": lijst[-1].http_datum} if lijst else {}
    links.append(_link(timemap_url(request, les), ["timemap"], type=LINK_FORMAT, **timemap))
    links.append(_link(timemap_url(request, les, "json"), ["timemap"], type="application/json", **timemap))
    links += _memento_links(request, les, lijst, huidige)
    return ", ".join(links)


def timemap_link_format(request, les, lijst):
    """The TimeMap in application/link-format (RFC 7089 5.1.1): every published version."""
    original = original_url(request, les)
    timemap = {"from": lijst[0].http_datum, "until": lijst[-1].http_datum} if lijst else {}
    links = [
        _link(original, ["original"]),
        _link(timemap_url(request, les), ["self"], type=LINK_FORMAT, **timemap),
        _link(timemap_url(request, les, "json"), ["alternate"], type="application/json"),
        _link(original, ["timegate"]),
    ]
    for index, m in enumerate(lijst):
        rels = (["first"] if index == 0 else []) + (["last"] if index == len(lijst) - 1 else [])
        links.append(_link(memento_url(request, les, m.versie), [*rels, "memento"], datetime=m.http_datum))
    return ",\n".join(links) + "\n"


def timemap_json(request, les, lijst):
    """The same TimeMap as JSON, in the shape of the Memento aggregator's API."""

    def item(m):
        return {
            "versie": m.versie,
            "datetime": m.datum.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "uri": memento_url(request, les, m.versie),
        }

    data = {
        "original_uri": original_url(request, les),
        "timegate_uri": original_url(request, les),
        "timemap_uri": {
            "link_format": timemap_url(request, les),
            "json_format": timemap_url(request, les, "json"),
        },
        "mementos": {"list": [item(m) for m in lijst]},
    }
    if lijst:
        data["mementos"]["first"], data["mementos"]["last"] = item(lijst[0]), item(lijst[-1])
    return data


# The TimeGate -------------------------------------------------------------------------------------


def _public_lesson(*, slug=None, pk=None):
    lessen = Les.objects.published().only("pk", "slug")
    return lessen.filter(slug=slug).first() if slug is not None else lessen.filter(pk=pk).first()


def timegate(view):
    """Makes a lesson's page (by `slug`) or permanent link (by `pk`) a TimeGate.

    With `Accept-Datetime` the answer is a 302 to the version in force then, decided before the page
    cache is asked (a cached page is the current version); a malformed date is a 400 in Dutch. Every
    answer says `Vary: accept-datetime`, so that no cache gives one visitor's answer to another.
    A lesson the public cannot see, or an old or removed address, is left to the view (404, 301, 410).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        waarde = request.META.get(ACCEPT_DATETIME)
        response = None
        if waarde is not None and request.method in ("GET", "HEAD"):
            response = _negotiate(request, waarde, slug=kwargs.get("slug"), pk=kwargs.get("pk"))
        if response is None:
            response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Datetime"])
        return response

    return wrapper


def _negotiate(request, waarde, *, slug, pk):
    try:
        moment = parse_accept_datetime(waarde)
    except ValueError:
        bericht = (
            f"De datum in de kop Accept-Datetime (‘{waarde[:100]}’) is geen geldige HTTP-datum. "
            "Schrijf hem zoals ‘Tue, 01 Apr 2025 12:00:00 GMT’."
        )
        return render(request, "citeren/accept_datetime.html", {"bericht": bericht}, status=400)
    les = _public_lesson(slug=slug, pk=pk)
    if les is None:
        return None
    lijst = mementos(les)
    gekozen = in_force(lijst, moment)
    if gekozen is None:
        raise NietGevonden("Deze les heeft nog geen gepubliceerde versie.")
    response = HttpResponseRedirect(memento_url(request, les, gekozen.versie))
    response["Link"] = link_header(request, les, lijst, huidige=gekozen)
    return response


def memento_headers(request, response, les, lijst, *, versie=None):
    """The Link header on a lesson's page (`versie` None) or a version's page, and on a version
    that is a Memento, its `Memento-Datetime`. The page cache keeps them with the page."""
    huidige = next((m for m in lijst if m.versie == versie), None)
    response["Link"] = link_header(request, les, lijst, huidige=huidige)
    if huidige is not None:
        response["Memento-Datetime"] = huidige.http_datum
    return response
