"""Every page type, with the real content, in Chromium at desktop and phone width.

Checked on each: Dutch as its language, one h1 and no skipped heading level, a focus ring at every
Tab stop that stands out (≥ 3:1) from what is behind it, no serious or critical axe-core violation
(contrast included) at 1280 and 375 px, and no horizontal scroll at 375 px. Screenshots of both
widths go to test-artifacts/screenshots/ for a person to look at.

The real content (lessen/fixtures/wijkgids.json), not test data: a long source title or a wide table is
what breaks a phone screen. The addresses are picked from the content, so editing it breaks nothing.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from bronnen.models import Auteur, Bron
from lessen.models import Les, Thema
from lessen.selectors import tag_list
from lessen.services import les_opslaan

from .conftest import DESKTOP, PHONE, run_axe, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SERIOUS = {"serious", "critical"}


@pytest.fixture
def real_pages(transactional_db):
    """The real content, and one address for every page type."""
    call_command("load_content", stdout=StringIO())
    les = Les.objects.published().annotate(n=Count("vermeldingen")).order_by("-n", "pk").first()
    les.samenvatting += " Aangevuld door de redactie."
    les_opslaan(les=les)  # a second version, for the version list and the diff
    thema = Thema.objects.annotate(n=Count("lessen")).order_by("-n", "volgorde").first()
    bron = Bron.objects.filter(onderdeel_van=None).annotate(n=Count("vermeldingen")).order_by("-n").first()
    bundel = Bron.objects.filter(soort=Bron.Soort.ESSAYBUNDEL).first()
    auteur = Auteur.objects.annotate(n=Count("bronnen")).order_by("-n", "slug").first()
    tag = tag_list()[0]
    drie = ",".join(str(pk) for pk in Les.objects.published().values_list("pk", flat=True)[:3])
    return {
        "home": reverse("home"),
        "lessen": reverse("lessen:les_list"),
        "lessen-gefilterd": f"{reverse('lessen:les_list')}?thema={thema.slug}&bron={bron.slug}",
        "les": les.get_absolute_url(),
        "themas": reverse("lessen:thema_list"),
        "thema": thema.get_absolute_url(),
        "thema-vergelijk": reverse("lessen:thema_comparison", args=[thema.slug]),
        "overzicht": reverse("lessen:overzicht"),
        "tags": reverse("lessen:tag_list"),
        "tag": reverse("lessen:tag_detail", args=[tag.slug]),
        "bronnen": reverse("bronnen:bron_list"),
        "bron": bron.get_absolute_url(),
        "bundelbron": bundel.get_absolute_url(),
        "auteurs": reverse("bronnen:auteur_list"),
        "auteur": auteur.get_absolute_url(),
        "zoeken": f"{reverse('zoeken:zoeken')}?q=bewoners",
        "zoeken-niets": f"{reverse('zoeken:zoeken')}?q=xylofoonkwartet",
        "versies": reverse("versies:versie_list", args=[les.slug]),
        "versie": reverse("versies:versie_detail", args=[les.slug, 1]),
        "verschil": reverse("versies:verschil", args=[les.slug, 1, 2]),
        "citatiebundel": f"{reverse('citeren:bundel')}?les={drie}",
        "controleer": reverse("citeren:controle"),
        "404": "/lessen/deze-les-bestaat-niet/",
    }


PAGE_TYPES = [
    "home", "lessen", "lessen-gefilterd", "les", "themas", "thema", "thema-vergelijk", "overzicht",
    "tags", "tag", "bronnen", "bron", "bundelbron", "auteurs", "auteur", "zoeken", "zoeken-niets",
    "versies", "versie", "verschil", "citatiebundel", "controleer", "404",
]  # fmt: skip

HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => getComputedStyle(h).display !== 'none')
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""

# Records, at every focus, the element's outline and its contrast with the background it is drawn
# on: outside the element (outline-offset >= 0), that is the nearest ancestor with a background colour.
RECORD_FOCUS_RINGS = """() => {
    window.focusRings = [];
    const rgb = colour => colour.match(/[\\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
        const channel = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ring = el => {
        let node = el.parentElement, behind = [255, 255, 255];
        while (node) {
            const c = rgb(getComputedStyle(node).backgroundColor);
            if (c.length < 4 || c[3] > 0) { behind = c; break; }
            node = node.parentElement;
        }
        const style = getComputedStyle(el);
        const [light, dark] = [luminance(rgb(style.outlineColor)), luminance(behind)].sort((a, b) => b - a);
        return {
            element: el.outerHTML.slice(0, 80),
            style: style.outlineStyle,
            width: parseFloat(style.outlineWidth),
            contrast: (light + 0.05) / (dark + 0.05),
        };
    };
    document.addEventListener('focusin', event => window.focusRings.push(ring(event.target)));
    return document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]').length;
}"""


def heading_problems(headings):
    levels = [level for level, _ in headings]
    problems = [] if levels.count(1) == 1 and levels[0] == 1 else [f"niet één h1 vooraan: {headings}"]
    for (previous, _), (level, text) in zip(headings, headings[1:], strict=False):
        if level > previous + 1:
            problems.append(f"h{level} ‘{text}’ volgt op h{previous}")
    return problems


def focus_ring_problems(page):
    """Tab through the whole page; every stop must show a solid ring of ≥ 2 px at ≥ 3:1."""
    for _ in range(page.evaluate(RECORD_FOCUS_RINGS)):
        page.keyboard.press("Tab")
    rings = page.evaluate("window.focusRings")
    assert len(rings) > 5, "de Tab-toets bereikt (bijna) niets op deze pagina"
    return [
        f"{r['element']} — {r['style']} {r['width']:g}px, contrast {r['contrast']:.1f}:1"
        for r in rings
        if r["style"] in ("none", "hidden") or r["width"] < 2 or r["contrast"] < 3
    ]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_is_accessible_and_fits_a_phone(audit_page, axe_source, real_pages, page_type):
    page = audit_page
    # What the browser console would show: script errors, refused resources (CSP), and any file the
    # page asks for that is not there (a missing icon is the classic). The 404 page itself is a 404.
    console = []
    page.on(
        "console",
        lambda m: m.type == "error" and "Failed to load resource" not in m.text and console.append(m.text),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and r.request.resource_type != "document" and console.append(r.url),
    )
    response = page.goto(real_pages[page_type])
    assert response.status == (404 if page_type == "404" else 200)
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert re.fullmatch(r".+ · Wijkgids", page.title())
    koppen = heading_problems(page.evaluate(HEADINGS))
    assert not koppen, "\n".join(koppen)
    focus = focus_ring_problems(page)
    assert not focus, "focus niet goed zichtbaar:\n" + "\n".join(focus)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        screenshot(page, page_type)
        breedte = page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= viewport["width"], f"bij {viewport['width']} px is de pagina {breedte} px breed"
        serious = [v for v in run_axe(page, axe_source) if v[1] in SERIOUS]
        assert not serious, f"axe-core bij {viewport['width']} px:\n" + "\n".join(map(str, serious))
    assert not console, "fouten in de console van de browser:\n" + "\n".join(console)


# Links leading away from the pages a reader reads: the admin, downloads, feeds and open data.
NOT_PAGES = re.compile(r"^/(beheer|feeds|api)/|\.(bib|ris|json)$")
# getAttribute, not .href: a link in an SVG (the maps) has no string href property.
SAME_ORIGIN_LINKS = """() => [...document.querySelectorAll('a[href]:not([download])')]
    .map(a => new URL(a.getAttribute('href'), location.href))
    .filter(u => u.origin === location.origin).map(u => u.pathname)"""


def test_no_page_reachable_from_home_scrolls_sideways_on_a_phone(new_context, real_pages):
    """Every public page that links lead to from the home page, at 375 px: a long source title or a
    long address on one source's page is enough to break a phone screen, so no page is sampled.
    (Query strings are left aside: a filter or a page number shows the same layout.)"""
    page = new_context(viewport=PHONE).new_page()
    seen, todo, wide = set(), ["/"], []
    while todo:
        path = todo.pop()
        if path in seen or NOT_PAGES.search(path):
            continue
        seen.add(path)
        response = page.goto(path)
        assert response.status < 500, path
        breedte = page.evaluate("document.documentElement.scrollWidth")
        if breedte > PHONE["width"]:
            wide.append(f"{path}: {breedte} px")
        todo.extend(set(page.evaluate(SAME_ORIGIN_LINKS)) - seen)
    assert len(seen) > 300, f"de rondgang bereikte maar {len(seen)} pagina's"
    assert not wide, "breder dan 375 px:\n" + "\n".join(wide)
