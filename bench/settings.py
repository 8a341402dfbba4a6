"""The site's settings, with the benchmark's ceiling view mounted (bench/urls.py)."""

from wijkgids.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
