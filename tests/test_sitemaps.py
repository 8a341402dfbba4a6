import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from wijkgids import sitemaps

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_sitemap_index_names_a_sitemap_per_kind_of_page(client, content):
    sections = locations(client, "/sitemap.xml")
    for section in ["paginas", "lessen", "themas", "vergelijkingen", "tags", "bronnen", "auteurs"]:
        assert f"http://testserver/sitemap-{section}.xml" in sections


def test_sitemaps_list_published_lessons_themes_tags_sources_and_authors(client, content):
    lessen = locations(client, "/sitemap-lessen.xml")
    assert sorted(lessen) == [
        "http://testserver/lessen/het-gaat-om-de-mensen/",
        "http://testserver/lessen/weg-met-de-romantiek/",
        "http://testserver/lessen/wildroosters/",
    ]  # not the draft
    assert "http://testserver/themas/sturen/" in locations(client, "/sitemap-themas.xml")
    assert "http://testserver/themas/sturen/vergelijk/" in locations(client, "/sitemap-vergelijkingen.xml")
    assert sorted(locations(client, "/sitemap-tags.xml")) == [
        "http://testserver/tags/bewoners/",
        "http://testserver/tags/samenwerking/",
        "http://testserver/tags/stedelijkheid/",
        "http://testserver/tags/vertrouwen/",
    ]
    assert "http://testserver/bronnen/essay/" in locations(client, "/sitemap-bronnen.xml")
    assert "http://testserver/auteurs/wim-derksen/" in locations(client, "/sitemap-auteurs.xml")
    assert "http://testserver/overzicht/" in locations(client, "/sitemap-paginas.xml")


def test_a_lessons_sitemap_entry_says_when_it_last_changed(client, content):
    response = client.get("/sitemap-lessen.xml")
    changed = timezone.localtime(content["weg"].gewijzigd).date().isoformat()
    assert f"<lastmod>{changed}" in response.content.decode()


def test_sitemaps_are_paginated(client, content, monkeypatch):
    monkeypatch.setattr(sitemaps.WijkgidsSitemap, "limit", 2)
    assert "http://testserver/sitemap-lessen.xml?p=2" in locations(client, "/sitemap.xml")
    assert len(locations(client, "/sitemap-lessen.xml?p=2")) == 1
    assert client.get("/sitemap-lessen.xml?p=9").status_code == 404
    assert client.get("/sitemap-lessen.xml?p=abc").status_code == 404
    assert client.get("/sitemap-onbekend.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /beheer/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
