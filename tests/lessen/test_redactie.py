"""The editors' desk: every change to published knowledge passes a second pair of eyes (issue 29)."""

import pytest
from django.test import Client

from lessen.models import ContentStamp, Les
from lessen.services import werkversie
from tests.lessen.test_beoordeling import editor, logged_in
from tests.lessen.test_search_index import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_at_commit(monkeypatch):
    """Email goes once the change is committed; a test's transaction never commits, so send it then."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda callback, *args, **kwargs: callback())


NIEUW = "Een wijk is geen dorp, zegt de lezing; nieuw geformuleerd."


def wijzigen(les):
    return f"/beheer/lessen/les/{les.pk}/change/"


def beoordelen(les):
    return f"/beheer/lessen/les/{les.pk}/beoordelen/"


def save_edit(client, les, **changes):
    """An editor opens the lesson form, changes fields, and saves; returns the response (followed)."""
    data = {**form_data(client.get(wijzigen(les))), **changes}
    return client.post(wijzigen(les), data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_an_edit_to_a_published_lesson_waits_and_readers_keep_the_published_version(content, client):
    anna = logged_in(editor("Anna"))
    les = content["weg"]
    stamp = ContentStamp.objects.get().counter
    response = save_edit(anna, les, samenvatting=NIEUW)
    assert "wacht op publicatie door een eindredacteur: lezers zien nog versie 1" in " ".join(
        messages_of(response)
    )

    les.refresh_from_db()
    assert (les.samenvatting, les.versie, les.status) == ("De wijk is geen dorp.", 1, "gepubliceerd")
    assert ContentStamp.objects.get().counter == stamp  # no public page changes, no cache is emptied
    for url in [
        les.get_absolute_url(),
        f"/api/lessen/{les.pk}/",
        "/zoeken/?q=geformuleerd",
        "/feeds/lessen/",
    ]:
        assert NIEUW not in client.get(url, follow=True).content.decode(), url
    assert "Weg met de romantiek" not in client.get("/zoeken/?q=geformuleerd").content.decode()
    assert client.get(f"/lessen/{les.slug}/versies/2/").status_code == 404  # not a public version
    assert client.get(f"/l/{les.pk}/v/2/", follow=True).status_code == 404

    # Staff see that a change waits, by whom; the form shows the change, not the published text.
    page = anna.get(les.get_absolute_url()).content.decode()
    assert "Er wacht een wijziging op publicatie" in page and "door Anna" in page
    form = anna.get(wijzigen(les))
    assert form.context["adminform"].form["samenvatting"].value() == NIEUW
    assert "Er wacht een wijziging op publicatie" in form.content.decode()
    assert "(versie 2, door Anna)" in form.content.decode()


def test_a_second_edit_adds_to_the_waiting_change_with_its_citations_and_themes(content):
    anna = logged_in(editor("Anna"))
    les = content["weg"]
    save_edit(anna, les, samenvatting=NIEUW, tags="stedelijkheid, nieuw", themas=[content["sturen"].pk])
    data = form_data(anna.get(wijzigen(les)))
    assert data["tags"] == "nieuw, stedelijkheid"
    assert data["themas"] == [str(content["sturen"].pk)]
    assert data["vermeldingen-0-locator"] == "punt 1"
    data["vermeldingen-0-locator"] = "punt 2"
    assert anna.post(wijzigen(les), data).status_code == 302
    versie = werkversie(Les.objects.get(pk=les.pk))
    assert versie.versie == 3
    assert [v["locator"] for v in versie.vermeldingen_snapshot] == ["punt 2"]
    assert versie.tags_snapshot == ["nieuw", "stedelijkheid"] and versie.samenvatting == NIEUW
    assert list(les.vermeldingen.values_list("locator", flat=True)) == ["punt 1"]  # published rows kept
    assert sorted(les.tags.names()) == ["stedelijkheid", "vertrouwen"]


def test_offer_send_back_and_publish_the_version_that_was_read(content, client, mailoutbox):
    anna_user, bert_user = editor("Anna"), editor("Bert", "Eindredacteur")
    for user, email in [(anna_user, "anna@example.org"), (bert_user, "bert@example.org")]:
        user.email = email
        user.save()
    anna, bert = logged_in(anna_user), logged_in(bert_user)
    les = content["weg"]
    save_edit(anna, les, samenvatting=NIEUW, _aanbieden="1", opmerking="Graag even naar kijken.")

    start = bert.get("/beheer/").content.decode()
    assert "Wacht op uw beoordeling (1)" in start and "Weg met de romantiek" in start
    assert "Graag even naar kijken." in start
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["bert@example.org"], "Ter beoordeling: Weg met de romantiek")
    ]
    assert "Anna bood ‘Weg met de romantiek’ aan" in mailoutbox[0].body
    assert f"/beheer/lessen/les/{les.pk}/beoordelen/" in mailoutbox[0].body

    screen = bert.get(beoordelen(les)).content.decode()
    assert "Aangeboden door Anna" in screen and "Graag even naar kijken." in screen
    assert "<del>De</del>" in screen or "<del>" in screen
    assert "<ins>" in screen and "geformuleerd" in screen

    response = bert.post(
        beoordelen(les), {"actie": "terugsturen", "opmerking": "Noem de bron erbij."}, follow=True
    )
    assert "is teruggestuurd" in " ".join(messages_of(response))
    assert (mailoutbox[-1].to, mailoutbox[-1].subject) == (
        ["anna@example.org"],
        "Teruggestuurd: Weg met de romantiek",
    )
    assert "Noem de bron erbij." in mailoutbox[-1].body
    start_anna = anna.get("/beheer/").content.decode()
    assert "Uw lessen in behandeling (1)" in start_anna and "Noem de bron erbij." in start_anna
    assert "Noem de bron erbij." in anna.get(wijzigen(les)).content.decode()

    save_edit(anna, les, samenvatting=NIEUW + " (lezing, punt 1)", _aanbieden="1")
    bekeken = werkversie(Les.objects.get(pk=les.pk)).versie
    assert bert.get(beoordelen(les)).context["versie"].versie == bekeken
    save_edit(anna, les, samenvatting=NIEUW + " Nog later.")  # saved after Bert opened the screen
    response = bert.post(beoordelen(les), {"actie": "publiceren", "basisversie": bekeken}, follow=True)
    assert f"nadat u versie {bekeken} opende. Er is niets gepubliceerd" in " ".join(messages_of(response))
    assert response.context["versie"].versie == bekeken + 1  # the screen shows the newer one
    assert Les.objects.get(pk=les.pk).samenvatting == "De wijk is geen dorp."

    response = bert.post(beoordelen(les), {"actie": "publiceren", "basisversie": bekeken + 1}, follow=True)
    assert "is gepubliceerd" in " ".join(messages_of(response))
    les.refresh_from_db()
    assert les.samenvatting == NIEUW + " Nog later." and les.is_published
    assert NIEUW + " Nog later." in client.get(les.get_absolute_url()).content.decode()
    assert werkversie(les) is None
    assert (mailoutbox[-1].to, mailoutbox[-1].subject) == (
        ["anna@example.org"],
        "Gepubliceerd: Weg met de romantiek",
    )
    history = client.get(f"/lessen/{les.slug}/versies/").content.decode()
    assert 'door <span class="versie__door">Anna</span> · goedgekeurd door' in history
    assert '<span class="versie__goedgekeurd">Bert</span>' in history
    # "met vorige" compares with the version readers saw before, not with a version that waited
    assert f'href="/lessen/{les.slug}/verschil/1/{les.versie}/">met vorige' in history


def test_a_final_editor_cannot_publish_their_own_change_to_a_published_lesson(content):
    bert = logged_in(editor("Bert", "Eindredacteur"))
    les = content["weg"]
    save_edit(bert, les, samenvatting=NIEUW, _aanbieden="1")
    assert "U heeft zelf aan deze wijziging gewerkt" in bert.get(beoordelen(les)).content.decode()
    versie = werkversie(Les.objects.get(pk=les.pk)).versie
    response = bert.post(beoordelen(les), {"actie": "publiceren", "basisversie": versie}, follow=True)
    assert "u heeft zelf aan deze versie gewerkt" in " ".join(messages_of(response))
    assert Les.objects.get(pk=les.pk).samenvatting == "De wijk is geen dorp."


def test_a_new_lesson_is_reviewed_as_a_whole_page(content):
    anna, bert = editor("Anna"), logged_in(editor("Bert", "Eindredacteur"))
    les = content["concept"]
    from lessen.services import ter_beoordeling_aanbieden

    ter_beoordeling_aanbieden(les=les, redacteur=anna, opmerking="Nieuw uit de lezing.")
    screen = bert.get(beoordelen(les))
    assert "Nieuwe les: alles wat lezers zullen zien" in screen.content.decode()
    assert "<ins>Geheim concept</ins>" in screen.content.decode()
    response = bert.post(beoordelen(les), {"actie": "publiceren", "basisversie": les.versie}, follow=True)
    assert "‘Geheim concept’ is gepubliceerd" in " ".join(messages_of(response))
    assert Client().get(les.get_absolute_url()).status_code == 200


def test_the_form_shows_the_buttons_for_what_the_editor_may_do(content):
    anna, bert = logged_in(editor("Anna")), logged_in(editor("Bert", "Eindredacteur"))
    les = content["weg"]
    anna_form = anna.get(wijzigen(les)).content.decode()
    assert 'value="Opslaan en aanbieden ter beoordeling"' in anna_form
    assert "Offline halen" not in anna_form and ">Publiceren<" not in anna_form
    save_edit(anna, les, samenvatting=NIEUW, _aanbieden="1")
    bert_form = bert.get(wijzigen(les)).content.decode()
    assert ">Publiceren…<" in bert_form and ">Terugsturen…<" in bert_form and ">Offline halen…<" in bert_form
    assert 'value="Opslaan en aanbieden ter beoordeling"' not in bert_form


def test_a_redacteur_cannot_take_a_published_lesson_offline_by_any_admin_path(content):
    anna = logged_in(editor("Anna"))
    les = content["weg"]
    assert anna.get(f"/beheer/lessen/les/{les.pk}/delete/").status_code == 403
    assert anna.post(f"/beheer/lessen/les/{les.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = anna.post(
        "/beheer/lessen/les/",
        {"action": "delete_selected", "_selected_action": [les.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 403)
    assert anna.post(beoordelen(les), {"actie": "offline"}).status_code == 302
    assert "Delete" not in anna.get(wijzigen(les)).content.decode()
    assert Client().get(les.get_absolute_url()).status_code == 200
    assert Les.objects.filter(pk=les.pk, status="gepubliceerd").exists()


def test_a_redacteur_may_delete_their_own_concept_that_was_never_published(content):
    anna = logged_in(editor("Anna"))
    response = anna.post(
        "/beheer/lessen/les/add/",
        {
            "titel": "Mijn kladje",
            "soort": "inzicht",
            **{
                f"{inline}-{field}": value
                for inline in ("vermeldingen", "verbanden")
                for field, value in [
                    ("TOTAL_FORMS", "0"),
                    ("INITIAL_FORMS", "0"),
                    ("MIN_NUM_FORMS", "0"),
                    ("MAX_NUM_FORMS", "1000"),
                ]
            },
        },
    )
    assert response.status_code == 302
    les = Les.objects.get(titel="Mijn kladje")
    assert anna.post(f"/beheer/lessen/les/{les.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Les.objects.filter(pk=les.pk).exists()
    assert anna.get(f"/beheer/lessen/les/{content['concept'].pk}/delete/").status_code == 403  # not hers


# No 500 and no half-done work in the admin ------------------------------------------------------


def test_a_bulk_check_that_meets_an_edit_conflict_changes_nothing_and_says_so(content, monkeypatch):
    from django.db.models import F

    from lessen import services

    anna = logged_in(editor("Anna"))
    eerste, tweede = content["weg"], content["sturen_les"]
    echt = services.gecontroleerd

    def iemand_anders_slaat_tegelijk_op(*, les, redacteur):
        if les.pk == tweede.pk:
            Les.objects.filter(pk=les.pk).update(versie=F("versie") + 1)
        return echt(les=les, redacteur=redacteur)

    monkeypatch.setattr(services, "gecontroleerd", iemand_anders_slaat_tegelijk_op)
    response = anna.post(
        "/beheer/lessen/les/",
        {"action": "gecontroleerd", "_selected_action": [eerste.pk, tweede.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Er is niets veranderd, aan geen van de gekozen lessen" in " ".join(messages_of(response))
    assert Les.objects.get(pk=eerste.pk).gecontroleerd_op is None  # the first one was undone too
    assert Les.objects.get(pk=eerste.pk).versie == 1


@pytest.mark.parametrize(
    "veld, waarde",
    [
        ("ouder", "abc"),
        ("ouder", "²"),
        ("ouder", "99999999999999999999999"),
        ("vermeldingen-0-bron", "abc"),
        ("verbanden-0-naar", "x"),
    ],
)
def test_a_made_up_reference_in_an_autocomplete_field_is_a_form_error(content, veld, waarde):
    anna = logged_in(editor("Anna"))
    les = content["concept"]
    data = form_data(anna.get(wijzigen(les)))
    if veld.startswith("verbanden"):
        data.update(
            {"verbanden-TOTAL_FORMS": "1", "verbanden-0-soort": "sluit_aan", "verbanden-0-toelichting": "Zo."}
        )
    data[veld] = waarde
    response = anna.post(wijzigen(les), data)
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Les.objects.get(pk=les.pk).versie == 1


def test_a_relation_of_a_lesson_with_itself_is_refused_in_dutch(content):
    anna = logged_in(editor("Anna"))
    les = content["concept"]
    data = form_data(anna.get(wijzigen(les)))
    data.update(
        {
            "verbanden-TOTAL_FORMS": "1",
            "verbanden-0-soort": "sluit_aan",
            "verbanden-0-naar": str(les.pk),
            "verbanden-0-toelichting": "Met zichzelf.",
        }
    )
    response = anna.post(wijzigen(les), data)
    assert response.status_code == 200
    assert "Een les kan geen verband met zichzelf hebben" in response.content.decode()
    assert not les.verbanden.exists()


def test_a_lesson_cannot_be_its_own_ancestor(content):
    anna = logged_in(editor("Anna"))
    ouder, kind = content["concept"], content["weg"]
    Les.objects.filter(pk=kind.pk).update(ouder=ouder)
    response = anna.post(wijzigen(ouder), {**form_data(anna.get(wijzigen(ouder))), "ouder": str(kind.pk)})
    assert response.status_code == 200
    assert "Een les kan niet bij zichzelf horen" in response.content.decode()
    response = anna.post(wijzigen(ouder), {**form_data(anna.get(wijzigen(ouder))), "ouder": str(ouder.pk)})
    assert "Een les kan niet bij zichzelf horen" in response.content.decode()
    assert Les.objects.get(pk=ouder.pk).ouder is None


def test_two_sources_cannot_be_each_others_part(content, client):
    anna = logged_in(editor("Anna"))
    bundel, essay = content["bundel"], content["essay"]
    url = f"/beheer/bronnen/bron/{bundel.pk}/change/"
    response = anna.post(url, {**form_data(anna.get(url)), "onderdeel_van": str(essay.pk)})
    assert response.status_code == 200
    assert "Een bron kan geen onderdeel zijn van zichzelf" in response.content.decode()
    bundel.refresh_from_db()
    assert bundel.onderdeel_van is None
    assert "De balans" in client.get("/bronnen/").content.decode()


# The start page of /beheer/ and rough edges ------------------------------------------------------


def test_the_start_page_lists_lessons_due_by_date_and_links_to_lessons_that_do_not_exist(content):
    import datetime

    from django.utils import timezone

    from lessen.services import les_opslaan

    anna = logged_in(editor("Anna"))
    vandaag = timezone.localdate()
    Les.objects.filter(pk=content["weg"].pk).update(
        gecontroleerd_op=vandaag - datetime.timedelta(days=400),
        herzien_voor=vandaag - datetime.timedelta(days=35),
    )
    Les.objects.filter(pk=content["sturen_les"].pk).update(herzien_voor=vandaag + datetime.timedelta(days=30))
    mensen = Les.objects.get(pk=content["mensen"].pk)
    mensen.tekst += "\n\nZie [[Een les die er niet is]]."
    les_opslaan(les=mensen)
    page = anna.get("/beheer/")
    bureau = page.context["bureau"]
    assert [les.titel for les in bureau["te_herzien"]] == ["Het gaat om de mensen", "Weg met de romantiek"]
    html = page.content.decode()
    assert "Nu te herzien (2)" in html and "Laatst gecontroleerd" in html and "Te herzien vóór" in html
    assert "[[een les die er niet is]]" in html
    assert "Wacht op uw beoordeling" not in html  # a Redacteur reviews nothing


def test_the_start_page_costs_the_same_queries_with_more_waiting(content, django_assert_max_num_queries):
    """Intended to prevent an n+1 issue: every list on the start page is one query."""
    from lessen.services import ter_beoordeling_aanbieden
    from tests.factories import LesFactory

    bert = logged_in(editor("Bert", "Eindredacteur"))
    anna = editor("Anna")
    ter_beoordeling_aanbieden(les=content["concept"], redacteur=anna)
    bert.get("/beheer/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as weinig:
        bert.get("/beheer/")
    for n in range(10):
        les = LesFactory(titel=f"Nieuw {n}", slug=f"nieuw-{n}", status="concept", themas=[content["sturen"]],
                         bronnen=[(content["lezing"], f"punt {n}")])  # fmt: skip
        ter_beoordeling_aanbieden(les=les, redacteur=anna)
    with CaptureQueriesContext(connection) as veel:
        response = bert.get("/beheer/")
    assert len(response.context["bureau"]["wacht_op_beoordeling"]) == 11
    assert len(veel) == len(weinig)


def test_headings_begin_with_a_capital_and_geschiedenis_shows_the_versions(content):
    anna = logged_in(editor("Anna"))
    les = content["weg"]
    assert "<h1>Les wijzigen</h1>" in anna.get(wijzigen(les)).content.decode()
    assert (
        "<h1>Thema wijzigen</h1>"
        in anna.get(f"/beheer/lessen/thema/{content['sturen'].pk}/change/").content.decode()
    )
    history = anna.get(f"/beheer/lessen/les/{les.pk}/history/", follow=True)
    assert history.redirect_chain[-1][0] == f"/beheer/lessen/les/{les.pk}/versies/"
    assert "heeft geen wijzigingsgeschiedenis" not in history.content.decode()


def test_publishing_warns_about_a_link_to_a_lesson_that_does_not_exist(content):
    from lessen.services import les_opslaan, ter_beoordeling_aanbieden

    bert = logged_in(editor("Bert", "Eindredacteur"))
    les = content["concept"]
    les.tekst += "\n\nZie [[Nergens te vinden]]."
    les_opslaan(les=les)
    ter_beoordeling_aanbieden(les=les, redacteur=None)
    assert (
        "de tekst linkt naar lessen die niet bestaan: Nergens te vinden"
        in bert.get(beoordelen(les)).content.decode()
    )
    response = bert.post(beoordelen(les), {"actie": "publiceren", "basisversie": les.versie}, follow=True)
    assert "Let op: de tekst linkt naar lessen die niet bestaan: nergens te vinden." in messages_of(response)


def test_an_old_remark_is_not_shown_with_a_new_change(content):
    from lessen.services import ter_beoordeling_aanbieden, terugsturen

    anna, bert = editor("Anna"), editor("Bert", "Eindredacteur")
    les = content["weg"]
    save_edit(logged_in(anna), les, samenvatting=NIEUW, _aanbieden="1")
    terugsturen(les=Les.objects.get(pk=les.pk), redacteur=bert, opmerking="Oude opmerking.")
    ter_beoordeling_aanbieden(les=Les.objects.get(pk=les.pk), redacteur=anna)
    from tests.factories import publish_pending

    publish_pending(les)
    save_edit(logged_in(anna), les, samenvatting=NIEUW + " Weer anders.")
    start = logged_in(anna).get("/beheer/").content.decode()
    assert "Uw lessen in behandeling (1)" in start and "Oude opmerking." not in start
    assert "Oude opmerking." not in logged_in(anna).get(wijzigen(les)).content.decode()
