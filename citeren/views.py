"""Citing: downloads per lesson, and the citation bundle a reader collects without an account."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from lessen import selectors
from lessen.models import Les
from lessen.shortcuts import les_or_404, volgt_oude_lesadressen
from wijkgids.caching import public_page
from wijkgids.http import NietGevonden

from . import controle, documenten, formats, memento, robustlinks, woord
from .forms import ControleForm


def robuuste_lijst(citaten):
    """The reference list in APA, each address of a version a robust link (`robustlinks`)."""
    apa = formats.apa_html(citaten)
    return [robustlinks.met_robuuste_link(apa[c.sleutel], c) for c in citaten]


def literatuurlijst_html(citaten):
    """The reference list as a web page of its own, to open, keep or paste from."""
    context = {"lijst": robuuste_lijst(citaten), "gemaakt": timezone.localdate()}
    return render_to_string("citeren/literatuurlijst.html", context)


FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", formats.bibtex),
    "biblatex.bib": ("application/x-bibtex; charset=utf-8", formats.biblatex),
    "ris": ("application/x-research-info-systems; charset=utf-8", formats.ris),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", formats.csl_json),
    "html": ("text/html; charset=utf-8", literatuurlijst_html),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        woord.literatuurlijst_docx,
    ),
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


# The bundle is the visitor's own list of lesson numbers in a cookie: the lesson pages offer "add to
# bundle" without a CSRF token, so they stay cacheable and work without a session or JavaScript. Another
# site may post the same form, but its POST comes without the cookie (SameSite=Lax), so a change made
# from it would start from an empty bundle and lose what the visitor had. A POST therefore changes the
# bundle only when it is known to come from this site: it carries the cookie, or the browser says so
# (Sec-Fetch-Site, else Origin; another site cannot forge either). Otherwise "add" asks the visitor to
# confirm, on a page of this site with a CSRF token, and "remove" or "empty" change nothing.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def bundel(request):
    if request.method == "POST":
        return _bundel_wijzigen(request)
    ids, gedeeld = _bundel_ids(request)
    lessen = selectors.les_by_ids(ids)
    citaten = [citaat(request, les) for les in lessen]
    apa = list(formats.apa_html(citaten).values())
    query = "les=" + ",".join(str(les.pk) for les in lessen)
    toegevoegd = _ids(request.GET.getlist("toegevoegd"))
    context = {
        "items": list(zip(lessen, apa, strict=True)),
        "robuuste_lijst": render_to_string(
            "citeren/_literatuurlijst.html", {"lijst": robuuste_lijst(citaten)}
        ),
        "toegevoegd": [les for les in lessen if les.pk in toegevoegd],
        "bevestigen": selectors.les_by_ids(_ids(request.GET.getlist("toevoegen"))),
        "gedeeld": gedeeld,
        "query": query,
        "deel_url": request.build_absolute_uri(f"{reverse('citeren:bundel')}?{query}"),
    }
    return render(request, "citeren/bundel.html", context)


def _van_deze_site(request):
    """Whether this POST surely comes from a page of this site (see the note above `bundel`)."""
    if BUNDEL_COOKIE in request.COOKIES:
        return True
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if origin:
        return urlsplit(origin).netloc == request.get_host()
    if request.POST.get("bevestigd"):  # the confirmation page's form, with its CSRF token
        return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is None
    return False


def _bundel_wijzigen(request):
    huidige = _ids([request.COOKIES.get(BUNDEL_COOKIE, "")])
    actie = request.POST.get("actie", "toevoegen")
    gekozen = _ids(request.POST.getlist("les"))
    if not _van_deze_site(request):
        if actie == "toevoegen" and gekozen:
            query = urlencode({"toevoegen": ",".join(map(str, gekozen))})
            return redirect(f"{reverse('citeren:bundel')}?{query}")
        return redirect("citeren:bundel")
    if actie == "leegmaken":
        nieuw = []
    elif actie == "verwijderen":
        nieuw = [pk for pk in huidige if pk not in gekozen]
    else:
        # Only public lessons: the header counts the numbers in the cookie as the bundle's lessons.
        gekozen = selectors.published_among(gekozen)
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


@public_page
@volgt_oude_lesadressen
def tijdkaart(request, slug, formaat="link"):
    """The lesson's Memento TimeMap (RFC 7089): every published version with its date."""
    les = les_or_404(request, slug)
    lijst = memento.mementos(les)
    if not lijst:  # an editor previewing a draft: nothing public to list yet
        raise NietGevonden(f"Les ‘{les.titel}’ heeft nog geen gepubliceerde versie.")
    if formaat == "json":
        return JsonResponse(
            memento.timemap_json(request, les, lijst), json_dumps_params={"ensure_ascii": False}
        )
    return HttpResponse(
        memento.timemap_link_format(request, les, lijst), content_type=f"{memento.LINK_FORMAT}; charset=utf-8"
    )


# "Controleer uw verwijzingen": a note's Wijkgids links checked. The upload stays in memory (never on
# disk, never kept); changing the upload handlers must come before the CSRF check reads the form.
@csrf_exempt
def controleer_verwijzingen(request):
    request.upload_handlers = [documenten.BegrensdeUpload(request)]
    return _controleer_verwijzingen(request)


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def _controleer_verwijzingen(request):
    if request.method != "POST":
        return render(request, "citeren/controle.html", {"form": ControleForm()})
    form = ControleForm(request.POST, request.FILES, te_groot=getattr(request, "upload_te_groot", False))
    context = {"form": form}
    if form.is_valid():
        tekst, doelen, bestand = form.cleaned_data["tekst"], [], form.cleaned_data["bestand"]
        try:
            if bestand:
                tekst, doelen = documenten.lees(bestand.name, bestand.read())
        except documenten.OnleesbaarDocument as exc:
            form.add_error("bestand", str(exc))
        else:
            hosts = controle.hosts_van(request, settings.ALLOWED_HOSTS)
            links, meer = controle.wijkgids_links(tekst, doelen, hosts)
            context.update(
                bevindingen=controle.controleer(links, datum=form.cleaned_data["datum"], request=request),
                meer=meer,
                max_links=controle.MAX_LINKS,
                datum=form.cleaned_data["datum"],
                bestandsnaam=bestand.name if bestand else "",
            )
    if form.errors:
        context["fouten"] = [fout for fouten in form.errors.values() for fout in fouten]
    response = render(request, "citeren/controle.html", context, status=400 if form.errors else 200)
    add_never_cache_headers(response)  # what a writer's note holds is theirs alone
    return response
