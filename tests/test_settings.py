"""Production refuses to start without its secrets; development needs none."""

import subprocess
import sys

from tests.servers import ROOT, outside_env


def run_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**outside_env(), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_starts_with_no_variable_set():
    result = run_check()
    assert result.returncode == 0, result.stderr


def test_an_empty_database_url_means_the_default_database():
    """As an unset one does: `DATABASE_URL=` in a shell or an env file must not stop the site."""
    result = run_check(DATABASE_URL="")
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="wijkgids.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY ontbreekt" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS ontbreekt" in result.stderr


def test_production_starts_with_its_variables():
    result = run_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="wijkgids.example")
    assert result.returncode == 0, result.stderr


def test_a_cache_url_that_is_not_redis_stops_the_site_at_start():
    """Rather than a 500 on every page at the first cache read (the old setting was a folder)."""
    result = run_check(WIJKGIDS_CACHE_URL="/var/cache/wijkgids")
    assert result.returncode != 0
    assert "WIJKGIDS_CACHE_URL moet beginnen met redis://" in result.stderr


def test_a_number_of_proxies_that_is_not_a_number_stops_the_site_at_start():
    result = run_check(DJANGO_TRUSTED_PROXIES="een")
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES moet een geheel getal" in result.stderr
