"""What a browser would execute in a page: the check behind the hostile-input and CSP tests.

`executable_markup(html, nonce=...)` parses a page with the standard library's HTML parser and
returns one line per problem: an inline script without the request's nonce, a script from
elsewhere, an event handler or style attribute, a `javascript:`/`data:`/`vbscript:` URL (after
the entity decoding and whitespace stripping a browser does), or an element that has no business
in a page of this site (svg, math, iframe, object, base, meta refresh, ...). An empty list means
the page runs nothing it did not mean to.
"""

import json
import re
from html.parser import HTMLParser

SAFE_URL_SCHEMES = {"http", "https", "mailto"}
# Elements the admin itself uses that no content may bring: its theme toggle draws inline SVG icons.
ADMIN_OWN_TAGS = {"svg"}
URL_ATTRIBUTES = {
    "action", "background", "cite", "data", "formaction", "href", "longdesc", "manifest", "ping",
    "poster", "src", "srcset", "xlink:href", "xmlns", "lowsrc", "dynsrc", "codebase",
}  # fmt: skip
FORBIDDEN_TAGS = {
    "applet", "base", "embed", "frame", "frameset", "iframe", "math", "object", "portal", "svg",
    "template", "xml", "xss", "isindex", "noembed", "image",
}  # fmt: skip
# <link rel=...> values that load something into the page (a canonical link loads nothing).
RESOURCE_LINKS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest", "import"}
FORBIDDEN_ATTRIBUTES = {"srcdoc", "style", "formaction", "xmlns:xlink"}
# What a browser does to a URL before reading its scheme (WHATWG URL): strip leading and trailing
# C0 controls and spaces, and remove every tab and newline.
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def url_scheme(value):
    """The scheme a browser would see in `value` (already entity-decoded), or '' for a relative URL."""
    url = _TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE)).lower()
    match = _SCHEME.match(url)
    return match.group(1) if match else ""


# Metadata for machines: the browser never runs it, so it needs no nonce, as long as its body is
# valid JSON (a payload that closed the element early would leave broken JSON behind).
DATA_BLOCK_TYPES = {"application/ld+json"}


class _Checker(HTMLParser):
    def __init__(self, nonce, allowed_tags):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.allowed_tags = allowed_tags
        self.problems = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag == "script":
            self._script = dict(attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None and data.strip() and "src" in self._script:
            self.problems.append(f"<script src> with a body: {data.strip()[:60]!r}")
        if self._script is not None and self._script.get("type") in DATA_BLOCK_TYPES:
            try:
                json.loads(data)
            except ValueError:
                self.problems.append(f"a data block that is not JSON: {data.strip()[:60]!r}")

    def _check(self, tag, attrs):
        names = {name for name, _ in attrs}
        values = dict(attrs)
        if tag in FORBIDDEN_TAGS and tag not in self.allowed_tags:
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            src = values.get("src")
            if src is None and values.get("type") in DATA_BLOCK_TYPES:
                pass  # a data block (JSON-LD) is never run; its body must stay JSON (handle_data)
            elif src is None:
                if not self.nonce or values.get("nonce") != self.nonce:
                    self.problems.append("inline <script> without the request's nonce")
            elif not _same_origin_path(src):
                self.problems.append(f"<script> from elsewhere: {src!r}")
        if tag == "style" and (not self.nonce or values.get("nonce") != self.nonce):
            self.problems.append("inline <style> without the request's nonce")
        loads = set((values.get("rel") or "").lower().split()) & RESOURCE_LINKS
        if tag == "link" and loads and not _same_origin_path(values.get("href") or ""):
            self.problems.append(f"<link rel={sorted(loads)}> from elsewhere: {values.get('href')!r}")
        if tag == "meta" and "http-equiv" in names:
            self.problems.append(f"<meta http-equiv={values['http-equiv']!r}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            elif name in FORBIDDEN_ATTRIBUTES:
                self.problems.append(f"{name}= attribute on <{tag}>")
            elif name in URL_ATTRIBUTES and value is not None:
                for url in value.split(",") if name == "srcset" else [value]:
                    scheme = url_scheme(url)
                    if scheme and scheme not in SAFE_URL_SCHEMES:
                        self.problems.append(f"{scheme}: URL in {name}= on <{tag}>")


def _same_origin_path(url):
    return url.startswith("/") and not url.startswith("//") and not url.startswith("/\\")


def executable_markup(html, *, nonce=None, allowed_tags=frozenset()):
    """Problems in `html` (see the module docstring); an empty list when there are none.

    `allowed_tags` lifts the ban on some elements, e.g. the admin's own icons (inline `svg`): its
    attributes and what it contains are still checked.
    """
    checker = _Checker(nonce, allowed_tags)
    checker.feed(html)
    checker.close()
    return checker.problems


def csp_directives(header):
    """A Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def csp_nonce(response):
    """The nonce the response's policy allows, if any."""
    for source in csp_directives(response.get("Content-Security-Policy", "")).get("script-src", []):
        if source.startswith("'nonce-"):
            return source[len("'nonce-") : -1]
    return None
