"""Memento (RFC 7089): a lesson's address and permanent link answer "what did it say then?", its
version pages say when they were saved, and its TimeMap lists every published version, never a draft."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from lessen.models import Les
from tests.citeren.factories import les_met_geschiedenis, op

pytestmark = pytest.mark.django_db

GEPUBLICEERD, CONCEPT = Les.Status.GEPUBLICEERD, Les.Status.CONCEPT


def http_datum(datum):
    return f"{op(datum):%a, %d %b %Y %H:%M:%S} GMT"


@pytest.fixture
def geschiedenis(db):
    """Published in January, changed in June, offline in September (a version the public never saw),
    back with a change in January 2025."""
    return les_met_geschiedenis(
        ("2024-01-01", GEPUBLICEERD),
        ("2024-06-01", GEPUBLICEERD),
        ("2024-09-01", CONCEPT),
        ("2025-01-01", GEPUBLICEERD),
        titel="Vertrouwen komt te voet",
        slug="vertrouwen",
    )


def versie_url(les, nummer):
    return "http://testserver" + reverse("versies:versie_detail", kwargs={"slug": les.slug, "nummer": nummer})


@pytest.mark.parametrize(
    "datum, versie",
    [
        ("2023-05-01", 1),  # before the first version: the first one (RFC 7089 4.5.3)
        ("2024-03-15", 1),
        ("2024-06-01", 2),  # saved at that very moment
        ("2024-10-01", 2),  # the lesson was offline: the version in force is still the last public one
        ("2026-01-01", 4),
    ],
)
@pytest.mark.parametrize("adres", ["les", "permalink"])
def test_accept_datetime_redirects_to_the_version_in_force_then(client, geschiedenis, datum, versie, adres):
    url = geschiedenis.get_absolute_url() if adres == "les" else geschiedenis.get_permalink()
    response = client.get(url, HTTP_ACCEPT_DATETIME=http_datum(datum))
    assert response.status_code == 302
    assert response["Location"] == versie_url(geschiedenis, versie)
    assert "accept-datetime" in response["Vary"].lower()
    assert '<http://testserver/lessen/vertrouwen/>; rel="original timegate"' in response["Link"]


def test_a_malformed_accept_datetime_is_refused_in_dutch(client, geschiedenis):
    response = client.get(geschiedenis.get_absolute_url(), HTTP_ACCEPT_DATETIME="gisteren om drie uur")
    assert response.status_code == 400
    assert "geen geldige HTTP-datum" in response.content.decode()


def test_a_cached_page_is_never_the_answer_to_accept_datetime(client, geschiedenis):
    url = geschiedenis.get_absolute_url()
    assert client.get(url).status_code == 200  # now in the page cache
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_ACCEPT_DATETIME=http_datum("2024-03-01"), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 302
    assert response["Location"] == versie_url(geschiedenis, 1)


@pytest.mark.parametrize("keer", ["vers", "uit de cache"])
def test_lesson_and_version_pages_link_to_their_mementos(client, geschiedenis, keer):
    les_url, versie = geschiedenis.get_absolute_url(), versie_url(geschiedenis, 2)
    if keer == "uit de cache":
        client.get(les_url), client.get(versie)
    pagina = client.get(les_url)
    assert "accept-datetime" in pagina["Vary"].lower()
    assert "Memento-Datetime" not in pagina
    assert f'<{versie_url(geschiedenis, 1)}>; rel="first memento"' in pagina["Link"]
    assert f'<{versie_url(geschiedenis, 4)}>; rel="last memento"' in pagina["Link"]
    assert 'rel="timemap"; type="application/link-format"' in pagina["Link"]

    response = client.get(versie)
    assert response["Memento-Datetime"] == http_datum("2024-06-01")
    link = response["Link"]
    assert f'<{versie_url(geschiedenis, 1)}>; rel="first prev memento"' in link
    assert f'<{versie_url(geschiedenis, 4)}>; rel="last next memento"' in link
    assert f"<{versie_url(geschiedenis, 3)}>" not in link


def test_the_timemap_lists_exactly_the_published_versions(client, geschiedenis):
    response = client.get(reverse("citeren:tijdkaart", kwargs={"slug": geschiedenis.slug}))
    assert response["Content-Type"].startswith("application/link-format")
    tekst = response.content.decode()
    assert [v for v in range(1, 6) if f"{versie_url(geschiedenis, v)}>" in tekst] == [1, 2, 4]
    assert 'rel="original"' in tekst and 'rel="self"; type="application/link-format"' in tekst

    data = client.get(reverse("citeren:tijdkaart_json", kwargs={"slug": geschiedenis.slug})).json()
    assert [m["versie"] for m in data["mementos"]["list"]] == [1, 2, 4]
    assert data["mementos"]["list"][1]["datetime"] == "2024-06-01T12:00:00Z"


def test_a_draft_has_no_timegate_or_timemap_for_the_public(client, db):
    les = les_met_geschiedenis(("2024-01-01", CONCEPT), slug="geheim")
    assert (
        client.get(les.get_absolute_url(), HTTP_ACCEPT_DATETIME=http_datum("2024-02-01")).status_code == 404
    )
    assert client.get(reverse("citeren:tijdkaart", kwargs={"slug": les.slug})).status_code == 404


def test_asking_for_a_versions_own_memento_datetime_gets_that_version(client, geschiedenis):
    """HTTP dates have whole seconds; a version saved at 12:00:00.7 is the one in force at 12:00:00."""
    for versie, moment in ((1, "2024-06-01T11:59:59.300"), (2, "2024-06-01T12:00:00.700")):
        Les.history.filter(id=geschiedenis.pk, versie=versie).update(
            history_date=datetime.fromisoformat(moment).replace(tzinfo=UTC)
        )
    for versie in (1, 2):
        datum = client.get(versie_url(geschiedenis, versie))["Memento-Datetime"]
        response = client.get(geschiedenis.get_absolute_url(), HTTP_ACCEPT_DATETIME=datum)
        assert response["Location"] == versie_url(geschiedenis, versie)


def test_a_number_past_any_lesson_is_not_found_with_or_without_a_date(client, db):
    for headers in ({}, {"HTTP_ACCEPT_DATETIME": http_datum("2024-01-01")}):
        assert client.get(f"/l/{'9' * 30}/", **headers).status_code == 404
