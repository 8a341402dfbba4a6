"""The benchmark's pieces that live in the project: the ceiling view and the list of pages."""

from django.test import RequestFactory

from bench.ceiling import plafond
from bench.run import BENCH_PAGES
from tests.pages import PUBLIC_PAGES


def test_the_ceiling_renders_a_small_page_without_the_database():
    # No django_db mark: pytest-django fails any query in this test.
    response = plafond(RequestFactory().get("/bench/plafond/"))
    assert response.status_code == 200
    assert 1500 < len(response.content) < 3000
    assert "<h1>Plafond</h1>" in response.content.decode()


def test_every_benchmarked_page_is_a_variant_of_a_public_page_with_a_unique_name():
    names = [name for page in PUBLIC_PAGES for name in page.variants]
    assert len(names) == len(set(names))
    assert set(BENCH_PAGES) <= set(names)
