"""The site's URLs plus the benchmark's ceiling at /bench/plafond/ (bench/ceiling.py)."""

from django.urls import path

from bench.ceiling import plafond
from wijkgids.urls import *  # noqa: F403
from wijkgids.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/plafond/", plafond), *site_urlpatterns]
