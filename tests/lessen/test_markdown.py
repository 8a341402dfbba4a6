"""A lesson's body: Markdown rendered to HTML within the allow-list (lessen/markdown.py)."""

import re

from lessen.markdown import render_markdown

FOOTNOTES = "Tekst[^1] en meer[^noot]. Nog eens[^1].\n\n[^1]: Eerste noot.\n[^noot]: Tweede noot.\n"


def ids(html):
    return re.findall(r'\sid="([^"]*)"', html)


def fragments(html):
    return re.findall(r'\shref="#([^"]*)"', html)


def test_footnote_references_and_notes_link_to_each_other():
    html = render_markdown(FOOTNOTES)
    assert '<li id="tekst-fn:1">' in html and '<li id="tekst-fn:noot">' in html
    assert '<sup id="tekst-fnref:1"><a class="" href="#tekst-fn:1"' in html
    assert '<sup id="tekst-fnref2:1"><a class="" href="#tekst-fn:1"' in html  # a second reference
    assert 'href="#tekst-fnref:noot" title="Terug naar voetnoot 2 in de tekst"' in html
    assert len(fragments(html)) == 6  # three references, three links back
    assert set(fragments(html)) <= set(ids(html)), "a footnote link that jumps nowhere"


def test_a_list_item_or_superscript_keeps_no_id_but_a_footnote_id():
    html = render_markdown('<ol><li id="inhoud">Punt</li></ol>\n\nTekst<sup id="citeer-apa">1</sup>')
    assert ids(html) == []
