import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from bronnen.models import Auteur
from lessen.models import Les

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("url", ["/beheer/auth/user/", "/beheer/auth/group/", "/beheer/auth/user/add/"])
def test_redacteur_cannot_reach_users_or_groups(redacteur_client, url):
    assert redacteur_client.get(url).status_code == 403


def test_redacteur_edits_a_lesson_with_tags_and_sources_in_the_admin(redacteur_client, content):
    les = content["weg"]
    vermelding = les.vermeldingen.get()
    response = redacteur_client.get(f"/beheer/lessen/les/{les.pk}/change/")
    assert response.status_code == 200
    data = {
        "titel": "Weg met de romantiek",
        "slug": les.slug,
        "status": "gepubliceerd",
        "samenvatting": "Nieuwe samenvatting.",
        "tekst": "## Nieuw\n\nAndere tekst.",
        "soort": "punt",
        "kennissoort": "praktijk",
        "themas": [content["sturen"].pk],
        "tags": "stedelijkheid, dorp in de stad",
        "vermeldingen-TOTAL_FORMS": "1",
        "vermeldingen-INITIAL_FORMS": "1",
        "vermeldingen-MIN_NUM_FORMS": "1",
        "vermeldingen-MAX_NUM_FORMS": "1000",
        "vermeldingen-0-id": vermelding.pk,
        "vermeldingen-0-les": les.pk,
        "vermeldingen-0-bron": vermelding.bron.pk,
        "vermeldingen-0-locator": "punt 1",
        "vermeldingen-0-volgorde": "1",
        "vermeldingen-0-titel_in_bron": "Weg met de romantiek",
        "vermeldingen-0-citaat": "",
    }
    response = redacteur_client.post(f"/beheer/lessen/les/{les.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    les.refresh_from_db()
    assert les.samenvatting == "Nieuwe samenvatting."
    assert '<h2 id="tekst-nieuw">Nieuw</h2>' in les.tekst_html
    assert sorted(les.tags.names()) == ["dorp in de stad", "stedelijkheid"]
    assert redacteur_client.get(les.get_absolute_url()).status_code == 200


def test_publish_action_makes_a_draft_public(redacteur_client, client, content):
    concept = content["concept"]
    response = redacteur_client.post(
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
