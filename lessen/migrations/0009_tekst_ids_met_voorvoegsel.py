"""Ids in a stored body start with "tekst-", as lessen.markdown now renders them (TEXT_ID_PREFIX), so
that no heading takes an id of the page around it; links within a body follow their heading.

The stored HTML is nh3's output: attributes in double quotes, `<` in text escaped, and an id allowed
on h2-h6 only; so these patterns find exactly the ids and the in-page links.
"""

import re

from django.db import migrations

PREFIX = "tekst-"
FORWARD = [
    (re.compile(rf'(<h[2-6] id="|<a\b[^>]*?\shref="#)(?!{PREFIX})'), rf"\g<1>{PREFIX}"),
]
BACKWARD = [
    (re.compile(rf'(<h[2-6] id="|<a\b[^>]*?\shref="#){PREFIX}'), r"\g<1>"),
]


def rewrite(html, patterns):
    for pattern, replacement in patterns:
        html = pattern.sub(replacement, html)
    return html


def _rewrite_stored_bodies(patterns):
    def run(apps, schema_editor):
        for model_name in ("Les", "HistoricalLes"):
            model = apps.get_model("lessen", model_name)
            changed = []
            for row in model.objects.only("pk", "tekst_html").iterator(chunk_size=500):
                html = rewrite(row.tekst_html, patterns)
                if html != row.tekst_html:
                    row.tekst_html = html
                    changed.append(row)
            model.objects.bulk_update(changed, ["tekst_html"], batch_size=500)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("lessen", "0008_nieuwste_per_bron_en_thema"),
    ]

    operations = [
        migrations.RunPython(_rewrite_stored_bodies(FORWARD), _rewrite_stored_bodies(BACKWARD)),
    ]
