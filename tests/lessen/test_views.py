import re

import pytest
from django.urls import reverse
from taggit.models import Tag

from lessen.services import les_opslaan, tags_verwijderen
from tests.factories import LesFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [les.titel for les in response.context["page"].object_list]


def test_home_shows_themes_with_counts_sources_and_a_search_box(client, content):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    themas = {thema.slug: thema.aantal for thema in response.context["themas"]}
    assert themas == {"sturen": 2, "leefwereld": 2}  # the draft does not count
    assert "De balans" in html and "Doen we de goede dingen?" in html
    assert 'role="search"' in html and 'name="q"' in html
    assert response.context["aantal_lessen"] == 3


def test_home_counts_a_bundles_lessons_through_its_essays(client, content):
    response = client.get("/")
    counts = {bron.slug: bron.aantal for bron in response.context["bronnen"]}
    assert counts == {"bundel": 1, "lezing": 2}


def test_lesson_list_shows_published_lessons_only(client, content):
    response = client.get("/lessen/")
    assert response.status_code == 200
    assert titles(response) == ["Het gaat om de mensen", "Weg met de romantiek", "Wildroosters en slagbomen"]
    assert "Geheim concept" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("thema=sturen", ["Het gaat om de mensen", "Wildroosters en slagbomen"]),
        ("tag=vertrouwen", ["Weg met de romantiek", "Wildroosters en slagbomen"]),
        ("bron=lezing", ["Weg met de romantiek", "Wildroosters en slagbomen"]),
        ("bron=bundel", ["Het gaat om de mensen"]),
        ("auteur=wim-derksen", ["Het gaat om de mensen"]),
        ("thema=sturen&tag=vertrouwen", ["Wildroosters en slagbomen"]),
        ("thema=leefwereld&bron=lezing&auteur=jos-van-der-lans", ["Weg met de romantiek"]),
        ("thema=sturen&auteur=jos-van-der-lans&tag=bewoners", []),
        ("q=romantiek", ["Weg met de romantiek"]),
    ],
)
def test_lesson_list_filters_combine(client, content, query, expected):
    response = client.get(f"/lessen/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("thema=bestaat-niet", "Er is geen thema ‘bestaat-niet’"),
        ("tag=nergens", "Er is geen tag ‘nergens’"),
        ("bron=onbekend&thema=sturen", "Er is geen bron ‘onbekend’"),
        ("auteur=%3Cscript%3E", "Er is geen auteur ‘&lt;script&gt;’"),
    ],
)
def test_unknown_filter_value_gives_a_dutch_message_not_a_500(client, content, query, message):
    response = client.get(f"/lessen/?{query}")
    assert response.status_code == 404
    html = response.content.decode()
    assert message in html
    assert "<script>" not in html


def test_lesson_list_is_paginated(client, content, settings):
    settings.WIJKGIDS_PER_PAGINA = 2
    first = client.get("/lessen/")
    second = client.get("/lessen/?pagina=2")
    assert titles(first) == ["Het gaat om de mensen", "Weg met de romantiek"]
    assert titles(second) == ["Wildroosters en slagbomen"]
    assert 'href="?pagina=2"' in first.content.decode()


def test_pagination_keeps_the_filters(client, content, settings):
    settings.WIJKGIDS_PER_PAGINA = 1
    response = client.get("/lessen/?thema=sturen")
    assert 'href="?thema=sturen&amp;pagina=2"' in response.content.decode()


@pytest.mark.parametrize("pagina", ["0", "99", "abc", "-1", "9" * 5000, "1.5"])
def test_a_page_that_does_not_exist_is_a_404_with_a_dutch_message(client, content, pagina):
    response = client.get("/lessen/", {"pagina": pagina})
    assert response.status_code == 404
    assert "bestaat niet" in response.content.decode()


def test_lesson_detail_shows_everything_a_reader_needs(client, content):
    les = content["mensen"]
    response = client.get(f"/lessen/{les.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Het gaat om de mensen</h1>" in html
    assert les.samenvatting in html
    assert '<h2 id="tekst-wat-de-bron-zegt">Wat de bron zegt</h2>' in html
    assert ">Tussenbalans</a>, punt 1" in html
    assert ">De balans</a>" in html  # the bundle the essay appeared in
    assert ">Wim Derksen</a> (Chief Scientist Ministerie VROM)" in html
    assert ">Sturen</a>" in html and ">Leefwereld</a>" in html
    assert ">bewoners</a>" in html
    assert f"http://testserver/l/{les.pk}/" in html


def test_lesson_detail_shows_a_short_quote_with_its_locator(client, content):
    vermelding = content["weg"].vermeldingen.get()
    vermelding.citaat = "Beter weinig goed doen, dan veel matig."
    vermelding.save()
    html = client.get("/lessen/weg-met-de-romantiek/").content.decode()
    assert '<blockquote class="citaat"><p>Beter weinig goed doen, dan veel matig.</p></blockquote>' in html
    assert "<dt>Vindplaats</dt><dd>punt 1</dd>" in html
    assert "Doen we de goede dingen?</a>, punt 1, door" in html  # the origin line under the title


def element_ids(html):
    return re.findall(r'\sid="([^"]*)"', html)


def test_headings_in_a_lessons_text_never_take_an_id_of_the_page(client, content):
    """`## Citeer APA` took id="citeer-apa", and the copy button then copied that heading."""
    les = content["weg"]
    page_ids = element_ids(client.get(les.get_absolute_url()).content.decode())
    les.tekst = "\n\n".join(f"## {id.replace('-', ' ')}" for id in page_ids)
    les.tekst += "\n\n## Citeer APA {: #citeer-apa }\n\n[Naar de eerste kop](#inhoud)"
    les_opslaan(les=les)
    html = client.get(les.get_absolute_url()).content.decode()
    ids = element_ids(html)
    assert len(ids) == len(set(ids)), sorted(id for id in ids if ids.count(id) > 1)
    apa = re.search(r'<span id="citeer-apa">(.*?)</span>', html).group(1)
    assert "Weg met de romantiek" in apa  # what the copy button copies: the citation
    assert '<h2 id="tekst-citeer-apa">Citeer APA</h2>' in html
    assert '<a href="#tekst-inhoud"' in html  # a link within the text follows its heading


def test_lesson_cited_by_two_sources_shows_both_with_their_wording(client, content):
    les = content["weg"]
    les.vermeldingen.create(
        bron=content["essay"], locator="punt 7", titel_in_bron="Wijkaanpak vraagt om iconen"
    )
    html = client.get(f"/lessen/{les.slug}/").content.decode()
    assert "Doen we de goede dingen?</a>, punt 1" in html
    assert "Tussenbalans</a>, punt 7" in html
    assert "<q>Wijkaanpak vraagt om iconen</q>" in html


def test_staff_can_preview_a_draft(staff_client, content):
    response = staff_client.get("/lessen/geheim-concept/")
    assert response.status_code == 200
    assert "nog niet gepubliceerd" in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_permalink_redirects_permanently_to_the_current_url(client, content):
    les = content["weg"]
    response = client.get(f"/l/{les.pk}/")
    assert response.status_code == 301
    assert response["Location"] == "/lessen/weg-met-de-romantiek/"
    les.slug = "nieuwe-naam"
    les_opslaan(les=les)
    assert client.get(f"/l/{les.pk}/")["Location"] == "/lessen/nieuwe-naam/"


def test_unknown_lesson_gives_the_dutch_404_page(client, content):
    response = client.get("/lessen/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Er is geen les met het adres ‘bestaat-niet’." in html
    assert client.get("/l/999999/").status_code == 404


def test_theme_pages(client, content):
    response = client.get("/themas/")
    assert [(t.naam, t.aantal) for t in response.context["themas"]] == [("Leefwereld", 2), ("Sturen", 2)]
    detail = client.get("/themas/sturen/")
    assert detail.status_code == 200
    assert titles(detail) == ["Het gaat om de mensen", "Wildroosters en slagbomen"]
    assert client.get("/themas/onbekend/").status_code == 404


def test_tag_pages(client, content):
    response = client.get("/tags/")
    counts = {tag.name: tag.aantal for tag in response.context["tags"]}
    assert counts == {"vertrouwen": 2, "stedelijkheid": 1, "samenwerking": 1, "bewoners": 1}
    detail = client.get("/tags/vertrouwen/")
    assert titles(detail) == ["Weg met de romantiek", "Wildroosters en slagbomen"]
    assert client.get("/tags/onbekend/").status_code == 404


def test_a_tag_renamed_merged_or_deleted_in_the_admin_keeps_its_address_answering(
    admin_client, client, content
):
    tag = Tag.objects.get(slug="stedelijkheid")
    url = f"/beheer/taggit/tag/{tag.pk}/change/"
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', admin_client.get(url).text)
    response = admin_client.post(url, {**dict(hidden), "name": "stad", "slug": "stad"})
    assert response.status_code == 302
    assert client.get("/tags/stedelijkheid/")["Location"] == "/tags/stad/"

    samenwerking = Tag.objects.get(slug="samenwerking")
    admin_client.post(
        "/beheer/taggit/tag/", {"action": "render_tag_form", "_selected_action": [samenwerking.pk]}
    )
    admin_client.post("/beheer/taggit/tag/merge-tags/", {"new_tag_name": "vertrouwen"})
    response = client.get("/tags/samenwerking/")
    assert (response.status_code, response["Location"]) == (301, "/tags/vertrouwen/")
    assert not Tag.objects.filter(slug="samenwerking").exists()

    bewoners = Tag.objects.get(slug="bewoners")
    assert admin_client.post(f"/beheer/taggit/tag/{bewoners.pk}/delete/", {"post": "yes"}).status_code == 302
    assert client.get("/tags/bewoners/").status_code == 410
    assert client.get("/tags/nooit-bestaan/").status_code == 404


def test_a_new_tag_at_a_deleted_tag_s_address_answers_as_itself_not_as_removed(client, content):
    tags_verwijderen(tags=Tag.objects.filter(slug="bewoners"))
    assert client.get("/tags/bewoners/").status_code == 410
    les_opslaan(les=content["weg"], tags=["stedelijkheid", "vertrouwen", "bewoners"])  # taggit makes it anew
    assert client.get("/tags/bewoners/").status_code == 200
    assert client.get("/tags/bewoners/?pagina=0").status_code == 404  # a bad page, not a removed tag
    assert client.get("/tags/bewoners/?pagina=9").status_code == 404


def test_tag_of_drafts_only_is_not_public(client, content):
    LesFactory(status="concept", tags=["alleen-concept"])
    assert client.get("/tags/alleen-concept/").status_code == 404


def test_source_list_nests_essays_under_their_bundle(client, content):
    response = client.get("/bronnen/")
    assert [bron.slug for bron in response.context["bronnen"]] == ["bundel", "lezing"]
    html = response.content.decode()
    assert html.index("De balans") < html.index("Tussenbalans") < html.index("Doen we de goede dingen?")


def test_source_detail_lists_lessons_in_source_order_with_locators(client, content):
    response = client.get("/bronnen/lezing/")
    assert response.status_code == 200
    rows = [(v.locator, v.les.titel) for v in response.context["page"]]
    assert rows == [("punt 1", "Weg met de romantiek"), ("punt 4", "Wildroosters en slagbomen")]
    assert "Jos van der Lans" in response.content.decode()


def test_bundle_page_lists_its_essays(client, content):
    html = client.get("/bronnen/bundel/").content.decode()
    assert "Essays in deze bundel" in html
    assert '<a href="/bronnen/essay/">Tussenbalans</a>' in html
    assert client.get("/bronnen/onbekend/").status_code == 404


def test_author_pages(client, content):
    response = client.get("/auteurs/")
    assert [(a.naam, a.aantal) for a in response.context["auteurs"]] == [
        ("Wim Derksen", 1),
        ("Jos van der Lans", 2),
    ]
    detail = client.get("/auteurs/jos-van-der-lans/")
    assert titles(detail) == ["Weg met de romantiek", "Wildroosters en slagbomen"]
    assert "Doen we de goede dingen?" in detail.content.decode()
    assert client.get("/auteurs/onbekend/").status_code == 404


def test_every_page_names_its_language_and_offers_a_skip_link(client, content):
    for name in ["home", "lessen:les_list", "lessen:thema_list", "bronnen:bron_list", "bronnen:auteur_list"]:
        html = client.get(reverse(name)).content.decode()
        assert '<html lang="nl">' in html
        assert 'href="#inhoud"' in html


def test_server_error_page_is_dutch_and_has_no_traceback(rf):
    from wijkgids.views import server_error

    response = server_error(rf.get("/lessen/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_themes_appear_in_the_editors_order(client, content):
    content["sturen"].volgorde = 1
    content["sturen"].save()
    content["leefwereld"].volgorde = 2
    content["leefwereld"].save()
    for url in ["/", "/themas/"]:
        assert [t.slug for t in client.get(url).context["themas"]] == ["sturen", "leefwereld"], url


def merge_in_the_admin(admin_client, slugs, naam):
    selected = list(Tag.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    admin_client.post("/beheer/taggit/tag/", {"action": "render_tag_form", "_selected_action": selected})
    response = admin_client.post("/beheer/taggit/tag/merge-tags/", {"new_tag_name": naam}, follow=True)
    assert "De tags zijn samengevoegd." in response.content.decode()


@pytest.mark.parametrize(
    ("naam", "slug"), [("vertrouwen", "vertrouwen"), ("stad en vertrouwen", "stad-en-vertrouwen")]
)
def test_merging_tags_a_lesson_carries_together_leaves_it_the_merged_tag_once(
    admin_client, client, content, naam, slug
):
    """'Weg met de romantiek' carries both 'stedelijkheid' and 'vertrouwen', 'Wildroosters' both
    'samenwerking' and 'vertrouwen': merged into one of them or into a new tag, each lesson carries
    that tag once, its page lists each lesson once, and the old pages lead there."""
    merge_in_the_admin(admin_client, ["stedelijkheid", "samenwerking", "vertrouwen"], naam)

    for les in (content["weg"], content["sturen_les"], content["concept"]):
        assert list(les.tags.names()) == [naam], les.titel
    assert list(content["mensen"].tags.names()) == ["bewoners"]
    assert sorted(Tag.objects.values_list("slug", flat=True)) == sorted(["bewoners", slug])
    detail = client.get(f"/tags/{slug}/")
    assert titles(detail) == ["Weg met de romantiek", "Wildroosters en slagbomen"]
    tag_list = {tag.slug: tag.aantal for tag in client.get("/tags/").context["tags"]}
    assert tag_list == {"bewoners": 1, slug: 2}
    for old in {"stedelijkheid", "samenwerking", "vertrouwen"} - {slug}:
        response = client.get(f"/tags/{old}/")
        assert (response.status_code, response["Location"]) == (301, f"/tags/{slug}/"), old
