from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe
from taggit.models import Tag

from citeren import formats, memento
from omleidingen.decorators import gone, volgt_oude_slugs
from wijkgids.caching import public_page
from wijkgids.http import NietGevonden, form_errors
from wijkgids.pagination import paginate

from . import discovery, kaart, selectors
from .forms import LesFilterForm
from .models import Les, Thema, Verband
from .shortcuts import LesVerwijderd, les_for_permalink, les_or_404, volgt_oude_lesadressen


@public_page
def les_list(request):
    form = LesFilterForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "fouten": form_errors(form), **selectors.filter_choices()}
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
        **selectors.filter_choices(),
    }
    return render(request, "lessen/les_list.html", context)


def _theme(slug):
    """One theme; NietGevonden if there is none."""
    try:
        return selectors.thema_detail(slug=slug)
    except Thema.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen thema met het adres ‘{slug}’.") from exc


@memento.timegate
@public_page
@volgt_oude_lesadressen
def les_detail(request, slug):
    try:
        les = selectors.les_detail(slug=slug, user=request.user)
    except Les.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen les met het adres ‘{slug}’.") from exc
    canonical = request.build_absolute_uri(les.get_absolute_url())
    context = {
        "les": les,
        "canonical": canonical,
        "permalink": request.build_absolute_uri(les.get_permalink()),
        **formats.for_page(les, request, canonical),
        "verwante_lessen": discovery.verwante_lessen(les, user=request.user),
        "verbanden": selectors.verbanden_per_les([les.pk], user=request.user)[les.pk],
    }
    context["linkt_hierheen"], context["linkt_hierheen_meer"] = selectors.first_links_hierheen(les)
    response = render(request, "lessen/les_detail.html", context)
    return memento.memento_headers(request, response, les, memento.mementos(les))


@public_page
@volgt_oude_lesadressen
def links_hierheen(request, slug):
    """/lessen/<slug>/links/: every published lesson that links to this one, a page at a time."""
    les = les_or_404(request, slug)
    page = paginate(request, selectors.links_hierheen(les))
    return render(request, "lessen/links_hierheen.html", {"les": les, "page": page})


@require_safe
@memento.timegate
def permalink(request, pk):
    try:
        les = les_for_permalink(request, pk)
    except LesVerwijderd:
        return gone(request, f"Les nummer {pk} is verwijderd.")
    return redirect(les, permanent=True)


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


def _tag_zichtbaar(request, tag):
    return selectors.published_tags().filter(pk=tag.pk).exists()


@public_page
@volgt_oude_slugs(Tag, zichtbaar=_tag_zichtbaar)
def tag_detail(request, slug):
    try:
        tag = selectors.tag_detail(slug=slug)
    except Tag.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen tag met het adres ‘{slug}’.") from exc
    lessen = selectors.les_list(user=request.user, tag=tag)
    return render(request, "lessen/tag_detail.html", {"tag": tag, "page": paginate(request, lessen)})
