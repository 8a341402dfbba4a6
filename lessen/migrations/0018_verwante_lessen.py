"""The related lessons of each lesson, kept by the services (lessen/related.py) instead of worked out
on every page: the table, filled here for the lessons there are, by the same rule, with the
historical models and this migration's own code."""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

WEIGHTS = {"links": 4, "tags": 3, "themas": 2, "bronnen": 1}
PER_SHARE = 100
SHOWN = 5


def fill(apps, schema_editor):
    Les = apps.get_model("lessen", "Les")
    Vermelding = apps.get_model("lessen", "Vermelding")
    Wikilink = apps.get_model("lessen", "Wikilink")
    VerwanteLes = apps.get_model("lessen", "VerwanteLes")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    published = dict(Les.objects.values_list("pk", "status"))
    published = {pk: status == "gepubliceerd" for pk, status in published.items()}
    if not published:
        return
    tags, themas, bronnen, links = (defaultdict(set) for _ in range(4))
    per_tag, per_thema, per_bron = (defaultdict(set) for _ in range(3))
    les_type = ContentType.objects.filter(app_label="lessen", model="les").first()
    if les_type is not None:
        for les_id, tag_id in TaggedItem.objects.filter(content_type=les_type).values_list(
            "object_id", "tag_id"
        ):
            if les_id in published:
                tags[les_id].add(tag_id)
                per_tag[tag_id].add(les_id)
    for les_id, thema_id in Les.themas.through.objects.values_list("les_id", "thema_id"):
        themas[les_id].add(thema_id)
        per_thema[thema_id].add(les_id)
    for les_id, bron_id in Vermelding.objects.values_list("les_id", "bron_id"):
        bronnen[les_id].add(bron_id)
        per_bron[bron_id].add(les_id)
    for van_id, naar_id in Wikilink.objects.filter(naar__isnull=False).values_list("van_id", "naar_id"):
        if van_id != naar_id:
            links[van_id].add(naar_id)
            links[naar_id].add(van_id)
    newest_thema = {key: sorted(ids, reverse=True)[:PER_SHARE] for key, ids in per_thema.items()}
    newest_bron = {key: sorted(ids, reverse=True)[:PER_SHARE] for key, ids in per_bron.items()}
    rows = []
    for pk in published:
        candidates = set(links[pk])
        for tag in tags[pk]:
            candidates |= per_tag[tag]
        for thema in themas[pk]:
            candidates.update(newest_thema[thema])
        for bron in bronnen[pk]:
            candidates.update(newest_bron[bron])
        candidates.discard(pk)
        scored = []
        for other in candidates:
            shared = (
                other in links[pk],
                len(tags[pk] & tags[other]),
                len(themas[pk] & themas[other]),
                len(bronnen[pk] & bronnen[other]),
            )
            score = sum(weight * n for weight, n in zip(WEIGHTS.values(), shared, strict=True))
            scored.append((-score, other, score, shared))
        scored.sort()
        for publiek in [True, False]:
            chosen = [row for row in scored if published[row[1]] or not publiek][:SHOWN]
            rows += [
                VerwanteLes(
                    les_id=pk,
                    andere_id=other,
                    publiek=publiek,
                    score=score,
                    gelinkt=gelinkt,
                    gedeelde_tags=gedeelde_tags,
                    gedeelde_themas=gedeelde_themas,
                    gedeelde_bronnen=gedeelde_bronnen,
                )
                for _, other, score, (gelinkt, gedeelde_tags, gedeelde_themas, gedeelde_bronnen) in chosen
            ]
    VerwanteLes.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("lessen", "0017_wijzigingen_in_afwachting"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="VerwanteLes",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("publiek", models.BooleanField()),
                ("score", models.PositiveIntegerField()),
                ("gelinkt", models.BooleanField()),
                ("gedeelde_tags", models.PositiveIntegerField()),
                ("gedeelde_themas", models.PositiveIntegerField()),
                ("gedeelde_bronnen", models.PositiveIntegerField()),
                (
                    "andere",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="lessen.les"
                    ),
                ),
                (
                    "les",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="lessen.les"
                    ),
                ),
            ],
            options={
                "verbose_name": "verwante les",
                "verbose_name_plural": "verwante lessen",
                "indexes": [models.Index(fields=["andere"], name="verwante_les_andere")],
                "constraints": [
                    models.UniqueConstraint(fields=("les", "publiek", "andere"), name="verwante_les_uniek")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
