"""Full-text search over lessons, in Dutch, with one behaviour on PostgreSQL and on SQLite.

A query is parsed once, here, into required words and phrases and excluded ones (`-woord`,
`-"een zin"`); both backends search for exactly that:

- PostgreSQL keeps a stored tsvector per lesson (text search configuration `dutch_unaccent`:
  accents folded, then the Dutch Snowball stemmer) in `lessen_zoekindex`, with a GIN index.
- SQLite keeps an FTS5 table; the text is folded and stemmed here, with the same Snowball stemmer
  (PyStemmer's `dutch_porter`, the one PostgreSQL ships), both when indexing and when searching.

The database finds the matches and scores each: a title match, and its own relevance score.
Drafts are indexed too: the search's scope
(zoeken.selectors.search_scope) keeps the published lessons its filters allow; `ranked` puts title matches
first, then relevance, then title. What a published lesson's text holds of another lesson (the
sentence of a relation) is indexed only while that other lesson is published too.

The index follows the content only when told: the services that save a lesson, source, author or
tag (lessen/services.py, bronnen/services.py) call `update_search_index(les_ids)` in their transaction.
"""

import difflib
import functools
import html
import re
import threading
import unicodedata
from dataclasses import dataclass

import nh3
import Stemmer
from django.db import connection, connections, router
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from bronnen.models import Auteur, Bron
from lessen.models import Les, Thema, Verband, Vermelding
from wijkgids import caching

MAX_QUERY_LENGTH = 200
MAX_QUERY_PARTS = 16
SNIPPET_WORDS = 30
INDEX_TABLE = "lessen_zoekindex"
PG_CONFIG = "dutch_unaccent"

# PostgreSQL's Dutch stop words (tsearch_data/dutch.stop, from Snowball): PostgreSQL drops them from
# the index and the query, so the query parser drops them too, for the same results on SQLite.
_STOPWORD_LIST = """
    aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens
    en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je
    kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons
    ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie
    wil worden wordt zal ze zelf zich zij zijn zo zonder zou
"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHE_S = re.compile(r"(?<=[^\W_])['’]s\b")
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_local = threading.local()


def fold(text):
    """Lower case without accents: 'Creëren' -> 'creeren'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def words(text):
    """The folded words of `text`; 'thema's' is one word, 'themas', as a reader means it."""
    return _WORD.findall(_APOSTROPHE_S.sub("s", fold(text)))


def stem(word):
    """The Dutch stem of a folded word: 'bewoners' -> 'bewoner', 'wijken' -> 'wijk'."""
    stemmer = getattr(_local, "stemmer", None)  # a stemmer is not to be shared between threads
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("dutch_porter")
    return stemmer.stemWord(word)


@functools.lru_cache(maxsize=50_000)
def word_stem(word):
    """The stem of a word as written in a text: 'Bewoners' -> 'bewoner' (kept: texts repeat words)."""
    return stem(fold(word))


def plain_text(html_text):
    """The text of (sanitised) HTML without its tags: nh3 does in Rust what strip_tags does."""
    return html.unescape(nh3.clean(html_text, tags=set()))


# The query ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """What to search for: phrases of folded words (one word is a one-word phrase)."""

    text: str
    required: tuple[tuple[str, ...], ...]
    excluded: tuple[tuple[str, ...], ...] = ()

    def __bool__(self):
        return bool(self.required)

    @property
    def stems(self):
        """The stems a highlighted text should mark."""
        return frozenset(stem(word) for phrase in self.required for word in phrase if word not in STOPWORDS)

    def replaced(self, replacements):
        """The query as text, with words replaced ({word: by}): for 'Bedoelde u …?'."""

        def part(phrase, sign=""):
            phrase = [replacements.get(w, w) for w in phrase]
            return sign + (phrase[0] if len(phrase) == 1 else '"' + " ".join(phrase) + '"')

        return " ".join([part(p) for p in self.required] + [part(p, "-") for p in self.excluded])


def _without_edge_stopwords(phrase):
    # PostgreSQL ignores stop words at the edges of a phrase; so does SQLite, then.
    start, end = 0, len(phrase)
    while start < end and phrase[start] in STOPWORDS:
        start += 1
    while end > start and phrase[end - 1] in STOPWORDS:
        end -= 1
    return tuple(phrase[start:end])


def parse_query(text):
    """`bewoners "sociale cohesie" -project`: words all required, phrases in quotes, `-` excludes.

    Anything else (operators, brackets, emoji, NUL) is not a word and is dropped; the text is cut
    at MAX_QUERY_LENGTH characters and at MAX_QUERY_PARTS words and phrases.
    """
    text = text.replace("\x00", "")[:MAX_QUERY_LENGTH].strip()
    required, excluded = [], []
    for match in _QUERY_PART.finditer(text):
        sign, quoted, bare = match.groups()
        if quoted is not None:
            (excluded if sign else required).append(tuple(words(quoted)))
        elif bare.startswith("-"):
            excluded.append(tuple(words(bare[1:])))
        else:
            required.extend((word,) for word in words(bare))

    def clean(phrases):
        kept = []
        for phrase in map(_without_edge_stopwords, phrases):
            if phrase and phrase not in kept:
                kept.append(phrase)
        return tuple(kept[:MAX_QUERY_PARTS])

    return Query(text=text, required=clean(required), excluded=clean(excluded))


# The two backends ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Document:
    les_id: int
    titel: str
    samenvatting: str
    tekst: str
    overig: str  # tags, source titles and wording, quotes, author names


class _PostgreSQL:
    def write(self, cursor, documents):
        vector = f"to_tsvector('{PG_CONFIG}', %s)"
        cursor.executemany(
            f"INSERT INTO {INDEX_TABLE} (les_id, titel, document) VALUES (%s, {vector}, "
            f"setweight({vector}, 'A') || setweight({vector}, 'B') "
            f"|| setweight({vector}, 'C') || setweight({vector}, 'D'))",
            [(d.les_id, d.titel, d.titel, d.samenvatting, d.overig, d.tekst) for d in documents],
        )

    def delete(self, cursor, les_ids):
        cursor.execute(f"DELETE FROM {INDEX_TABLE} WHERE les_id = ANY(%s)", [list(les_ids)])

    def _tsquery(self, query, *, with_excluded=True):
        parts, params = [], []
        signed = [("", p) for p in query.required]
        if with_excluded:
            signed += [("!!", p) for p in query.excluded]
        for sign, phrase in signed:
            function = "phraseto_tsquery" if len(phrase) > 1 else "plainto_tsquery"
            parts.append(f"({sign}{function}('{PG_CONFIG}', %s))")
            params.append(" ".join(phrase))
        return " && ".join(parts), params

    def matching(self, query):
        tsquery, params = self._tsquery(query)
        return f"SELECT les_id FROM {INDEX_TABLE} WHERE document @@ ({tsquery})", params

    def scored(self, cursor, query):
        """Every match: {id: distance (lower is better)}, and the ids of those matching in their title;
        in one pass over the index."""
        title, title_params = self._tsquery(query, with_excluded=False)
        whole, whole_params = self._tsquery(query)
        cursor.execute(
            f"SELECT les_id, titel @@ ({title}), -ts_rank(document, ({whole})) "
            f"FROM {INDEX_TABLE} WHERE document @@ ({whole})",
            [*title_params, *whole_params, *whole_params],
        )
        rows = cursor.fetchall()
        return {les_id: afstand for les_id, _, afstand in rows}, {
            les_id for les_id, titel, _ in rows if titel
        }


class _SQLite:
    def write(self, cursor, documents):
        def stemmed(text):
            return " ".join(stem(word) for word in words(text))

        columns = "rowid, titel, samenvatting, tekst, overig"
        cursor.executemany(
            f"INSERT INTO {INDEX_TABLE} ({columns}) VALUES (%s, %s, %s, %s, %s)",
            [
                (d.les_id, stemmed(d.titel), stemmed(d.samenvatting), stemmed(d.tekst), stemmed(d.overig))
                for d in documents
            ],
        )

    def delete(self, cursor, les_ids):
        cursor.executemany(f"DELETE FROM {INDEX_TABLE} WHERE rowid = %s", [(pk,) for pk in les_ids])

    def _match(self, query, *, titel_only=False):
        # Every word is quoted, so FTS5 reads it as a string, never as an operator.
        def phrase(words):
            return '"' + " ".join(stem(word) for word in words) + '"'

        expression = "(" + " AND ".join(phrase(p) for p in query.required) + ")"
        if titel_only:
            return "{titel} : " + expression
        return expression + "".join(f" NOT {phrase(p)}" for p in query.excluded)

    def matching(self, query):
        return f"SELECT rowid FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH %s", [self._match(query)]

    def scored(self, cursor, query):
        """Every match: {id: distance (lower is better)}, and the ids of those matching in their title.
        The title matches come from a query of their own, which FTS5 answers quicker than a title
        test inside the scoring query (docs/performance.md)."""
        cursor.execute(
            f"SELECT rowid FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH %s",
            [self._match(query, titel_only=True)],
        )
        in_titel = {row[0] for row in cursor.fetchall()}
        # bm25() is lower for better matches; its column weights favour the title, then the summary.
        cursor.execute(
            f"SELECT rowid, bm25({INDEX_TABLE}, 10.0, 4.0, 1.0, 2.0) "
            f"FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH %s",
            [self._match(query)],
        )
        return dict(cursor.fetchall()), in_titel


def _backend():
    return _PostgreSQL() if connection.vendor == "postgresql" else _SQLite()


# Keeping the index current -------------------------------------------------------------------


def _documents(les_ids):
    lessen = (
        Les.objects.filter(pk__in=les_ids)
        .only("pk", "titel", "samenvatting", "tekst_html")
        .prefetch_related(
            "tags",
            # A relation's sentence only while the other lesson is published: a draft's words never
            # find a published lesson (lessen.services reindexes both lessons when a status changes).
            Prefetch("verbanden", queryset=Verband.objects.filter(naar__status=Les.Status.GEPUBLICEERD)),
            Prefetch(
                "verbanden_hierheen", queryset=Verband.objects.filter(van__status=Les.Status.GEPUBLICEERD)
            ),
            Prefetch(
                "vermeldingen",
                queryset=Vermelding.objects.select_related("bron__onderdeel_van").prefetch_related(
                    "bron__auteurs"
                ),
            ),
        )
    )
    for les in lessen:
        overig = [tag.name for tag in les.tags.all()]
        overig += [v.toelichting for v in [*les.verbanden.all(), *les.verbanden_hierheen.all()]]
        for vermelding in les.vermeldingen.all():
            bron = vermelding.bron
            overig += [bron.titel, vermelding.titel_in_bron, vermelding.citaat]
            overig += [bron.onderdeel_van.titel] if bron.onderdeel_van else []
            overig += [auteur.naam for auteur in bron.auteurs.all()]
        yield _Document(
            les.pk, les.titel, les.samenvatting, plain_text(les.tekst_html), "\n".join(filter(None, overig))
        )


def update_search_index(les_ids):
    """Make search find these lessons as they are now (and deleted ones no more): for the services,
    inside their transaction; see lesson_ids_mentioning()."""
    les_ids = sorted(set(les_ids))
    backend = _backend()
    with connection.cursor() as cursor:
        for start in range(0, len(les_ids), 500):
            chunk = les_ids[start : start + 500]
            backend.delete(cursor, chunk)
            backend.write(cursor, list(_documents(chunk)))


def lesson_ids_mentioning(*, bron=None, auteur=None, tags=None):
    """The lessons whose search text holds this source's title, author's name or one of these tags."""
    if bron is not None:
        vermeldingen = Vermelding.objects.in_bron(bron)
        return set(vermeldingen.values_list("les_id", flat=True))
    if auteur is not None:
        return set(Vermelding.objects.filter(bron__auteurs=auteur).values_list("les_id", flat=True))
    if tags is not None:
        return set(Les.objects.filter(tags__in=tags).values_list("pk", flat=True))
    return set()


def rebuild_search_index():
    """Index every lesson afresh; returns how many there are."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {INDEX_TABLE}")
    les_ids = list(Les.objects.values_list("pk", flat=True))
    update_search_index(les_ids)
    caching.bump()  # pages cached before the rebuild may show other results
    return len(les_ids)


# Searching -----------------------------------------------------------------------------------


def matching_lessons(query):
    """A subquery of the ids of lessons (any status) that match: for `filter(pk__in=...)`."""
    return RawSQL(*_backend().matching(query))


def found(query, scope):
    """The lessons of `scope` (a Les queryset: published, filtered) that match `query`."""
    return scope.filter(pk__in=matching_lessons(query))


def ranked(query, scope):
    """The ids of the lessons of `scope` that match `query`, best first: title matches, then
    relevance, then title. A list, for a Paginator. The database finds and scores the matches."""
    with connections[router.db_for_read(Les)].cursor() as cursor:  # where `scope` is read too
        afstand, in_titel = _backend().scored(cursor, query)
    rows = found(query, scope).values_list("pk", "titel")
    order = {pk: (pk not in in_titel, afstand[pk], titel.lower(), pk) for pk, titel in rows}
    return sorted(order, key=order.__getitem__)


def highlight(text, query):
    """`text`, escaped, with the words that match the query in <mark>."""
    return _highlighted(unicodedata.normalize("NFC", text), query.stems, 0, None)


BLOCK_BREAK = re.compile(r"\s*\n\s*")


def snippet(text, query, *, size=SNIPPET_WORDS):
    """The stretch of `text` (about `size` words) with the most matches, highlighted; '' if none."""
    text = unicodedata.normalize("NFC", text)
    stems = query.stems
    spans = list(_WORD.finditer(text))
    hits = [i for i, match in enumerate(spans) if word_stem(match.group()) in stems]
    if not hits:
        return ""
    best = max(hits, key=lambda i: (sum(1 for h in hits if i <= h < i + size), -i))
    first = max(0, min(best - 3, len(spans) - size))
    last = min(len(spans), first + size) - 1
    start = 0 if first == 0 else spans[first].start()
    end = None if last == len(spans) - 1 else spans[last].end()
    fragment = BLOCK_BREAK.sub(" · ", _highlighted(text, stems, start, end))  # a heading stays apart
    return mark_safe(("… " if start else "") + fragment + (" …" if end else ""))


def _highlighted(text, stems, start, end):
    end = len(text) if end is None else end
    pieces, position = [], start
    for match in _WORD.finditer(text, start, end):
        if word_stem(match.group()) in stems:
            pieces += [escape(text[position : match.start()]), f"<mark>{escape(match.group())}</mark>"]
            position = match.end()
    pieces.append(escape(text[position:end]))
    return mark_safe("".join(pieces))  # every piece is escaped


def suggestions(query, *, limit=3):
    """Queries with a misspelt word replaced by a close word from the published lessons."""
    vocabulary = _vocabulary()
    known_stems = {stem(word) for word in vocabulary}
    neighbours = {}
    for phrase in query.required:
        for word in phrase:
            if word not in STOPWORDS and stem(word) not in known_stems:
                close = difflib.get_close_matches(word, vocabulary, n=limit, cutoff=0.75)
                if close:
                    neighbours[word] = [vocabulary[match] for match in close]
    if not neighbours:
        return []
    best = {word: close[0] for word, close in neighbours.items()}
    found = [query.replaced(best)]
    for word, close in neighbours.items():
        found += [query.replaced({**best, word: other}) for other in close[1:]]
    return list(dict.fromkeys(found))[:limit]


VOCABULARY_LESSONS = 500  # spelling neighbours come from the newest lessons, not from all of them


def _vocabulary():
    """Folded word -> the word as written, from what a reader sees of published lessons (bounded:
    the newest lessons, the most used tags)."""
    published = Les.objects.published()
    newest = published.order_by("-gewijzigd")[:VOCABULARY_LESSONS]
    texts = [
        *(f"{titel} {samenvatting}" for titel, samenvatting in newest.values_list("titel", "samenvatting")),
        *Les.tags.through.objects.filter(
            content_type__app_label="lessen", content_type__model="les", object_id__in=newest.values("pk")
        ).values_list("tag__name", flat=True)[:VOCABULARY_LESSONS],
        *Thema.objects.values_list("naam", flat=True)[:VOCABULARY_LESSONS],
        *Auteur.objects.public().values_list("naam", flat=True)[:VOCABULARY_LESSONS],
        *Bron.objects.public().values_list("titel", flat=True)[:VOCABULARY_LESSONS],
    ]
    vocabulary = {}
    for text in texts:
        for word in _WORD.findall(text):
            if len(word) > 2 and fold(word) not in STOPWORDS:
                vocabulary.setdefault(fold(word), word.lower())
    return vocabulary
