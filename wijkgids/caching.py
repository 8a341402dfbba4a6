"""Caching public pages, valid exactly as long as the content is: the one caching mechanism.

The content stamp is one row (`ContentStamp`) that database triggers change, in the same
transaction, on every write to a content table (lessons, themes, citations, sources, authors, tags
and the tables between them; installed by migration 0006), whichever way the write comes. Public
pages read it once per request.

`@public_page` on a view gives anonymous visitors:
- `ETag` and `Last-Modified` from the content stamp, and a 304 for a conditional request whose
  validator still holds, without running the view;
- `Cache-Control: public, max-age=…`, so a proxy may keep the page briefly;
- whole rendered pages in Django's cache (Redis in production, and the process's own memory in
  front of it), keyed on the stamp and the full URL, so a page is rendered once per content change.
Signed-in users (editors previewing drafts) get their page fresh and `private, no-store`.
A public page only reads: any method but GET and HEAD gets 405 (Django's `require_safe`).
"""

import functools
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections, router
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

TABLE = "lessen_contentstamp"

# Within this window of a change, Last-Modified (whole seconds) could equal the previous value:
# leave it out and let the ETag, which always changes, carry validation alone.
LAST_MODIFIED_MARGIN = timedelta(seconds=2)


@dataclass(frozen=True)
class Stamp:
    counter: int
    changed_at: datetime | None

    @property
    def etag(self):
        changed = int(self.changed_at.timestamp() * 1_000_000) if self.changed_at else 0
        return f'"{self.counter}.{changed}.{code_fingerprint()[0]}"'

    def last_modified(self, *, now=None):
        """Seconds since the epoch for Last-Modified, or None while the latest change is very recent."""
        if self.changed_at is None:
            return None
        now = now or datetime.now(UTC)
        if now - self.changed_at < LAST_MODIFIED_MARGIN:
            return None
        return int(max(self.changed_at.timestamp(), code_fingerprint()[1]))


def current():
    """The stamp as it is now: one query, in plain SQL since it runs on every public request.

    A database whose stamp row is gone (a test database after `flush`) reads as 'never changed';
    the next write puts the row back.
    """
    # From the database the page's content is read from (a replica, if the site has them): a stamp
    # from anywhere else could be newer than the page it validates.
    with connections[router.db_for_read(apps.get_model("lessen", "ContentStamp"))].cursor() as cursor:
        cursor.execute(f"SELECT counter, changed_at FROM {TABLE} WHERE id = 1")  # noqa: S608 - constant
        row = cursor.fetchone()
    if row is None:
        return Stamp(counter=0, changed_at=None)
    counter, changed_at = row
    if isinstance(changed_at, str):
        changed_at = datetime.fromisoformat(changed_at)
    if changed_at.tzinfo is None:  # SQLite keeps UTC without a zone
        changed_at = changed_at.replace(tzinfo=UTC)
    return Stamp(counter=counter, changed_at=changed_at)


def bump():
    """Change the stamp by hand, for a change no trigger sees (the search index is not a table
    that triggers can watch on SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET counter = counter + 1, changed_at = %s WHERE id = 1",  # noqa: S608 - constant
            [timezone.now()],
        )


@functools.cache
def code_fingerprint():
    """A short hash of the code and templates that render pages, and when they last changed.

    Part of every ETag, so that a deployment that changes a template or a view invalidates pages
    the browsers and proxies hold, even when no content changed.
    """
    digest = hashlib.sha1(usedforsecurity=False)
    newest = 0.0
    roots = [Path(apps.get_app_config(label).path) for label in settings.WIJKGIDS_APPS]
    for path in sorted(p for root in roots for p in root.rglob("*") if p.suffix in {".py", ".html", ".css"}):
        digest.update(path.as_posix().encode())
        digest.update(path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest()[:10], newest


def public_page(view):
    @require_safe
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        # Read before the content is: a change in between makes the validator older than the page,
        # never newer.
        stamp = current()
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


def _cached_or_rendered(request, etag, view, args, kwargs):
    if not settings.WIJKGIDS_PAGINA_CACHE:
        return view(request, *args, **kwargs)
    key = _key("pagina", etag, request.build_absolute_uri())
    # This process's memory first, if the site has it, then the shared cache: every copy is keyed
    # on the stamp, so none is ever out of date.
    stores = [caches[alias] for alias in ("proces", "default") if alias in settings.CACHES]
    for n, store in enumerate(stores):
        cached = store.get(key)
        if cached is not None:
            for nearer in stores[:n]:
                nearer.set(key, cached, timeout=None)
            content, headers = cached
            return HttpResponse(content, headers=headers)
    response = view(request, *args, **kwargs)
    if _cacheable(response):
        # With the headers the view gave it (Content-Type, a lesson's Memento Link header ...).
        for store in stores:
            store.set(key, (response.content, dict(response.items())), timeout=None)
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
