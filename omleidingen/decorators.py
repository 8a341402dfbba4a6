import functools

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from .models import current_for_old_slug


def volgt_oude_slugs(model, *, zichtbaar=None):
    """A view on `<slug>` that 404s for an old slug answers 301 to the same page at the current slug.

    One hop: the redirect names the current slug, whatever the number of renames in between.
    `zichtbaar(request, obj)` may hide objects the visitor must not learn about (e.g. drafts).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, slug, **kwargs):
            try:
                return view(request, *args, slug=slug, **kwargs)
            except Http404:
                obj = current_for_old_slug(model, slug)
                if obj is None or (zichtbaar is not None and not zichtbaar(request, obj)):
                    raise
                url = reverse(
                    request.resolver_match.view_name, args=args, kwargs={**kwargs, "slug": obj.slug}
                )
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

        return wrapper

    return decorator
