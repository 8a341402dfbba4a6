"""What the admin's lesson form posts, for the tests that save a lesson through it.

One place, so that a field added to the form (or its inlines) is added here once.
"""


def les_form(les=None, *, thema=None, bron=None, **fields):
    """The POST of the admin's lesson form, with `fields` put in or replaced.

    With `les`: that lesson as stored, its citations and relations as the inline forms, and its
    version as the one the editor started from. Without: a new lesson "Een les" about `thema`, citing
    `bron` at "punt 1". Inline fields go by the names the form gives them, e.g.
    `**{"vermeldingen-0-locator": "punt 2"}`. The status is not in the form: it changes only through
    the actions.
    """
    if les is None:
        data = {
            "titel": "Een les",
            "slug": "een-les",
            "samenvatting": "Kort.",
            "tekst": "## Kop\n\nTekst.",
            "soort": "punt",
            "kennissoort": "praktijk",
            "themas": [thema.pk],
            "tags": "wijk",
            **_management("vermeldingen", total=1, initial=0),
            **_management("verbanden", total=0, initial=0),
            "vermeldingen-0-bron": bron.pk,
            "vermeldingen-0-locator": "punt 1",
            "vermeldingen-0-volgorde": "1",
            "vermeldingen-0-titel_in_bron": "",
            "vermeldingen-0-citaat": "",
        }
        return {**data, **fields}

    vermeldingen, verbanden = list(les.vermeldingen.all()), list(les.verbanden.all())
    data = {
        "titel": les.titel,
        "titel_beschrijvend": les.titel_beschrijvend,
        "slug": les.slug,
        "samenvatting": les.samenvatting,
        "tekst": les.tekst,
        "soort": les.soort,
        "kennissoort": les.kennissoort,
        "ouder": les.ouder_id or "",
        "themas": [thema.pk for thema in les.themas.all()],
        "tags": ", ".join(sorted(les.tags.names())),
        "herzien_voor": les.herzien_voor.isoformat() if les.herzien_voor else "",
        "basisversie": les.versie,
        "wijzigingsreden": "",
        **_management("vermeldingen", total=len(vermeldingen), initial=len(vermeldingen)),
        **_management("verbanden", total=len(verbanden), initial=len(verbanden)),
    }
    for i, vermelding in enumerate(vermeldingen):
        data |= {
            f"vermeldingen-{i}-id": vermelding.pk,
            f"vermeldingen-{i}-les": les.pk,
            f"vermeldingen-{i}-bron": vermelding.bron_id,
            f"vermeldingen-{i}-locator": vermelding.locator,
            f"vermeldingen-{i}-volgorde": vermelding.volgorde,
            f"vermeldingen-{i}-titel_in_bron": vermelding.titel_in_bron,
            f"vermeldingen-{i}-citaat": vermelding.citaat,
        }
    for i, verband in enumerate(verbanden):
        data |= {
            f"verbanden-{i}-id": verband.pk,
            f"verbanden-{i}-van": les.pk,
            f"verbanden-{i}-naar": verband.naar_id,
            f"verbanden-{i}-soort": verband.soort,
            f"verbanden-{i}-toelichting": verband.toelichting,
        }
    return {**data, **fields}


def _management(prefix, *, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
