"""Robust Links: the citation box and the bundle give the HTML of a link to the exact version that also
names the lesson and the moment of the version (data-originalurl, data-versionurl, data-versiondate)."""

from datetime import datetime
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.http import http_date

from lessen.models import Les
from lessen.services import les_opslaan

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def robust_links(html):
    parser = Links()
    parser.feed(html)
    return [link for link in parser.links if "data-versionurl" in link]


def code(html, element_id):
    start = html.index(f'<code id="{element_id}">') + len(f'<code id="{element_id}">')
    return unescape(html[start : html.index("</code>", start)])


def versiedatum(les, nummer):
    return f"{Les.history.get(id=les.pk, versie=nummer).history_date:%Y-%m-%dT%H:%M:%SZ}"


def test_the_citation_box_offers_a_robust_link_to_the_exact_version(client, content):
    les = content["mensen"]
    html = client.get(les.get_absolute_url()).content.decode()
    assert robust_links(html) == []  # shown as code to copy, not as a link on the page
    [link] = robust_links(code(html, "citeer-robuust"))
    assert link == {
        "href": f"http://testserver/l/{les.pk}/v/1/",
        "data-versionurl": f"http://testserver/l/{les.pk}/v/1/",
        "data-originalurl": f"http://testserver/l/{les.pk}/",
        "data-versiondate": versiedatum(les, 1),
    }


def test_the_bundle_exports_its_reference_list_with_robust_links(client, content):
    lessen = [content["weg"], content["mensen"], content["sturen_les"]]
    query = "les=" + ",".join(str(les.pk) for les in lessen)
    response = client.get(f"{reverse('citeren:bundel_download', kwargs={'formaat': 'html'})}?{query}")
    assert response["Content-Disposition"] == 'attachment; filename="wijkgids-citaten.html"'
    export = response.content.decode()
    assert '<html lang="nl">' in export
    links = robust_links(export)
    assert [link["data-versionurl"] for link in links] == [
        f"http://testserver/l/{les.pk}/v/1/" for les in lessen
    ]
    assert [link["data-originalurl"] for link in links] == [
        f"http://testserver/l/{les.pk}/" for les in lessen
    ]
    assert [link["data-versiondate"] for link in links] == [versiedatum(les, 1) for les in lessen]

    bundel = client.get(f"/bundel/?{query}").content.decode()
    assert robust_links(code(bundel, "bundel-robuust")) == links


def test_a_robust_links_original_and_date_lead_back_to_its_version(client, content):
    """What a reader's tool does when the version's own address fails: ask the original for that date."""
    les = content["mensen"]
    les.samenvatting = "Later anders samengevat."
    les_opslaan(les=les)
    [link] = robust_links(code(client.get(les.get_absolute_url()).content.decode(), "citeer-robuust"))
    datum = datetime.fromisoformat(link["data-versiondate"].replace("Z", "+00:00"))
    response = client.get(link["data-originalurl"], HTTP_ACCEPT_DATETIME=http_date(datum.timestamp()))
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver/lessen/{les.slug}/versies/2/"
    assert link["data-versionurl"] == f"http://testserver/l/{les.pk}/v/2/"
