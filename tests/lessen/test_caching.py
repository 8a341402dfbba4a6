"""Public pages carry validators and may be cached briefly; any content change shows at once."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from bronnen.models import Auteur, Bron
from lessen.models import ContentStamp, Les, Thema, Vermelding
from lessen.services import les_opslaan
from tests.pages import Voorbeeld, variant_urls
from wijkgids import caching

pytestmark = pytest.mark.django_db


@pytest.fixture
def voorbeeld(content):
    return Voorbeeld(
        les="weg-met-de-romantiek",
        les_nummer=content["weg"].pk,
        thema="sturen",
        tag="vertrouwen",
        bron="lezing",
        bundel="bundel",
        auteur="jos-van-der-lans",
    )


def age_the_content():
    """As if the last change was an hour ago (Last-Modified is left out right after a change)."""
    ContentStamp.objects.update(changed_at=timezone.now() - timedelta(hours=1))


def test_every_public_page_sends_validators_and_may_be_cached_briefly(client, voorbeeld):
    age_the_content()
    for name, url in variant_urls(voorbeeld).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response.headers["ETag"].startswith('"'), name
        assert "Last-Modified" in response.headers, name
        assert response.headers["Cache-Control"] == "public, max-age=60", name
        assert "Cookie" in response.headers["Vary"], name  # an editor's page is never a visitor's


@pytest.mark.parametrize("url", ["/lessen/weg-met-de-romantiek/", "/lessen/?thema=sturen", "/api/lessen/"])
def test_a_conditional_request_for_an_unchanged_page_gets_304(client, content, url):
    age_the_content()
    first = client.get(url)
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"])
    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["ETag"] == first.headers["ETag"]
        assert response.headers["Cache-Control"] == "public, max-age=60"


def test_a_304_runs_no_view_and_costs_one_query(client, content):
    etag = client.get("/lessen/").headers["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/lessen/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) == 1


def test_a_page_seen_before_comes_from_the_page_cache_for_one_query(client, content):
    first = client.get("/lessen/weg-met-de-romantiek/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/lessen/weg-met-de-romantiek/")
    assert len(queries) == 1
    assert again.content == first.content
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert again.headers["ETag"] == first.headers["ETag"]


def test_an_edited_lesson_shows_its_new_text_at_once(client, content):
    url = "/lessen/weg-met-de-romantiek/"
    first = client.get(url)
    les = content["weg"]
    les.tekst = "## Nieuw\n\nDe wijk is een stad in het klein."
    les_opslaan(les=les)
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert revalidated.status_code == 200
    assert "De wijk is een stad in het klein." in revalidated.content.decode()
    assert revalidated.headers["ETag"] != first.headers["ETag"]
    assert "De wijk is een stad in het klein." in client.get(url).content.decode()


TWO_STORES = {  # as production with Redis: this process's memory, then the shared store
    "proces": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "proces"},
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gedeeld"},
}


def test_a_page_comes_from_either_store_for_one_query_and_never_after_a_change(client, content, settings):
    settings.CACHES = TWO_STORES
    url = "/lessen/weg-met-de-romantiek/"
    first = client.get(url).content
    for emptied in ["proces", "default"]:  # the shared store refills this process's memory
        caches[emptied].clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).content == first
        assert len(queries) == 1, f"{emptied} leeg: de pagina werd opnieuw gemaakt"
    les = content["weg"]
    les.tekst = "De wijk is een stad in het klein."
    les_opslaan(les=les)
    assert "De wijk is een stad in het klein." in client.get(url).content.decode()


def _rename_theme(content):
    Thema.objects.filter(pk=content["leefwereld"].pk).update(naam="Leven in de wijk")
    return "/lessen/weg-met-de-romantiek/", "Leven in de wijk"


def _rename_tag(content):
    Tag.objects.filter(name="stedelijkheid").update(name="stadsleven")
    return "/lessen/weg-met-de-romantiek/", "stadsleven"


def _add_tag(content):
    content["weg"].tags.add("buurtkracht")
    return "/lessen/weg-met-de-romantiek/", "buurtkracht"


def _rename_author(content):
    Auteur.objects.filter(pk=content["jos"].pk).update(naam="Jos van der Lans (1954)")
    return "/lessen/weg-met-de-romantiek/", "Jos van der Lans (1954)"


def _remove_theme_from_lesson(content):
    content["weg"].themas.remove(content["leefwereld"])
    return "/themas/leefwereld/", "1 les"


def _change_citation(content):
    Vermelding.objects.filter(les=content["weg"]).update(locator="punt 99")
    return "/lessen/weg-met-de-romantiek/", "punt 99"


def _change_citation_on_cards(content):
    Vermelding.objects.filter(les=content["weg"]).update(bron=content["bundel"])  # cards name the source
    return "/lessen/", "uit <cite>De balans</cite> van Wim Derksen"


def _retitle_lesson_on_cards(content):
    Les.objects.filter(pk=content["weg"].pk).update(titel="Weg met de nostalgie")
    return "/themas/leefwereld/", "Weg met de nostalgie"


def _rename_source_on_cards(content):
    Bron.objects.filter(vermeldingen__les=content["weg"]).update(titel="Lezing in Amersfoort")
    return "/themas/leefwereld/", "Lezing in Amersfoort"


def _delete_lesson(content):
    Les.objects.filter(pk=content["sturen_les"].pk).delete()
    return "/lessen/", "2 lessen"


def _publish_draft(content):
    Les.objects.filter(pk=content["concept"].pk).update(status=Les.Status.GEPUBLICEERD)
    return "/lessen/", "Geheim concept"


@pytest.mark.parametrize(
    "change",
    [
        _rename_theme,
        _rename_tag,
        _add_tag,
        _rename_author,
        _remove_theme_from_lesson,
        _change_citation,
        _change_citation_on_cards,
        _retitle_lesson_on_cards,
        _rename_source_on_cards,
        _delete_lesson,
        _publish_draft,
    ],
)
@pytest.mark.parametrize("page_cache", [True, False], ids=["paginacache", "alleen-gedeelde-delen"])
def test_any_content_change_invalidates_validators_and_cached_pages(
    client, settings, content, change, page_cache
):
    """Changes that bypass save() and signals (queryset updates, M2M, deletes) count as well."""
    settings.WIJKGIDS_PAGINA_CACHE = page_cache
    age_the_content()
    pages = {
        url: client.get(url) for url in ["/lessen/weg-met-de-romantiek/", "/themas/leefwereld/", "/lessen/"]
    }
    url, new_text = change(content)
    old = pages[url]
    assert new_text not in old.content.decode()
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=old.headers["ETag"])
    assert revalidated.status_code == 200
    assert new_text in revalidated.content.decode()
    assert new_text in client.get(url).content.decode()


def test_last_modified_is_left_out_in_the_second_after_a_change(client, content, monkeypatch):
    """Last-Modified counts whole seconds: right after a change it could match the previous one.

    The window is widened to half an hour, so that a slow machine (setting up the content takes
    a while) still asks within it; a change an hour ago is outside it again."""
    monkeypatch.setattr(caching, "LAST_MODIFIED_MARGIN", timedelta(minutes=30))
    response = client.get("/lessen/")
    assert "Last-Modified" not in response.headers
    assert "ETag" in response.headers
    age_the_content()
    assert "Last-Modified" in client.get("/lessen/").headers


def test_an_editor_gets_pages_fresh_and_never_stored(staff_client, content):
    for url in ["/lessen/geheim-concept/", "/lessen/", "/"]:
        response = staff_client.get(url)
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"]
        assert "private" in response.headers["Cache-Control"]
        assert "ETag" not in response.headers


def test_an_editors_draft_preview_never_reaches_visitors(staff_client, content):
    assert "Geheim concept" in staff_client.get("/lessen/").content.decode()
    assert staff_client.get("/lessen/geheim-concept/").status_code == 200
    visitor = Client()
    assert "Geheim concept" not in visitor.get("/lessen/").content.decode()
    assert visitor.get("/lessen/geheim-concept/").status_code == 404


def test_an_editor_never_gets_counts_kept_for_visitors(staff_client, content, settings):
    settings.WIJKGIDS_PAGINA_CACHE = False
    assert "3 lessen" in Client().get("/lessen/").content.decode()
    assert "4 lessen" in staff_client.get("/lessen/").content.decode()  # the draft as well


def test_a_missing_page_is_not_kept(client, content):
    first = client.get("/lessen/nog-niet/")
    assert first.status_code == 404
    assert "ETag" not in first.headers
    Les.objects.filter(pk=content["weg"].pk).update(slug="nog-niet")
    assert client.get("/lessen/nog-niet/").status_code == 200


def test_without_the_stamp_row_pages_still_work_and_the_next_write_restores_it(client, content):
    ContentStamp.objects.all().delete()
    first = client.get("/lessen/")
    assert first.status_code == 200
    Thema.objects.filter(slug="sturen").update(naam="Regie")
    assert ContentStamp.objects.get().counter == 1
    second = client.get("/lessen/", HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert second.status_code == 200
    assert "Regie" in second.content.decode()


def test_every_content_table_changes_the_stamp(db):
    """A new table in lessen, bronnen, taggit or omleidingen needs the stamp's trigger (migration 0006)."""
    tables = set()
    for label in ("lessen", "bronnen", "taggit", "omleidingen"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model is not ContentStamp and model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    if connection.vendor == "sqlite":
        sql = "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
    else:
        sql = "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, ["contentstamp_%"])
        assert {row[0] for row in cursor.fetchall()} == tables
