"""Too-long input in the admin is a form error the editor can read, never a database error.

SQLite would store a 500-character tag without complaint and PostgreSQL would refuse it with a 500;
the forms must refuse it first, on both. `make test` runs this file on both databases.
"""

import pytest
from django.contrib import admin
from django.db import models
from taggit.models import Tag

from bronnen.models import Auteur, Bron
from lessen.models import Les, Thema
from tests.admin_forms import les_form
from tests.factories import BronFactory, ThemaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bron(db):
    return BronFactory(slug="bron")


# A valid add form per content model in the admin; a model added to the admin needs a line here.
VALID_ADD_FORMS = {
    Les: lambda: les_form(thema=ThemaFactory(), bron=BronFactory(slug="bron")),
    Thema: lambda: {"naam": "Een thema", "slug": "een-thema", "beschrijving": "", "volgorde": "0"},
    Tag: lambda: {
        "name": "een tag",
        "slug": "een-tag",
        "taggit_taggeditem_items-TOTAL_FORMS": "0",
        "taggit_taggeditem_items-INITIAL_FORMS": "0",
    },
    Auteur: lambda: {"naam": "Een auteur", "sorteernaam": "Auteur, Een", "slug": "een-auteur"},
    Bron: lambda: {
        "titel": "Een bron",
        "slug": "een-bron",
        "soort": "essay",
        "volgorde": "0",
        "bronauteurs-TOTAL_FORMS": "0",
        "bronauteurs-INITIAL_FORMS": "0",
        "bronauteurs-MIN_NUM_FORMS": "0",
        "bronauteurs-MAX_NUM_FORMS": "1000",
    },
}


def limited_fields():
    """(model, field) for every length-limited text field in every admin add form of the content."""
    return [
        (model, field)
        for model in VALID_ADD_FORMS
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField) and field.max_length and field.editable and not field.choices
    ]


def test_every_content_model_in_the_admin_has_a_valid_add_form_here():
    from wijkgids.content import is_content

    in_admin = {model for model in admin.site._registry if is_content(model)}
    assert in_admin == set(VALID_ADD_FORMS)


@pytest.mark.parametrize("model", list(VALID_ADD_FORMS), ids=lambda m: m._meta.model_name)
def test_the_valid_add_forms_save(superuser_client, model):
    response = superuser_client.post(
        f"/beheer/{model._meta.app_label}/{model._meta.model_name}/add/", VALID_ADD_FORMS[model]()
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response


@pytest.mark.parametrize(
    ("model", "field"), limited_fields(), ids=lambda x: getattr(x, "name", None) or x._meta.model_name
)
def test_a_too_long_value_is_a_form_error(superuser_client, model, field):
    data = VALID_ADD_FORMS[model]()
    too_long = field.max_length + 1
    prefix = "https://wijkgids.example/" if isinstance(field, models.URLField) else ""
    data[field.name] = prefix + "a" * (too_long - len(prefix))  # only the length is wrong
    before = model._default_manager.count()
    response = superuser_client.post(f"/beheer/{model._meta.app_label}/{model._meta.model_name}/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert f"niet meer dan {field.max_length} tekens bevat (het zijn er nu {too_long})" in str(
        errors[field.name]
    )
    assert model._default_manager.count() == before


def test_a_too_long_citation_locator_is_a_form_error(superuser_client, bron):
    data = les_form(thema=ThemaFactory(), bron=bron, **{"vermeldingen-0-locator": "§" * 500})
    response = superuser_client.post("/beheer/lessen/les/add/", data)
    assert response.status_code == 200
    assert "niet meer dan 200 tekens" in response.content.decode()
    assert not Les.objects.exists()


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ("x" * 500, "is te lang: hooguit 100 tekens (nu 500)"),
        ("wijk, " + "buurt" * 21, "is te lang: hooguit 100 tekens (nu 105)"),
        ("x" * 100, "wordt als webadres te lang (100 tekens)"),
        ("ﬃ" * 40, "wordt als webadres te lang (120 tekens)"),  # each ligature becomes "ffi"
        ("wijk, !!!", "De tag ‘!!!’ heeft geen letters of cijfers die in een webadres passen"),
        ("北京", "heeft geen letters of cijfers die in een webadres passen"),
    ],
)
def test_tags_that_do_not_fit_are_a_form_error(superuser_client, bron, tags, message):
    response = superuser_client.post(
        "/beheer/lessen/les/add/", les_form(thema=ThemaFactory(), bron=bron, tags=tags)
    )
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["tags"])
    assert not Les.objects.exists()
    assert not Tag.objects.filter(name__startswith="xxxxx").exists()


def test_a_tag_of_only_spaces_is_no_tag_and_no_error(superuser_client, bron):
    """taggit drops it: there is nothing to refuse, and nothing to save."""
    response = superuser_client.post(
        "/beheer/lessen/les/add/", les_form(thema=ThemaFactory(), bron=bron, tags='"   "')
    )
    assert response.status_code == 302
    assert list(Les.objects.get(slug="een-les").tags.names()) == []
    assert not Tag.objects.exists()


def test_a_tag_that_fits_is_saved_with_its_address(superuser_client, bron, client):
    name = "w" * 96
    response = superuser_client.post(
        "/beheer/lessen/les/add/", les_form(thema=ThemaFactory(), bron=bron, tags=name)
    )
    assert response.status_code == 302
    Les.objects.update(
        status=Les.Status.GEPUBLICEERD
    )  # new lessons are concepts; a tag page shows published ones
    tag = Tag.objects.get(name=name)
    assert client.get(f"/tags/{tag.slug}/").status_code == 200


def test_two_tags_with_the_same_address_both_fit(superuser_client, bron, client):
    """taggit appends _1 to a slug that is taken: the limit leaves room for it."""
    first, second = "ü" + "w" * 95, "u" + "w" * 95  # both slugify to u + 95 w's
    response = superuser_client.post(
        "/beheer/lessen/les/add/", les_form(thema=ThemaFactory(), bron=bron, tags=f"{first}, {second}")
    )
    assert response.status_code == 302
    slugs = sorted(Tag.objects.values_list("slug", flat=True))
    assert slugs == ["u" + "w" * 95, "u" + "w" * 95 + "_1"]
    Les.objects.update(
        status=Les.Status.GEPUBLICEERD
    )  # new lessons are concepts; a tag page shows published ones
    for slug in slugs:
        assert client.get(f"/tags/{slug}/").status_code == 200
