from django.http import Http404
from django.shortcuts import redirect, render
from taggit.models import Tag

from bronnen.models import Auteur, Bron

from . import selectors
from .caching import per_content, public_page
from .forms import LesFilterForm
from .models import Les, Thema
from .pagination import paginate


class NietGevonden(Http404):
    """A 404 whose message is written for the visitor (in Dutch) and may be shown on the page."""


@public_page
def les_list(request):
    form = LesFilterForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "fouten": _form_errors(form), **_filter_choices(request)}
        return render(request, "lessen/les_list.html", context, status=404)
    filters = {name: form.cleaned_data[name] for name in ("thema", "tag", "bron", "auteur")}
    lessen = selectors.lesson_list(user=request.user, zoekterm=form.cleaned_data["q"], **filters)
    context = {
        "form": form,
        "page": paginate(request, lessen),
        "actieve_filters": {name: value for name, value in filters.items() if value is not None},
        "zoekterm": form.cleaned_data["q"],
        **_filter_choices(request),
    }
    return render(request, "lessen/les_list.html", context)


def _form_errors(form):
    return [error for errors in form.errors.values() for error in errors]


def _filter_choices(request):
    return per_content(
        request,
        "filterkeuzes",
        lambda: {
            "alle_themas": list(Thema.objects.all()),
            "alle_bronnen": list(Bron.objects.all()),
            "alle_auteurs": list(Auteur.objects.all()),
        },
    )


def _themes(request):
    """Every theme with its number of published lessons (an aggregate over all lessons: kept)."""
    return per_content(request, "themas", lambda: list(selectors.theme_list()))


@public_page
def les_detail(request, slug):
    try:
        les = selectors.lesson_detail(slug=slug, user=request.user)
    except Les.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen les met het adres ‘{slug}’.") from exc
    context = {"les": les, "permalink": request.build_absolute_uri(les.get_permalink())}
    return render(request, "lessen/les_detail.html", context)


def permalink(request, pk):
    try:
        les = selectors.lesson_by_pk(pk=pk, user=request.user)
    except Les.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen les met nummer {pk}.") from exc
    return redirect(les, permanent=True)


@public_page
def thema_list(request):
    return render(request, "lessen/thema_list.html", {"themas": _themes(request)})


@public_page
def thema_detail(request, slug):
    thema = next((thema for thema in _themes(request) if thema.slug == slug), None)
    if thema is None:
        raise NietGevonden(f"Er is geen thema met het adres ‘{slug}’.")
    page = paginate(request, selectors.lesson_list(user=request.user, thema=thema))
    return render(request, "lessen/thema_detail.html", {"thema": thema, "page": page})


@public_page
def tag_list(request):
    tags = per_content(request, "tags", lambda: list(selectors.tags_in_use()))
    return render(request, "lessen/tag_list.html", {"tags": tags})


@public_page
def tag_detail(request, slug):
    try:
        tag = selectors.tag_by_slug(slug=slug)
    except Tag.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen tag met het adres ‘{slug}’.") from exc
    page = paginate(request, selectors.lesson_list(user=request.user, tag=tag))
    return render(request, "lessen/tag_detail.html", {"tag": tag, "page": page})


@public_page
def bron_list(request):
    bronnen = per_content(request, "bronnen", lambda: list(selectors.bron_list()))
    return render(request, "lessen/bron_list.html", {"bronnen": bronnen})


@public_page
def bron_detail(request, slug):
    try:
        bron = selectors.bron_detail(slug=slug)
    except Bron.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen bron met het adres ‘{slug}’.") from exc
    page = paginate(request, selectors.bron_vermeldingen(bron=bron, user=request.user))
    return render(request, "lessen/bron_detail.html", {"bron": bron, "page": page})


@public_page
def auteur_list(request):
    auteurs = per_content(request, "auteurs", lambda: list(selectors.auteur_list()))
    return render(request, "lessen/auteur_list.html", {"auteurs": auteurs})


@public_page
def auteur_detail(request, slug):
    try:
        auteur = selectors.auteur_detail(slug=slug)
    except Auteur.DoesNotExist as exc:
        raise NietGevonden(f"Er is geen auteur met het adres ‘{slug}’.") from exc
    page = paginate(request, selectors.lesson_list(user=request.user, auteur=auteur))
    return render(request, "lessen/auteur_detail.html", {"auteur": auteur, "page": page})
