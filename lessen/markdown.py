"""Markdown to safe HTML: rendered once per version of a lesson, sanitised with an allow-list.

Besides standard Markdown a body may link to other lessons: `[[slug]]`, `[[Titel van een les]]`
and `[[slug|eigen tekst]]`. The caller resolves targets (see `lessen.wikilinks`); a target that does
not resolve is shown as a missing link, styled, not as a dead <a>.
"""

import re
import xml.etree.ElementTree as etree

import markdown as markdown_lib
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
# Exactly these attributes, on these tags. "*" (none on every tag) replaces nh3's default generic
# attributes, which would let `title` and `lang` onto any tag.
ALLOWED_ATTRIBUTES = {
    "*": set(),
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},  # a footnote, and only that: FOOTNOTE_IDS
    "span": {"title"},
    "sup": {"id"},  # a footnote reference, and only that: FOOTNOTE_IDS
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {"a": {"wikilink"}, "span": {"wikilink", "wikilink--ontbreekt"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Every id in a body starts with this, so a heading can never take an id of the page around it
# (`## Citeer APA` would otherwise be id="citeer-apa", the citation's); no id of the site's own starts
# with it. A link to `#kop` in a body means a heading in that body, and goes to `#tekst-kop`.
TEXT_ID_PREFIX = "tekst-"
# Footnotes (`[^1]`, from Markdown's `extra`): the reference <sup id="fnref:1"> and the note
# <li id="fn:1"> link to each other (prefixed like headings). A <sup> or <li> keeps an id of this
# shape only; a second reference to the same note is `fnref2:1`.
FOOTNOTE_IDS = {
    "li": re.compile(rf"{TEXT_ID_PREFIX}fn:"),
    "sup": re.compile(rf"{TEXT_ID_PREFIX}fnref\d*:"),
}
WIKILINK_PATTERN = r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]"
EXTENSIONS = ["extra", "sane_lists", "toc"]
EXTENSION_CONFIGS = {
    "toc": {"permalink": False},
    "extra": {"footnotes": {"BACKLINK_TITLE": "Terug naar voetnoot %d in de tekst"}},
}


class WikilinkProcessor(InlineProcessor):
    def __init__(self, pattern, resolve):
        super().__init__(pattern)
        self.resolve = resolve

    def handleMatch(self, m, data):  # noqa: N802 - Markdown's API
        target, label = m.group(1).strip(), (m.group(2) or "").strip()
        found = self.resolve(target)
        if found is None:
            el = etree.Element(
                "span", {"class": "wikilink wikilink--ontbreekt", "title": "Deze les bestaat (nog) niet"}
            )
            el.text = label or target
        else:
            url, title = found
            el = etree.Element("a", {"class": "wikilink", "href": url})
            el.text = label or title
        return el, m.start(0), m.end(0)


class WikilinkExtension(Extension):
    def __init__(self, resolve):
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        md.inlinePatterns.register(WikilinkProcessor(WIKILINK_PATTERN, self.resolve), "wikilink", 175)


def render_markdown(text, *, resolve_wikilink=None):
    """Render a Markdown body to HTML that is safe to show without further escaping.

    `resolve_wikilink(target)` returns (url, title) for a lesson, or None; without it every
    wikilink is shown as missing. A lesson's own title is the page's h1, so bodies use `##` and
    lower; an `h1` in a body is not on the allow-list and keeps only its text. Raw HTML in the body
    is not trusted: nh3 drops every tag, attribute, class and URL scheme not on the allow-lists.
    """
    extensions = [*EXTENSIONS, WikilinkExtension(resolve_wikilink or (lambda target: None))]
    html = markdown_lib.markdown(text or "", extensions=extensions, extension_configs=EXTENSION_CONFIGS)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        id_prefix=TEXT_ID_PREFIX,
    )


def _filter_attribute(tag, attribute, value):
    """`href="#kop"` becomes `#tekst-kop`, the id nh3 gives that heading (`id_prefix`, applied
    before this filter sees an id); a <sup> or <li> keeps only a footnote's id."""
    if attribute == "id" and tag in FOOTNOTE_IDS and not FOOTNOTE_IDS[tag].match(value):
        return None
    if attribute == "href" and value.startswith("#") and not value.startswith(f"#{TEXT_ID_PREFIX}"):
        return f"#{TEXT_ID_PREFIX}{value[1:]}"
    return value
