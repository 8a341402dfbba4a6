"""Production shares its page cache in Redis (WIJKGIDS_CACHE_URL), tested against a real server.

The site runs as production runs it: gunicorn with DJANGO_DEBUG=0, collected static files, and an
SQLite file holding the real content; a throwaway redis-server (the `redis_url` fixture) holds the
cache. Requests come as the TLS proxy passes them on (tests/servers.py).
"""

import json
import subprocess
import sys

import pytest
import redis
from django.utils.html import escape

from tests import servers

# The public pages (the variants in tests/pages.py), shown for objects of the real content.
PUBLIC_URLS = """
import json
from bronnen.models import Bron
from lessen.models import Les
from tests.pages import Voorbeeld, variant_urls

les = Les.objects.published().filter(themas__isnull=False, tags__isnull=False).order_by("pk").first()
bron = les.vermeldingen.order_by("pk").first().bron
voorbeeld = Voorbeeld(
    les=les.slug,
    les_nummer=les.pk,
    thema=les.themas.order_by("pk").first().slug,
    tag=les.tags.order_by("pk").first().slug,
    bron=bron.slug,
    bundel=Bron.objects.filter(onderdelen__isnull=False).order_by("pk").first().slug,
    auteur=bron.auteurs.order_by("pk").first().slug,
)
print(json.dumps({"les": les.slug, "titel": les.titel, "urls": variant_urls(voorbeeld)}))
"""

RENAME = """
from lessen.models import Les
from lessen.services import les_opslaan

les = Les.objects.get(slug={slug!r})
les.titel = {titel!r}
les_opslaan(les=les, redacteur=None, reden="test")
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A production database with the real content and collected static files, for every test here."""
    folder = tmp_path_factory.mktemp("redis-site")
    env = servers.production_env(
        DATABASE_URL=f"sqlite:///{folder / 'wijkgids.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_LOG_LEVEL="WARNING",
    )
    servers.install_site(env)
    shown = json.loads(servers.manage(env, "shell", "-v0", "-c", PUBLIC_URLS))
    return {"env": env, **shown}


def test_every_public_page_is_served_and_kept_in_redis(site, redis_url, tmp_path):
    env = {**site["env"], "WIJKGIDS_CACHE_URL": redis_url}
    with servers.gunicorn(env, tmp_path, workers=2) as port, redis.Redis.from_url(redis_url) as stored:
        for name, url in site["urls"].items():
            before = stored.dbsize()
            status, _ = servers.get(port, url)
            assert status == 200, f"{name}: {url}"
            assert stored.dbsize() > before, f"{name} was not kept in Redis: {url}"


def test_an_edit_shows_at_once_on_every_server(site, redis_url, tmp_path):
    """Two gunicorn servers, as behind a load balancer, on one database and one Redis."""
    env = {**site["env"], "WIJKGIDS_CACHE_URL": redis_url}
    page = site["urls"]["les"]
    new_title = "Nieuwe titel, meteen overal zichtbaar"
    with (
        servers.gunicorn(env, tmp_path) as first,
        servers.gunicorn(env, tmp_path) as second,
        redis.Redis.from_url(redis_url) as stored,
    ):
        status, html = servers.get(first, page)
        assert status == 200
        assert f"<h1>{escape(site['titel'])}</h1>" in html
        keys, hits = stored.dbsize(), stored.info("stats")["keyspace_hits"]
        status, html = servers.get(second, page)
        assert status == 200
        assert f"<h1>{escape(site['titel'])}</h1>" in html
        # The second server read the page the first one rendered, and stored nothing of its own.
        assert stored.info("stats")["keyspace_hits"] > hits
        assert stored.dbsize() == keys

        servers.manage(env, "shell", "-v0", "-c", RENAME.format(slug=site["les"], titel=new_title))

        for port in (first, second):
            status, html = servers.get(port, page)
            assert status == 200
            assert f"<h1>{new_title}</h1>" in html, f"the server on port {port} still shows the old title"


A_TEST_THAT_CACHES_A_PAGE = (
    "tests/lessen/test_caching.py::test_a_page_seen_before_comes_from_the_page_cache_for_one_query"
)


def test_running_the_tests_leaves_a_developers_own_redis_alone(redis_url):
    """A WIJKGIDS_CACHE_URL in the shell names the developer's Redis: a test run must neither write to
    it nor clear it (tests/conftest.py empties the cache before every test)."""
    with redis.Redis.from_url(redis_url) as theirs:
        theirs.set("van-de-ontwikkelaar", "blijft")
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", A_TEST_THAT_CACHES_A_PAGE],
            cwd=servers.ROOT, env={**servers.outside_env(), "WIJKGIDS_CACHE_URL": redis_url},
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert theirs.get("van-de-ontwikkelaar") == b"blijft"
        assert theirs.dbsize() == 1
