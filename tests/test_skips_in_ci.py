"""In CI (CI=true) a skipped test fails the run, unless tests/conftest.py lists it as needing PostgreSQL
and the run is on SQLite; a parameter list that comes out empty fails everywhere.

Each test runs a small pytest session of its own (pytester), with the hooks of tests/conftest.py and
none of the plugins the project installs (Django, Playwright): only the rule is under test.
"""

from pathlib import Path

import pytest

from tests import conftest

ROOT = Path(__file__).resolve().parent.parent

HOOKS = "from tests.conftest import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401\n"
TESTS = """
import pytest

@pytest.fixture
def tool():
    pytest.skip("skipped: gereedschap niet gevonden")

def test_needs_a_tool(tool):
    pass

def test_skips_itself():
    pytest.skip("skipped: zelf overgeslagen")

@pytest.mark.skipif(True, reason="skipped: met een marker")
def test_marked():
    pass

def test_needs_postgresql():
    pytest.skip("skipped: draait onder bin/with-postgres")

def test_runs():
    pass
"""


@pytest.fixture(autouse=True)
def no_installed_plugins(monkeypatch):
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


def run(pytester, *args):
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", *args)


@pytest.fixture
def session(pytester, monkeypatch):
    """Runs TESTS with the CI rule; test_needs_postgresql is on the list of allowed skips."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(
        conftest, "SKIPS_ALLOWED_IN_CI_ON_SQLITE", {"test_voorbeeld.py::test_needs_postgresql": ""}
    )
    pytester.makeconftest(HOOKS)
    pytester.makepyfile(test_voorbeeld=TESTS)
    return lambda *args: run(pytester, *args)


def test_outside_ci_a_test_may_skip(session):
    session().assert_outcomes(passed=1, skipped=4)


def test_in_ci_a_skip_fails_the_run_and_says_why(session, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = session()
    # A skip in a fixture or by a marker happens at setup: an error; one in the test itself: a failure.
    result.assert_outcomes(passed=1, skipped=1, failed=1, errors=2)
    assert result.ret != 0
    result.stdout.fnmatch_lines(
        ["*In CI (CI=true) mag deze test niet overgeslagen worden: skipped: gereedschap*"]
    )
    for reason in ["zelf overgeslagen", "met een marker"]:
        result.stdout.fnmatch_lines([f"*niet overgeslagen worden: skipped: {reason}*"])


def test_in_ci_a_listed_skip_is_allowed_on_sqlite_only(session, monkeypatch):
    monkeypatch.setenv("CI", "true")
    only = ("-k", "needs_postgresql")
    session(*only).assert_outcomes(skipped=1)
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wijkgids")
    session(*only).assert_outcomes(failed=1)


def test_in_ci_a_file_skipped_whole_fails_too(pytester, monkeypatch):
    monkeypatch.setenv("CI", "true")
    pytester.makeconftest(HOOKS)
    pytester.makepyfile(
        test_heel="import pytest\npytest.skip('skipped: hele bestand', allow_module_level=True)\n"
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*niet overgeslagen worden: skipped: hele bestand*"])


def test_an_empty_parameter_list_fails_instead_of_skipping(pytester, pytestconfig):
    pytester.makeini(
        f"[pytest]\nempty_parameter_set_mark = {pytestconfig.getini('empty_parameter_set_mark')}\n"
    )
    pytester.makepyfile(
        test_leeg="import pytest\n\n@pytest.mark.parametrize('x', [])\ndef test_over_niets(x):\n    pass\n"
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*Empty parameter set*"])


def test_every_allowed_skip_names_a_test_that_exists():
    for listed in conftest.SKIPS_ALLOWED_IN_CI_ON_SQLITE:
        path, _, name = listed.partition("::")
        assert (ROOT / path).is_file(), listed
        assert not name or f"def {name}(" in (ROOT / path).read_text(), listed
