import pytest

from lessen import selectors
from lessen.models import Les
from lessen.services import les_opslaan, lessen_verwijderen
from tests.factories import LesFactory

pytestmark = pytest.mark.django_db


def body(les):
    return Les.objects.get(pk=les.pk).tekst_html


@pytest.fixture
def doel(db):
    return LesFactory(titel="De mythe van de bewoners", slug="mythe")


def test_links_by_slug_by_title_and_with_own_text(doel):
    les = LesFactory(tekst="Zie [[mythe]], [[de MYTHE van de bewoners]] en [[mythe|deze les]].")
    html = body(les)
    assert (
        '<a class="wikilink" href="/lessen/mythe/" rel="noopener noreferrer nofollow">'
        "De mythe van de bewoners</a>" in html
    )
    assert html.count('href="/lessen/mythe/"') == 3
    assert ">deze les</a>" in html


def test_missing_target_is_styled_not_a_dead_link(db):
    html = body(LesFactory(tekst="Zie [[bestaat-niet|elders]]."))
    assert (
        '<span class="wikilink wikilink--ontbreekt" title="Deze les bestaat (nog) niet">elders</span>' in html
    )
    assert "<a" not in html


def test_a_draft_is_not_linked_until_it_is_published(doel):
    doel.status = "concept"
    les_opslaan(les=doel)
    les = LesFactory(tekst="Zie [[mythe]].")
    assert "wikilink--ontbreekt" in body(les)
    doel.status = "gepubliceerd"
    les_opslaan(les=doel)
    assert 'href="/lessen/mythe/"' in body(les)


def test_a_link_to_a_deleted_lesson_no_longer_leads_to_it(client, doel):
    les = LesFactory(tekst="Zie [[mythe]].")
    lessen_verwijderen(lessen=[doel])
    assert 'href="/lessen/mythe/"' not in body(les)
    assert "wikilink--ontbreekt" in client.get(les.get_absolute_url()).content.decode()


def test_links_follow_a_renamed_slug_and_title(doel):
    les = LesFactory(tekst="Zie [[mythe]] en [[De mythe van de bewoners|de mythe]].")
    doel.slug = "mythe-van-de-bewoners"
    doel.titel = "De mythe van 'de' bewoners"
    les_opslaan(les=doel)
    html = body(les)
    assert 'href="/lessen/mythe/"' not in html
    assert html.count('href="/lessen/mythe-van-de-bewoners/"') == 2
    assert "De mythe van &#39;de&#39; bewoners</a>" in html or "De mythe van 'de' bewoners</a>" in html
    assert "wikilink--ontbreekt" not in html


def test_editing_the_linking_lesson_after_a_retitling_keeps_the_link(doel):
    les = LesFactory(tekst="Zie [[De mythe van de bewoners]].")
    doel.titel = "Een andere titel"
    les_opslaan(les=doel)
    les = Les.objects.get(pk=les.pk)
    les.samenvatting = "Bewerkt."
    les_opslaan(les=les)
    assert 'href="/lessen/mythe/"' in body(les)


def test_what_links_here_lists_published_linking_lessons(client, doel):
    LesFactory(titel="Verwijzer", tekst="Over [[mythe]].")
    LesFactory(titel="Concept-verwijzer", tekst="Over [[mythe]].", status="concept")
    html = client.get("/lessen/mythe/").content.decode()
    assert "Wat linkt hierheen" in html
    assert ">Verwijzer</a>" in html
    assert "Concept-verwijzer" not in html


def test_a_lesson_page_shows_the_first_links_here_and_a_list_has_them_all(client, doel, settings):
    settings.WIJKGIDS_PER_PAGINA = 15
    shown = selectors.LINKS_SHOWN
    for n in range(shown + 5):
        LesFactory(titel=f"Verwijzer {n:02d}", tekst="Zie [[mythe]], ook als [[De mythe van de bewoners]].")
    page = client.get("/lessen/mythe/").content.decode()
    section = page.split('id="linkt-kop"')[1].split("</section>")[0]
    assert section.count(">Verwijzer ") == shown  # the first ones by title, each lesson once
    assert ">Verwijzer 00</a>" in section and f">Verwijzer {shown:02d}</a>" not in section
    assert 'href="/lessen/mythe/links/">Alle lessen die hierheen linken</a>' in section

    first = client.get("/lessen/mythe/links/").content.decode()
    second = client.get("/lessen/mythe/links/", {"pagina": 2}).content.decode()
    assert f"{shown + 5} lessen verwijzen in de tekst naar deze les" in first
    assert first.count(">Verwijzer ") == 15 and second.count(">Verwijzer ") == shown + 5 - 15
    assert f">Verwijzer {shown + 4:02d}</a>" in second


def test_a_lesson_with_few_links_here_shows_them_without_a_list_link(client, doel):
    LesFactory(titel="Verwijzer", tekst="Over [[mythe]].")
    html = client.get("/lessen/mythe/").content.decode()
    assert ">Verwijzer</a>" in html and "/lessen/mythe/links/" not in html
    assert client.get("/lessen/mythe/links/").status_code == 200
    assert client.get("/lessen/bestaat-niet/links/").status_code == 404
    assert client.get("/lessen/mythe/links/", {"pagina": 9}).status_code == 404


def test_headings_get_stable_ids(db):
    les = LesFactory(tekst="## Wat de bron zegt\n\nTekst.\n\n## Waarom het ertoe doet\n\nMeer.")
    html = body(les)
    assert '<h2 id="tekst-wat-de-bron-zegt">' in html and '<h2 id="tekst-waarom-het-ertoe-doet">' in html
    les.samenvatting = "Andere samenvatting"
    les_opslaan(les=les)
    assert '<h2 id="tekst-wat-de-bron-zegt">' in body(les)


def test_a_wikilink_cannot_smuggle_markup(doel):
    les = LesFactory(tekst="[[mythe|<img src=x onerror=alert(1)>]] [[<script>alert(1)</script>]]")
    html = body(les)
    assert "<img" not in html and "<script" not in html and "onerror=" not in html.replace("&lt;", "")


def test_a_linked_lesson_ranks_first_among_related_lessons(client, doel):
    LesFactory(titel="Deelt alleen een tag", tags=["bewoners"])
    doel.tags.set(["bewoners"])
    LesFactory(titel="Linkt ernaar", tekst="Zie [[mythe]].")
    response = client.get("/lessen/mythe/")
    verwant = [les.titel for les in response.context["verwante_lessen"]]
    assert verwant[0] == "Linkt ernaar"
    assert "gelinkt" in response.content.decode()
