"""`manage.py generate_lessons`: realistic synthetic lessons, the same for a seed, and removable
without touching the real content."""

import re
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from taggit.models import Tag, TaggedItem

from bench import synthetic
from bronnen.models import Auteur, Bron, BronAuteur
from lessen import wikilinks
from lessen.models import Les, Thema, Vermelding
from lessen.services import les_opslaan

pytestmark = pytest.mark.django_db

WIKILINK = re.compile(r"\[\[([a-z0-9-]+)\]\]")


def generate(count, seed=1):
    out = StringIO()
    call_command("generate_lessons", count=count, seed=seed, stdout=out)
    return out.getvalue()


def delete():
    out = StringIO()
    call_command("generate_lessons", delete=True, stdout=out)
    return out.getvalue()


def snapshot():
    """The lessons as a reader sees them, in a comparable form."""
    return [
        (
            les.titel,
            les.slug,
            les.samenvatting,
            les.tekst,
            les.soort,
            les.kennissoort,
            sorted(thema.slug for thema in les.themas.all()),
            sorted(tag.name for tag in les.tags.all()),
            sorted((v.bron.slug, v.locator) for v in les.vermeldingen.all()),
        )
        for les in Les.objects.prefetch_related("themas", "tags", "vermeldingen__bron").order_by("slug")
    ]


def real_content():
    models = [Les, Thema, Vermelding, Bron, Auteur, BronAuteur, Tag, TaggedItem]
    return {model.__name__: serializers.serialize("json", model.objects.order_by("pk")) for model in models}


def test_generates_the_number_of_published_lessons_asked_for(content):
    before = Les.objects.count()
    assert generate(40).startswith("40 lessen gegenereerd met seed 1")
    generated = synthetic.generated_lessons()
    assert generated.count() == 40
    assert Les.objects.count() == before + 40
    assert not generated.exclude(status=Les.Status.GEPUBLICEERD).exists()


def test_generated_lessons_look_like_real_ones(content):
    generate(40)
    slugs = set(synthetic.generated_lessons().values_list("slug", flat=True))
    for les in synthetic.generated_lessons().prefetch_related("themas", "tags", "vermeldingen"):
        size = len(les.tekst.encode())
        assert 1024 <= size <= 3072, (les.slug, size)
        assert les.tekst.startswith("## ") and les.tekst.count("\n## ") >= 1
        assert "\n- " in les.tekst or "\n1. " in les.tekst
        assert les.tekst_html == wikilinks.render(les)[0]  # as a save would render it
        assert "wikilink--ontbreekt" not in les.tekst_html
        assert les.versie == 1 and les.history.get().tags_snapshot == sorted(les.tags.names())
        assert "<h2" in les.tekst_html
        links = WIKILINK.findall(les.tekst)
        assert 1 <= len(links) <= 3 and set(links) <= slugs - {les.slug}
        assert 3 <= les.tags.count() <= 6
        assert 1 <= les.themas.count() <= 3
        assert {thema.slug for thema in les.themas.all()} <= {"sturen", "leefwereld"}  # the real themes
        citations = list(les.vermeldingen.all())
        assert 1 <= len(citations) <= 2 and all(v.locator for v in citations)


def test_tags_come_from_a_pool_of_a_few_hundred(db):
    generate(300)
    used = set(TaggedItem.objects.values_list("tag__name", flat=True))
    assert 200 <= len(synthetic.TAG_POOL) <= 400
    assert used <= set(synthetic.TAG_POOL) and len(used) > 150


def test_the_same_seed_gives_the_same_lessons(db):
    generate(25, seed=7)
    first = snapshot()
    delete()
    generate(25, seed=7)
    assert snapshot() == first
    delete()
    generate(25, seed=8)
    assert snapshot() != first


def test_a_second_run_adds_more_lessons(db):
    generate(10)
    generate(10)
    assert synthetic.generated_lessons().count() == 20
    assert Les.objects.values("slug").distinct().count() == 20


def test_delete_removes_everything_generated_and_leaves_the_real_content(db):
    call_command("loaddata", "wijkgids", verbosity=0)
    before = real_content()
    generate(60)
    assert real_content() != before
    assert delete().startswith("60 gegenereerde lessen verwijderd")
    assert real_content() == before


def test_delete_keeps_a_pool_tag_that_real_content_uses(content):
    generate(30)
    tag = synthetic.generated_lessons().first().tags.first()
    content["weg"].tags.add(tag)
    delete()
    assert list(content["weg"].tags.filter(pk=tag.pk)) == [tag]


def test_delete_refuses_when_real_content_points_at_generated_content(content):
    generate(5)
    content["weg"].ouder = synthetic.generated_lessons().first()
    les_opslaan(les=content["weg"])
    with pytest.raises(CommandError, match="Niets verwijderd"):
        call_command("generate_lessons", delete=True)
    assert synthetic.generated_lessons().count() == 5


def test_count_must_be_positive(db):
    with pytest.raises(CommandError, match="minstens 1"):
        call_command("generate_lessons", count=0)
