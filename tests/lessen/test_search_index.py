"""The search index follows edits in the admin at once: new words are found, old ones no more.

Runs on SQLite and on PostgreSQL like every test (make test)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bronnen.services import bron_opslaan
from lessen.models import Les, SaveOutsideServices
from lessen.services import les_opslaan
from tests.admin_forms import les_form
from tests.factories import AuteurFactory, BronFactory, LesFactory, ThemaFactory
from tests.searching import result_titles
from zoeken.search import INDEX_TABLE

pytestmark = pytest.mark.django_db


def found(client, q):
    response = client.get("/zoeken/", {"q": q})
    assert response.status_code == 200
    return sorted(result_titles(response))


def form_data(response):
    """What the admin change form at `response` posts back when saved unchanged, inlines included."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                if value and hasattr(value[0], "name"):  # taggit's tags: posted as text
                    data[key] = ", ".join(tag.name for tag in value)
                else:
                    data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = str(value.pk if hasattr(value, "pk") else value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.initial_forms:
            add(form)
        data[formset.management_form.add_prefix("TOTAL_FORMS")] = str(len(formset.initial_forms))
    return data


def admin_save(client, url, **changes):
    data = form_data(client.get(url))
    data.update({key.replace("__", "-"): value for key, value in changes.items()})  # inline__0__field
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    return response


@pytest.fixture
def library(db):
    auteur = AuteurFactory(naam="Gabriël van den Brink", slug="van-den-brink")
    bron = BronFactory(titel="Best persons in aandachtswijken", slug="best-persons", auteurs=[auteur])
    ander = BronFactory(titel="Wijkengids", slug="wijkengids")
    thema = ThemaFactory()
    les = LesFactory(
        titel="Liefde voor de wijk",
        samenvatting="Wie van de wijk houdt, houdt vol.",
        tekst="Bevlogen professionals maken het verschil.",
        themas=[thema],
        tags=["kompas"],
        bronnen=[(bron, "punt 2")],
    )
    return {"auteur": auteur, "bron": bron, "ander": ander, "thema": thema, "les": les}


def test_editing_a_lesson_in_the_admin_updates_the_index(admin_client, library):
    les = library["les"]
    url = f"/beheer/lessen/les/{les.pk}/change/"
    admin_save(
        admin_client,
        url,
        titel="Toewijding in de buurt",
        samenvatting="Volhouden loont.",
        tekst="Gedreven mensen maken het verschil.",
        tags="toewijding, volharding",
        vermeldingen__0__bron=str(library["ander"].pk),
        vermeldingen__0__titel_in_bron="Toewijding",
    )
    assert found(admin_client, "toewijding") == ["Toewijding in de buurt"]
    assert found(admin_client, "volharding") == ["Toewijding in de buurt"]
    assert found(admin_client, "gedreven") == ["Toewijding in de buurt"]
    assert found(admin_client, "wijkengids") == ["Toewijding in de buurt"]  # its new source
    for old in ["liefde", "bevlogen", "kompas", "aandachtswijken", "Brink"]:
        assert found(admin_client, old) == [], old


def test_an_admin_save_writes_the_search_index_once(admin_client, library):
    url = f"/beheer/lessen/les/{library['les'].pk}/change/"
    data = form_data(admin_client.get(url)) | {"titel": "Toewijding in de buurt"}
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.post(url, data).status_code == 302
    assert len([q for q in queries if f"DELETE FROM {INDEX_TABLE}" in q["sql"]]) == 1
    assert found(admin_client, "toewijding") == ["Toewijding in de buurt"]


def test_retitling_a_lesson_updates_the_lessons_that_link_to_it(client, library):
    les = library["les"]
    LesFactory(titel="Verwijzer", tekst=f"Zie [[{les.slug}]].")
    les.titel = "Toewijding in de buurt"
    les_opslaan(les=les)
    assert found(client, "toewijding") == ["Toewijding in de buurt", "Verwijzer"]  # its link text


def test_adding_a_lesson_in_the_admin_makes_it_findable(admin_client, library):
    data = les_form(
        thema=library["thema"],
        bron=library["bron"],
        titel="Nieuwe buurtkamer",
        slug="nieuwe-buurtkamer",
        samenvatting="Een plek om elkaar te zien.",
        tekst="Tekst.",
        soort="inzicht",
        tags="ontmoetingsplek",
        **{"vermeldingen-0-locator": "punt 9", "vermeldingen-0-volgorde": "9"},
    )
    response = admin_client.post("/beheer/lessen/les/add/", data)
    assert response.status_code == 302
    # A new lesson is a concept (publishing is a review step); made public here without a service,
    # so that finding it shows the admin's save indexed it.
    Les.objects.filter(slug="nieuwe-buurtkamer").update(status=Les.Status.GEPUBLICEERD)
    assert found(admin_client, "buurtkamers") == ["Nieuwe buurtkamer"]
    assert found(admin_client, "ontmoetingsplek") == ["Nieuwe buurtkamer"]
    assert "Nieuwe buurtkamer" in found(admin_client, "Brink")


def test_deleting_a_source_citation_in_the_admin_updates_the_index(admin_client, library):
    les = library["les"]
    les.vermeldingen.create(bron=library["ander"], locator="wet 1", volgorde=2)
    url = f"/beheer/lessen/les/{les.pk}/change/"
    admin_save(admin_client, url, vermeldingen__0__DELETE="on")
    assert les.vermeldingen.get().bron == library["ander"]
    assert found(admin_client, "aandachtswijken") == []
    assert found(admin_client, "wijkengids") == ["Liefde voor de wijk"]


def test_deleting_a_lesson_in_the_admin_removes_it_from_search(admin_client, library):
    les = library["les"]
    response = admin_client.post(f"/beheer/lessen/les/{les.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Les.objects.exists()
    LesFactory(titel="Andere les", samenvatting="Over iets anders.", tekst="x")  # may reuse the number
    assert found(admin_client, "liefde") == []


def test_renaming_a_source_in_the_admin_updates_its_lessons(admin_client, library):
    admin_save(
        admin_client, f"/beheer/bronnen/bron/{library['bron'].pk}/change/", titel="Krachtwijken en helden"
    )
    assert found(admin_client, "krachtwijk") == ["Liefde voor de wijk"]
    assert found(admin_client, "aandachtswijken") == []


def test_renaming_a_bundle_updates_the_lessons_of_its_essays(admin_client, library):
    bundel = BronFactory(titel="De balans", slug="balans", soort="essaybundel")
    bron = library["bron"]
    bron.onderdeel_van = bundel
    bron_opslaan(bron=bron)
    admin_save(
        admin_client, f"/beheer/bronnen/bron/{bundel.pk}/change/", titel="Tussenstand van het wijkenbeleid"
    )
    assert found(admin_client, "tussenstand") == ["Liefde voor de wijk"]


def test_changing_a_sources_authors_in_the_admin_updates_its_lessons(admin_client, library):
    nieuw = AuteurFactory(naam="Evelien Tonkens", slug="tonkens")
    admin_save(
        admin_client, f"/beheer/bronnen/bron/{library['bron'].pk}/change/", bronauteurs__0__auteur=nieuw.pk
    )
    assert found(admin_client, "Tonkens") == ["Liefde voor de wijk"]
    assert found(admin_client, "Brink") == []


def test_renaming_an_author_in_the_admin_updates_the_lessons_of_their_sources(admin_client, library):
    admin_save(
        admin_client, f"/beheer/bronnen/auteur/{library['auteur'].pk}/change/", naam="Gabriel Brinkman"
    )
    assert found(admin_client, "Brinkman") == ["Liefde voor de wijk"]
    assert found(admin_client, "Gabriël") == ["Liefde voor de wijk"]  # accents folded: the same name
    assert found(admin_client, "Brink") == []


def test_renaming_a_tag_in_the_admin_updates_the_lessons_it_tags(admin_client, library):
    tag = library["les"].tags.get()
    admin_save(admin_client, f"/beheer/taggit/tag/{tag.pk}/change/", name="gedrevenheid")
    assert found(admin_client, "gedrevenheid") == ["Liefde voor de wijk"]
    assert found(admin_client, "kompas") == []


def test_untagging_a_lesson_from_the_tag_admin_updates_it(admin_client, library):
    tag = library["les"].tags.get()
    admin_save(admin_client, f"/beheer/taggit/tag/{tag.pk}/change/", taggit_taggeditem_items__0__DELETE="on")
    assert found(admin_client, "kompas") == []


def test_deleting_a_tag_in_the_admin_updates_the_lessons_it_tagged(admin_client, library):
    tag = library["les"].tags.get()
    response = admin_client.post(f"/beheer/taggit/tag/{tag.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert found(admin_client, "kompas") == []
    assert found(admin_client, "liefde") == ["Liefde voor de wijk"]


def test_merging_tags_in_the_admin_updates_the_lessons(admin_client, library):
    tag = library["les"].tags.get()
    admin_client.post("/beheer/taggit/tag/", {"action": "render_tag_form", "_selected_action": [tag.pk]})
    response = admin_client.post("/beheer/taggit/tag/merge-tags/", {"new_tag_name": "passie"})
    assert response.status_code == 302
    assert found(admin_client, "passie") == ["Liefde voor de wijk"]
    assert found(admin_client, "kompas") == []


def test_renaming_a_source_through_its_service_updates_its_lessons(client, library):
    bron = library["bron"]
    bron.titel = "Krachtwijken en helden"
    bron_opslaan(bron=bron)
    assert found(client, "krachtwijk") == ["Liefde voor de wijk"]
    assert found(client, "aandachtswijken") == []


def test_a_plain_save_of_a_lesson_is_refused_so_that_search_never_goes_stale(client, content):
    """A shell or script that saved a lesson with `save()` left search finding its old text."""
    weg = Les.objects.get(slug="weg-met-de-romantiek")
    weg.samenvatting = "Over de buurtkamer."
    with pytest.raises(SaveOutsideServices, match=r"lessen\.services\.les_opslaan\(les=\.\.\.\)"):
        weg.save()
    assert Les.objects.get(pk=weg.pk).samenvatting == "De wijk is geen dorp."
    les_opslaan(les=weg)
    assert "Weg met de romantiek" in client.get("/zoeken/", {"q": "buurtkamer"}).content.decode()
