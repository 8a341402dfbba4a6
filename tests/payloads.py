"""Hostile input, in one place, for every test that puts an attacker's text into the site.

Each payload is what an editor could type into a field or a visitor into a query string. None of
them may reach a page as markup that runs (see tests/html_safety.py).
"""

HUGE_MARKDOWN = (
    "**vet _schuin `code` [link](http://example.org)_** " * 2000 + "\n\n" + "| a | b |\n|---|---|\n" * 500
)
DEEPLY_NESTED = "> " * 500 + "diep\n\n" + "- " * 300 + "lijst\n\n" + "[" * 2000 + "]" * 2000 + "(" * 2000

PAYLOADS = {
    # Plain script and event handlers.
    "script-tag": "<script>alert('xss')</script>",
    "script-uppercase-split": "<ScRiPt >alert(1)</sCrIpT >",
    "script-unclosed": "<script src=//elders.example/x.js>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "svg-onload": "<svg/onload=alert(1)>",
    "body-onload": "<body onload=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)>",
    "attribute-breakout": '"><img src=x onerror=alert(1)>',
    "single-quote-breakout": "'><svg onload=alert(1)>",
    "textarea-breakout": "</textarea><script>alert(1)</script>",
    "title-breakout": "</title><script>alert(1)</script>",
    "style-attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "style-tag": "<style>@import 'http://elders.example/x.css';</style>",
    # javascript:, data:, vbscript: in every spelling.
    "md-link-javascript": "[klik](javascript:alert(1))",
    "md-link-javascript-case": "[klik](JaVaScRiPt:alert(1))",
    "md-link-javascript-entities": "[klik](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;x)",
    "md-link-javascript-hex-entities": "[klik](&#x6A;avascript&#x3A;alert(1))",
    "md-link-javascript-tab": "[klik](java\tscript:alert(1))",
    "md-link-javascript-newline-entity": "[klik](java&#10;script:alert(1))",
    "md-link-leading-space": "[klik]( \x01javascript:alert(1))",
    "md-autolink-javascript": "<javascript:alert(1)>",
    "md-reference-javascript": "[klik][x]\n\n[x]: javascript:alert(1)",
    "md-image-javascript": "![plaatje](javascript:alert(1))",
    "md-link-data": "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-image-data-svg": "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "md-link-vbscript": "[klik](vbscript:msgbox(1))",
    "html-a-javascript": '<a href="javascript:alert(1)">klik</a>',
    "html-a-entity-colon": '<a href="javascript&colon;alert(1)">klik</a>',
    "html-a-data": '<a href="data:text/html,<script>alert(1)</script>">klik</a>',
    "html-iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "html-form-action": '<form action="javascript:alert(1)"><button>ok</button></form>',
    "html-meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "html-base": '<base href="//elders.example/">',
    "html-object": '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    # SVG and MathML.
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-animate-href": '<svg><a><animate attributeName="href" values="javascript:alert(1)"/>x</a></svg>',
    "svg-use-data": '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
    "mathml-href": '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    "mathml-namespace-confusion": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # Attribute injection through Markdown titles and attribute lists.
    "md-link-title-breakout": '[klik](http://example.org "titel\\" onmouseover=\\"alert(1)")',
    "md-link-title-quote": "[klik](http://example.org 'x\" onmouseover=\"alert(1)')",
    "md-attr-list-onclick": '## Kop {: onclick="alert(1)" }',
    "md-attr-list-style": 'Alinea\n{: style="background:red" onmouseover="alert(1)" }',
    "md-attr-list-href": '[klik](http://example.org){: href="javascript:alert(1)" }',
    "md-attr-list-id-breakout": '## Kop {: #x" onmouseover="alert(1) }',
    "md-raw-html-in-block": '<div markdown="1">\n<script>alert(1)</script>\n</div>',
    "md-code-is-not-markup": "`<script>alert(1)</script>`\n\n    <img src=x onerror=alert(1)>",
    # Entity and encoding tricks.
    "entity-encoded-tag": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "double-encoded-tag": "&amp;lt;script&amp;gt;alert(1)",
    "numeric-entity-tag": "&#60;script&#62;alert(1)&#60;/script&#62;",
    "null-byte-tag": "<scr\x00ipt>alert(1)</script>",
    "comment-breakout": "<!--><script>alert(1)</script>-->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "template-injection": "{{ request.META }}{% debug %}${alert(1)}",
    "unicode-bidi-and-zero-width": "\u202egnirts\u200b<scr\u200bipt>alert(1)</script>",
    # Huge and deeply nested Markdown.
    "huge-markdown": HUGE_MARKDOWN,
    "deeply-nested-markdown": DEEPLY_NESTED,
}

# The payloads short enough for any text field (titles, names, tags, locators).
SHORT_PAYLOADS = {name: payload for name, payload in PAYLOADS.items() if len(payload) <= 150}
