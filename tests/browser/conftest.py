"""Browser tests: the site in Debian's Chromium, driven by Playwright (pytest-playwright).

The tests start the site themselves (pytest-django's live_server) and share one browser per session.
Without Chromium or axe-core they are skipped with one clear message; in CI (CI=true) a missing
browser or axe-core is a failure, never a skip. axe-core comes from the npm registry:
`make test` runs `npm ci --prefix tests/browser` (package.json and package-lock.json beside this file).
"""

import os
import shutil
from importlib import import_module
from itertools import chain
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from playwright.sync_api import expect

# Playwright's sync API keeps an asyncio event loop in the test thread; Django refuses database
# calls from such a thread unless told it is safe. It is: the tests themselves are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
EDITOR_PASSWORD = "geheim-wachtwoord-1"

IN_CI = os.environ.get("CI") == "true"
HAS_CHROMIUM = os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)
NO_CHROMIUM = f"Chromium niet gevonden ({CHROMIUM}): apt-get install chromium"

expect.set_options(timeout=5_000)


def pytest_ignore_collect(collection_path, config):
    # Without Chromium (outside CI) the browser tests are left out, with one line in the summary.
    if not HAS_CHROMIUM and not IN_CI and collection_path.name.startswith("test_"):
        return True
    return None


def pytest_terminal_summary(terminalreporter):
    if not HAS_CHROMIUM and not IN_CI:
        terminalreporter.write_line(f"skipped: browsertests niet uitgevoerd: {NO_CHROMIUM}")


def require(available, what):
    """Skip (outside CI) or fail (in CI) when a tool the browser tests need is missing."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what}; in CI installeert .ci/run dit.", pytrace=False)
    pytest.skip(f"skipped: {what}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(HAS_CHROMIUM, NO_CHROMIUM)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "timeout": 30_000}


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture
def new_context(new_context):
    """Dutch contexts, desktop-sized unless asked otherwise, with bounded waits: a step that hangs
    fails after seconds, not minutes."""

    def make(**kwargs):
        context = new_context(
            **{"locale": "nl-NL", "timezone_id": "Europe/Amsterdam", "viewport": DESKTOP, **kwargs}
        )
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(20_000)
        return context

    return make


@pytest.fixture(scope="session")
def axe_source():
    require(
        AXE.is_file(), f"axe-core niet gevonden ({AXE}): npm ci --prefix tests/browser (make test doet dat)"
    )
    return AXE.read_text()


@pytest.fixture
def audit_page(new_context, axe_source):
    """A page whose context ignores the site's Content-Security-Policy, so a test may inject axe-core."""
    return new_context(bypass_csp=True).new_page()


def run_axe(page, axe_source):
    """axe-core's violations on the page as it is now, as (rule, impact, help, first places) tuples."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], v["help"], [" ".join(node["target"]) for node in v["nodes"]][:5])
        for v in result["violations"]
    ]


def screenshot(page, name):
    """A full-page screenshot in test-artifacts/screenshots/ (git-ignored), for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png", full_page=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Editors log in through the real form; a fast hasher keeps that from dominating the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def redacteur_group():
    """The group 'Redacteur' with the permissions its data migrations give it (0002, 0013).

    Browser tests run in transactions that are really committed; the database is emptied after each
    one, data from migrations included. (serialized_rollback cannot put it back: once Playwright's
    event loop runs, Django hands the test another connection object than the one serialized.)
    """
    migration = import_module("lessen.migrations.0002_redacteur_group")
    group, _ = Group.objects.get_or_create(name=migration.GROUP_NAME)
    codenames = [
        f"{action}_{model}"
        for model in [*chain(*migration.CONTENT_MODELS.values()), "verband"]  # relations: 0013
        for action in migration.ACTIONS
    ]
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=migration.CONTENT_MODELS, codename__in=codenames
        )
    )
    return group


def eindredacteur_group():
    """The group 'Eindredacteur' as its data migration makes it: a Redacteur's permissions and
    publishing (see redacteur_group for why the test makes it again)."""
    migration = import_module("lessen.migrations.0015_eindredacteur_group")
    group, _ = Group.objects.get_or_create(name=migration.GROUP_NAME)
    group.permissions.set(
        [
            *redacteur_group().permissions.all(),
            *(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in migration.EXTRA
            ),
        ]
    )
    return group


@pytest.fixture
def make_editor(transactional_db):
    """Staff users in the group 'Redacteur' (or 'Eindredacteur'), as the admin's editors are."""

    def make(username, *, eindredacteur=False):
        user = get_user_model().objects.create_user(username, password=EDITOR_PASSWORD, is_staff=True)
        user.groups.add(eindredacteur_group() if eindredacteur else redacteur_group())
        return user

    return make


def log_in(page, username):
    """Log in to the admin with its own form, as an editor does."""
    page.goto(reverse("admin:login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Inhoud beheren")).to_be_visible()
