"""The official Python Memento client (`memento-client`) against the site as production serves it:
gunicorn with DJANGO_DEBUG=0, behind the TLS proxy (tests/servers.py), three lessons with a history.

For three lessons with several versions it finds the version in force at a date before, between and
after their changes, from the lesson's address and from its permanent link, and each TimeMap lists
exactly the published versions.
"""

import json
from datetime import datetime
from urllib.parse import urlsplit

import pytest
import requests
from memento_client import MementoClient

from tests import servers

# Run in the production database (manage.py shell): three lessons, their versions saved at these dates.
DRIE_LESSEN = """
import json
from lessen.models import Les
from tests.citeren.factories import les_met_geschiedenis

P, C = "gepubliceerd", "concept"
lessen = [
    les_met_geschiedenis(("2024-01-01", P), ("2024-06-01", P), ("2025-01-01", P), slug="memento-een"),
    les_met_geschiedenis(("2023-03-01", P), ("2023-09-01", C), ("2024-02-01", P), slug="memento-twee"),
    les_met_geschiedenis(
        ("2024-04-01", P), ("2024-04-02", P), ("2024-08-01", P), ("2025-03-01", P), slug="memento-drie"
    ),
]
print(json.dumps({
    les.slug: {
        "nummer": les.pk,
        "gepubliceerd": {
            v.versie: v.history_date.strftime("%Y-%m-%dT%H:%M:%S")
            for v in Les.history.filter(id=les.pk, status=P).order_by("versie")
        },
    }
    for les in lessen
}))
"""

# lesson: [(a date, the version in force then)]: before, between and after its changes.
VERWACHT = {
    "memento-een": [("2023-01-01", 1), ("2024-03-01", 1), ("2024-07-01", 2), ("2025-06-01", 3)],
    "memento-twee": [("2022-01-01", 1), ("2023-10-01", 1), ("2024-03-01", 3)],  # 2 was a draft
    "memento-drie": [("2024-01-01", 1), ("2024-04-03", 2), ("2024-09-01", 3), ("2026-01-01", 4)],
}
SITE = "https://127.0.0.1"  # what the site calls itself behind the proxy (DJANGO_ALLOWED_HOSTS)


class DoorDeProxy(requests.adapters.HTTPAdapter):
    """What the TLS proxy in front of production does: https://127.0.0.1/... reaches gunicorn on its
    port, with the proxy's headers."""

    def __init__(self, port):
        super().__init__()
        self.port = port

    def send(self, request, **kwargs):
        request.url = request.url.replace(f"{SITE}/", f"http://127.0.0.1:{self.port}/", 1)
        request.headers.update({"Host": "127.0.0.1", **servers.PROXY_HEADERS})
        return super().send(request, **kwargs)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("memento-site")
    env = servers.production_env(
        DATABASE_URL=f"sqlite:///{folder / 'wijkgids.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_LOG_LEVEL="WARNING",
    )
    servers.install_site(env)
    lessen = json.loads(servers.manage(env, "shell", "-v0", "-c", DRIE_LESSEN))
    with servers.gunicorn(env, folder) as port, requests.Session() as sessie:
        sessie.mount(f"{SITE}/", DoorDeProxy(port))
        yield lessen, sessie


def test_the_memento_client_finds_what_each_lesson_said_then(site):
    lessen, sessie = site
    # The site is its own TimeGate (RFC 7089 pattern 1.1). Finding `Vary: accept-datetime` on the
    # lesson's address, the client asks `timegate_uri + address`: an empty base makes that the address.
    client = MementoClient(timegate_uri="", check_native_timegate=True, session=sessie)
    for slug, datums in VERWACHT.items():
        les = lessen[slug]
        for adres in (f"{SITE}/lessen/{slug}/", f"{SITE}/l/{les['nummer']}/"):
            for datum, versie in datums:
                info = client.get_memento_info(adres, datetime.fromisoformat(datum))
                assert info["original_uri"] == f"{SITE}/lessen/{slug}/"
                closest = info["mementos"]["closest"]
                [uri] = closest["uri"]
                assert urlsplit(uri).path == f"/lessen/{slug}/versies/{versie}/", (adres, datum)
                assert closest["http_status_code"] == 200
                assert closest["datetime"] == datetime.fromisoformat(les["gepubliceerd"][str(versie)])
                assert info["mementos"]["first"]["uri"] == [f"{SITE}/lessen/{slug}/versies/1/"]


def test_each_timemap_lists_exactly_the_published_versions(site):
    lessen, sessie = site
    for slug, les in lessen.items():
        gepubliceerd = sorted(int(versie) for versie in les["gepubliceerd"])
        response = sessie.get(f"{SITE}/lessen/{slug}/tijdkaart/", timeout=30)
        assert response.headers["Content-Type"].startswith("application/link-format")
        links = MementoClient.parse_link_header(response.text)
        in_kaart = sorted(
            int(uri.rstrip("/").rsplit("/", 1)[1])
            for uri, attrs in links.items()
            if "memento" in attrs["rel"]
        )
        assert in_kaart == gepubliceerd
        data = sessie.get(f"{SITE}/lessen/{slug}/tijdkaart.json", timeout=30).json()
        assert [m["versie"] for m in data["mementos"]["list"]] == gepubliceerd
