"""WSGI entry point for production servers (gunicorn).

A server started through this module runs with DEBUG off unless DJANGO_DEBUG says otherwise, so
production never falls back to development settings by accident.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgids.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")

application = get_wsgi_application()
