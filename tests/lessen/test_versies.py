import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from bronnen.services import auteur_opslaan, bron_opslaan
from lessen.models import Les, PubliekeNaam, Verband, Vermelding
from lessen.services import (
    BewerkingsConflict,
    les_opslaan,
    lessen_verwijderen,
    thema_opslaan,
    versie_herstellen,
    werkversie,
)
from omleidingen.services import verwijderen
from tests.admin_forms import les_form
from tests.factories import BronFactory, ThemaFactory, publish_pending
from versies.diff import versies_vergelijken

pytestmark = pytest.mark.django_db


@pytest.fixture
def redacteur(db):
    user = get_user_model().objects.create_user("anna", password="geheim-wachtwoord-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    return user


def test_every_save_is_a_numbered_version_with_its_relations(content):
    les = content["weg"]
    assert [v.versie for v in les.history.order_by("versie")] == [1]
    les.samenvatting = "Tweede samenvatting."
    les_opslaan(les=les)
    les.tekst = "## Nieuw\n\nDerde tekst."
    les_opslaan(les=les)
    versies = list(les.history.order_by("versie"))
    assert [v.versie for v in versies] == [1, 2, 3]
    assert versies[1].samenvatting == "Tweede samenvatting."
    assert "Derde tekst." in versies[2].tekst_html
    assert versies[2].tags_snapshot == ["stedelijkheid", "vertrouwen"]
    assert versies[2].themas_snapshot == [{"slug": "leefwereld", "naam": "Leefwereld"}]
    assert versies[2].vermeldingen_snapshot[0]["locator"] == "punt 1"
    assert Les.objects.get(pk=les.pk).versie == 3


def test_an_admin_edit_is_one_version_holding_the_new_tags_and_reason(client, content, redacteur):
    les = content["weg"]
    client.force_login(redacteur)
    data = les_form(les, tags="nieuw, vertrouwen", wijzigingsreden="Tags bijgewerkt")
    response = client.post(f"/beheer/lessen/les/{les.pk}/change/", data)
    assert response.status_code == 302
    nieuwste = les.history.order_by("-versie").first()
    assert les.history.count() == 2
    assert nieuwste.versie == 2
    assert nieuwste.tags_snapshot == ["nieuw", "vertrouwen"]
    assert nieuwste.history_change_reason == "Tags bijgewerkt"
    assert nieuwste.history_user == redacteur


def test_publishing_in_the_admin_is_one_version_per_lesson_that_changed(client, content):
    concept, weg = content["concept"], content["weg"]
    concept.status = "ter_beoordeling"
    les_opslaan(les=concept)  # version 2
    eindredacteur = get_user_model().objects.create_user("bert", is_staff=True)
    eindredacteur.groups.add(Group.objects.get(name="Eindredacteur"))
    client.force_login(eindredacteur)
    for les in (concept, weg):
        client.post(
            f"/beheer/lessen/les/{les.pk}/beoordelen/", {"actie": "publiceren", "basisversie": les.versie}
        )
    nieuw = concept.history.order_by("versie").last()
    assert (nieuw.versie, nieuw.history_change_reason, nieuw.history_user) == (
        3,
        "Gepubliceerd na beoordeling",
        eindredacteur,
    )
    assert weg.history.count() == 1  # published already: no new version


def test_an_admin_save_from_a_browser_leaves_untouched_text_unchanged(client, content, redacteur):
    # Browsers send a textarea's line breaks as CRLF: stored as sent, the diff of a save that only
    # changed the summary would show every paragraph of the text as changed.
    les = content["weg"]
    client.force_login(redacteur)
    data = les_form(
        les,
        samenvatting="Nieuwe samenvatting.\r\nMet een tweede regel.",
        tekst=les.tekst.replace("\n", "\r\n"),
        **{"vermeldingen-0-citaat": "Eerste regel.\r\nTweede regel."},
    )
    assert client.post(f"/beheer/lessen/les/{les.pk}/change/", data).status_code == 302
    oud, nieuw = les.history.order_by("versie")
    gewijzigd = [v.veld for v in versies_vergelijken(oud, nieuw) if v.gewijzigd]
    assert "Tekst" not in gewijzigd
    assert nieuw.samenvatting == "Nieuwe samenvatting.\nMet een tweede regel."
    assert nieuw.vermeldingen_snapshot[0]["citaat"] == "Eerste regel.\nTweede regel."


def test_version_history_page_shows_number_date_editor_and_reason(client, content, redacteur):
    les = content["weg"]
    les_opslaan(les=les, redacteur=redacteur, reden="Spelfout")
    html = client.get("/lessen/weg-met-de-romantiek/versies/").content.decode()
    assert "Versie 2" in html and "Versie 1" in html
    assert "Spelfout" in html
    assert "anna" not in html  # no public name set: "redactie"
    assert 'door <span class="versie__door">redactie</span>' in html
    PubliekeNaam.objects.create(user=redacteur, naam="Anna de Vries")
    les_opslaan(les=les, redacteur=redacteur)
    html = client.get("/lessen/weg-met-de-romantiek/versies/").content.decode()
    assert 'door <span class="versie__door">Anna de Vries</span>' in html


def test_an_old_version_shows_exactly_what_was_cited_with_a_banner(client, content):
    les = content["weg"]
    les.tekst = "## Nieuw\n\nHelemaal andere tekst."
    les_opslaan(les=les, tags=["anders"])
    response = client.get("/lessen/weg-met-de-romantiek/versies/1/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "De bron zegt iets over de wijk." in html
    assert "Helemaal andere tekst" not in html
    assert "stedelijkheid, vertrouwen" in html
    assert "Versie 1</strong>" in html
    assert "Dit is niet de huidige versie" in html
    assert 'href="/lessen/weg-met-de-romantiek/">bekijk de huidige versie 2' in html


def test_version_permalinks_never_change(client, content):
    les = content["weg"]
    les.slug = "andere-naam"
    les_opslaan(les=les)
    assert client.get(f"/l/{les.pk}/v/1/")["Location"] == "/lessen/andere-naam/versies/1/"
    assert client.get(f"/l/{les.pk}/v/1/").status_code == 301
    assert client.get("/lessen/andere-naam/versies/1/").status_code == 200
    assert client.get("/lessen/andere-naam/versies/7/").status_code == 404


def test_diff_marks_changed_words_and_every_field(client, content):
    les = content["weg"]
    les.samenvatting = "De wijk is geen stad."
    les_opslaan(les=les, themas=[content["leefwereld"], content["sturen"]])
    response = client.get("/lessen/weg-met-de-romantiek/verschil/1/2/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>dorp</del><ins>stad</ins>" in html
    assert "<ins>Sturen</ins>" in html
    for veld in ["Samenvatting", "Thema&#x27;s"]:
        assert f"<dt>{veld}</dt>" in html
    # The fields that did not change are named in a reader's words, in one line.
    ongewijzigd = html[html.index("Niet veranderd:") :]
    for veld in ["titel", "adres", "tekst", "soort les", "soort kennis", "status", "tags", "bronnen"]:
        assert f"<span>{veld}</span>" in ongewijzigd
    assert "slug" not in html.lower()


def test_a_one_word_change_in_the_text_shows_as_that_word_in_the_rendered_text(client, content):
    les = content["weg"]
    les.tekst = (
        "## Eerste kop\n\nDe wijk is **geen** dorp maar een stad.\n\n"
        "Een tweede alinea die blijft.\n\nEen derde alinea, ook ongewijzigd."
    )
    les_opslaan(les=les)
    les.tekst = les.tekst.replace("stad", "buurt")
    les_opslaan(les=les)
    html = client.get("/lessen/weg-met-de-romantiek/verschil/2/3/").content.decode()
    tekst = html[html.index("<dt>Tekst</dt>") : html.index("Niet veranderd:")]
    woord = "<del>stad</del><ins>buurt</ins>"
    assert f'<p class="verschil__alinea">De wijk is geen dorp maar een {woord}.</p>' in tekst
    assert tekst.count("<del>") == tekst.count("<ins>") == 1
    assert "**" not in tekst  # the words a reader reads, not the Markdown
    # The paragraphs around it that did not change are folded away, and counted.
    assert "<summary>1 alinea niet veranderd</summary><p>Eerste kop</p>" in tekst
    assert "<summary>2 alinea's niet veranderd</summary>" in tekst


def test_diff_escapes_what_it_shows(client, content):
    les = content["weg"]
    les.samenvatting = "<script>alert(1)</script>"
    les_opslaan(les=les)
    html = client.get("/lessen/weg-met-de-romantiek/verschil/1/2/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_draft_versions_are_not_public(staff_client, content):
    client = Client()  # anonymous, beside the logged-in staff client
    les = content["weg"]
    les.status = "concept"
    les_opslaan(les=les)  # version 2: a draft, the lesson is now hidden
    assert client.get("/lessen/weg-met-de-romantiek/versies/").status_code == 404
    les.status = "gepubliceerd"
    les_opslaan(les=les)  # version 3
    html = client.get("/lessen/weg-met-de-romantiek/versies/").content.decode()
    assert "Versie 3" in html and "Versie 1" in html and "Versie 2" not in html
    assert client.get("/lessen/weg-met-de-romantiek/versies/2/").status_code == 404
    assert client.get("/lessen/weg-met-de-romantiek/verschil/1/2/").status_code == 404
    assert staff_client.get("/lessen/weg-met-de-romantiek/versies/2/").status_code == 200


def test_second_editor_is_refused_with_what_changed_and_keeps_the_input(client, content, redacteur):
    les = content["weg"]
    client.force_login(redacteur)
    first = les_form(les, samenvatting="Eerste redacteur was hier.")
    second = les_form(les, tekst="## Mijn tekst\n\nDe tweede redacteur schreef dit.")
    assert client.post(f"/beheer/lessen/les/{les.pk}/change/", first).status_code == 302
    response = client.post(f"/beheer/lessen/les/{les.pk}/change/", second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft deze les opgeslagen" in html
    assert "<ins>Eerste</ins>" in html  # what the other editor changed, word by word
    assert 'name="basisversie" value="2"' in html  # a deliberate resubmit builds on version 2
    assert "De tweede redacteur schreef dit." in html  # the refused input is still in the form
    les.refresh_from_db()
    assert werkversie(les).samenvatting == "Eerste redacteur was hier."  # waiting for review
    assert "tweede redacteur" not in werkversie(les).tekst
    assert werkversie(les).versie == 2
    # Having seen the conflict, the second editor can save deliberately.
    resubmit = second | {"basisversie": 2}
    assert client.post(f"/beheer/lessen/les/{les.pk}/change/", resubmit).status_code == 302
    assert werkversie(Les.objects.get(pk=les.pk)).versie == 3


def test_a_stale_save_in_code_is_refused(content):
    eerste = Les.objects.get(pk=content["weg"].pk)
    tweede = Les.objects.get(pk=content["weg"].pk)
    eerste.samenvatting = "Eerst."
    les_opslaan(les=eerste)
    tweede.samenvatting = "Te laat."
    with pytest.raises(BewerkingsConflict):
        les_opslaan(les=tweede)
    assert Les.objects.get(pk=eerste.pk).samenvatting == "Eerst."
    assert tweede.versie == 1  # unchanged, so a retry after reloading is possible


def test_revert_is_a_new_version_with_the_old_content_and_relations(content, redacteur):
    les = content["weg"]
    les_opslaan(les=les, tags=["anders"], themas=[ThemaFactory()], redacteur=redacteur, reden="Omgegooid")
    les.titel = "Nieuwe titel"
    les_opslaan(les=les)
    versie_herstellen(les=Les.objects.get(pk=les.pk), nummer=1, redacteur=redacteur)
    assert les.history.get(versie=4).history_change_reason == "Teruggezet naar versie 1"
    assert Les.objects.get(pk=les.pk).titel == "Nieuwe titel"  # a published lesson: it waits for review
    publish_pending(les)
    les = Les.objects.get(pk=les.pk)
    assert les.versie == 6  # 4 restored, 5 offered, 6 published
    assert les.titel == "Weg met de romantiek"
    assert sorted(les.tags.names()) == ["stedelijkheid", "vertrouwen"]
    assert [t.slug for t in les.themas.all()] == ["leefwereld"]


def test_revert_through_the_admin(client, content, redacteur):
    les = content["weg"]
    les.titel = "Tijdelijk"
    les_opslaan(les=les)
    client.force_login(redacteur)
    assert client.get(f"/beheer/lessen/les/{les.pk}/versies/").status_code == 200
    assert client.get(f"/beheer/lessen/les/{les.pk}/versies/1/herstel/").status_code == 200
    response = client.post(f"/beheer/lessen/les/{les.pk}/versies/1/herstel/")
    assert response.status_code == 302
    les.refresh_from_db()
    assert (les.titel, werkversie(les).titel, werkversie(les).versie) == (
        "Tijdelijk",
        "Weg met de romantiek",
        3,
    )


@pytest.mark.parametrize("how", ["code", "admin"])
def test_renamed_lesson_keeps_every_old_address_one_hop(client, content, redacteur, how):
    les = content["weg"]
    for nieuw in ["tweede-naam", "derde-naam"]:
        if how == "code":
            les.slug = nieuw
            les_opslaan(les=les)
        else:
            client.force_login(redacteur)
            les.refresh_from_db()
            assert (
                client.post(f"/beheer/lessen/les/{les.pk}/change/", les_form(les, slug=nieuw)).status_code
                == 302
            )
            client.logout()
            publish_pending(les)
    for oud in ["weg-met-de-romantiek", "tweede-naam"]:
        response = client.get(f"/lessen/{oud}/")
        assert response.status_code == 301
        assert response["Location"] == "/lessen/derde-naam/"
        assert client.get(f"/lessen/{oud}/versies/1/")["Location"] == "/lessen/derde-naam/versies/1/"
    assert client.get("/lessen/derde-naam/").status_code == 200
    assert client.get(f"/l/{les.pk}/")["Location"] == "/lessen/derde-naam/"


def test_renaming_back_restores_the_old_address_as_current(client, content):
    les = content["weg"]
    les.slug = "tijdelijk"
    les_opslaan(les=les)
    les.slug = "weg-met-de-romantiek"
    les_opslaan(les=les)
    assert client.get("/lessen/weg-met-de-romantiek/").status_code == 200
    assert client.get("/lessen/tijdelijk/")["Location"] == "/lessen/weg-met-de-romantiek/"


def test_an_old_address_cannot_be_given_to_another_lesson_in_the_admin(client, content, redacteur):
    les = content["weg"]
    les.slug = "nieuw-adres"
    les_opslaan(les=les)
    anders = content["sturen_les"]
    client.force_login(redacteur)
    response = client.post(
        f"/beheer/lessen/les/{anders.pk}/change/", les_form(anders, slug="weg-met-de-romantiek")
    )
    assert response.status_code == 200
    assert "hoorde eerder bij een andere les" in response.content.decode()


def test_old_address_of_a_draft_is_not_revealed(client, content):
    concept = content["concept"]
    concept.slug = "nieuw-concept"
    les_opslaan(les=concept)
    assert client.get("/lessen/geheim-concept/").status_code == 404


@pytest.mark.parametrize(
    ("obj", "prefix", "opslaan"),
    [
        ("sturen", "/themas/", lambda thing: thema_opslaan(thema=thing)),
        ("lezing", "/bronnen/", lambda thing: bron_opslaan(bron=thing)),
        ("jos", "/auteurs/", lambda thing: auteur_opslaan(auteur=thing)),
    ],
)
def test_renamed_themes_sources_and_authors_keep_their_old_address(client, content, obj, prefix, opslaan):
    thing = content[obj]
    oud = thing.slug
    thing.slug = "nieuwe-slug"
    opslaan(thing)
    response = client.get(f"{prefix}{oud}/?pagina=1")
    assert response.status_code == 301
    assert response["Location"] == f"{prefix}nieuwe-slug/?pagina=1"


@pytest.mark.parametrize("subpage", ["", "vergelijk/", "kaart/"])
def test_every_page_of_a_renamed_theme_keeps_its_old_address_and_answers_410_once_removed(
    client, content, subpage
):
    thema = content["sturen"]
    thema.slug = "nieuwe-slug"
    thema_opslaan(thema=thema)
    response = client.get(f"/themas/sturen/{subpage}?pagina=1")
    assert response.status_code == 301
    assert response["Location"] == f"/themas/nieuwe-slug/{subpage}?pagina=1"
    thema.delete()
    assert client.get(f"/themas/sturen/{subpage}").status_code == 410


def test_api_lesson_carries_its_version(client, content):
    les = content["weg"]
    les_opslaan(les=les)
    data = client.get(f"/api/lessen/{les.pk}/").json()
    assert data["versie"] == 2
    assert data["versie_permalink"] == f"http://testserver/l/{les.pk}/v/2/"


def test_the_content_fixture_has_every_version_of_every_lesson(db):
    """Version 1 is the lesson as first written from the sources; an editorial change since is a
    later version with its reason, so a citation of version 1 still shows what it cited."""
    from django.core.management import call_command

    call_command("loaddata", "wijkgids", verbosity=0)
    lessen = list(Les.objects.all())
    assert len(lessen) >= 71  # the content as written from the sources, at least
    for les in lessen:
        versies = list(les.history.order_by("versie"))
        assert [v.versie for v in versies] == list(range(1, les.versie + 1)), les.titel
        assert all(v.vermeldingen_snapshot and v.tags_snapshot for v in versies), les.titel
        assert all(v.history_change_reason for v in versies), les.titel
        assert (versies[-1].titel, versies[-1].tekst) == (les.titel, les.tekst), les.titel


def test_a_deleted_lesson_answers_410_at_every_address_it_had(client, content):
    les = content["weg"]
    pk = les.pk
    les.slug = "nieuwer-adres"
    les_opslaan(les=les)
    lessen_verwijderen(lessen=[les])
    for url in ["/lessen/nieuwer-adres/", "/lessen/weg-met-de-romantiek/", f"/l/{pk}/", f"/l/{pk}/v/1/"]:
        response = client.get(url)
        assert response.status_code == 410, url
        assert "is verwijderd" in response.content.decode()
    assert client.get("/lessen/nooit-bestaan/").status_code == 404


def test_deleting_a_lesson_in_the_admin_keeps_its_history_and_answers_410(client, content, redacteur):
    les = content["weg"]
    redacteur.groups.add(Group.objects.get(name="Eindredacteur"))  # taking a published lesson offline
    client.force_login(redacteur)
    response = client.post(f"/beheer/lessen/les/{les.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Les.history.filter(id=les.pk, history_type="-").get().tags_snapshot == [
        "stedelijkheid",
        "vertrouwen",
    ]
    client.logout()
    assert client.get("/lessen/weg-met-de-romantiek/").status_code == 410


def test_search_finds_what_a_save_in_code_and_a_revert_wrote(client, content, redacteur):
    les = content["weg"]
    les.samenvatting = "Over de buurtkamer."
    les_opslaan(les=les)
    assert "Weg met de romantiek" in client.get("/zoeken/?q=buurtkamer").content.decode()
    versie_herstellen(les=Les.objects.get(pk=les.pk), nummer=1, redacteur=redacteur)
    assert "Weg met de romantiek" in client.get("/zoeken/?q=buurtkamer").content.decode()  # waits
    publish_pending(les)
    assert "Weg met de romantiek" not in client.get("/zoeken/?q=buurtkamer").content.decode()


def test_restoring_a_version_whose_source_or_related_lesson_is_gone_says_what_stays_out(
    client, content, redacteur
):
    weg, mensen = content["weg"], content["mensen"]
    citaat = weg.vermeldingen.get()
    verdwenen = BronFactory(titel="Een verdwenen bron", slug="verdwenen")
    extra = Vermelding(bron=verdwenen, locator="hoofdstuk 2", volgorde=2)
    verband = Verband(naar=mensen, soort=Verband.Soort.WERKT_UIT, toelichting="Het essay werkt het uit.")
    les_opslaan(les=weg, vermeldingen=[citaat, extra], verbanden=[verband])  # version 2
    les_opslaan(les=weg, vermeldingen=[citaat])  # version 3: the source is no longer cited ...
    verwijderen(objecten=[verdwenen])  # ... and is deleted
    lessen_verwijderen(lessen=[mensen])  # version 4 of weg: the relation with it lapses

    client.force_login(redacteur)
    response = client.post(f"/beheer/lessen/les/{weg.pk}/versies/2/herstel/", follow=True)
    text = " ".join(response.content.decode().split())
    assert "Versie 2 is teruggezet als versie 5, die wacht op publicatie." in text  # a published lesson
    assert (
        "Niet teruggezet, omdat de bron of de andere les niet meer bestaat: "
        "Een verdwenen bron, hoofdstuk 2; werkt uit Het gaat om de mensen"
    ) in text
    publish_pending(weg)
    weg = Les.objects.get(pk=weg.pk)
    assert [(v.bron.slug, v.locator) for v in weg.vermeldingen.all()] == [("lezing", "punt 1")]
    assert not weg.verbanden.exists()
    assert weg.history.get(versie=5).history_change_reason == "Teruggezet naar versie 2"


def test_deleting_several_lessons_at_once_in_the_admin(client, content, redacteur):
    weg, mensen, sturen = content["weg"], content["mensen"], content["sturen_les"]
    les_opslaan(
        les=sturen,
        verbanden=[
            Verband(naar=weg, soort=Verband.Soort.SLUIT_AAN, toelichting="Beide over vertrouwen."),
            Verband(naar=mensen, soort=Verband.Soort.NUANCEERT, toelichting="Mensen, geen systemen."),
        ],
    )
    redacteur.groups.add(Group.objects.get(name="Eindredacteur"))  # taking published lessons offline
    client.force_login(redacteur)
    selection = {"action": "delete_selected", "_selected_action": [weg.pk, mensen.pk]}
    confirm = client.post("/beheer/lessen/les/", selection).content.decode()
    assert "Weg met de romantiek" in confirm and "Het gaat om de mensen" in confirm
    response = client.post("/beheer/lessen/les/", {**selection, "post": "yes"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["2 lessen met succes verwijderd."]

    assert list(Les.objects.filter(pk__in=[weg.pk, mensen.pk])) == []
    for les in (weg, mensen):  # each keeps its versions, and one more recording the deletion
        assert Les.history.filter(id=les.pk, history_type="-").get().titel == les.titel
    client.logout()
    for url in [weg.get_absolute_url(), mensen.get_absolute_url(), f"/l/{weg.pk}/", f"/l/{mensen.pk}/"]:
        assert client.get(url).status_code == 410, url
    sturen = Les.objects.get(pk=sturen.pk)  # its relations with both lapse, in one new version
    assert not sturen.verbanden.exists()
    assert sturen.versie == 3
    reden = sturen.history.get(versie=3).history_change_reason
    assert reden.startswith("Verbanden met ") and reden.endswith(" vervallen: die lessen zijn verwijderd")
    assert "‘Weg met de romantiek’" in reden and "‘Het gaat om de mensen’" in reden
