import datetime
import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lessen.models import Les, PubliekeNaam
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


def test_both_feeds_name_an_author_and_a_version_its_editor(client, content):
    """RFC 4287 §4.1.1: a feed whose entries do not all have an atom:author must have one."""
    redacteur = get_user_model().objects.create_user("anna", is_staff=True)
    PubliekeNaam.objects.create(user=redacteur, naam="Anna de Vries")
    les_opslaan(les=content["weg"], redacteur=redacteur, reden="Aangescherpt")
    for adres in ["/feeds/lessen/", "/lessen/weg-met-de-romantiek/feed/"]:
        feed = ET.fromstring(client.get(adres).content)
        assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Wijkgids-redactie"
    versies = feed.findall(f"{ATOM}entry")
    assert [versie.findtext(f"{ATOM}author/{ATOM}name") for versie in versies] == ["Anna de Vries", None]


class Markup(HTMLParser):
    """The elements a feed reader would build from an html text construct."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)


def reader_sees(element):
    """What a feed reader shows of an Atom text construct (type text, html or xhtml), and the
    elements it would build from it."""
    if element.get("type", "text") == "html":
        return html.unescape(re.sub(r"<[^>]*>", "", element.text)), Markup(element.text).elements
    return element.text, []


def test_an_editors_markup_reaches_feed_readers_as_text(client, content):
    les = content["weg"]
    les.titel = "Weg met <script>alert(1)</script> de romantiek"
    les.samenvatting = 'De wijk <svg onload="alert(2)"> is geen dorp & geen stad.'
    les_opslaan(les=les)
    lessen = ET.fromstring(client.get("/feeds/lessen/").content)
    entry = next(e for e in lessen.findall(f"{ATOM}entry") if "romantiek" in e.findtext(f"{ATOM}title"))
    assert reader_sees(entry.find(f"{ATOM}title")) == (les.titel, [])
    assert reader_sees(entry.find(f"{ATOM}summary")) == (les.samenvatting, [])

    versies = ET.fromstring(client.get("/lessen/weg-met-de-romantiek/feed/").content)
    summary = versies.find(f"{ATOM}entry/{ATOM}summary")
    assert reader_sees(summary) == (f"Versie 2 van ‘{les.titel}’, door redactie.", [])
