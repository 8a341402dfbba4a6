import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from lessen.models import Les
from lessen.services import les_opslaan
from tests.factories import LesFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client):
    response = client.get("/feeds/lessen/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_feed_lists_published_lessons_most_recently_changed_first(client, content):
    Les.objects.filter(pk=content["mensen"].pk).update(gewijzigd=timezone.now() + datetime.timedelta(hours=1))
    items = entries(client)
    assert [item["title"] for item in items][0] == "Het gaat om de mensen"
    assert {item["title"] for item in items} == {
        "Het gaat om de mensen",
        "Weg met de romantiek",
        "Wildroosters en slagbomen",
    }  # never the draft


def test_a_feed_entry_has_a_permanent_id_summary_and_themes(client, content):
    les = content["mensen"]
    item = next(item for item in entries(client) if item["title"] == les.titel)
    assert item["id"] == item["link"] == f"http://testserver/l/{les.pk}/"
    assert item["summary"] == les.samenvatting
    assert sorted(item["categories"]) == ["Leefwereld", "Sturen"]


def test_an_edited_lesson_moves_to_the_top_of_the_feed(client, content):
    les = content["weg"]
    les.samenvatting = "Bijgewerkt."
    les_opslaan(les=les)
    assert entries(client)[0]["title"] == "Weg met de romantiek"


def test_the_feed_is_bounded(client, db):
    for _ in range(55):
        LesFactory()
    assert len(entries(client)) == 50


def test_every_page_announces_the_feed(client, content):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'title="Nieuwe en gewijzigde lessen" href="/feeds/lessen/">' in html
