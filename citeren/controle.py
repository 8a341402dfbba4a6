"""Checking a note's references: every Wijkgids link in it, what it cited and what became of it.

A link names a lesson by its permanent number (`/l/<n>/`, `/l/<n>/v/<m>/`) or by an address
(`/lessen/<slug>/...`, current or old). The version cited is the one in the link (`/v/<m>/`,
`/versies/<m>/`) or else the one in force on the day the note was written. Each link gets a verdict:
unchanged, changed since (with the difference), moved to a new address or title, removed (410, with
the reason) or unknown. A constant number of queries for any number of links (at most MAX_LINKS).
"""

import re
from dataclasses import dataclass
from datetime import datetime, time
from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from lessen import selectors
from lessen.models import Les
from omleidingen.models import OudeSlug

from . import formats, memento

MAX_LINKS = 200
NIET_IN_URL = r"""[^\s<>"'“”‘’\[\]{}|\\^`]"""
# Routes that name one lesson: by number, or by address (with a version, for some).
OP_NUMMER = {"lessen:permalink", "versies:versie_permalink"}
OP_ADRES = {
    "lessen:les_detail", "lessen:links_hierheen", "versies:versie_list", "versies:versie_detail",
    "citeren:les_feed", "citeren:tijdkaart", "citeren:tijdkaart_json",
}  # fmt: skip


class Oordeel:
    ONGEWIJZIGD = "ongewijzigd"
    GEWIJZIGD = "gewijzigd"
    VERWIJDERD = "verwijderd"
    ONBEKEND = "onbekend"


@dataclass
class Link:
    """A Wijkgids link as it stands in the note, and what it names."""

    tekst: str
    nummer: int | None = None
    adres: str | None = None
    versie: int | None = None


@dataclass
class Bevinding:
    link: Link
    oordeel: str
    les: Les | None = None
    uitleg: str = ""
    geciteerd: memento.Memento | None = None
    geciteerd_volgens: str = ""  # "link" or "datum"
    later_gepubliceerd: bool = False  # first published after the note's date: its first version is meant
    huidige: memento.Memento | None = None
    verschil_url: str = ""
    nieuw_adres: str = ""  # the lesson's address now, when the link names another one
    oude_titel: str = ""  # the title of the version cited, when it differs from today's
    verwijderd_op: datetime | None = None
    reden: str = ""
    citaat: formats.Citaat | None = None  # of the current version, to copy
    apa: str = ""


def wijkgids_links(tekst, doelen, hosts):
    """The distinct Wijkgids links in a note's text and among its link targets, in order of appearance;
    at most MAX_LINKS, and whether there were more."""
    zonder_schema = "|".join(re.escape(host) for host in sorted(hosts, key=len, reverse=True))
    url = re.compile(rf"(?i)https?://{NIET_IN_URL}+|\b(?:{zonder_schema})/{NIET_IN_URL}*")
    gevonden = []
    for kandidaat in [*doelen, *url.findall(tekst)]:
        link = _lees_link(kandidaat.strip().rstrip(".,;:!?)»”’"), hosts)
        if link is not None and link.tekst not in {g.tekst for g in gevonden}:
            gevonden.append(link)
    return gevonden[:MAX_LINKS], len(gevonden) > MAX_LINKS


def _lees_link(tekst, hosts):
    url = tekst if re.match(r"(?i)https?://", tekst) else f"https://{tekst}"
    try:
        delen = urlsplit(url)
    except ValueError:
        return None
    if (delen.netloc or "").lower() not in hosts:
        return None
    pad = unquote(delen.path or "/")
    if not pad.endswith("/") and "." not in pad.rsplit("/", 1)[-1]:
        pad += "/"  # typed without its last slash
    try:
        match = resolve(pad)
    except Resolver404:
        return Link(tekst)
    kwargs = match.kwargs
    nummer = (
        kwargs.get("nummer")
        if match.view_name in {"versies:versie_permalink", "versies:versie_detail"}
        else None
    )
    if match.view_name in OP_NUMMER:
        return Link(tekst, nummer=kwargs["pk"], versie=nummer)
    if match.view_name in OP_ADRES:
        return Link(tekst, adres=kwargs["slug"], versie=nummer)
    return Link(tekst)  # a Wijkgids page, but not a lesson's


def hosts_van(request, allowed_hosts):
    """The host names under which the Wijkgids is reached: this request's, and the configured ones."""
    hosts = {request.get_host().lower()}
    hosts |= {
        host.lower().lstrip(".") for host in allowed_hosts if host not in ("*",) and not host.startswith("[")
    }
    return hosts | {f"www.{host}" for host in hosts}


def controleer(links, *, datum, request):
    """A Bevinding for every link, in about ten queries whatever their number: old addresses, lessons,
    removed lessons, published versions, titles of versions, and the current lessons to cite."""
    geschreven = timezone.make_aware(datetime.combine(datum, time.max))
    adressen = {link.adres for link in links if link.adres}
    oud = {
        o.slug: o.object_id
        for o in OudeSlug.objects.filter(
            content_type=ContentType.objects.get_for_model(Les), slug__in=adressen
        )
    }
    # A number no lesson can have (past the database's integers) is left out of the queries: unknown.
    nummers = {link.nummer for link in links if link.nummer and link.nummer < 2**31} | set(oud.values())
    lessen = list(
        Les.objects.filter(Q(pk__in=nummers) | Q(slug__in=adressen)).only(
            "pk", "slug", "titel", "status", "versie"
        )
    )
    per_nummer = {les.pk: les for les in lessen}
    per_adres = {les.slug: les for les in lessen}
    # The removed ones: their last version records the removal, with its address and title.
    verwijderd = {}
    for versie in Les.history.filter(Q(id__in=nummers) | Q(slug__in=adressen), history_type="-").order_by(
        "history_date"
    ):
        verwijderd[versie.id] = verwijderd[versie.slug] = versie
    genoemd = {id(link): _les_voor(link, per_nummer, per_adres, oud) for link in links}
    openbaar = [les.pk for les in lessen if les.is_published]
    mementos = memento.mementos_per_les(openbaar)
    titels = _titels_van_versies({les.pk for les in genoemd.values() if les is not None})
    citeerbaar = {
        les.pk: formats.citaat_voor(les, request.build_absolute_uri(les.get_version_permalink()))
        for les in selectors.les_by_ids(openbaar)
    }
    apa = formats.apa_html(citeerbaar.values())  # one bibliography for all of them

    bevindingen = []
    for link in links:
        les = genoemd[id(link)]
        if les is not None and les.is_published:
            bevinding = _over_les(
                request, link, les, mementos.get(les.pk, []), geschreven, titels, citeerbaar
            )
            if bevinding.citaat is not None:
                bevinding.apa = apa[bevinding.citaat.sleutel]
            bevindingen.append(bevinding)
            continue
        weg = verwijderd.get(link.nummer) if link.nummer else verwijderd.get(link.adres)
        if weg is None and link.adres in oud:
            weg = verwijderd.get(oud[link.adres])
        if les is None and weg is not None:
            bevindingen.append(
                Bevinding(
                    link,
                    Oordeel.VERWIJDERD,
                    uitleg=f"‘{weg.titel}’ is verwijderd: de link geeft nu 410.",
                    verwijderd_op=weg.history_date,
                    reden=weg.history_change_reason or "",
                )  # fmt: skip
            )
            continue
        uitleg = (
            "Dit is een pagina van de Wijkgids, maar geen les."
            if link.nummer is None and link.adres is None
            else "Geen openbare les van de Wijkgids heeft (of had) dit nummer of adres."
        )
        bevindingen.append(Bevinding(link, Oordeel.ONBEKEND, uitleg=uitleg))
    return bevindingen


def _les_voor(link, per_nummer, per_adres, oud):
    """The lesson a link names now: by number, by address, or by an old address."""
    if link.nummer:
        return per_nummer.get(link.nummer)
    if link.adres in per_adres:
        return per_adres[link.adres]
    return per_nummer.get(oud.get(link.adres))


def _titels_van_versies(les_ids):
    """{(lesson id, version): title} of these lessons' versions: one query."""
    rijen = Les.history.filter(id__in=les_ids).values_list("id", "versie", "titel")
    return {(les_id, versie): titel for les_id, versie, titel in rijen}


def _over_les(request, link, les, lijst, geschreven, titels, citeerbaar):
    bevinding = Bevinding(link, Oordeel.ONGEWIJZIGD, les=les, huidige=lijst[-1] if lijst else None)
    if link.versie is not None:
        bevinding.geciteerd = next((m for m in lijst if m.versie == link.versie), None)
        bevinding.geciteerd_volgens = "link"
        if bevinding.geciteerd is None:
            bevinding.oordeel = Oordeel.ONBEKEND
            bevinding.uitleg = f"‘{les.titel}’ heeft geen openbare versie {link.versie}."
            return bevinding
    else:
        bevinding.geciteerd = memento.in_force(lijst, geschreven)
        bevinding.geciteerd_volgens = "datum"
        bevinding.later_gepubliceerd = bool(lijst) and geschreven < lijst[0].datum
    if link.adres is not None and link.adres != les.slug:
        bevinding.nieuw_adres = request.build_absolute_uri(les.get_absolute_url())
    geciteerd, huidige = bevinding.geciteerd, bevinding.huidige
    oude_titel = titels.get((les.pk, geciteerd.versie), les.titel)
    if oude_titel != les.titel:
        bevinding.oude_titel = oude_titel
    if huidige is not None and geciteerd.versie < huidige.versie:
        bevinding.oordeel = Oordeel.GEWIJZIGD
        bevinding.verschil_url = reverse(
            "versies:verschil", kwargs={"slug": les.slug, "a": geciteerd.versie, "b": huidige.versie}
        )
    if les.pk in citeerbaar:
        bevinding.citaat = citeerbaar[les.pk]
    return bevinding
