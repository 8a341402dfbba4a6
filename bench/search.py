"""Speed of search and discovery on a large library: a goal per page, measured, never a timed test.

    .venv/bin/python bench/search.py [--lessons 1000]
    bin/with-postgres .venv/bin/python bench/search.py

Builds a throwaway test database (SQLite in memory, or the PostgreSQL of DATABASE_URL), fills it
with lessons of Dutch-looking text, then times each page (median of several requests) against its
goal. Exits 1 when a page misses its goal.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgids.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

GOALS_MS = {
    "/zoeken/?q=bewoners": 300,  # a word in most lessons: ranking and facets over many ids
    "/zoeken/?q=bewoners+-gemeente&thema=thema-0": 300,
    '/zoeken/?q="sociale+cohesie"': 300,
    "/zoeken/?q=wijkaanpk": 400,  # no results: spelling suggestions from the vocabulary
    "/lessen/?q=bewoners": 300,
    "/overzicht/": 200,
    "/themas/thema-0/vergelijk/": 300,
    "/lessen/les-0/": 200,  # related lessons
    "/feeds/lessen/": 200,
    "/sitemap-lessen.xml": 300,
}
WORDS = [
    "wijk",
    "wijken",
    "bewoner",
    "bewoners",
    "gemeente",
    "gemeenten",
    "sociale",
    "cohesie",
    "buurt",
    "buurten",
    "professional",
    "professionals",
    "vertrouwen",
    "samenwerking",
    "leefwereld",
    "systeemwereld",
    "initiatief",
    "initiatieven",
    "creëren",
    "veiligheid",
    "wonen",
    "zorg",
    "welzijn",
    "jongeren",
    "ouderen",
    "school",
    "straat",
    "plein",
    "corporatie",
    "beleid",
    "sturen",
]


def build(lessons):
    from tests.factories import AuteurFactory, BronFactory, LesFactory, ThemaFactory

    rng = random.Random(4)
    themas = [ThemaFactory(slug=f"thema-{n}") for n in range(12)]
    bronnen = [BronFactory(auteurs=[AuteurFactory(), AuteurFactory()]) for _ in range(40)]

    def text(n):
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    for n in range(lessons):
        LesFactory(
            slug=f"les-{n}",
            titel=text(5),
            samenvatting=text(25),
            tekst=f"## Wat de bron zegt\n\n{text(120)}\n\n## Waarom het ertoe doet\n\n{text(80)}",
            themas=rng.sample(themas, 2),
            tags=rng.sample(WORDS, 3),
            bronnen=[(bron, f"punt {n}") for bron in rng.sample(bronnen, rng.choice([1, 1, 2]))],
        )


def measure(client, url, repeat=5):
    client.get(url)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons", type=int, default=1000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        start = time.perf_counter()
        build(args.lessons)
        print(f"{connection.vendor}: {args.lessons} lessons built in {time.perf_counter() - start:.0f} s")
        client = Client()
        missed = 0
        for url, goal in GOALS_MS.items():
            median = measure(client, url)
            verdict = "ok" if median <= goal else "TOO SLOW"
            missed += median > goal
            print(f"{median:8.1f} ms  (goal {goal:4d} ms)  {verdict:8s}  {url}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
