"""WSGI entry point for production servers (gunicorn).

A server started through this module runs with DEBUG off unless DJANGO_DEBUG says otherwise, so
production never falls back to development settings by accident.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgids.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")

application = get_wsgi_application()

# What the worker has loaded by now (Django, the apps, the URLs) lives as long as the worker. Out of
# the garbage collector's sight (gc.freeze), a full collection no longer walks all of it again: before,
# one came every ~60 new searches and paused that request for 20-30 ms, the p99 of a new search
# (docs/performance.md). What is made later is collected as always.
get_resolver().url_patterns  # noqa: B018 - imports the URLconf now instead of on the first request
gc.freeze()
