"""Hostile input through every field an editor fills in and every query parameter a visitor sends.

For each payload (tests/payloads.py) the test writes it into every free-text field of every content
model, then visits every public page (tests/pages.py) and every admin page of those objects, and
asserts that no page carries markup a browser would run (tests/html_safety.py). A new text field,
content model or public page is covered without touching this file.
"""

import json

import pytest
from django.contrib import admin
from django.db import models
from taggit.models import Tag

from lessen.models import Les
from lessen.services import les_opslaan
from tests.admin_forms import les_form
from tests.factories import AuteurFactory, BronFactory, LesFactory, ThemaFactory
from tests.html_safety import ADMIN_OWN_TAGS, csp_nonce, executable_markup
from tests.pages import PUBLIC_PAGES, REDIRECTS, Library, is_html, is_json, route_urls, voorbeeld_from_content
from tests.payloads import PAYLOADS, SHORT_PAYLOADS
from wijkgids.content import content_models, is_content

pytestmark = pytest.mark.django_db


def text_fields(model):
    """The free-text fields an editor fills in: editable text without choices, not a slug or URL."""
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.SlugField | models.URLField)
    ]


def marker(obj, field):
    return f"zz{obj._meta.model_name}{field.name.replace('_', '')}zz"


def fill_with(obj, payload):
    """Put `payload` (after a marker naming the field) into every text field of `obj`."""
    for field in text_fields(type(obj)):
        # An editor cannot enter a NUL character (the admin's forms refuse it), nor store one in
        # PostgreSQL; everything else goes in as typed, cut to the field's length.
        value = f"{marker(obj, field)} {payload}".replace("\x00", "")
        setattr(obj, field.name, value[: field.max_length] if field.max_length else value)
    return obj


def hostile_library(payload):
    """A small library in which every text field of every object carries `payload`."""
    thema = ThemaFactory(slug="thema")
    auteur = AuteurFactory(slug="auteur")
    bundel = BronFactory(slug="bundel", soort="essaybundel", auteurs=[auteur])
    bron = BronFactory(slug="bron", onderdeel_van=bundel, auteurs=[auteur])
    les = LesFactory(slug="les", themas=[thema], bronnen=[(bron, "punt 1")])
    tag = Tag.objects.create(name="tag", slug="tag")
    les.tags.add(tag)
    for obj in [thema, auteur, bundel, bron, tag, *les.vermeldingen.all(), *bron.bronauteurs.all()]:
        fill_with(obj, payload).save()
    reden = f"zzwijzigingsreden {payload}"[:300].replace("\x00", "")  # shown in the history
    les_opslaan(les=fill_with(les, payload), reden=reden)
    return Library(les=les, thema=thema, tag=tag, bron=bron, auteur=auteur)


def all_objects():
    """Every content object an editor fills in; versions are copies of a lesson, not filled in."""
    return [
        obj
        for model in content_models()
        if not model._meta.model_name.startswith("historical")
        for obj in model._default_manager.all()
    ]


def admin_pages():
    """The changelist and the change form of every content object, for every model in the admin."""
    urls = []
    for model in admin.site._registry:
        if is_content(model):
            base = f"/beheer/{model._meta.app_label}/{model._meta.model_name}/"
            urls.append(base)
            urls += [f"{base}{obj.pk}/change/" for obj in model._default_manager.all()]
    return urls


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_field_an_editor_fills_in_brings_executable_markup_to_any_page(superuser_client, payload):
    lib = hostile_library(payload)
    expected_markers = {marker(obj, field) for obj in all_objects() for field in text_fields(type(obj))}
    admin_svgs = superuser_client.get("/beheer/").content.decode().count("<svg")
    seen = set()
    problems = []

    for name, url in route_urls(lib.voorbeeld):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        if is_json(name):
            assert response["Content-Type"] == "application/json"
            data = json.loads(body)
            assert lib.les.titel in [les["titel"] for les in data.get("results", [data])]  # kept as typed
        elif is_html(response):
            problems += [f"{url}: {p}" for p in executable_markup(body, nonce=csp_nonce(response))]
        seen |= {m for m in expected_markers if m in body}

    for url in admin_pages():
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        found = executable_markup(body, nonce=csp_nonce(response), allowed_tags=ADMIN_OWN_TAGS)
        problems += [f"{url}: {p}" for p in found]
        if body.count("<svg") > admin_svgs:
            problems.append(f"{url}: an <svg> that is not the admin's own")
        seen |= {m for m in expected_markers if m in body}

    assert problems == []
    assert seen == expected_markers  # every field was shown somewhere, so every field was checked


def test_the_payload_list_covers_what_the_issue_names():
    assert len(PAYLOADS) >= 25
    spelled = " ".join(PAYLOADS.values()).lower()
    for attack in [
        "<script",
        "onerror",
        "javascript:",
        "data:",
        "vbscript:",
        "<svg",
        "<math",
        "&#106;",
        "{:",
    ]:
        assert attack in spelled, attack


@pytest.mark.parametrize("payload", SHORT_PAYLOADS.values(), ids=SHORT_PAYLOADS.keys())
def test_the_admin_form_saves_hostile_text_as_text_or_refuses_it(superuser_client, payload):
    """Through the real form (taggit parses the tags): saved as typed, never a 500. Only a NUL
    character is refused, with a reason the editor can read: no one can type it, nor can PostgreSQL
    store it."""
    data = les_form(
        thema=ThemaFactory(),
        bron=BronFactory(slug="bron"),
        titel=payload[:200],
        slug="vijandig",
        samenvatting=payload,
        tekst=payload,
        tags=payload[:100],
        **{
            "vermeldingen-0-locator": payload[:200],
            "vermeldingen-0-titel_in_bron": payload[:500],
            "vermeldingen-0-citaat": payload,
        },
    )
    response = superuser_client.post("/beheer/lessen/les/add/", data)
    if "\x00" in payload:
        assert response.status_code == 200
        errors = {str(error) for errors in response.context["errors"] for error in errors}
        assert errors == {"Null-tekens zijn niet toegestaan."}
        assert not Les.objects.filter(slug="vijandig").exists()
        return
    assert response.status_code == 302, response.context["errors"] if response.context else response
    saved = Les.objects.get(slug="vijandig")
    assert (saved.samenvatting, saved.tekst) == (payload, payload)  # kept exactly as typed
    les = superuser_client.get("/lessen/vijandig/")
    assert les.status_code == 200
    assert executable_markup(les.content.decode(), nonce=csp_nonce(les)) == []
    admin_svgs = superuser_client.get("/beheer/").content.decode().count("<svg")
    change = superuser_client.get(f"/beheer/lessen/les/{saved.pk}/change/").content.decode()
    assert executable_markup(change, allowed_tags=ADMIN_OWN_TAGS) == []
    assert change.count("<svg") <= admin_svgs


def query_targets():
    """(route name, URL, parameter) for every parameter a visitor controls, and an unknown one."""
    voorbeeld = _placeholder_library().voorbeeld
    return [
        (page.route, page.url(voorbeeld), parameter)
        for page in PUBLIC_PAGES
        for parameter in [*page.parameters, "onbekend"]
    ]


def _placeholder_library():
    thema = ThemaFactory(slug="thema")
    auteur = AuteurFactory(slug="auteur")
    bron = BronFactory(slug="bron", auteurs=[auteur])
    les = LesFactory(slug="les", themas=[thema], tags=["tag"], bronnen=[(bron, "punt 1")])
    return Library(les=les, thema=thema, tag=Tag.objects.get(slug="tag"), bron=bron, auteur=auteur)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_query_parameter_brings_executable_markup_to_any_page(client, payload):
    problems = []
    for _name, url, parameter in query_targets():
        response = client.get(url, {parameter: payload})
        expected = (400,) if "\x00" in payload else (200, 400, 404)  # see test_a_nul_character_in_a_query_...
        assert response.status_code in expected, (url, parameter, response.status_code)
        if is_html(response):
            found = executable_markup(response.content.decode(), nonce=csp_nonce(response))
            problems += [f"{url}?{parameter}=: {p}" for p in found]
    assert problems == []


@pytest.mark.parametrize("payload", SHORT_PAYLOADS.values(), ids=SHORT_PAYLOADS.keys())
def test_admin_search_and_filters_bring_no_executable_markup(superuser_client, payload):
    _placeholder_library()
    admin_svgs = superuser_client.get("/beheer/").content.decode().count("<svg")
    problems = []
    searches = [
        (f"/beheer/{model._meta.app_label}/{model._meta.model_name}/", "q")
        for model in admin.site._registry
        if is_content(model)
    ]
    # The changelist's other parameters work the same for every model: try them on one.
    searches += [("/beheer/lessen/les/", parameter) for parameter in ["o", "p", "status__exact", "_popup"]]
    for base, parameter in searches:
        response = superuser_client.get(base, {parameter: payload}, follow=True)
        expected = (400,) if "\x00" in payload else (200, 404)
        assert response.status_code in expected, (base, parameter, response.status_code)
        body = response.content.decode()
        found = executable_markup(body, nonce=csp_nonce(response), allowed_tags=ADMIN_OWN_TAGS)
        problems += [f"{base}?{parameter}=: {p}" for p in found]
        if body.count("<svg") > admin_svgs:
            problems.append(f"{base}?{parameter}=: an <svg> that is not the admin's own")
    assert problems == []


@pytest.mark.parametrize(
    "url", ["/lessen/?q=wijk%00", "/lessen/?thema=%00", "/api/lessen/?pagina=1%00", "/?x%00=1"]
)
def test_a_nul_character_in_a_query_is_a_dutch_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Dit verzoek kunnen we niet verwerken" in response.content.decode()


@pytest.mark.parametrize("model", ["lessen/les", "auth/user", "taggit/tag"])
def test_a_nul_character_in_an_admin_search_is_a_400_not_a_500(superuser_client, model):
    """PostgreSQL refuses NUL in a query: without the middleware this search was a 500."""
    assert superuser_client.get(f"/beheer/{model}/?q=a%00b").status_code == 400


OTHER_METHODS = ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"]


def test_every_public_page_answers_405_to_a_method_it_does_not_take(client, content):
    """TRACE used to answer 200 with the whole page; a POST to a page that only reads, too."""
    voorbeeld = voorbeeld_from_content(content)
    for name, url in route_urls(voorbeeld) + route_urls(voorbeeld, REDIRECTS):
        allow = "GET, HEAD, POST" if name in ("citeren:bundel", "citeren:controle") else "GET, HEAD"
        for method in OTHER_METHODS + ([] if "POST" in allow else ["POST"]):
            response = client.generic(method, url)
            assert (response.status_code, response.get("Allow")) == (405, allow), (method, url)
            assert response.content == b"", (method, url)
        assert client.head(url).status_code in (200, 301), url


@pytest.mark.parametrize("url", ["/bestaat-niet/", "/lessen/bestaat-niet/", "/l/99999/", "/bestaat/niet.xml"])
def test_an_address_no_page_has_does_not_offer_post(client, content, url):
    for method in ("PUT", "DELETE"):
        response = client.generic(method, url)
        assert (response.status_code, response["Allow"]) == (405, "GET, HEAD"), (method, url)


@pytest.mark.parametrize("url", ["/beheer/", "/beheer/lessen/les/", "/beheer/login/", "/admin/"])
def test_the_admin_answers_405_to_a_method_the_site_does_not_take(superuser_client, content, url):
    for method in OTHER_METHODS:
        response = superuser_client.generic(method, url)
        assert response.status_code == 405, (method, url)
        assert set(response["Allow"].split(", ")) <= {"GET", "HEAD", "POST"}, (method, url)
