"""Reading from PostgreSQL replicas: public pages read from a replica, everything else from the primary.

Settings name the replicas (DATABASE_REPLICA_URL); with none, this module is not used. As in
django-multidb-router:
- every write goes to the primary;
- a request reads from a replica only when it is a plain read (GET or HEAD) outside the admin, by a
  visitor who has not written anything in the last PRIMARY_AFTER_WRITE_SECONDS: after a write the
  response sets a short cookie, so the editor who saved reads their own change at once;
- everything outside a request (management commands, the services they call) uses the primary.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.urls import reverse

PRIMARY = "default"
COOKIE = "wijkgids_primair"
_reads_from = ContextVar("reads_from", default=PRIMARY)  # one database for all reads of a request


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reads_from.get()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PrimaryAfterWriteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads_only = request.method in ("GET", "HEAD")
        public = not request.path.startswith(reverse("admin:index"))
        replica = reads_only and public and COOKIE not in request.COOKIES
        token = _reads_from.set(random.choice(settings.REPLICAS) if replica else PRIMARY)
        try:
            response = self.get_response(request)
        finally:
            _reads_from.reset(token)
        if not reads_only:
            response.set_cookie(
                COOKIE, "1", max_age=settings.PRIMARY_AFTER_WRITE_SECONDS, httponly=True, samesite="Lax",
                secure=request.is_secure(),
            )  # fmt: skip
        return response
