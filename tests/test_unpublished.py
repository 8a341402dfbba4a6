"""What the public may see of a lesson that is not published: nothing, on any surface (README,
"Wat het publiek ziet"). A draft with a word of its own in every field it has, its own source,
author and tag, and relations both ways with published lessons; a visitor who follows every link
from the home page, the draft's published neighbours, the feeds, the API and the sitemap never meets
that word, before or after the draft is deleted."""

import html
import re
from collections import deque
from urllib.parse import unquote, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from taggit.models import Tag

from bronnen.models import Auteur
from bronnen.services import auteur_opslaan, bron_opslaan
from lessen.models import Les, Verband
from lessen.services import les_opslaan, lessen_verwijderen, tag_opslaan
from tests.factories import AuteurFactory, BronFactory, LesFactory

pytestmark = pytest.mark.django_db

WOORD = "xylofoonkwartet"  # in nothing the public may see
LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']|<loc>([^<]+)</loc>|"(https?://testserver/[^"]*)\"""")
NOT_CRAWLED = ("/beheer/", "/admin/", "/static/")
MAX_PAGES = 1500


def _internal(url):
    parts = urlsplit(html.unescape(url))
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(NOT_CRAWLED):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start):
    """Every page reachable from `start` by links (HTML, feeds, sitemaps, the API's JSON): {url: body}."""
    seen, queue, bodies = set(start), deque(start), {}
    while queue and len(bodies) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = _internal(response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        body = response.content.decode("utf-8", errors="replace") if not response.streaming else ""
        bodies[url] = body
        if response.status_code != 200:
            continue
        for match in LINK.finditer(body):
            target = _internal(next(group for group in match.groups() if group))
            # Only one filter or page at a time: their combinations show nothing new, only more of it.
            if target and target not in seen and target.count("&") <= 1:
                seen.add(target)
                queue.append(target)
    assert len(bodies) < MAX_PAGES, "the crawl stopped early: raise MAX_PAGES"
    return bodies


def leaks(bodies):
    """The pages that show the word, but for those whose address holds it (a search repeats what
    the visitor typed; what it found is tested on its own)."""
    return sorted(
        url
        for url, body in bodies.items()
        if WOORD not in url and WOORD in unquote(html.unescape(body)).casefold()
    )


@pytest.fixture
def draft(content):
    """A draft named by WOORD everywhere: title, text, tag, its own source and author, and a
    relation each way with a published lesson (whose versions keep them)."""
    auteur = AuteurFactory(naam=f"Anna {WOORD.title()}", slug=f"anna-{WOORD}")
    bron = BronFactory(titel=f"Het {WOORD} rapport", slug=f"rapport-{WOORD}", auteurs=[auteur])
    les = LesFactory(
        titel=f"Over het {WOORD}",
        slug="een-concept",
        status="concept",
        samenvatting=f"Het {WOORD} in één zin.",
        tekst=f"Het {WOORD} leert ons veel. Zie [[Weg met de romantiek]].",
        themas=[content["sturen"]],
        tags=[WOORD, "vertrouwen"],
        bronnen=[(bron, "punt 1"), (content["lezing"], "punt 12")],
    )
    les_opslaan(
        les=les,
        verbanden=[Verband(naar=content["mensen"], soort="werkt_uit", toelichting=f"Het {WOORD} werkt uit.")],
    )
    weg = content["weg"]
    les_opslaan(
        les=weg,
        verbanden=[Verband(naar=les, soort="sluit_aan", toelichting=f"Beide over het {WOORD}.")],
        reden="Verband gelegd",
    )
    return les


def start_pages(content, les_nummer):
    buren = [content["weg"], content["mensen"]]
    return [
        "/",
        "/sitemap.xml",
        "/feeds/lessen/",
        "/api/lessen/",
        "/kaart/",
        f"/zoeken/?q={WOORD}",
        f"/zoeken/?q={WOORD[:-1]}x",  # a spelling suggestion would name it
        f"/lessen/?q={WOORD}",
        # The draft's own addresses: their error pages say nothing of it either.
        f"/l/{les_nummer}/",
        f"/l/{les_nummer}/v/1/",
        f"/api/lessen/{les_nummer}/",
        "/lessen/een-concept/",
        "/lessen/een-concept/versies/",
        "/lessen/een-concept/feed/",
        "/lessen/een-concept/citeren.bib",
        f"/bundel/?les={les_nummer}",
        *(f"/lessen/{les.slug}/feed/" for les in buren),
        *(f"/lessen/{les.slug}/versies/" for les in buren),
        *(f"/lessen/{les.slug}/verschil/1/{les.versie}/" for les in buren),
        *(f"/api/lessen/{les.pk}/" for les in buren),
    ]


def test_nothing_of_a_draft_shows_on_any_public_page_feed_api_page_or_sitemap(content, draft):
    # The editors do see it, so the word is there to be found.
    staff = Client()
    staff.force_login(get_user_model().objects.create_user("r", is_staff=True))
    assert WOORD in staff.get("/lessen/weg-met-de-romantiek/verschil/1/2/").content.decode()

    bodies = crawl(Client(), start_pages(content, draft.pk))
    assert len(bodies) > 60  # the crawl reached the library, not only its start pages
    assert "/lessen/weg-met-de-romantiek/verschil/1/2/" in bodies
    assert leaks(bodies) == []


def test_nothing_of_a_deleted_draft_shows_anywhere_and_its_number_answers_like_one_never_used(content, draft):
    nummer = draft.pk
    lessen_verwijderen(lessen=[draft])
    client = Client()
    bodies = crawl(client, start_pages(content, nummer))
    assert "/lessen/weg-met-de-romantiek/versies/" in bodies
    assert leaks(bodies) == []
    # A number never used and the deleted draft's number answer alike: drafts cannot be counted.
    for url in (f"/l/{nummer}/", "/lessen/een-concept/", f"/l/{nummer}/v/1/", "/lessen/een-concept/versies/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/l/99999/").status_code == 404


def test_a_deleted_published_lesson_still_answers_410(content):
    nummer = content["weg"].pk
    lessen_verwijderen(lessen=[content["weg"]])
    client = Client()
    for url in (f"/l/{nummer}/", "/lessen/weg-met-de-romantiek/", f"/l/{nummer}/v/1/"):
        assert client.get(url).status_code == 410, url


def test_deleting_a_draft_names_it_in_no_published_lesson_s_history(content, draft):
    lessen_verwijderen(lessen=[draft])
    weg = content["weg"]
    nieuwste = weg.history.order_by("-versie").first()
    assert WOORD not in (nieuwste.history_change_reason or "")
    assert nieuwste.verbanden_snapshot == []


def test_deleting_a_published_lesson_names_it_in_the_history_of_lessons_related_to_it(content):
    weg, mensen = content["weg"], content["mensen"]
    les_opslaan(les=weg, verbanden=[Verband(naar=mensen, soort="sluit_aan", toelichting="Zelfde kern.")])
    lessen_verwijderen(lessen=[mensen])
    reden = weg.history.order_by("-versie").first().history_change_reason
    assert reden == "Verband met ‘Het gaat om de mensen’ vervallen: die les is verwijderd"


def test_the_public_diff_shows_relations_with_published_lessons_only(client, content, draft):
    weg, mensen = content["weg"], content["mensen"]
    les_opslaan(
        les=weg,
        verbanden=[
            *weg.verbanden.all(),
            Verband(naar=mensen, soort="nuanceert", toelichting="Een kanttekening."),
        ],
    )
    page = client.get(f"/lessen/{weg.slug}/verschil/1/{weg.versie}/").content.decode()
    assert "nuanceert ‘Het gaat om de mensen’: Een kanttekening." in page
    assert WOORD not in page


def test_a_source_and_author_only_drafts_cite_do_not_exist_for_the_public(staff_client, draft):
    client = Client()
    for url in (f"/bronnen/rapport-{WOORD}/", f"/auteurs/anna-{WOORD}/"):
        assert client.get(url).status_code == 404, url
        assert staff_client.get(url).status_code == 200, url  # the editors preview them
    # As a filter, such a source or author answers like one that never existed.
    for url in ("/lessen/?bron={}", "/lessen/?auteur={}", "/zoeken/?q=wijk&auteur={}"):
        bestaat_niet = client.get(url.format("bestaat-niet"))
        response = client.get(url.format(f"anna-{WOORD}" if "auteur" in url else f"rapport-{WOORD}"))
        assert response.status_code == bestaat_niet.status_code != 200, url


def test_search_does_not_find_a_published_lesson_by_the_sentence_of_a_relation_with_a_draft(client, draft):
    page = client.get(f"/zoeken/?q={WOORD}").content.decode()
    assert "Weg met de romantiek" not in page
    assert "Het gaat om de mensen" not in page


def test_publishing_the_draft_makes_the_relation_s_sentence_findable(client, content, draft):
    Les.objects.filter(pk=draft.pk).update(status="gepubliceerd")  # as publiceren would, in short
    draft.refresh_from_db()
    les_opslaan(les=draft)
    page = client.get(f"/zoeken/?q={WOORD}").content.decode()
    assert "Weg met de romantiek" in page
    assert "Het gaat om de mensen" in page


def test_an_old_address_of_a_source_author_or_tag_only_drafts_use_leads_nowhere(content, draft):
    """A 301 would tell the new address of what the public may not see."""
    bron, auteur = draft.bronnen.get(slug=f"rapport-{WOORD}"), Auteur.objects.get(slug=f"anna-{WOORD}")
    tag = Tag.objects.get(name=WOORD)
    for obj, opslaan in ((bron, bron_opslaan), (auteur, auteur_opslaan), (tag, tag_opslaan)):
        obj.slug = "nieuw-adres"
        opslaan(**{type(obj).__name__.lower(): obj})
    client = Client()
    for url in (f"/bronnen/rapport-{WOORD}/", f"/auteurs/anna-{WOORD}/", f"/tags/{WOORD}/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/bronnen/lezing/").status_code == 200
