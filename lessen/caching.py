"""HTTP caching for public pages, valid exactly as long as the content is (see content_stamp.py).

`@public_page` on a view gives anonymous visitors:
- `ETag` and `Last-Modified` from the content stamp, and a 304 for a conditional request whose
  validator still holds, without running the view;
- `Cache-Control: public, max-age=…`, so a proxy may keep the page briefly;
- a cache of rendered pages keyed on the stamp and the full URL, so a page is rendered once per
  content change (per worker, or once for all workers with WIJKGIDS_CACHE_DIR).
`per_content` keeps parts that many pages share (counts, choice lists) the same way.
Signed-in users (editors previewing drafts) get their page fresh and `private, no-store`.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date

from . import content_stamp


def public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        stamp = content_stamp.current()  # before the content is read: a change in between only
        request.content_stamp = stamp  #   makes the validator older than the page, never newer
        etag, last_modified = stamp.etag, stamp.last_modified()
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = _cached_or_rendered(request, etag, view, args, kwargs)
        if response.status_code in (200, 304):
            response.headers["ETag"] = etag
            if last_modified is not None:
                response.headers["Last-Modified"] = http_date(last_modified)
            patch_cache_control(response, public=True, max_age=settings.WIJKGIDS_CACHE_MAX_AGE)
        return response

    return wrapper


def per_content(request, name, compute):
    """`compute()`, kept until the content changes (for parts of a page that many pages share).

    Outside a public page (an editor's request, which sees drafts) it is simply computed.
    """
    stamp = getattr(request, "content_stamp", None)
    if stamp is None or request.user.is_authenticated:
        return compute()
    return cache.get_or_set(_key("deel", stamp.etag, name), compute, timeout=None)


def _cached_or_rendered(request, etag, view, args, kwargs):
    if not settings.WIJKGIDS_PAGINA_CACHE:
        return view(request, *args, **kwargs)
    key = _key("pagina", etag, request.build_absolute_uri())
    cached = cache.get(key)
    if cached is not None:
        content, content_type = cached
        return HttpResponse(content, content_type=content_type)
    response = view(request, *args, **kwargs)
    if _cacheable(response):
        cache.set(key, (response.content, response["Content-Type"]), timeout=None)
    return response


def _key(kind, etag, name):
    version = etag.strip('"')
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()
    return f"{kind}:{version}:{digest}"


def _cacheable(response):
    """Only a plain 200 that is the same for every anonymous visitor: no cookie, no own caching rules."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )
