"""Where things live (docs/architecture.md): each app holds its own concern, a view is used by its
own app's URLs only, and the architecture document names modules that exist."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = settings.WIJKGIDS_APPS


def _modules(app):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def _imported(path):
    """Every module `path` imports, as dotted names (`from x import y` gives x and x.y)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_app_imports_the_views_of_another():
    offending = [
        f"{path.relative_to(ROOT)} imports {name}"
        for app in APPS
        for path in _modules(app)
        for name in _imported(path)
        if name.split(".")[0] in APPS and name.split(".")[0] != app and ".views" in f".{name}"
    ]
    assert offending == []


def _lines(paths):
    return sum(len(path.read_text().splitlines()) for path in paths)


def test_lessons_hold_at_most_half_of_the_application():
    """Search, citing, versions, sources and the site's infrastructure live in their own apps."""
    total = _lines(path for app in APPS for path in _modules(app))
    assert _lines(_modules("lessen")) <= total / 2


def test_the_search_engine_citation_formats_and_diff_live_outside_lessen():
    for module in ["zoeken/search.py", "citeren/formats.py", "versies/diff.py", "versies/selectors.py",
                   "bronnen/views.py", "bronnen/selectors.py", "wijkgids/caching.py"]:  # fmt: skip
        assert (ROOT / module).is_file(), module
    assert not list((ROOT / "lessen").glob("search.py")) + list((ROOT / "lessen").glob("citation.py"))


# A module named in the document: `app/file.py`, `app/dir/` or a dotted `app.module`.
_APP = "(?:" + "|".join(APPS) + ")"
NAMED_PATH = re.compile(r"`(" + _APP + r"/[\w/]+(?:\.\w+)?)`")
NAMED_MODULE = re.compile(r"`(" + _APP + r"(?:\.\w+)+)`")


def test_the_architecture_document_names_only_modules_that_exist():
    text = (ROOT / "docs" / "architecture.md").read_text()
    paths = NAMED_PATH.findall(text)
    modules = NAMED_MODULE.findall(text)
    assert paths and modules, "the document names modules in backquotes"
    missing = [p for p in paths if not (ROOT / p).exists()]
    for dotted in modules:
        parts = dotted.split(".")
        # `zoeken.search` is a module; `zoeken.search.ranked` a name in one: the longest existing prefix.
        if not any((ROOT / Path(*parts[:n])).with_suffix(".py").is_file() for n in range(1, len(parts) + 1)):
            missing.append(dotted)
    assert missing == []
