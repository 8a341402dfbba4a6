import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bronnen.models import Auteur
from lessen.models import Les
from lessen.services import les_opslaan
from tests.admin_forms import les_form
from tests.factories import BronFactory, LesFactory, ThemaFactory
from tests.lessen.test_search_index import form_data

pytestmark = pytest.mark.django_db

# English, or the words of a programmer, that an editor should not meet in the admin.
NOT_FOR_EDITORS = re.compile(
    r"\b(choose|remove all|taggit|pk|id|slug|locator|url|add|change|delete|history|merge|tagged"
    r"|model name|tag name|enter)\b"
    r"|object \(",
    re.IGNORECASE,
)


@pytest.fixture
def redacteur_client(client):
    user = get_user_model().objects.create_user("redactie", password="geheim-wachtwoord-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    client.force_login(user)
    return client


def test_redacteur_group_holds_content_permissions_and_nothing_else(db):
    codenames = set(Group.objects.get(name="Redacteur").permissions.values_list("codename", flat=True))
    for model in ["les", "thema", "vermelding", "bron", "auteur", "bronauteur", "tag", "taggeditem"]:
        assert {f"view_{model}", f"add_{model}", f"change_{model}", f"delete_{model}"} <= codenames
    assert not {
        c for c in codenames if c.endswith(("_user", "_group", "_permission", "_logentry", "_session"))
    }


@pytest.mark.parametrize(
    "url",
    [
        "/beheer/",
        "/beheer/lessen/les/",
        "/beheer/lessen/les/add/",
        "/beheer/lessen/thema/",
        "/beheer/bronnen/bron/",
        "/beheer/bronnen/bron/add/",
        "/beheer/bronnen/auteur/",
        "/beheer/taggit/tag/",
        "/beheer/lessen/les/?status__exact=concept&q=mensen",
    ],
)
def test_redacteur_reaches_the_content_admin(redacteur_client, content, url):
    assert redacteur_client.get(url).status_code == 200


def test_redacteur_edits_a_lesson_with_tags_and_sources_in_the_admin(redacteur_client, content):
    les = content["weg"]
    vermelding = les.vermeldingen.get()
    assert redacteur_client.get(f"/beheer/lessen/les/{les.pk}/change/").status_code == 200
    data = les_form(
        les,
        samenvatting="Nieuwe samenvatting.",
        tekst="## Nieuw\n\nAndere tekst.",
        themas=[content["sturen"].pk],
        tags="stedelijkheid, dorp in de stad",
    )
    response = redacteur_client.post(f"/beheer/lessen/les/{les.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    les.refresh_from_db()
    assert les.samenvatting == "Nieuwe samenvatting."
    assert '<h2 id="tekst-nieuw">Nieuw</h2>' in les.tekst_html
    assert sorted(les.tags.names()) == ["dorp in de stad", "stedelijkheid"]
    assert [(v.pk, v.locator) for v in les.vermeldingen.all()] == [(vermelding.pk, "punt 1")]
    assert redacteur_client.get(les.get_absolute_url()).status_code == 200


def test_publish_action_makes_a_submitted_lesson_public_for_a_final_editor(client, content):
    concept = content["concept"]
    concept.status = Les.Status.TER_BEOORDELING
    les_opslaan(les=concept)
    user = get_user_model().objects.create_user("eind", password="geheim-wachtwoord-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Eindredacteur"))
    eindredactie = Client()
    eindredactie.force_login(user)
    response = eindredactie.post(
        "/beheer/lessen/les/", {"action": "publiceer", "_selected_action": [concept.pk]}, follow=True
    )
    assert "1 les gepubliceerd." in response.content.decode()
    assert Les.objects.get(pk=concept.pk).is_published
    assert client.get(concept.get_absolute_url()).status_code == 200


def test_a_web_address_typed_without_https_is_saved_with_it(redacteur_client):
    response = redacteur_client.post(
        "/beheer/bronnen/auteur/add/",
        {"naam": "Jos van der Lans", "sorteernaam": "Lans, Jos van der", "slug": "jos-van-der-lans",
         "url": "www.josvanderlans.nl"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Auteur.objects.get(slug="jos-van-der-lans").url == "https://www.josvanderlans.nl"


class VisibleText(HTMLParser):
    """The text a page shows or reads out (screen-reader text included); not its scripts, attributes
    or what the admin keeps hidden (class "hidden", the empty form an inline copies)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.parts, self.open, self.hidden_depth = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") in {"submit", "button"} and self.hidden_depth is None:
            self.parts.append(attrs.get("value") or "")
        if tag in self.VOID:
            return
        classes = (attrs.get("class") or "").split()
        if self.hidden_depth is None and (
            tag in {"script", "style", "template"}
            or "hidden" in attrs
            or {"hidden", "empty-form"} & set(classes)
        ):
            self.hidden_depth = len(self.open)
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID or tag not in self.open:
            return
        while self.open.pop() != tag:
            pass
        if self.hidden_depth is not None and len(self.open) <= self.hidden_depth:
            self.hidden_depth = None

    def handle_data(self, data):
        if self.hidden_depth is None:
            self.parts.append(data)


def visible_text(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def test_the_admin_pages_an_editor_uses_are_in_dutch_in_their_words(redacteur_client, content):
    les, bron, auteur, thema = content["weg"], content["lezing"], content["jos"], content["sturen"]
    wijzigen = f"/beheer/lessen/les/{les.pk}/change/"
    data = form_data(redacteur_client.get(wijzigen))
    data["tekst"] += "\n\nZie ook [[Wildroosters en slagbomen]]."
    assert redacteur_client.post(wijzigen, data).status_code == 302  # something for the history page
    tag = les.tags.first()
    pages = [
        "/beheer/",
        "/beheer/lessen/les/",
        "/beheer/lessen/les/?status__exact=concept",
        wijzigen,
        "/beheer/lessen/les/add/",
        f"/beheer/lessen/les/{les.pk}/delete/",
        f"/beheer/lessen/les/{les.pk}/history/",
        f"/beheer/lessen/les/{les.pk}/versies/",
        "/beheer/lessen/thema/",
        f"/beheer/lessen/thema/{thema.pk}/change/",
        "/beheer/taggit/tag/",
        f"/beheer/taggit/tag/{tag.pk}/change/",
        f"/beheer/taggit/tag/{tag.pk}/delete/",
        "/beheer/taggit/tag/merge-tags/",
        "/beheer/bronnen/bron/",
        f"/beheer/bronnen/bron/{bron.pk}/change/",
        "/beheer/bronnen/bron/add/",
        "/beheer/bronnen/auteur/",
        f"/beheer/bronnen/auteur/{auteur.pk}/change/",
        "/beheer/password_change/",
    ]
    for url in pages:
        response = redacteur_client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response)
        assert not NOT_FOR_EDITORS.findall(text), f"{url}: {NOT_FOR_EDITORS.findall(text)} in {text}"
    lesson_form = visible_text(redacteur_client.get(wijzigen))
    for label in ["Adres:", "Vindplaats:", "Tags:"]:
        assert label in lesson_form
    assert "Nummer" in visible_text(redacteur_client.get("/beheer/lessen/les/"))


def test_the_scripts_of_the_admin_speak_dutch_when_choosing_themes(redacteur_client):
    """The box for choosing themes is built by Django's SelectFilter2.js from its translations."""
    script = Path(django.__file__).parent / "contrib/admin/static/admin/js/SelectFilter2.js"
    asked = set(re.findall(r"gettext\('([^']+)'\)", script.read_text()))
    assert {"Available %s", "Chosen %s", "Choose all %s", "Remove all %s"} <= asked  # still read
    catalog = redacteur_client.get("/beheer/jsi18n/").content.decode()
    untranslated = {msgid for msgid in asked if f"{json.dumps(msgid)}: " not in catalog}
    assert not untranslated


def test_a_taken_address_is_refused_in_plain_dutch(redacteur_client, content):
    wijzigen = f"/beheer/lessen/les/{content['weg'].pk}/change/"
    data = {**form_data(redacteur_client.get(wijzigen)), "slug": content["mensen"].slug}
    response = redacteur_client.post(wijzigen, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "Er is al een les met dit adres. Kies een ander adres."
    ]


def test_tags_are_shown_and_typed_separated_by_commas_without_quotes(redacteur_client, content):
    les = content["weg"]
    les.tags.add("dorp in de stad")
    wijzigen = f"/beheer/lessen/les/{les.pk}/change/"
    data = form_data(redacteur_client.get(wijzigen))
    assert (
        'value="dorp in de stad, stedelijkheid, vertrouwen"'
        in redacteur_client.get(wijzigen).content.decode()
    )
    data["tags"] = "wijkteam in de buurt"  # one tag of several words, no comma needed
    assert redacteur_client.post(wijzigen, data).status_code == 302
    assert list(les.tags.names()) == ["wijkteam in de buurt"]


def test_deleting_a_lesson_names_what_goes_with_it_in_an_editors_words(redacteur_client, content):
    text = visible_text(redacteur_client.get(f"/beheer/lessen/les/{content['weg'].pk}/delete/"))
    assert "Vermelding in een bron: Doen we de goede dingen?, punt 1" in text
    assert "Les met deze tag: Weg met de romantiek, met de tag stedelijkheid" in text
    assert "relatie" not in text


def test_lesson_list_costs_the_same_queries_for_10_and_40_lessons(redacteur_client):
    """Intended to prevent an n+1 issue: each row shows its sources and locators."""
    bron, thema = BronFactory(), ThemaFactory()

    def add_lessons(count):
        for n in range(count):
            LesFactory(
                themas=[thema], tags=[f"tag-{n}"], bronnen=[(bron, f"punt {n}"), (BronFactory(), "essay")]
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = redacteur_client.get("/beheer/lessen/les/")
        assert response.status_code == 200
        return len(captured)

    add_lessons(10)
    redacteur_client.get("/beheer/lessen/les/")  # content types and the like, cached per process
    small = queries()
    add_lessons(30)
    assert queries() == small


def test_lesson_list_shows_source_locator_and_status_and_filters_by_source(redacteur_client, content):
    response = redacteur_client.get("/beheer/lessen/les/", {"bronnen__id__exact": content["essay"].pk})
    text = visible_text(response)
    assert "Het gaat om de mensen Tussenbalans Gepubliceerd" in text
    assert "Weg met de romantiek" not in text


def test_body_and_summary_boxes_fit_their_text_and_the_help_shows_the_wikilink_syntax(redacteur_client):
    form = redacteur_client.get("/beheer/lessen/les/add/").context["adminform"].form
    assert form["tekst"].field.widget.attrs["rows"] >= 20
    assert form["samenvatting"].field.widget.attrs["rows"] == 3
    help_text = form["tekst"].help_text
    assert "[[Titel van een les]]" in help_text and "[[Titel van een les|andere tekst]]" in help_text


REL = 'rel="noopener noreferrer nofollow"'


def preview(client, url, data):
    return client.post(url, {**data, "_voorbeeld": "Voorbeeld bekijken"})


def test_preview_shows_the_text_as_readers_will_and_saves_nothing(redacteur_client, content):
    les = content["weg"]
    wijzigen = f"/beheer/lessen/les/{les.pk}/change/"
    data = form_data(redacteur_client.get(wijzigen))
    tekst = "Zie [[Wildroosters en slagbomen]], [[het-gaat-om-de-mensen|de mensen]] en [[Bestaat niet]]."
    response = preview(redacteur_client, wijzigen, {**data, "tekst": tekst})

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a class="wikilink" href="/lessen/wildroosters/" {REL}>Wildroosters en slagbomen</a>' in page
    assert f'<a class="wikilink" href="/lessen/het-gaat-om-de-mensen/" {REL}>de mensen</a>' in page
    assert (
        '<span class="wikilink wikilink--ontbreekt" title="Deze les bestaat (nog) niet">Bestaat niet' in page
    )
    assert "Geen gepubliceerde les gevonden voor: Bestaat niet." in visible_text(response)
    assert "Er is nog niets opgeslagen." in visible_text(response)
    assert response.context["adminform"].form["tekst"].value() == tekst  # still in the form
    stored = Les.objects.get(pk=les.pk)
    assert (stored.versie, stored.tekst, stored.tekst_html) == (les.versie, les.tekst, les.tekst_html)
    assert stored.history.count() == 1
    assert not stored.uitgaande_links.exists()

    redacteur_client.post(wijzigen, {**data, "tekst": tekst})  # saved: the public page shows the preview
    assert response.context["preview"] == Les.objects.get(pk=les.pk).tekst_html


def test_preview_of_a_new_lesson_adds_nothing(redacteur_client, content):
    data = form_data(redacteur_client.get(f"/beheer/lessen/les/{content['weg'].pk}/change/"))
    data.update({"titel": "Nieuwe les", "slug": "nieuwe-les", "tekst": "Zie [[Weg met de romantiek]]."})
    data.update({"vermeldingen-INITIAL_FORMS": "0", "vermeldingen-0-id": "", "vermeldingen-0-les": ""})
    response = preview(redacteur_client, "/beheer/lessen/les/add/", data)
    assert response.status_code == 200
    assert f'<a class="wikilink" href="/lessen/weg-met-de-romantiek/" {REL}>Weg met de romantiek</a>' in (
        response.content.decode()
    )
    assert not Les.objects.filter(slug="nieuwe-les").exists()
    assert "Corrigeer" not in visible_text(response)  # a preview is no error


def test_a_sources_page_lists_its_lessons_in_source_order_and_starts_a_new_one_from_it(
    redacteur_client, content
):
    bron = content["lezing"]
    html = redacteur_client.get(f"/beheer/bronnen/bron/{bron.pk}/change/").content.decode()
    lijst = html[html.index("Lessen uit deze bron") :]
    assert (
        lijst.index("Weg met de romantiek</a> — punt 1")
        < lijst.index("Wildroosters en slagbomen</a> — punt 4")
        < lijst.index("Geheim concept</a> — punt 9")  # editors see their concepts too
    )
    assert f'href="/beheer/lessen/les/add/?bron={bron.pk}">Nieuwe les uit deze bron</a>' in lijst

    form = redacteur_client.get(f"/beheer/lessen/les/add/?bron={bron.pk}").content.decode()
    assert f'<option value="{bron.pk}" selected>Doen we de goede dingen?</option>' in form


def test_a_new_source_says_its_lessons_come_after_saving_it(redacteur_client):
    html = redacteur_client.get("/beheer/bronnen/bron/add/").content.decode()
    assert "Sla de bron eerst op; daarna kunt u hier lessen uit deze bron toevoegen." in html


@pytest.mark.parametrize("selected", ["abc", "1.5", "99999999999999999999999"])
@pytest.mark.parametrize(
    "url, action",
    [
        ("/beheer/lessen/les/", "bied_aan"),
        ("/beheer/lessen/les/", "delete_selected"),
        ("/beheer/lessen/thema/", "delete_selected"),
        ("/beheer/bronnen/bron/", "delete_selected"),
        ("/beheer/bronnen/auteur/", "delete_selected"),
        ("/beheer/taggit/tag/", "render_tag_form"),
    ],
)
def test_an_action_on_a_selection_that_is_no_number_is_refused_in_dutch(
    redacteur_client, content, url, action, selected
):
    lessen = Les.objects.count()
    response = redacteur_client.post(
        url, {"action": action, "index": "0", "_selected_action": [selected]}, follow=True
    )
    assert response.status_code == 200
    assert "Er is niets veranderd" in visible_text(response)
    assert Les.objects.count() == lessen


@pytest.mark.parametrize("url", ["/beheer/auth/user/", "/beheer/auth/group/", "/beheer/lessen/publiekenaam/"])
def test_an_action_on_editors_or_groups_that_is_no_number_is_refused_in_dutch(admin_client, url):
    response = admin_client.post(
        url, {"action": "delete_selected", "index": "0", "_selected_action": ["abc"]}, follow=True
    )
    assert response.status_code == 200
    assert "Er is niets veranderd" in visible_text(response)


@pytest.mark.parametrize("bron", ["%C2%B2", "99999999999999999999999", "999999", "abc"])
def test_a_new_lesson_from_a_source_number_that_names_no_source_opens_the_empty_form(
    redacteur_client, content, bron
):
    response = redacteur_client.get(f"/beheer/lessen/les/add/?bron={bron}")
    assert response.status_code == 200
    select = re.search(r'<select name="vermeldingen-0-bron".*?</select>', response.content.decode(), re.S)
    assert "<option" not in select[0]  # the source field is empty, for the editor to fill in
    assert "Doen we de goede dingen?" not in response.content.decode()  # no source chosen


def test_a_theme_source_or_author_deleted_in_the_admin_answers_410(admin_client, client, content):
    bron = BronFactory(titel="Een bron zonder lessen", slug="leeg", auteurs=[])
    auteur = Auteur.objects.create(naam="Niemand Bijzonder", sorteernaam="Bijzonder, Niemand", slug="niemand")
    response = admin_client.post(
        "/beheer/lessen/thema/",
        {"action": "delete_selected", "_selected_action": [content["sturen"].pk], "post": "yes"},
    )
    assert response.status_code == 302
    for admin_url in [
        f"/beheer/bronnen/auteur/{auteur.pk}/delete/",
        f"/beheer/bronnen/bron/{bron.pk}/delete/",
    ]:
        assert admin_client.post(admin_url, {"post": "yes"}).status_code == 302, admin_url
    for url in ["/themas/sturen/", "/themas/sturen/vergelijk/", "/auteurs/niemand/", "/bronnen/leeg/"]:
        assert client.get(url).status_code == 410, url
    assert client.get("/themas/leefwereld/").status_code == 200
