"""Who may see and do what: the public sees published content only; a Redacteur edits content only."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from taggit.models import Tag

from lessen.services import les_opslaan
from tests.factories import LesFactory, ThemaFactory
from tests.pages import PUBLIC_PAGES, REDIRECTS, Library, route_urls, voorbeeld_from_content
from wijkgids.content import is_content

pytestmark = pytest.mark.django_db

MARKER = "ZZGEHEIMCONCEPTZZ"


@pytest.fixture
def draft(content):
    """A draft with everything that could leak: its own theme and tag, a source, a quotable text."""
    thema = ThemaFactory(naam="Alleen concepten", slug="alleen-concepten")
    les = LesFactory(
        titel=f"Concept {MARKER}",
        slug="concept-zzgeheim",
        samenvatting=f"Samenvatting {MARKER}",
        tekst=f"## Kop\n\nTekst {MARKER}",
        status="concept",
        themas=[thema, content["sturen"]],
        tags=[f"tag-{MARKER.lower()}", "vertrouwen"],
        bronnen=[(content["lezing"], "punt 77"), (content["essay"], "punt 78")],
    )
    return Library(
        les=les,
        thema=thema,
        tag=Tag.objects.get(name=f"tag-{MARKER.lower()}"),
        bron=content["lezing"],
        auteur=content["jos"],
    )


def leaks(response, draft):
    """Whether the page shows anything of the draft itself (a visitor's own query may be echoed)."""
    body = response.content.decode()
    shown = [f"Concept {MARKER}", f"Samenvatting {MARKER}", f"Tekst {MARKER}", "punt 77", "punt 78"]
    return any(text in body for text in shown) or f'{draft.les.get_absolute_url()}"' in body


def test_drafts_appear_on_no_public_page(client, content, draft):
    for name, url in route_urls(voorbeeld_from_content(content)) + route_urls(draft.voorbeeld):
        response = client.get(url)
        assert response.status_code in (200, 404), (name, url)
        assert not leaks(response, draft), (name, url)


def test_a_drafts_own_addresses_are_not_found(client, draft):
    draft_only = [
        reverse("lessen:les_detail", kwargs={"slug": draft.les.slug}),
        reverse("lessen:api_les_detail", kwargs={"pk": draft.les.pk}),
        reverse("lessen:tag_detail", kwargs={"slug": draft.tag.slug}),
    ] + [url for _, url in route_urls(draft.voorbeeld, REDIRECTS)]
    for url in draft_only:
        assert client.get(url).status_code == 404, url


def test_no_query_finds_a_draft(client, content, draft):
    values = {
        "q": MARKER,
        "thema": draft.thema.slug,
        "tag": draft.tag.slug,
        "bron": draft.bron.slug,
        "auteur": draft.auteur.slug,
        "volgorde": "bron",
        "pagina": "1",
        "les": str(draft.les.pk),
    }
    voorbeeld = voorbeeld_from_content(content)
    for page in PUBLIC_PAGES:
        for parameter in page.parameters:
            response = client.get(page.url(voorbeeld), {parameter: values[parameter]})
            assert response.status_code in (200, 400, 404), (page.route, parameter)
            assert not leaks(response, draft), (page.route, parameter)


def test_counts_leave_drafts_out(client, content, draft):
    response = client.get(reverse("lessen:thema_list"))
    counts = {thema.slug: thema.aantal for thema in response.context["themas"]}
    assert counts["alleen-concepten"] == 0
    assert counts["sturen"] == 2


def test_a_published_part_of_a_draft_pillar_does_not_name_it(client, content, draft):
    """The breadcrumb used to read `Lessen › <the draft's title>`, linked."""
    deel = LesFactory(titel="Deelpunt van een concept", slug="deelpunt", ouder=draft.les)
    response = client.get(deel.get_absolute_url())
    assert response.status_code == 200
    assert not leaks(response, draft)
    client.force_login(get_user_model().objects.create_user("redactie", is_staff=True))
    assert f"Concept {MARKER}" in client.get(deel.get_absolute_url()).content.decode()  # staff preview


@pytest.mark.parametrize("url", ["/lessen/", "/zoeken/"])
def test_a_tag_only_drafts_carry_is_as_unknown_as_a_tag_that_does_not_exist(client, draft, url):
    """A 200 where an unknown tag is refused told that some draft carries it."""
    onbekend = client.get(url, {"tag": "bestaat-niet"})
    alleen_in_concepten = client.get(url, {"tag": draft.tag.slug})
    assert alleen_in_concepten.status_code == onbekend.status_code in (400, 404)
    assert f"Er is geen tag ‘{draft.tag.slug}’ in de Wijkgids" in alleen_in_concepten.content.decode()


def test_old_versions_do_not_link_to_a_lesson_that_is_a_draft_now(client, content, draft):
    """A version rendered while the draft was published linked to it by its title."""
    draft.les.status = "gepubliceerd"
    les_opslaan(les=draft.les)
    mensen = content["mensen"]
    mensen.tekst = f"Zie [[{draft.les.slug}]] en [[{content['weg'].slug}]]."
    les_opslaan(les=mensen)
    draft.les.status = "concept"
    les_opslaan(les=draft.les)
    for nummer in range(1, mensen.versie + 1):
        response = client.get(reverse("versies:versie_detail", args=[mensen.slug, nummer]))
        assert response.status_code == 200
        assert not leaks(response, draft), nummer
    newest = client.get(reverse("versies:versie_detail", args=[mensen.slug, mensen.versie]))
    weg = content["weg"]
    assert f'<a class="wikilink" href="{weg.get_absolute_url()}" rel="noopener noreferrer nofollow">' in (
        newest.content.decode()
    )


# --- Redacteur: content only -------------------------------------------------------------------


@pytest.fixture
def redacteur(db):
    user = get_user_model().objects.create_user("redactie", password="geheim-wachtwoord-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    return user


@pytest.fixture
def redacteur_client(client, redacteur):
    client.force_login(redacteur)
    return client


@pytest.fixture
def other_user(db):
    return get_user_model().objects.create_superuser("opperbaas", password="geheim-wachtwoord-2")


def non_content_admin_urls(other_user):
    """Every admin page of every model outside the content apps (users, groups, login attempts...)."""
    urls = []
    for model in admin.site._registry:
        if is_content(model):
            continue
        base = f"/beheer/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, f"{base}add/"]
        obj = other_user if model is get_user_model() else model._default_manager.order_by("pk").first()
        if obj is not None:
            urls += [f"{base}{obj.pk}/change/", f"{base}{obj.pk}/delete/", f"{base}{obj.pk}/history/"]
    return urls


def test_the_admin_has_pages_outside_the_content_apps_to_guard(other_user):
    urls = non_content_admin_urls(other_user)
    assert "/beheer/auth/user/" in urls and "/beheer/auth/group/" in urls
    assert f"/beheer/auth/user/{other_user.pk}/change/" in urls


def test_redacteur_cannot_open_any_page_about_users_groups_or_login_attempts(redacteur_client, other_user):
    group = Group.objects.get(name="Redacteur")
    for url in non_content_admin_urls(other_user) + [
        f"/beheer/auth/user/{other_user.pk}/password/",
        f"/beheer/auth/group/{group.pk}/change/",
        "/beheer/auth/permission/",
    ]:
        response = redacteur_client.get(url)
        assert response.status_code in (403, 404), url
        assert "opperbaas" not in response.content.decode(), url


def test_redacteur_sees_no_users_or_groups_in_the_admin_index(redacteur_client):
    html = redacteur_client.get("/beheer/").content.decode()
    assert "/beheer/auth/" not in html
    assert "/beheer/lessen/les/" in html


def test_redacteur_reaches_every_content_model_in_the_admin(redacteur_client, content):
    urls = [
        f"/beheer/{model._meta.app_label}/{model._meta.model_name}/"
        for model in admin.site._registry
        if is_content(model)
    ]
    assert {"/beheer/lessen/les/", "/beheer/bronnen/bron/", "/beheer/taggit/tag/"} <= set(urls)
    for url in urls:
        assert redacteur_client.get(url).status_code == 200, url


def test_bulk_delete_of_users_is_refused(redacteur_client, redacteur, other_user):
    response = redacteur_client.post(
        "/beheer/auth/user/",
        {"action": "delete_selected", "_selected_action": [other_user.pk, redacteur.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk__in=[other_user.pk, redacteur.pk]).count() == 2


def test_bulk_delete_of_groups_is_refused(redacteur_client):
    group = Group.objects.get(name="Redacteur")
    response = redacteur_client.post(
        "/beheer/auth/group/", {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"}
    )
    assert response.status_code == 403
    assert Group.objects.filter(pk=group.pk).exists()


def test_redacteur_cannot_make_itself_superuser(redacteur_client, redacteur):
    response = redacteur_client.post(
        f"/beheer/auth/user/{redacteur.pk}/change/",
        {"username": "redactie", "is_active": "on", "is_staff": "on", "is_superuser": "on"},
    )
    assert response.status_code == 403
    redacteur.refresh_from_db()
    assert not redacteur.is_superuser


def test_redacteur_cannot_add_a_user_or_change_a_password(redacteur_client, other_user):
    response = redacteur_client.post(
        "/beheer/auth/user/add/",
        {"username": "indringer", "password1": "Xq9!lang-wachtwoord", "password2": "Xq9!lang-wachtwoord"},
    )
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="indringer").exists()
    response = redacteur_client.post(
        f"/beheer/auth/user/{other_user.pk}/password/",
        {"password1": "Xq9!lang-wachtwoord", "password2": "Xq9!lang-wachtwoord"},
    )
    assert response.status_code == 403
    other_user.refresh_from_db()
    assert other_user.check_password("geheim-wachtwoord-2")


def test_redacteur_cannot_grant_its_group_more_permissions(redacteur_client):
    group = Group.objects.get(name="Redacteur")
    before = set(group.permissions.values_list("pk", flat=True))
    everything = list(Permission.objects.values_list("pk", flat=True))
    response = redacteur_client.post(
        f"/beheer/auth/group/{group.pk}/change/", {"name": "Redacteur", "permissions": everything}
    )
    assert response.status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_redacteur_cannot_look_up_users_through_autocomplete(redacteur_client, other_user):
    response = redacteur_client.get(
        "/beheer/autocomplete/",
        {"app_label": "auth", "model_name": "user", "field_name": "groups", "term": ""},
    )
    assert response.status_code in (403, 404)
    assert "opperbaas" not in response.content.decode()


def test_the_refusal_is_a_dutch_page(redacteur_client):
    response = redacteur_client.get("/beheer/auth/user/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
