import os

import hypothesis
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test.utils import override_settings

from tests import servers
from tests.factories import AuteurFactory, BronFactory, LesFactory, ThemaFactory

# pytester runs a small test session inside a test: tests/test_skips_in_ci.py shows the rule below.
pytest_plugins = ["pytester"]

# Property tests (tests/test_properties.py). In CI (CI=true) every run tries the same examples, so a
# red build means a change broke something, not that chance found a new input; locally every run
# explores new ones and keeps a failure in .hypothesis/ to replay it. Registered here, not left to
# Hypothesis's own CI detection, which the older versions pyproject.toml allows do not have.
hypothesis.settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
hypothesis.settings.register_profile("dev", derandomize=False)
hypothesis.settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


# The only skips allowed in CI (CI=true), and why. Elsewhere a test may skip when a tool is missing
# (it says which); in CI, .ci/run installs every tool, so any other skip fails the run and a green
# build means that every test ran. `make test` runs the suite twice, on SQLite and then on PostgreSQL
# (bin/with-postgres): these tests need PostgreSQL itself, so they skip on SQLite, and only there.
SKIPS_ALLOWED_IN_CI_ON_SQLITE = {
    "tests/test_cluster.py": "two app servers on one PostgreSQL with a streaming replica of it",
    "tests/test_replicas.py": "a streaming replica of PostgreSQL, made with pg_basebackup",
    (
        "tests/test_backup.py::"
        "test_a_backup_moves_from_postgresql_to_a_fresh_sqlite_and_on_to_a_fresh_postgresql"
    ): "a backup taken on PostgreSQL, restored into SQLite and then into a new PostgreSQL database",
}


def skip_allowed(nodeid):
    """Whether a test (or a whole file) may skip: anywhere outside CI; in CI only as listed above."""
    if os.environ.get("CI") != "true":
        return True
    on_postgresql = os.environ.get("DATABASE_URL", "").startswith("postgres")
    return not on_postgresql and any(
        nodeid == listed or nodeid.startswith(f"{listed}::") for listed in SKIPS_ALLOWED_IN_CI_ON_SQLITE
    )


def refuse_skip(report):
    """Turn the skip in `report` into a failure that names the skip and the rule."""
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    report.outcome = "failed"
    report.longrepr = (
        f"In CI (CI=true) mag deze test niet overgeslagen worden: {reason}\n"
        "Installeer in .ci/run wat de test nodig heeft, of zet een skip die alleen van de database "
        "afhangt op SKIPS_ALLOWED_IN_CI_ON_SQLITE in tests/conftest.py, met de reden."
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped and not hasattr(report, "wasxfail") and not skip_allowed(item.nodeid):
        refuse_skip(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    """A whole file skipped while it is collected (`pytest.skip(allow_module_level=True)`,
    `pytest.importorskip`) follows the same rule."""
    report = yield
    if report.skipped and not skip_allowed(report.nodeid):
        refuse_skip(report)
    return report


def pytest_configure(config):
    """The tests keep pages in this process's memory (as settings.py does without WIJKGIDS_CACHE_URL),
    whatever the shell says: a WIJKGIDS_CACHE_URL there names someone's own Redis, which `empty_caches`
    would clear before every test. The Redis tests start their own redis-server and hand its URL to
    the processes they run (tests/servers.py), which read their settings afresh."""
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
    override_settings(WIJKGIDS_CACHE_URL="", CACHES={"default": local}).enable()


@pytest.fixture(autouse=True)
def empty_caches():
    """Rendered pages are kept in the cache (wijkgids/caching.py): each test starts without them."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; Django's real hasher takes a second each (production keeps it)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def redis_url(tmp_path):
    """The URL of a throwaway redis-server on a free loopback port, stopped after the test.

    Without redis-server the test is skipped, except in CI (CI=true), where .ci/run installs it.
    """
    if servers.find_redis_server() is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "redis-server niet gevonden: in CI installeert .ci/run het (apt-get install redis-server)."
            )
        pytest.skip(
            "skipped: Redis-tests overgeslagen: redis-server niet gevonden (apt-get install redis-server)"
        )
    with servers.redis_server(tmp_path) as url:
        yield url


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user("redacteur", password="geheim-wachtwoord-1", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("beheerder", password="geheim-wachtwoord-1")
    client.force_login(user)
    return client


@pytest.fixture
def content(db):
    """A small, known library: two themes, a bundle with an essay, a lecture, and four lessons."""
    sturen = ThemaFactory(naam="Sturen", slug="sturen")
    leefwereld = ThemaFactory(naam="Leefwereld", slug="leefwereld")
    jos = AuteurFactory(naam="Jos van der Lans", sorteernaam="Lans, Jos van der", slug="jos-van-der-lans")
    wim = AuteurFactory(
        naam="Wim Derksen",
        sorteernaam="Derksen, Wim",
        slug="wim-derksen",
        rol="Chief Scientist Ministerie VROM",
    )
    lezing = BronFactory(titel="Doen we de goede dingen?", slug="lezing", soort="lezing", auteurs=[jos])
    bundel = BronFactory(titel="De balans", slug="bundel", soort="essaybundel", auteurs=[wim])
    essay = BronFactory(titel="Tussenbalans", slug="essay", onderdeel_van=bundel, volgorde=1, auteurs=[wim])
    weg = LesFactory(
        titel="Weg met de romantiek",
        slug="weg-met-de-romantiek",
        samenvatting="De wijk is geen dorp.",
        themas=[leefwereld],
        tags=["stedelijkheid", "vertrouwen"],
        bronnen=[(lezing, "punt 1")],
    )
    sturen_les = LesFactory(
        titel="Wildroosters en slagbomen",
        slug="wildroosters",
        themas=[sturen],
        tags=["samenwerking", "vertrouwen"],
        bronnen=[(lezing, "punt 4")],
    )
    mensen = LesFactory(
        titel="Het gaat om de mensen",
        slug="het-gaat-om-de-mensen",
        themas=[sturen, leefwereld],
        tags=["bewoners"],
        bronnen=[(essay, "punt 1")],
    )
    concept = LesFactory(
        titel="Geheim concept",
        slug="geheim-concept",
        status="concept",
        themas=[sturen],
        tags=["vertrouwen"],
        bronnen=[(lezing, "punt 9")],
    )
    return {
        "sturen": sturen, "leefwereld": leefwereld, "jos": jos, "wim": wim, "lezing": lezing,
        "bundel": bundel, "essay": essay, "weg": weg, "sturen_les": sturen_les, "mensen": mensen,
        "concept": concept,
    }  # fmt: skip
