"""Review dates: a lesson checked against its source, and the lessons due for a check."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils.formats import date_format
from django.utils.timezone import localdate

from lessen.models import Les, PubliekeNaam
from lessen.services import gecontroleerd

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(db):
    user = get_user_model().objects.create_user("anna", is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteur"))
    PubliekeNaam.objects.create(user=user, naam="Anna")
    return user


def test_the_action_gecontroleerd_records_a_version_and_readers_see_the_date(anna, content):
    client = Client()
    client.force_login(anna)
    les = content["weg"]
    voor = localdate()
    response = client.post(
        "/beheer/lessen/les/", {"action": "gecontroleerd", "_selected_action": [les.pk]}, follow=True
    )
    na = localdate()  # the next day, if the action ran across midnight
    assert "1 les gecontroleerd tegen de bron; te herzien over een jaar." in response.content.decode()
    les.refresh_from_db()
    vandaag = les.gecontroleerd_op
    assert vandaag in {voor, na}
    assert les.gecontroleerd_door == "Anna"
    assert les.herzien_voor == vandaag + datetime.timedelta(days=365)
    versie = les.history.get(versie=les.versie)
    assert (les.versie, versie.history_change_reason) == (2, "Gecontroleerd tegen de bron")
    page = Client().get(les.get_absolute_url()).content.decode()
    assert (
        f'Laatst gecontroleerd tegen de bron: <time datetime="{vandaag.isoformat()}">'
        f"{date_format(vandaag, 'j F Y')}</time>, door Anna."
    ) in page


def test_lessons_due_for_a_check_are_listed_oldest_first(anna, content):
    gecontroleerd(les=content["weg"], redacteur=anna, op=datetime.date(2019, 1, 1))  # due since 2020
    gecontroleerd(les=content["mensen"], redacteur=anna, op=datetime.date(2020, 1, 1))  # due since 2021
    gecontroleerd(les=content["sturen_les"], redacteur=anna)  # checked today: not due
    client = Client()
    client.force_login(anna)
    response = client.get("/beheer/lessen/les/", {"te_herzien": "ja"})
    titels = [les.titel for les in response.context["cl"].result_list]
    # never checked first, then the longest overdue: not the list's usual order by title
    assert titels == ["Geheim concept", "Weg met de romantiek", "Het gaat om de mensen"]
    assert Les.objects.get(pk=content["sturen_les"].pk).titel not in titels
