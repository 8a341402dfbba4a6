"""Citing: downloads per lesson, and the citation bundle a reader collects without an account."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from lessen import selectors
from lessen.models import Les
from lessen.shortcuts import volgt_oude_lesadressen
from wijkgids.http import NietGevonden

from . import formats

FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", formats.bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", formats.ris),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", formats.csl_json),
}
BUNDEL_COOKIE = "citatiebundel"
BUNDEL_MAX = 100


def citaat(request, les):
    return formats.citaat_voor(les, request.build_absolute_uri(les.get_version_permalink()))


def _download(citaten, formaat, bestandsnaam):
    content_type, maak = FORMATS[formaat]
    response = HttpResponse(maak(citaten), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.{formaat}"'
    return response


@require_safe
@volgt_oude_lesadressen
def les_citeren(request, slug, formaat):
    try:
        les = selectors.les_detail(slug=slug, user=request.user)
    except Les.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen les met het adres ‘{slug}’.") from exc
    return _download([citaat(request, les)], formaat, f"wijkgids-{les.pk}-v{les.versie}")


def _ids(values):
    """Lesson numbers from untrusted input: whole numbers only, no duplicates, at most BUNDEL_MAX.

    Only the digits 0-9 count: str.isdigit() alone also accepts "²", which int() refuses.
    """
    ids = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if part.isascii() and part.isdigit() and len(part) <= 12 and int(part) not in ids:
                ids.append(int(part))
    return ids[:BUNDEL_MAX]


def _bundel_ids(request):
    if "les" in request.GET:
        return _ids(request.GET.getlist("les")), True
    return _ids([request.COOKIES.get(BUNDEL_COOKIE, "")]), False


# The bundle is the visitor's own list of lesson numbers in a cookie: changing it needs no CSRF token,
# so pages offering "add to bundle" stay cacheable and work without a session or JavaScript.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def bundel(request):
    if request.method == "POST":
        return _bundel_wijzigen(request)
    ids, gedeeld = _bundel_ids(request)
    lessen = selectors.les_by_ids(ids)
    apa = [formats.apa_html(citaat(request, les)) for les in lessen]
    query = "les=" + ",".join(str(les.pk) for les in lessen)
    toegevoegd = _ids(request.GET.getlist("toegevoegd"))
    context = {
        "items": list(zip(lessen, apa, strict=True)),
        "toegevoegd": [les for les in lessen if les.pk in toegevoegd],
        "gedeeld": gedeeld,
        "query": query,
        "deel_url": request.build_absolute_uri(f"{reverse('citeren:bundel')}?{query}"),
    }
    return render(request, "citeren/bundel.html", context)


def _bundel_wijzigen(request):
    huidige = _ids([request.COOKIES.get(BUNDEL_COOKIE, "")])
    actie = request.POST.get("actie", "toevoegen")
    gekozen = _ids(request.POST.getlist("les"))
    if actie == "leegmaken":
        nieuw = []
    elif actie == "verwijderen":
        nieuw = [pk for pk in huidige if pk not in gekozen]
    else:
        nieuw = (huidige + [pk for pk in gekozen if pk not in huidige])[:BUNDEL_MAX]
    terug = request.POST.get("terug", "")
    if actie == "toevoegen":  # the bundle page confirms what was added, with a link back
        terug = f"{reverse('citeren:bundel')}?{urlencode({'toegevoegd': ','.join(map(str, gekozen))})}"
    elif not url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        terug = reverse("citeren:bundel")
    response = redirect(terug)
    # Readable by the page's script (not HttpOnly), which shows the count in the header and whether
    # a lesson is in the bundle; it holds only the numbers of public lessons.
    response.set_cookie(
        BUNDEL_COOKIE, ",".join(map(str, nieuw)), max_age=365 * 24 * 3600, samesite="Lax",
        secure=request.is_secure(),
    )  # fmt: skip
    return response


@require_safe
def bundel_download(request, formaat):
    ids, _ = _bundel_ids(request)
    lessen = selectors.les_by_ids(ids)
    return _download([citaat(request, les) for les in lessen], formaat, "wijkgids-citaten")
