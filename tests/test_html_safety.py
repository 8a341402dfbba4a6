"""The checker behind the hostile-input and CSP tests (tests/html_safety.py) refuses what would run.

Those tests pass when the checker finds nothing; here it is fed markup a browser would execute, and
must name it, and markup the site itself sends, and must let it be.
"""

import pytest

from tests.html_safety import ADMIN_OWN_TAGS, csp_nonce, executable_markup, url_scheme

NONCE = "r4nd0m"

EXECUTABLE = {
    "inline script": "<p>Tekst</p><script>alert(1)</script>",
    "inline script, upper case": "<SCRIPT>alert(1)</SCRIPT>",
    "inline script with another nonce": '<script nonce="geraden">alert(1)</script>',
    "script from another site": '<script src="https://elders.example/x.js"></script>',
    "script from a protocol-relative address": '<script src="//elders.example/x.js"></script>',
    "script from a backslash address": '<script src="/\\elders.example/x.js"></script>',
    "script with a source and a body": '<script src="/static/x.js">alert(1)</script>',
    "inline style": "<style>body { background: url(https://elders.example/) }</style>",
    "stylesheet from another site": '<link rel="stylesheet" href="https://elders.example/x.css">',
    "preload from another site": '<link rel="preload" href="//elders.example/x.js" as="script">',
    "event handler": '<img src="/x.png" onerror="alert(1)">',
    "event handler, upper case": '<p ONMOUSEOVER="alert(1)">x</p>',
    "event handler on a self-closing tag": '<img src="/x.png" onload="alert(1)"/>',
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "srcdoc": '<div srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></div>',
    "formaction": '<button formaction="/ergens">ok</button>',
    "javascript: link": '<a href="javascript:alert(1)">klik</a>',
    "javascript: in capitals": '<a href="JaVaScRiPt:alert(1)">klik</a>',
    "javascript: in entities": '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:x">k</a>',
    "javascript: with a named colon": '<a href="javascript&colon;alert(1)">klik</a>',
    "javascript: split by a tab": '<a href="java\tscript:alert(1)">klik</a>',
    "javascript: split by a newline entity": '<a href="java&#10;script:alert(1)">klik</a>',
    "javascript: after a control character": '<a href=" \x01javascript:alert(1)">klik</a>',
    "data: link": '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">klik</a>',
    "vbscript: link": '<a href="vbscript:msgbox(1)">klik</a>',
    "javascript: form action": '<form action="javascript:alert(1)"><button>ok</button></form>',
    "javascript: in a srcset": '<img src="/a.png" srcset="/a.png 1x, javascript:alert(1) 2x">',
    "javascript: image": '<img src="javascript:alert(1)">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://elders.example/">',
    "base": '<base href="https://elders.example/">',
    "iframe": '<iframe src="https://elders.example/"></iframe>',
    "object": '<object data="/x.swf"></object>',
    "embed": '<embed src="/x.swf">',
    "svg": "<svg><circle r=1 /></svg>",
    "math": "<math><mtext>x</mtext></math>",
    "template": "<template><img src=x></template>",
    "script after a JSON-LD block": (
        '<script type="application/ld+json">{"naam": "x"}</script><script>alert(1)</script>'
    ),
    "JSON-LD closed early": (
        '<script type="application/ld+json">{"naam": "</script><img src=x onerror=alert(1)>"}'
    ),
}


@pytest.mark.parametrize("html", EXECUTABLE.values(), ids=EXECUTABLE.keys())
def test_executable_markup_is_refused(html):
    assert executable_markup(html, nonce=NONCE) != []


def test_a_json_ld_block_that_is_no_json_is_refused():
    """A payload that closed the block early leaves broken JSON behind, even if it brought no script."""
    assert executable_markup('<script type="application/ld+json">{"naam": "</script>', nonce=NONCE) == [
        'a data block that is not JSON: \'{"naam": "\''
    ]


def test_each_problem_is_named():
    page = (
        '<script>alert(1)</script><a href="javascript:x" onclick="y">k</a>'
        '<iframe src="/"></iframe><meta http-equiv="refresh" content="0">'
    )
    assert executable_markup(page, nonce=NONCE) == [
        "inline <script> without the request's nonce",
        "javascript: URL in href= on <a>",
        "event handler onclick= on <a>",
        "<iframe> element",
        "<meta http-equiv='refresh'>",
    ]


def test_without_a_nonce_every_inline_script_is_refused():
    assert executable_markup(f'<script nonce="{NONCE}">ok()</script>') == [
        "inline <script> without the request's nonce"
    ]


def test_the_admins_own_svg_may_be_allowed_but_what_it_carries_is_still_checked():
    icon = '<svg aria-hidden="true"><use href="/static/admin/img/icons.svg#sun"></use></svg>'
    assert executable_markup(icon, allowed_tags=ADMIN_OWN_TAGS) == []
    assert executable_markup('<svg onload="alert(1)"></svg>', allowed_tags=ADMIN_OWN_TAGS) == [
        "event handler onload= on <svg>"
    ]
    assert executable_markup(icon) == ["<svg> element"]


SAFE = {
    "text with escaped markup": "<p>&lt;script&gt;alert(1)&lt;/script&gt; en &lt;img onerror=x&gt;</p>",
    "script with the nonce": f'<script nonce="{NONCE}">document.body.dataset.js = "1"</script>',
    "style with the nonce": f'<style nonce="{NONCE}">p {{ color: red }}</style>',
    "script from this site": '<script src="/static/js/wijkgids.3f2a.js" defer></script>',
    "stylesheet from this site": '<link rel="stylesheet" href="/static/css/wijkgids.css">',
    "canonical link elsewhere": '<link rel="canonical" href="https://wijkgids.example/l/1/">',
    "JSON-LD": '<script type="application/ld+json">{"@type": "Article", "name": "&lt;x&gt;"}</script>',
    "links of the allowed schemes": (
        '<a href="https://example.org/">a</a> <a href="http://example.org/">b</a> '
        '<a href="mailto:redactie@example.org">c</a> <a href="/lessen/?q=javascript:x">d</a> '
        '<a href="#inhoud">e</a> <a href="les-1/">f</a>'
    ),
    "an image with a srcset": '<img src="/a.png" srcset="/a.png 1x, https://example.org/a.png 2x" alt="">',
    "a form to this site": '<form action="/zoeken/" method="get"><input name="q"></form>',
    "text about scripts": "<p>Wie javascript:alert(1) of onerror= typt, ziet het als tekst.</p>",
}


@pytest.mark.parametrize("html", SAFE.values(), ids=SAFE.keys())
def test_what_the_site_itself_sends_passes(html):
    assert executable_markup(html, nonce=NONCE) == []


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("javascript:alert(1)", "javascript"),
        ("  JAVASCRIPT:alert(1)", "javascript"),
        ("\x00\x1fjava\tscr\nipt:x", "javascript"),
        ("https://example.org/", "https"),
        ("/lessen/", ""),
        ("lessen/javascript:x", ""),
        ("?q=data:x", ""),
    ],
)
def test_url_scheme_is_what_a_browser_reads(url, scheme):
    assert url_scheme(url) == scheme


def test_the_nonce_is_read_from_the_policy():
    class Response(dict):
        pass

    response = Response({"Content-Security-Policy": f"default-src 'self'; script-src 'self' 'nonce-{NONCE}'"})
    assert csp_nonce(response) == NONCE
    assert csp_nonce(Response({"Content-Security-Policy": "script-src 'self'"})) is None
