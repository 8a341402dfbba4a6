"""Production serves static files with hashed names and a far-future cache; a lesson page stays light."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from bench import synthetic
from lessen import views
from lessen.models import Les

pytestmark = pytest.mark.django_db

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/[^"]+)">')


@pytest.fixture
def production_static(settings, tmp_path):
    """Static files as `make serve` has them: collected, hashed and compressed, served by WhiteNoise."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


def test_pages_link_the_stylesheet_by_a_hashed_name_that_is_cached_for_a_year(content, production_static):
    client = Client()  # a new client, so WhiteNoise starts with the collected files
    html = client.get("/lessen/weg-met-de-romantiek/").content.decode()
    (href,) = STYLESHEET.findall(html)
    assert re.fullmatch(r"/static/css/wijkgids\.[0-9a-f]{12}\.css", href)
    response = client.get(href)
    assert response.status_code == 200
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    gzipped = client.get(href, HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped.headers["Content-Encoding"] == "gzip"


def test_a_lesson_page_with_its_stylesheet_weighs_at_most_40_kb(client, content):
    synthetic.generate(count=40, seed=3)
    longest = max(synthetic.generated_lessons(), key=lambda les: len(les.tekst_html))
    css = client.get(STYLESHEET.findall(client.get("/").content.decode())[0])
    css_bytes = len(b"".join(css.streaming_content)) if css.streaming else len(css.content)
    for les in [longest, content["weg"], *Les.objects.filter(slug__in=["wildroosters"])]:
        html = client.get(les.get_absolute_url()).content
        assert len(html) + css_bytes <= 40 * 1024, (les.slug, len(html), css_bytes)


def test_pages_have_no_render_blocking_javascript(client, content):
    for url in ["/", "/lessen/", "/lessen/weg-met-de-romantiek/", "/themas/sturen/"]:
        html = client.get(url).content.decode()
        for script in re.findall(r"<script\b[^>]*>", html):
            if 'type="application/ld+json"' in script:
                continue  # metadata for machines: a data block, never run
            assert re.search(r"\b(async|defer)\b|type=\"module\"", script), (url, script)


def test_every_page_names_an_icon_that_is_served(content, production_static):
    """Browsers ask for an icon on every page: without one, each page logs a 404 in the console."""
    client = Client()
    for url in ["/", "/lessen/weg-met-de-romantiek/", "/bestaat-niet/"]:
        html = client.get(url).content.decode()
        for rel in ("icon", "apple-touch-icon"):
            (href,) = re.findall(rf'<link rel="{rel}" href="(/static/[^"]+)"', html)
            assert client.get(href).status_code == 200, (url, rel, href)


def test_the_500_page_renders_when_the_manifest_lacks_the_stylesheet(
    content, production_static, settings, monkeypatch
):
    """A deployment whose collectstatic missed a file: the pages fail, and their 500 must still show."""
    (production_static / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": ""}')
    settings.STORAGES = {**settings.STORAGES}  # the storage reads the emptied manifest afresh

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(views.selectors, "thema_list", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/themas/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    (href,) = STYLESHEET.findall(html)
    assert client.get(href).status_code == 200  # the stylesheet by its own name, no manifest needed
