"""Synthetic lessons for load tests and benchmarks: realistic, deterministic for a seed, removable.

Everything generated is recognisable, so that removing it never touches the real content:
lessons, themes, sources and authors have slugs starting with `gen-`, every generated lesson
cites the generated bundle `gen-bundel` or one of its essays, and tags come from a fixed pool
(`TAG_POOL`). Rows are written with bulk inserts (10,000 lessons in seconds), with the rendered
body (`tekst_html`) and the taggit through rows included.
"""

import multiprocessing
import os
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import product

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import ProtectedError, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from bronnen.models import Auteur, Bron, BronAuteur
from lessen import wikilinks
from lessen.markdown import render_markdown
from lessen.models import Les, Thema, Vermelding, VerwanteLes, Wikilink
from lessen.services import rebuild_derived
from zoeken.search import update_search_index

PREFIX = "gen-"
BUNDEL_SLUG = f"{PREFIX}bundel"
ESSAY_COUNT = 4
MIN_BODY_BYTES = 1024
MAX_BODY_BYTES = 3072
DELETE_BATCH = 5000
PARALLEL_FROM = 500  # lessons; below this, starting worker processes costs more than it saves

_TAG_HEADS = [
    "buurt", "wijk", "bewoners", "straat", "jeugd", "zorg", "woon", "school", "veiligheids", "armoede",
    "netwerk", "participatie", "sport", "cultuur", "gezondheids", "schulden", "taal", "werk", "groen",
    "integratie",
]  # fmt: skip
_TAG_TAILS = [
    "budget", "regie", "team", "aanpak", "agenda", "coach", "plan", "kracht", "huis", "overleg",
    "monitor", "fonds", "netwerk", "beleid", "initiatief",
]  # fmt: skip
TAG_POOL = sorted({f"{head}{tail}" for head, tail in product(_TAG_HEADS, _TAG_TAILS)} - {"netwerknetwerk"})

_GEN_THEMES = [
    ("Samenwerking", "Hoe organisaties en bewoners samen optrekken."),
    ("Vertrouwen", "Wat vertrouwen opbouwt en wat het breekt."),
    ("Sturing", "Regie, geld en verantwoording in de wijk."),
    ("Leefwereld", "Het dagelijks leven van bewoners als vertrekpunt."),
    ("Tijd", "Lange adem, projecten en continuïteit."),
    ("Kennis", "Wat we weten, meten en leren."),
]

_SUBJECTS = [
    "De wijkaanpak", "Een goede wijkwerker", "De gemeente", "Een bewonersgroep", "De corporatie",
    "Het wijkteam", "Een buurtcoach", "De wethouder", "Het welzijnswerk", "Een sterke buurt",
    "De regisseur", "Een bewonersinitiatief", "Het onderwijs", "De huisarts", "Een netwerk van vrijwilligers",
]  # fmt: skip
_VERBS = [
    "vraagt om", "begint bij", "draait om", "leunt op", "verdient", "heeft baat bij", "staat of valt met",
    "versterkt", "ondermijnt", "maakt ruimte voor", "rekent op", "groeit door",
]  # fmt: skip
_OBJECTS = [
    "geduld", "vertrouwen tussen bewoners en professionals", "korte lijnen", "een lange adem",
    "eigenaarschap van bewoners", "heldere afspraken", "ruimte voor de uitvoering", "kennis van de straat",
    "continuïteit in de bezetting", "eerlijke verwachtingen", "gedeelde verantwoordelijkheid",
    "aandacht voor kleine dingen", "een vast aanspreekpunt", "ervaringskennis", "minder regels",
    "een open houding", "zichtbare resultaten", "samenwerking over grenzen heen",
]  # fmt: skip
_TAILS = [
    "", "", "", " in de eerste jaren", " als het tegenzit", " zonder dat iemand het ziet",
    " ook buiten kantoortijd", " op de lange termijn", " in elke fase van het project",
    " zodra het geld op is", " waar bewoners het zelf niet redden",
]  # fmt: skip
_OPENERS = ["", "", "", "Kortom, ", "Anders gezegd: ", "Uit de praktijk blijkt: "]
_HEADINGS = [
    "Wat de bron zegt", "Waarom het ertoe doet", "Wat het vraagt van professionals", "Valkuilen",
    "Voorbeelden uit de praktijk", "Wat bewoners merken", "Wat beleid kan doen", "Om verder te lezen",
]  # fmt: skip
_LOCATORS = ["punt {n}", "§{n}.{m}", "pijler {n}", "wet {n}", "hoofdstuk {n}", "p. {p}"]


@dataclass
class _Plan:
    """What one generated lesson will be, before anything is written."""

    number: int
    titel: str
    slug: str
    samenvatting: str = ""
    tekst: str = ""
    soort: str = ""
    kennissoort: str = ""
    thema_indexes: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    citations: list = field(default_factory=list)  # (essay index, locator, place in the source)


def generated_lessons():
    """Lessons made by this module: a `gen-` slug and a citation of the generated bundle or its essays."""
    return Les.objects.filter(slug__startswith=PREFIX, vermeldingen__bron__in=_generated_bronnen()).distinct()


def _generated_bronnen():
    return Bron.objects.filter(Q(slug=BUNDEL_SLUG) | Q(onderdeel_van__slug=BUNDEL_SLUG))


def generate(*, count, seed):
    """Add `count` published lessons, the same ones for the same seed on the same database.

    Numbering continues after the generated lessons already present, so running it twice adds
    more instead of failing. Returns the number of lessons added.
    """
    if count <= 0:
        return 0
    with transaction.atomic():
        start = _next_number()
        rng = random.Random(f"{seed}:{start}")
        themas = _themes()
        essays = _sources()
        tags = _tags()
        plans = _plan(rng, start=start, count=count, thema_count=len(themas), essay_count=len(essays))
        _write(plans, themas=themas, essays=essays, tags=tags)
        _analyze()
        rebuild_derived()  # written past the services
    return count


def _analyze():
    """Fresh planner statistics after a bulk load, as PostgreSQL's manual advises: without them
    the planner takes a table of thousands for one of a few rows, and joins by nested loops that
    take seconds (autovacuum would analyze later, and never inside a test's transaction)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def delete():
    """Remove every generated row, and the pool's tags that no lesson uses any more.

    Returns the number of lessons removed. Raises ProtectedError, and removes nothing, when real
    content points at generated content (a real lesson under a generated one, or citing a
    generated source).
    """
    with transaction.atomic():
        pks = list(generated_lessons().values_list("pk", flat=True))
        # The raw delete below checks no foreign keys itself: refuse as PROTECT would.
        onder = Les.objects.filter(ouder__slug__startswith=PREFIX).exclude(slug__startswith=PREFIX)
        if onder.exists():
            raise ProtectedError("Echte lessen hangen onder gegenereerde lessen.", set(onder))
        content_type = ContentType.objects.get_for_model(Les)
        for start in range(0, len(pks), DELETE_BATCH):  # within SQLite's limit on query parameters
            batch = pks[start : start + DELETE_BATCH]
            TaggedItem.objects.filter(content_type=content_type, object_id__in=batch).delete()
            Les.themas.through.objects.filter(les__in=batch).delete()
            Vermelding.objects.filter(les__in=batch).delete()
            Wikilink.objects.filter(Q(van__in=batch) | Q(naar__in=batch)).delete()
            VerwanteLes.objects.filter(Q(les__in=batch) | Q(andere__in=batch)).delete()
            # Generated lessons leave no history behind, not even the record of their deletion: a raw
            # delete skips the per-row signals (their related rows are removed just above).
            Les.objects.filter(pk__in=batch)._raw_delete(Les.objects.db)
            Les.history.model.objects.filter(id__in=batch).delete()
            update_search_index(batch)
        generated_bronnen = Bron.objects.filter(slug__startswith=PREFIX)
        generated_bronnen.exclude(slug=BUNDEL_SLUG).delete()
        generated_bronnen.delete()
        Auteur.objects.filter(slug__startswith=PREFIX, bronauteurs__isnull=True).delete()
        Thema.objects.filter(slug__startswith=PREFIX, lessen__isnull=True).delete()
        Tag.objects.filter(name__in=TAG_POOL, taggit_taggeditem_items__isnull=True).delete()
        rebuild_derived()
    return len(pks)


def _next_number():
    slugs = Les.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True)
    numbers = [int(part) for part in (slug.split("-")[1] for slug in slugs) if part.isdigit()]
    return max(numbers, default=0) + 1


def _themes():
    """The real themes when there are any; otherwise a small generated set."""
    themas = list(Thema.objects.order_by("pk"))
    if themas:
        return themas
    return Thema.objects.bulk_create(
        Thema(naam=naam, slug=f"{PREFIX}{slugify(naam)}", beschrijving=beschrijving, volgorde=volgorde)
        for volgorde, (naam, beschrijving) in enumerate(_GEN_THEMES, 1)
    )


def _sources():
    """The generated bundle and its essays, each with its authors; created once, then reused."""
    essays = list(Bron.objects.filter(onderdeel_van__slug=BUNDEL_SLUG).order_by("volgorde"))
    if essays:
        return essays
    auteurs = Auteur.objects.bulk_create(
        Auteur(
            naam=f"Gegenereerde auteur {n}",
            sorteernaam=f"Auteur {n}, Gegenereerd",
            slug=f"{PREFIX}auteur-{n}",
        )
        for n in range(1, ESSAY_COUNT + 2)
    )
    bundel = Bron.objects.create(
        titel="Gegenereerde lessen (testinhoud)",
        slug=BUNDEL_SLUG,
        soort=Bron.Soort.ESSAYBUNDEL,
        beschrijving="Kunstmatige inhoud voor belastingtests; geen echte bron.",
    )
    essays = Bron.objects.bulk_create(
        Bron(
            titel=f"Gegenereerd essay {n}",
            slug=f"{PREFIX}essay-{n}",
            soort=Bron.Soort.ESSAY,
            onderdeel_van=bundel,
            volgorde=n,
        )
        for n in range(1, ESSAY_COUNT + 1)
    )
    BronAuteur.objects.bulk_create(
        [BronAuteur(bron=bundel, auteur=auteurs[0], volgorde=1)]
        + [
            BronAuteur(bron=essay, auteur=auteur, volgorde=volgorde)
            for n, essay in enumerate(essays)
            for volgorde, auteur in enumerate([auteurs[n + 1], auteurs[0]], 1)
        ]
    )
    return essays


def _tags():
    """The pool's tags, reusing a tag that already exists under the same name or slug."""
    existing = {}
    for tag in Tag.objects.filter(Q(slug__in=TAG_POOL) | Q(name__in=TAG_POOL)):
        existing[tag.slug] = existing[tag.name.lower()] = tag
    missing = [name for name in TAG_POOL if name not in existing]  # pool names are their own slugs
    for tag in Tag.objects.bulk_create(Tag(name=name, slug=name) for name in missing):
        existing[tag.name] = tag
    return [existing[name] for name in TAG_POOL]


def _plan(rng, *, start, count, thema_count, essay_count):
    numbers = range(start, start + count)
    plans = []
    for number in numbers:
        titel = _title(rng)
        plans.append(
            _Plan(number=number, titel=titel, slug=f"{PREFIX}{number:06d}-{slugify(titel)}"[:100].strip("-"))
        )
    slugs = [plan.slug for plan in plans]
    for plan in plans:
        others = [slug for slug in rng.sample(slugs, min(len(slugs), 4)) if slug != plan.slug][:3]
        plan.samenvatting = _sentence(rng) + " " + _sentence(rng)
        plan.tekst = _body(rng, links=others[: rng.randint(1, 3)])
        plan.soort = rng.choice([Les.Soort.PUNT, Les.Soort.INZICHT, Les.Soort.OBSERVATIE])
        plan.kennissoort = rng.choice(Les.Kennissoort.values)
        plan.thema_indexes = rng.sample(range(thema_count), min(thema_count, rng.randint(1, 3)))
        plan.tags = rng.sample(range(len(TAG_POOL)), rng.randint(3, 6))
        plan.citations = [
            (essay, *_locator(rng))
            for essay in rng.sample(range(essay_count), min(essay_count, rng.randint(1, 2)))
        ]
    return plans


def _title(rng):
    titel = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    return titel[0].upper() + titel[1:]


def _sentence(rng):
    opener = rng.choice(_OPENERS)
    subject = rng.choice(_SUBJECTS)
    if opener:
        subject = subject[0].lower() + subject[1:]
    zin = f"{opener}{subject} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}{rng.choice(_TAILS)}."
    return zin[0].upper() + zin[1:]


def _paragraph(rng, sentences):
    return " ".join(_sentence(rng) for _ in range(sentences))


def _list(rng, ordered):
    items = [f"{rng.choice(_OBJECTS)}{rng.choice(_TAILS)}" for _ in range(rng.randint(3, 5))]
    if ordered:
        return "\n".join(f"{n}. {item[0].upper()}{item[1:]}" for n, item in enumerate(items, 1))
    return "\n".join(f"- {item[0].upper()}{item[1:]}" for item in items)


def _body(rng, *, links):
    """A Markdown body of 1–3 KB: headings, paragraphs, at least one list, and the given wikilinks."""
    target = rng.randint(MIN_BODY_BYTES + 200, MAX_BODY_BYTES - 400)
    headings = rng.sample(_HEADINGS, len(_HEADINGS))
    blocks = [
        f"## {headings[0]}",
        _paragraph(rng, rng.randint(2, 3)),
        _list(rng, ordered=rng.random() < 0.3),
        f"## {headings[1]}",
        _paragraph(rng, rng.randint(1, 3)),
    ]
    fixed = len(blocks)
    section = 2
    while len("\n\n".join(blocks).encode()) < target:
        kind = rng.random()
        if kind < 0.2 and section < len(headings):
            blocks.append(f"## {headings[section]}")
            section += 1
        elif kind < 0.4:
            blocks.append(_list(rng, ordered=rng.random() < 0.3))
        blocks.append(_paragraph(rng, rng.randint(1, 3)))
    if links:
        blocks.append("Zie ook " + ", ".join(f"[[{slug}]]" for slug in links) + ".")
    while len("\n\n".join(blocks).encode()) > MAX_BODY_BYTES and len(blocks) > fixed + 1:
        blocks.pop(-2)
    return "\n\n".join(blocks)


def _locator(rng):
    """A locator such as 'punt 12' or '§3.4', and the place in the source it stands for."""
    n, m, p = rng.randint(1, 40), rng.randint(1, 9), rng.randint(3, 180)
    return rng.choice(_LOCATORS).format(n=n, m=m, p=p), n * 10 + m


_LINK_TARGETS = {}  # slug -> (url, title) of the lessons being generated, read by forked workers


def _resolve(target):
    return _LINK_TARGETS.get(target.strip().lower())


def _render(text):
    return render_markdown(text, resolve_wikilink=_resolve)


def _render_all(plans):
    """Render the bodies, on every core when there are many (Markdown is most of the time spent).

    Wikilinks between generated lessons resolve as they would on a save: to the target's address.
    """
    _LINK_TARGETS.clear()
    _LINK_TARGETS.update(
        (plan.slug, (reverse("lessen:les_detail", kwargs={"slug": plan.slug}), plan.titel)) for plan in plans
    )
    texts = [plan.tekst for plan in plans]
    if len(texts) < PARALLEL_FROM:
        return [_render(text) for text in texts]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=context) as pool:
        return list(pool.map(_render, texts, chunksize=200))


def _write(plans, *, themas, essays, tags):
    rendered = _render_all(plans)
    lessen = Les.objects.bulk_create(
        (
            Les(
                titel=plan.titel,
                slug=plan.slug,
                samenvatting=plan.samenvatting,
                tekst=plan.tekst,
                tekst_html=html,
                soort=plan.soort,
                kennissoort=plan.kennissoort,
                status=Les.Status.GEPUBLICEERD,
                versie=1,
            )
            for plan, html in zip(plans, rendered, strict=True)
        ),
        batch_size=500,
    )
    content_type = ContentType.objects.get_for_model(Les)
    Themas = Les.themas.through
    Themas.objects.bulk_create(
        (
            Themas(les=les, thema=themas[i])
            for les, plan in zip(lessen, plans, strict=True)
            for i in plan.thema_indexes
        ),
        batch_size=2000,
    )
    TaggedItem.objects.bulk_create(
        (
            TaggedItem(content_type=content_type, object_id=les.pk, tag=tags[i])
            for les, plan in zip(lessen, plans, strict=True)
            for i in plan.tags
        ),
        batch_size=2000,
    )
    Vermelding.objects.bulk_create(
        (
            Vermelding(
                les=les, bron=essays[essay], locator=locator, titel_in_bron=les.titel, volgorde=volgorde
            )
            for les, plan in zip(lessen, plans, strict=True)
            for essay, locator, volgorde in plan.citations
        ),
        batch_size=2000,
    )
    by_slug = {les.slug: les.pk for les in lessen}
    Wikilink.objects.bulk_create(
        (
            Wikilink(van=les, doel=target, naar_id=by_slug.get(target))
            for les in lessen
            for target in {target.lower() for target in wikilinks.targets_in(les.tekst)}
        ),
        batch_size=2000,
    )
    _write_first_versions(lessen, plans, themas=themas, essays=essays, tags=tags)
    for start in range(0, len(lessen), DELETE_BATCH):
        update_search_index([les.pk for les in lessen[start : start + DELETE_BATCH]])


def _write_first_versions(lessen, plans, *, themas, essays, tags):
    """Version 1 of each lesson, as a save would have written it, with its relations snapshotted."""
    History = Les.history.model
    copied = [
        f.attname for f in History._meta.fields if f.attname in {g.attname for g in Les._meta.concrete_fields}
    ]
    now = timezone.now()
    History.objects.bulk_create(
        (
            History(
                **{name: getattr(les, name) for name in copied},
                history_date=now,
                history_type="+",
                history_change_reason="Gegenereerd",
                themas_snapshot=[
                    {"slug": themas[i].slug, "naam": themas[i].naam} for i in plan.thema_indexes
                ],
                tags_snapshot=sorted(tags[i].name for i in plan.tags),
                vermeldingen_snapshot=[
                    {
                        "bron": essays[essay].titel,
                        "bron_slug": essays[essay].slug,
                        "locator": locator,
                        "titel_in_bron": les.titel,
                        "citaat": "",
                        "volgorde": volgorde,
                        "auteurs": [],
                    }
                    for essay, locator, volgorde in plan.citations
                ],
            )
            for les, plan in zip(lessen, plans, strict=True)
        ),
        batch_size=500,
    )
