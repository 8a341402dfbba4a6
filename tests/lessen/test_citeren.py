import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils.timezone import localtime

from citeren.formats import Citaat, apa_html, apa_naam, regel
from lessen.models import Les
from lessen.services import les_opslaan
from tests.factories import LesFactory

pytestmark = pytest.mark.django_db


def jsonld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


class MetaTags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or attrs.get("property")
        if tag == "meta" and name and attrs.get("content"):
            self.tags.append((name, attrs["content"]))

    def first(self, name):
        return next((content for tag, content in self.tags if tag.lower() == name.lower()), None)


def zotero_item(html):
    """What Zotero's Embedded Metadata translator saves from a page's meta tags, by its own rules
    (translators: "Embedded Metadata.js" `init`, "RDF.js" `detectType` and `importItem`).

    Item type: a Highwire container tag (citation_journal_title, ...) decides it; else og:type
    (website: webpage), else a DC.type naming a Zotero type, else citation_title's guess
    (journalArticle), else webpage. DC.source is the publication title; a web page without one
    takes og:site_name as its website title. citation_public_url wins over og:url.
    """
    meta = MetaTags(html)
    names = {name for name, _ in meta.tags}
    highwire = {"citation_journal_title": "journalArticle", "citation_conference_title": "conferencePaper",
                "citation_book_title": "bookSection", "citation_technical_report_institution": "report",
                "citation_dissertation_institution": "thesis"}  # fmt: skip
    item_type = (
        next((soort for tag, soort in highwire.items() if tag in names), None)
        or {"website": "webpage", "book": "book"}.get(meta.first("og:type"))
        or (meta.first("DC.type") if meta.first("DC.type") in {"webpage", "blogPost", "document"} else None)
        or ("journalArticle" if "citation_title" in names else "webpage")
    )
    container = meta.first("DC.source") or meta.first("DCTERMS.source")
    if not container and item_type in {"webpage", "blogPost", "newspaperArticle"}:
        container = meta.first("og:site_name")
    return {
        "itemType": item_type,
        "websiteTitle" if item_type == "webpage" else "publicationTitle": container,
        "title": meta.first("citation_title") or meta.first("DC.title") or meta.first("og:title"),
        "creators": [c for t, c in meta.tags if t == "citation_author"] or [meta.first("DC.creator")],
        "date": meta.first("citation_publication_date") or meta.first("DC.date"),
        "url": meta.first("citation_public_url") or meta.first("og:url"),
    }


def bibtex_entries(text):
    """(type, key, {field: value}) per entry, each value read as BibTeX reads it: a {group}, whose
    braces (escaped or not) must balance, or a macro name such as nov."""
    entries, i = [], 0
    while kop := re.compile(r"@(\w+)\{([^,]+),").search(text, i):
        velden, i = {}, kop.end()
        while veld := re.compile(r"\s*(\w+) = ").match(text, i):
            i = begin = veld.end()
            if text[i] == "{":
                diepte = 0
                while (diepte or i == begin) and i < len(text):  # an unbalanced group runs to the end
                    diepte += {"{": 1, "}": -1}.get(text[i], 0)
                    i += 1
                velden[veld[1]] = text[begin + 1 : i - 1]
            else:
                velden[veld[1]] = re.compile(r"\w+").match(text, i)[0]
                i += len(velden[veld[1]])
            i += text[i : i + 1] == ","
        entries.append((kop[1], kop[2], velden))
    return entries


def test_lesson_page_offers_a_version_pinned_citation(client, content):
    les = content["mensen"]
    # Changed late on 5 March (UTC): in Amsterdam, where the site dates its citations, 6 March.
    Les.objects.filter(pk=les.pk).update(gewijzigd=datetime(2024, 3, 5, 23, 30, tzinfo=UTC))
    html = client.get("/lessen/het-gaat-om-de-mensen/").content.decode()
    permalink = f"http://testserver/l/{les.pk}/v/1/"
    assert "Citeer deze les" in html
    assert f'href="{permalink}">{permalink}</a>' in html
    assert "Wijkgids-redactie. (2024, maart 6). <i>Het gaat om de mensen</i>. Wijkgids." in html
    assert "Wijkgids, ‘Het gaat om de mensen’, versie 1 (6 maart 2024)" in html
    for formaat in ["bib", "ris", "json"]:
        assert f'href="/lessen/het-gaat-om-de-mensen/citeren.{formaat}"' in html


def test_zotero_saves_a_lesson_as_a_web_page_of_the_wijkgids(client, content):
    les = content["mensen"]
    html = client.get("/lessen/het-gaat-om-de-mensen/").content.decode()
    assert zotero_item(html) == {
        "itemType": "webpage",
        "websiteTitle": "Wijkgids",  # not the source the lesson summarises
        "title": "Het gaat om de mensen",
        "creators": ["Wijkgids-redactie"],
        "date": localtime(les.gewijzigd).date().isoformat(),
        "url": f"http://testserver/l/{les.pk}/v/1/",
    }
    assert "Tussenbalans" not in str(MetaTags(html).tags)  # the source is named in the page and its JSON-LD
    assert '<link rel="canonical" href="http://testserver/lessen/het-gaat-om-de-mensen/">' in html
    data = jsonld(html)
    assert data["@type"] == "Article" and data["headline"] == "Het gaat om de mensen"
    assert data["version"] == "1" and data["isBasedOn"][0]["name"] == "Tussenbalans"


def test_zotero_saves_an_older_version_as_that_version_of_the_web_page(client, content):
    les = content["weg"]
    les.titel = "Weg met de romantiek, herzien"
    les_opslaan(les=les)
    versie = Les.history.get(id=les.pk, versie=1)
    cited = client.get(f"/l/{les.pk}/v/1/", follow=True).content.decode()  # where a citation leads
    assert zotero_item(cited) == {
        "itemType": "webpage",
        "websiteTitle": "Wijkgids",
        "title": "Weg met de romantiek",
        "creators": ["Wijkgids-redactie"],
        "date": localtime(versie.history_date).date().isoformat(),
        "url": f"http://testserver/l/{les.pk}/v/1/",
    }


def test_every_route_to_a_reference_calls_a_lesson_a_web_page_of_the_wijkgids(client, content):
    weg, mensen = content["weg"], content["mensen"]
    assert zotero_item(client.get("/lessen/weg-met-de-romantiek/").content.decode())["itemType"] == "webpage"
    for adres, aantal in [
        ("/lessen/weg-met-de-romantiek/citeren.{}", 1),
        (f"/bundel/citaten.{{}}?les={weg.pk},{mensen.pk}", 2),
    ]:
        bib = bibtex_entries(client.get(adres.format("bib")).content.decode())
        assert [(soort, velden["howpublished"][:10]) for soort, _, velden in bib] == [
            ("misc", "Wijkgids, ")
        ] * aantal
        bib = bibtex_entries(client.get(adres.format("biblatex.bib")).content.decode())
        assert [(soort, velden["organization"]) for soort, _, velden in bib] == [
            ("online", "Wijkgids")
        ] * aantal

        ris = [dict(re.findall(r"^(\w\w)  - (.*?)\r$", record, re.M)) for record in
               client.get(adres.format("ris")).content.decode().split("ER  - ")[:-1]]  # fmt: skip
        assert [(record["TY"], record["T2"]) for record in ris] == [("ELEC", "Wijkgids")] * aantal

        csl = client.get(adres.format("json")).json()
        assert [(item["type"], item["container-title"]) for item in csl] == [("webpage", "Wijkgids")] * aantal


def test_bibtex_reads_well_in_classic_bibtex_and_in_biblatex(client, content):
    les = content["weg"]
    les_opslaan(les=les)
    permalink = f"http://testserver/l/{les.pk}/v/2/"
    datum = localtime(les.gewijzigd)
    [(soort, sleutel, velden)] = bibtex_entries(
        client.get("/lessen/weg-met-de-romantiek/citeren.bib").content.decode()
    )
    assert sleutel == f"wijkgids-{les.pk}-v2"
    # @misc, which plain.bst defines: author, title, howpublished, month year, note
    assert soort == "misc"
    assert velden["month"] == ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                               "dec"][datum.month - 1]  # a macro: "November", not "11"  # fmt: skip
    assert velden["year"] == str(datum.year)
    assert velden["howpublished"] == rf"Wijkgids, \url{{{permalink}}}"
    assert velden["note"].startswith("Versie 2. Geraadpleegd op ")  # the access date, for classic styles
    assert velden["author"] == "{Wijkgids-redactie}"  # braced: an organisation, not a surname and initials
    # biblatex/biber, in a file of its own: @online with url, the version's date and number
    [(soort, sleutel, velden)] = bibtex_entries(
        client.get("/lessen/weg-met-de-romantiek/citeren.biblatex.bib").content.decode()
    )
    assert soort == "online"
    assert (velden["url"], velden["date"], velden["version"]) == (permalink, datum.date().isoformat(), "2")


def test_a_lone_brace_in_a_title_keeps_its_bibtex_entry_whole(client, content):
    weg, mensen = content["weg"], content["mensen"]
    weg.titel = "Weg met {de romantiek"
    les_opslaan(les=weg)
    bib = bibtex_entries(client.get(f"/bundel/citaten.bib?les={weg.pk},{mensen.pk}").content.decode())
    assert [sleutel for _, sleutel, _ in bib] == [f"wijkgids-{weg.pk}-v2", f"wijkgids-{mensen.pk}-v1"]
    assert bib[0][2]["title"] == r"{Weg met \textbraceleft{}de romantiek}"  # BibTeX counts \{ as a brace
    assert bib[0][2]["url"] == f"http://testserver/l/{weg.pk}/v/2/"


def test_json_ld_says_when_a_lesson_was_first_published_and_last_changed(client, content):
    les = content["concept"]
    les.status = Les.Status.GEPUBLICEERD
    les_opslaan(les=les)  # version 2: the first one published
    les.samenvatting = "Later aangescherpt."
    les_opslaan(les=les)  # version 3
    data = jsonld(client.get("/lessen/geheim-concept/").content.decode())
    versies = {versie.versie: versie.history_date for versie in Les.history.filter(id=les.pk)}
    assert datetime.fromisoformat(data["datePublished"]) == versies[2]
    assert datetime.fromisoformat(data["dateModified"]) == les.gewijzigd
    assert datetime.fromisoformat(data["dateModified"]) > versies[2]


def test_a_draft_shown_to_the_editors_claims_no_publication_date(staff_client, content):
    data = jsonld(staff_client.get("/lessen/geheim-concept/").content.decode())
    assert "datePublished" not in data and data["headline"] == "Geheim concept"


def test_json_ld_cannot_be_broken_out_of(client, content):
    les = content["weg"]
    les.titel = "</script><script>alert(1)</script>"
    les_opslaan(les=les)
    html = client.get("/lessen/weg-met-de-romantiek/").content.decode()
    assert "<script>alert(1)" not in html
    assert jsonld(html)["headline"] == "</script><script>alert(1)</script>"


def test_citation_downloads(client, content):
    les = content["weg"]
    les.titel = "Weg met {de} romantiek & 100% stad"
    les_opslaan(les=les)
    bib = client.get("/lessen/weg-met-de-romantiek/citeren.bib")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert f'filename="wijkgids-{les.pk}-v2.bib"' in bib["Content-Disposition"]
    text = bib.content.decode()
    assert text.startswith(f"@misc{{wijkgids-{les.pk}-v2,")
    assert r"title = {{Weg met \textbraceleft{}de\textbraceright{} romantiek \& 100\% stad}}" in text
    assert f"url = {{http://testserver/l/{les.pk}/v/2/}}" in text

    ris = client.get("/lessen/weg-met-de-romantiek/citeren.ris").content.decode()
    assert ris.startswith("TY  - ELEC\r\n")
    assert f"UR  - http://testserver/l/{les.pk}/v/2/\r\n" in ris
    assert ris.rstrip().endswith("ER  -")

    csl = client.get("/lessen/weg-met-de-romantiek/citeren.json").json()
    assert csl[0]["title"] == "Weg met {de} romantiek & 100% stad"
    assert csl[0]["version"] == "2" and csl[0]["URL"].endswith(f"/l/{les.pk}/v/2/")

    assert client.get("/lessen/weg-met-de-romantiek/citeren.pdf").status_code == 404
    assert client.get("/lessen/geheim-concept/citeren.bib").status_code == 404


def test_the_cited_version_link_keeps_showing_what_was_cited(client, content):
    les = content["weg"]
    bib = client.get("/lessen/weg-met-de-romantiek/citeren.bib").content.decode()
    cited = re.search(r"url = \{(.*?)\}", bib).group(1).replace("http://testserver", "")
    les.tekst = "## Herzien\n\nHeel iets anders."
    les_opslaan(les=les)
    response = client.get(cited, follow=True)
    assert "De bron zegt iets over de wijk." in response.content.decode()
    assert "Heel iets anders" not in response.content.decode()


def test_apa_names_put_particles_after_the_initials():
    assert apa_naam("Lans, Jos van der") == "Lans, J. van der"
    assert apa_naam("Brink, Gabriël van den") == "Brink, G. van den"
    assert apa_naam("Giltay Veth, Daniel") == "Giltay Veth, D."
    assert apa_naam("Wijkgids") == "Wijkgids"


VAN_DEZE_SITE = {"Sec-Fetch-Site": "same-origin"}  # what a browser says of a form on a page of this site


def test_bundle_collects_lessons_and_gives_one_reference_list(client, content):
    weg, mensen, sturen = content["weg"], content["mensen"], content["sturen_les"]
    response = client.post(
        "/bundel/", {"les": [weg.pk, mensen.pk], "terug": "/lessen/"}, follow=True, headers=VAN_DEZE_SITE
    )
    assert response.redirect_chain == [(f"/bundel/?toegevoegd={weg.pk}%2C{mensen.pk}", 302)]
    assert "2 lessen staan nu in uw citatiebundel." in response.content.decode()
    client.post("/bundel/", {"les": [sturen.pk, weg.pk]}, headers=VAN_DEZE_SITE)
    html = client.get("/bundel/").content.decode()
    assert (
        html.index("Weg met de romantiek") < html.index("Het gaat om de mensen") < html.index("Wildroosters")
    )
    for les in (weg, mensen, sturen):
        assert f"http://testserver/l/{les.pk}/v/1/" in html
    bib = client.get(f"/bundel/citaten.bib?les={weg.pk},{mensen.pk},{sturen.pk}").content.decode()
    assert bib.count("@misc{") == 3
    ris = client.get(f"/bundel/citaten.ris?les={weg.pk},{mensen.pk},{sturen.pk}").content.decode()
    assert ris.count("TY  - ELEC") == 3


def test_bundle_remove_and_clear(client, content):
    weg, mensen = content["weg"], content["mensen"]
    client.post("/bundel/", {"les": [weg.pk, mensen.pk]}, headers=VAN_DEZE_SITE)
    client.post("/bundel/", {"actie": "verwijderen", "les": weg.pk}, headers=VAN_DEZE_SITE)
    html = client.get("/bundel/").content.decode()
    assert "Het gaat om de mensen" in html and "Weg met de romantiek" not in html
    client.post("/bundel/", {"actie": "leegmaken"}, headers=VAN_DEZE_SITE)
    assert "De bundel is leeg" in client.get("/bundel/").content.decode()


def test_a_shared_bundle_url_shows_the_same_list(client, content):
    weg, mensen = content["weg"], content["mensen"]
    html = client.get(f"/bundel/?les={mensen.pk},{weg.pk}").content.decode()
    assert html.index("Het gaat om de mensen") < html.index("Weg met de romantiek")


# "²" and "٣" are digits to str.isdigit(); int() refuses the first and reads the second as 3. No
# lesson has number 0.
@pytest.mark.parametrize("les", ["abc", "-1", "9" * 5000, "1.5", "\x00", "💥", "", "²", "0,²", "٣"])
def test_bundle_ignores_nonsense(client, content, les):
    weg = content["weg"]
    client.cookies["citatiebundel"] = str(weg.pk)
    response = client.post("/bundel/", {"les": les}, headers=VAN_DEZE_SITE)
    assert response.status_code == 302
    assert response.cookies["citatiebundel"].value == str(weg.pk)  # the bundle stays as it was
    assert "Weg met de romantiek" in client.get("/bundel/").content.decode()

    shared = client.get("/bundel/", {"les": les})  # a shared bundle of nonsense holds nothing
    if "\x00" in les:  # a NUL in any query string is refused site-wide
        assert shared.status_code == 400
        return
    assert shared.status_code == 200
    assert "De bundel is leeg" in shared.content.decode()
    assert "Weg met de romantiek" not in shared.content.decode()
    downloads = {f: client.get(f"/bundel/citaten.{f}", {"les": les}) for f in ("bib", "ris", "json")}
    assert {f: r.status_code for f, r in downloads.items()} == {"bib": 200, "ris": 200, "json": 200}
    assert "@misc" not in downloads["bib"].content.decode()
    assert "TY  -" not in downloads["ris"].content.decode()
    assert downloads["json"].json() == []


def test_a_cookie_with_a_superscript_digit_keeps_the_rest_of_the_bundle(client, content):
    """Such a cookie, kept for a year, used to give its visitor a 500 on every bundle page."""
    weg = content["weg"]
    client.cookies["citatiebundel"] = f"{weg.pk},²"
    assert "Weg met de romantiek" in client.get("/bundel/").content.decode()
    assert client.get("/bundel/citaten.bib").content.decode().count("@misc{") == 1
    response = client.post("/bundel/", {"les": content["mensen"].pk}, headers=VAN_DEZE_SITE)
    assert response.cookies["citatiebundel"].value == f"{weg.pk},{content['mensen'].pk}"


def test_bundle_never_shows_drafts_and_never_redirects_away(client, content):
    response = client.post("/bundel/", {"les": content["concept"].pk}, follow=True, headers=VAN_DEZE_SITE)
    assert "Geheim concept" not in response.content.decode()
    # The header counts the numbers in the cookie: a draft's would make it "Citatiebundel (1)".
    assert client.cookies["citatiebundel"].value == ""
    response = client.post(
        "/bundel/", {"actie": "verwijderen", "les": 1, "terug": "//elders.example/"}, headers=VAN_DEZE_SITE
    )
    assert response["Location"] == "/bundel/"


def test_lesson_feed_lists_its_public_versions(client, content):
    les = content["weg"]
    les_opslaan(les=les, reden="Aangescherpt")
    response = client.get("/lessen/weg-met-de-romantiek/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "<title>Versie 2: Aangescherpt</title>" in xml
    assert f"/l/{les.pk}/v/1/" in xml
    assert client.get("/lessen/geheim-concept/feed/").status_code == 404


@pytest.mark.parametrize("maand, naam", [(1, "januari"), (3, "maart"), (5, "mei"), (12, "december")])
def test_citations_name_the_month_in_dutch(maand, naam):
    citaat = Citaat(
        7, "Titel", 3, datetime(2025, maand, 9, 12, tzinfo=UTC), "https://wijkgids.nl/l/7/v/3/", []
    )
    assert (
        f"Wijkgids-redactie. (2025, {naam} 9). <i>Titel</i>. Wijkgids." in apa_html([citaat])[citaat.sleutel]
    )
    assert regel(citaat) == f"Wijkgids, ‘Titel’, versie 3 (9 {naam} 2025), https://wijkgids.nl/l/7/v/3/"


def test_the_bundle_holds_at_most_100_lessons(client, content):
    gemaakt = Les.objects.bulk_create(  # quicker than saving each through its service; no search needed
        Les(titel=f"Bundelles {n:03d}", slug=f"bundelles-{n:03d}", status=Les.Status.GEPUBLICEERD)
        for n in range(98)
    )
    extra = [les.pk for les in gemaakt]
    alle = [content["weg"].pk, content["mensen"].pk, content["sturen_les"].pk, *extra]  # 101 public lessons
    client.post("/bundel/", {"les": alle}, headers=VAN_DEZE_SITE)
    assert client.cookies["citatiebundel"].value == ",".join(map(str, alle[:100]))
    html = client.get("/bundel/").content.decode()
    assert "Literatuurlijst (APA 7): 100 lessen" in html
    assert "Bundelles 096" in html and "Bundelles 097" not in html  # the 101st did not fit

    client.post(
        "/bundel/", {"les": LesFactory(titel="Nog een les").pk}, headers=VAN_DEZE_SITE
    )  # a full bundle takes no more
    assert client.cookies["citatiebundel"].value == ",".join(map(str, alle[:100]))

    gedeeld = ",".join(map(str, alle))  # a shared link, and the downloads, list the first 100 too
    assert "Literatuurlijst (APA 7): 100 lessen" in client.get("/bundel/", {"les": gedeeld}).content.decode()
    bib = client.get("/bundel/citaten.bib", {"les": gedeeld}).content.decode()
    assert bib.count("@misc{") == 100


def _bundel(response):
    return response.cookies["citatiebundel"].value if "citatiebundel" in response.cookies else None


def test_a_page_on_another_site_cannot_replace_or_empty_a_visitor_s_bundle(client, content):
    """Another site's form arrives without the bundle's cookie (SameSite=Lax): it used to overwrite
    "1,2" with "99". Now it changes nothing; "add" asks the visitor to confirm on this site."""
    weg, mensen = content["weg"], content["mensen"]
    for headers in ({"Sec-Fetch-Site": "cross-site", "Origin": "https://elders.example"}, {}):
        response = client.post("/bundel/", {"actie": "toevoegen", "les": mensen.pk}, headers=headers)
        assert _bundel(response) is None
        assert response["Location"] == f"/bundel/?toevoegen={mensen.pk}"
        for actie in ("leegmaken", "verwijderen"):
            response = client.post("/bundel/", {"actie": actie, "les": weg.pk}, headers=headers)
            assert (_bundel(response), response["Location"]) == (None, "/bundel/")
    # With a forged confirmation (no valid CSRF token) nothing changes either.
    response = Client(enforce_csrf_checks=True).post(
        "/bundel/", {"actie": "toevoegen", "les": mensen.pk, "bevestigd": "1"}
    )
    assert _bundel(response) is None


def test_a_visitor_s_first_add_without_browser_headers_is_confirmed_on_this_site(content):
    mensen = content["mensen"]
    client = Client(enforce_csrf_checks=True)
    response = client.post("/bundel/", {"les": mensen.pk}, follow=True)
    html = response.content.decode()
    assert "Wilt u ‘Het gaat om de mensen’ aan uw citatiebundel toevoegen?" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        "/bundel/", {"actie": "toevoegen", "les": mensen.pk, "bevestigd": "1", "csrfmiddlewaretoken": token}
    )
    assert _bundel(response) == str(mensen.pk)


def test_adding_from_this_site_keeps_what_the_bundle_held(client, content):
    weg, mensen = content["weg"], content["mensen"]
    client.cookies["citatiebundel"] = str(weg.pk)
    response = client.post("/bundel/", {"les": mensen.pk})  # the cookie came along: same site
    assert _bundel(response) == f"{weg.pk},{mensen.pk}"
    response = Client().post("/bundel/", {"les": mensen.pk}, headers={"Origin": "http://testserver"})
    assert _bundel(response) == str(mensen.pk)
