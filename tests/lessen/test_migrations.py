"""Data migrations, run on rows as an older version of the site stored them."""

import importlib

import pytest
from django.apps import apps

from lessen.models import Les
from tests.factories import LesFactory

pytestmark = pytest.mark.django_db

prefix_ids = importlib.import_module("lessen.migrations.0009_tekst_ids_met_voorvoegsel")


def test_stored_bodies_get_the_ids_and_in_page_links_a_new_rendering_gives(db):
    les = LesFactory(tekst="## Stap 1\n\nZie [stap 2](#stap-2).\n\n## Tweede stap {: #stap-2 }\n\nKlaar.")
    rendered_now = les.tekst_html
    assert 'id="tekst-stap-1"' in rendered_now and 'href="#tekst-stap-2"' in rendered_now
    as_stored_before = rendered_now.replace("tekst-", "")
    Les.objects.update(tekst_html=as_stored_before)
    Les.history.update(tekst_html=as_stored_before)

    (operation,) = prefix_ids.Migration.operations
    operation.code(apps, None)
    assert Les.objects.get().tekst_html == Les.history.get().tekst_html == rendered_now
    operation.reverse_code(apps, None)
    assert Les.objects.get().tekst_html == Les.history.get().tekst_html == as_stored_before
