"""Property-based tests (hypothesis): whatever comes in, the renderer and the pages stay within bounds."""

import os
from html.parser import HTMLParser
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lessen.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    TEXT_ID_PREFIX,
    render_markdown,
)
from tests.html_safety import url_scheme
from tests.pages import PUBLIC_PAGES, route_urls, voorbeeld_from_content
from tests.payloads import SHORT_PAYLOADS

# Pieces an attacker (or a careless editor) would combine: Markdown syntax, raw HTML, attribute
# lists, entities, URL schemes. Hypothesis strings them together with arbitrary text in between.
FRAGMENTS = [
    *SHORT_PAYLOADS.values(),
    "# ", "## ", "\n", "\n\n", "    ", "> ", "- ", "1. ", "* ", "**", "_", "`", "```\n", "---\n",
    "[", "]", "(", ")", "![", "<", ">", "/>", "</", "\"", "'", "=", " ", "\t", "&", ";", "#", ":",
    "{: ", "}", " #id", " .klasse", " onclick=x", " style=x", " href=javascript:x", " title=",
    "| a | b |\n|---|---|\n| c | d |\n", "*[HTML]: Hyper\n", "[^1]\n\n[^1]: voetnoot\n", "Term\n: Def\n",
    "javascript:", "JAVASCRIPT:", "java\tscript:", "data:", "vbscript:", "http://x.nl", "mailto:a@b.nl",
    "&#106;", "&#x3a;", "&colon;", "&lt;", "&gt;", "&quot;", "&amp;", "&#0;", "\x00", "\u202e",
    "<a href=", "<img src=", "<svg", "<math", "<iframe", "<script", "<style", "<!--", "-->",
    "<![CDATA[", "<div markdown=1>", "</div>", "<abbr title=", "<p align=", "<ol start=",
]  # fmt: skip

markdown_input = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=40).map(
    "".join
)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def elements(html):
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


@settings(max_examples=400, deadline=None)
@given(markdown_input)
# Found by this test: nh3's generic attributes (title, lang on every tag) let a title onto a <p>.
@example("<p align=[klik](javascript:alert(1)) title=<script>alert('xss')</script>")
@example('<p title="x" lang="en" data-x="1">tekst</p>')
@example("## Citeer APA\n\n## Kop {: #inhoud }\n\n<h3 id='citeer-kop'>x</h3>")
def test_the_renderer_emits_only_allowed_tags_attributes_and_url_schemes(text):
    for tag, attrs in elements(render_markdown(text)):
        assert tag in ALLOWED_TAGS, tag
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            if name == "class":  # only the classes the renderer itself uses (wikilinks)
                assert set((value or "").split()) <= ALLOWED_CLASSES.get(tag, set()), (tag, value)
                continue
            assert name in allowed, (tag, name)
            if name == "id":  # never one of the page's own ids
                assert value.startswith(TEXT_ID_PREFIX), value
            if name == "href":
                assert url_scheme(value or "") in ALLOWED_URL_SCHEMES | {""}, value
            if name == "rel":
                assert value == "noopener noreferrer nofollow"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_the_renderer_accepts_any_text(text):
    assert isinstance(render_markdown(text), str)


def test_ci_tries_the_same_examples_on_every_run():
    """A red CI build means a change broke something, not that chance found a new example."""

    def examples_tried():
        tried = []

        @settings(settings.get_profile("ci"), max_examples=25)
        @given(markdown_input)
        def collect(text):
            tried.append(text)

        collect()
        return tried

    assert examples_tried() == examples_tried()
    assert settings.default.derandomize == (os.environ.get("CI") == "true")


# --- Any query string on any public page answers below 500 ---------------------------------------

KNOWN_PARAMETERS = sorted({name for page in PUBLIC_PAGES for name in page.parameters})
text_part = st.one_of(st.text(max_size=40), st.sampled_from(list(SHORT_PAYLOADS.values())))
encoded = st.one_of(
    text_part.map(lambda t: quote(t, safe="")),
    st.binary(max_size=20).map(lambda b: quote_from_bytes(b, safe="")),  # not even UTF-8
    st.text(alphabet="%&=+;?#abc019zZ[]", max_size=20),  # broken encodings and separators
)
query_string = st.lists(
    st.tuples(st.one_of(st.sampled_from(KNOWN_PARAMETERS), encoded), encoded), max_size=6
).map(lambda pairs: "&".join(f"{key}={value}" for key, value in pairs))


@pytest.mark.django_db
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.sampled_from(sorted(page.route for page in PUBLIC_PAGES)), query=query_string)
def test_any_query_string_on_any_public_page_answers_below_500(client, content, page, query):
    url = dict(route_urls(voorbeeld_from_content(content)))[page]
    response = client.get(url, QUERY_STRING=query)
    assert response.status_code < 500, (url, query)


@pytest.mark.django_db
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from(
        ["/lessen/", "/themas/", "/tags/", "/bronnen/", "/auteurs/", "/l/", "/api/lessen/"]
    ),
    segment=st.one_of(st.text(min_size=1, max_size=60), st.integers().map(str)),
)
def test_any_address_under_a_public_section_answers_below_500(client, content, prefix, segment):
    response = client.get(f"{prefix}{quote(segment, safe='')}/")
    assert response.status_code < 500, (prefix, segment)
