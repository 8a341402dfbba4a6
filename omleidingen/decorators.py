import functools

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from .models import OudeSlug, current_for_old_slug


def gone(request, bericht):
    """410: this address existed and was removed on purpose; a citer sees that, not a 'not found'."""
    return render(request, "410.html", {"bericht": bericht}, status=410)


def volgt_oude_slugs(model, *, zichtbaar=None, verwijderd=None):
    """A view on `<slug>` that 404s for an old slug answers 301 to the same page at the current slug.

    One hop: the redirect names the current slug, whatever the number of renames in between.
    `zichtbaar(request, obj)` may hide objects the visitor must not learn about (e.g. drafts).
    An address of a removed object answers 410; `verwijderd(slug, object_id)` tells whether the
    slug (current, or old with the number of what it belonged to) was that of a removed object the
    public could see; without it, every old slug of a removed object answers 410.
    A live object at `slug` always wins: the 404 is then the view's own (a bad page number, say).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, slug, **kwargs):
            try:
                return view(request, *args, slug=slug, **kwargs)
            except Http404:
                if model._default_manager.filter(slug=slug).exists():
                    raise
                obj = current_for_old_slug(model, slug)
                if obj is None:
                    oud = OudeSlug.objects.filter(
                        content_type__app_label=model._meta.app_label,
                        content_type__model=model._meta.model_name,
                        slug=slug,
                    ).first()
                    if verwijderd is not None:
                        is_gone = verwijderd(slug, oud.object_id if oud else None)
                    else:
                        is_gone = oud is not None
                    if is_gone:
                        return gone(request, f"Wat op dit adres stond (‘{slug}’) is verwijderd.")
                    raise
                if zichtbaar is not None and not zichtbaar(request, obj):
                    raise
                url = reverse(
                    request.resolver_match.view_name, args=args, kwargs={**kwargs, "slug": obj.slug}
                )
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

        return wrapper

    return decorator
