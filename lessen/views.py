from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe
from taggit.models import Tag

from bronnen.models import Auteur, Bron
from omleidingen.decorators import gone, volgt_oude_slugs

from . import citation, discovery, kaart, redactie, selectors
from .caching import public_page
from .forms import LesFilterForm
from .models import Les, Thema, Verband, sees_drafts
from .pagination import paginate


class NietGevonden(Http404):
    """A 404 whose message is written for the visitor (in Dutch) and may be shown on the page."""


@public_page
def les_list(request):
    form = LesFilterForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "fouten": form_errors(form), **_filter_choices()}
        return render(request, "lessen/les_list.html", context, status=404)
    filters, zoekterm, volgorde = form.filters(), form.cleaned_data["q"], form.cleaned_data["volgorde"]
    lessen = selectors.les_list(user=request.user, zoekterm=zoekterm, volgorde=volgorde, **filters)
    context = {
        "form": form,
        "page": paginate(request, lessen),
        "actieve_filters": filters,
        "zoekterm": zoekterm,
        "volgorde": volgorde,
        "volgordes": selectors.Volgorde.choices,
        **_filter_choices(),
    }
    return render(request, "lessen/les_list.html", context)


def form_errors(form):
    return [error for errors in form.errors.values() for error in errors]


def _filter_choices():
    return {
        "alle_themas": Thema.objects.all(),
        "alle_bronnen": Bron.objects.all(),
        "alle_auteurs": Auteur.objects.all(),
    }


def _les_zichtbaar(request, les):
    return Les.objects.visible_to(request.user).filter(pk=les.pk).exists()


def _les_verwijderd(slug):
    return (
        Les.history.filter(slug=slug, history_type="-").exists()
        and not Les.objects.filter(slug=slug).exists()
    )


volgt_oude_lesadressen = volgt_oude_slugs(Les, zichtbaar=_les_zichtbaar, verwijderd=_les_verwijderd)


def _theme(slug):
    """One theme; NietGevonden if there is none."""
    try:
        return selectors.thema_detail(slug=slug)
    except Thema.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen thema met het adres ‘{slug}’.") from exc


@public_page
@volgt_oude_lesadressen
def les_detail(request, slug):
    try:
        les = selectors.les_detail(slug=slug, user=request.user)
    except Les.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen les met het adres ‘{slug}’.") from exc
    citaat = citation.citaat_voor(les, request.build_absolute_uri(les.get_version_permalink()))
    canonical = request.build_absolute_uri(les.get_absolute_url())
    context = {
        "les": les,
        "canonical": canonical,
        "permalink": request.build_absolute_uri(les.get_permalink()),
        "citaat": citaat,
        "apa": citation.apa_html(citaat),
        "regel": citation.regel(citaat),
        "citaat_auteur": citation.AUTEUR,
        "jsonld": citation.json_ld(les, citaat, canonical),
        "verwante_lessen": discovery.verwante_lessen(les, user=request.user),
        "verbanden": selectors.verbanden_per_les([les.pk], user=request.user)[les.pk],
    }
    context["linkt_hierheen"], context["linkt_hierheen_meer"] = selectors.first_links_hierheen(les)
    if sees_drafts(request.user):  # the editors' desk: a change waiting for review (never cached)
        stand = redactie.stand(les)
        context["wijziging"], context["wijziging_door"] = stand["wijziging"], stand["auteurs"]
    return render(request, "lessen/les_detail.html", context)


@public_page
@volgt_oude_lesadressen
def links_hierheen(request, slug):
    """/lessen/<slug>/links/: every published lesson that links to this one, a page at a time."""
    les = les_zelf(request, slug)
    page = paginate(request, selectors.links_hierheen(les))
    return render(request, "lessen/links_hierheen.html", {"les": les, "page": page})


def les_voor_permalink(request, pk):
    try:
        return selectors.les_by_pk(pk=pk, user=request.user)
    except Les.DoesNotExist as exc:
        if Les.history.filter(id=pk, history_type="-").exists() and not Les.objects.filter(pk=pk).exists():
            raise LesVerwijderd(pk) from exc
        raise NietGevonden(f"Er is geen les met nummer {pk}.") from exc


class LesVerwijderd(Exception):
    pass


@require_safe
def permalink(request, pk):
    try:
        les = les_voor_permalink(request, pk)
    except LesVerwijderd:
        return gone(request, f"Les nummer {pk} is verwijderd.")
    return redirect(les, permanent=True)


def les_zelf(request, slug):
    """The lesson alone (no relations), for the pages about it: versions, links here."""
    try:
        return selectors.les_by_slug(slug=slug, user=request.user)
    except Les.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen les met het adres ‘{slug}’.") from exc


@public_page
def thema_list(request):
    return render(request, "lessen/thema_list.html", {"themas": selectors.thema_list()})


@public_page
@volgt_oude_slugs(Thema)
def thema_detail(request, slug):
    thema = _theme(slug)
    lessen = selectors.les_list(user=request.user, thema=thema)
    return render(request, "lessen/thema_detail.html", {"thema": thema, "page": paginate(request, lessen)})


@public_page
@volgt_oude_slugs(Thema)
def thema_comparison(request, slug):
    thema = _theme(slug)
    kolommen = discovery.thema_comparison(thema=thema, user=request.user)
    context = {
        "thema": thema,
        "kolommen": [kolom for kolom in kolommen if kolom.aantal],
        "zonder": [kolom.bron for kolom in kolommen if not kolom.aantal],
    }
    return render(request, "lessen/thema_comparison.html", context)


@public_page
@volgt_oude_slugs(Thema)
def thema_kaart(request, slug):
    thema = _theme(slug)
    context = {"thema": thema, "kaart": kaart.kaart(thema=thema), "soorten": Verband.Soort.choices}
    return render(request, "lessen/kaart.html", context)


@public_page
def bibliotheek_kaart(request):
    return render(request, "lessen/kaart.html", {"kaart": kaart.kaart(), "soorten": Verband.Soort.choices})


@public_page
def overzicht(request):
    return render(request, "lessen/overzicht.html", {"matrix": discovery.overzicht()})


@public_page
def tag_list(request):
    return render(request, "lessen/tag_list.html", {"tags": selectors.tag_list()})


@public_page
@volgt_oude_slugs(Tag)
def tag_detail(request, slug):
    try:
        tag = selectors.tag_detail(slug=slug)
    except Tag.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen tag met het adres ‘{slug}’.") from exc
    lessen = selectors.les_list(user=request.user, tag=tag)
    return render(request, "lessen/tag_detail.html", {"tag": tag, "page": paginate(request, lessen)})


@public_page
def bron_list(request):
    return render(request, "lessen/bron_list.html", {"bronnen": selectors.bron_list()})


@public_page
@volgt_oude_slugs(Bron)
def bron_detail(request, slug):
    try:
        bron = selectors.bron_detail(slug=slug)
    except Bron.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen bron met het adres ‘{slug}’.") from exc
    page = paginate(request, selectors.bron_vermeldingen(bron=bron, user=request.user))
    return render(request, "lessen/bron_detail.html", {"bron": bron, "page": page})


@public_page
def auteur_list(request):
    return render(request, "lessen/auteur_list.html", {"auteurs": selectors.auteur_list()})


@public_page
@volgt_oude_slugs(Auteur)
def auteur_detail(request, slug):
    try:
        auteur = selectors.auteur_detail(slug=slug)
    except Auteur.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen auteur met het adres ‘{slug}’.") from exc
    lessen = selectors.les_list(user=request.user, auteur=auteur)
    return render(request, "lessen/auteur_detail.html", {"auteur": auteur, "page": paginate(request, lessen)})
