"""The real content: every lesson of the seed documents, loaded as `loaddata wijkgids` loads it."""

from collections import Counter

import pytest
from django.core.management import call_command

from bronnen.models import Bron
from lessen import wikilinks
from lessen.models import Les, Thema, Vermelding

pytestmark = pytest.mark.django_db


@pytest.fixture
def wijkgids(db):
    call_command("loaddata", "wijkgids", verbosity=0)


def locators(bron_slug, prefix):
    return {v.locator for v in Vermelding.objects.filter(bron__slug=bron_slug, locator__startswith=prefix)}


def test_every_numbered_point_law_and_pillar_is_there(wijkgids):
    assert locators("lezing-wijkaanpak-eerste-versie", "punt ") == {f"punt {n}" for n in range(1, 11)}
    assert locators("doen-we-de-goede-dingen", "punt ") == {f"punt {n}" for n in range(1, 10)}
    assert locators("wijkengids", "§4.5, wet ") == {f"§4.5, wet {n}" for n in range(1, 13)}
    assert locators("derksen-tussenbalans-wijkenbeleid", "punt ") == {f"punt {n}" for n in range(1, 9)}
    pijlers = Les.objects.filter(soort="pijler", vermeldingen__bron__slug="beter-perspectief")
    assert sorted(pijlers.values_list("vermeldingen__locator", flat=True)) == [
        "pijler 1",
        "pijler 2",
        "pijler 3",
    ]
    for pijler in pijlers:
        assert pijler.onderdelen.count() >= 2, pijler.titel


def test_the_titles_are_the_sources_own(wijkgids):
    def titel(bron, locator):
        return Vermelding.objects.get(bron__slug=bron, locator=locator).les.titel

    assert titel("lezing-wijkaanpak-eerste-versie", "punt 10") == "Energieke wijkorganisatie"
    assert titel("doen-we-de-goede-dingen", "punt 5") == "Wijkaanpak vraagt om trots"
    assert titel("wijkengids", "§4.5, wet 7") == "De Rotterdamwet helpt"
    assert Les.objects.filter(soort="pijler").get(titel__startswith="Een lange adem")


def test_the_same_point_in_both_lecture_versions_is_one_lesson_citing_both(wijkgids):
    trots = Les.objects.get(titel="Wijkaanpak vraagt om trots")
    cited = {(v.bron.slug, v.locator, v.titel_in_bron) for v in trots.vermeldingen.all()}
    assert cited == {
        ("lezing-wijkaanpak-eerste-versie", "punt 7", "Wijkaanpak vraagt om iconen"),
        ("doen-we-de-goede-dingen", "punt 5", "Wijkaanpak vraagt om trots"),
    }


def test_each_of_the_six_other_essays_has_lessons_by_its_author(wijkgids):
    bundel = Bron.objects.get(slug="balans-wijkenbeleid")
    essays = bundel.onderdelen.order_by("volgorde")
    authors = [[a.naam for a in essay.auteurs.all()] for essay in essays]
    assert authors == [
        ["Wim Derksen"], ["Daniel Giltay Veth"], ["Evelien Tonkens"], ["Gabriël van den Brink"],
        ["Joost van Alkemade"], ["Karien Stronks"], ["Willem van Spijker"],
    ]  # fmt: skip
    for essay in essays:
        assert essay.vermeldingen.exists(), essay.titel


def test_every_lesson_is_published_themed_tagged_sourced_and_attributed(wijkgids):
    lessen = Les.objects.prefetch_related("themas", "tags", "vermeldingen__bron__auteurs")
    assert lessen.count() >= 60
    for les in lessen:
        assert les.status == "gepubliceerd", les.titel
        assert les.samenvatting and les.tekst, les.titel
        assert les.themas.exists(), les.titel
        assert 2 <= les.tags.count() <= 6, les.titel
        vermeldingen = list(les.vermeldingen.all())
        assert vermeldingen, les.titel
        for vermelding in vermeldingen:
            assert vermelding.locator.strip(), les.titel
            authors = list(vermelding.bron.auteurs.all())
            # Only the Wijkengids names no author; every other source is attributed.
            assert authors or vermelding.bron.slug == "wijkengids", les.titel


def test_the_themes_the_documents_name_are_there(wijkgids):
    names = set(Thema.objects.values_list("naam", flat=True))
    assert {"Kijken en ervaren", "Sturen", "Organiseren", "Leefwereld"} <= names


def test_the_lectures_own_grouping_decides_sturen_and_organiseren(wijkgids):
    def themes(titel):
        return set(Les.objects.get(titel=titel).themas.values_list("slug", flat=True))

    assert "sturen" in themes("Wildroosters & slagbomen")
    assert "organiseren" in themes("Energieke wijkorganisatie")


def test_no_year_is_invented(wijkgids):
    assert not Bron.objects.filter(jaar__isnull=False).exists()


def test_stored_html_is_the_rendering_of_the_stored_markdown(wijkgids):
    for les in Les.objects.all():
        assert les.tekst_html == wikilinks.render(les)[0], les.titel


def test_slugs_and_tags_are_unique_and_clean(wijkgids):
    assert len(set(Les.objects.values_list("slug", flat=True))) == Les.objects.count()
    tag_slugs = Counter(Les.tags.through.objects.values_list("tag__slug", flat=True))
    assert all(slug.isascii() for slug in tag_slugs)


def test_loading_the_content_twice_does_not_duplicate(db):
    call_command("load_content", verbosity=0)
    count = Les.objects.count()
    call_command("load_content", verbosity=0)
    assert Les.objects.count() == count > 0


def test_every_link_between_lessons_in_the_content_resolves(wijkgids):
    from lessen.models import Wikilink

    assert Wikilink.objects.exists()
    assert not Wikilink.objects.filter(naar__isnull=True).exists()
    assert not Les.objects.filter(tekst_html__contains="wikilink--ontbreekt").exists()
