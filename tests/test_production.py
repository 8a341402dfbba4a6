"""The site as production runs it (DJANGO_DEBUG=0 behind a TLS proxy), seen from a visitor's side.

Settings are read once at start-up, so these tests start a fresh Python with production variables
(tests/probes/production.py) and look at what it answered and what it logged.
"""

import json
import subprocess
import sys

import pytest

from tests.html_safety import csp_directives
from tests.servers import HOST, ROOT, manage, production_env

ONE_YEAR = 365 * 24 * 60 * 60


def test_check_deploy_passes_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    folder = tmp_path_factory.mktemp("productie")
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder / 'wijkgids.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_TRUSTED_PROXIES="1",  # the TLS proxy
    )
    # Production serves hashed static files: collect them first, as a deployment does.
    manage(env, "collectstatic", "--noinput", "-v0")
    result = subprocess.run(
        [sys.executable, "-m", "tests.probes.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_https_behind_the_proxy_gets_hsts_of_at_least_a_year(production):
    answers, _ = production
    home = answers["home_https"]
    assert home["status"] == 200
    hsts = home["headers"]["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= ONE_YEAR
    assert "includeSubDomains" in hsts


def test_plain_http_is_sent_to_https(production):
    answers, _ = production
    assert answers["home_http"]["status"] == 301
    assert answers["home_http"]["headers"]["Location"] == f"https://{HOST}/"


def test_production_pages_carry_the_security_headers(production):
    answers, _ = production
    for name in ("home_https", "not_found", "login_page", "wrong_host", "crash"):
        headers = answers[name]["headers"]
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers.get("X-Frame-Options") == "DENY", name
        assert headers["Referrer-Policy"] == "same-origin", name
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert "camera=()" in headers["Permissions-Policy"], name
        policy = csp_directives(headers["Content-Security-Policy"])
        assert "'unsafe-inline'" not in policy["script-src"], name
        assert "upgrade-insecure-requests" in policy, name


def test_cookies_are_secure_httponly_and_samesite(production):
    answers, _ = production
    cookies = {**answers["login_page"]["cookies"], **answers["login"]["cookies"]}
    assert answers["login"]["status"] == 302  # logged in
    assert {"csrftoken", "sessionid"} <= set(cookies)
    for name, flags in cookies.items():
        assert flags == {"secure": True, "httponly": True, "samesite": "Lax"}, name


def test_a_wrong_host_gets_a_dutch_400(production):
    answers, stderr = production
    wrong = answers["wrong_host"]
    assert wrong["status"] == 400
    assert "Dit verzoek kunnen we niet verwerken" in wrong["body"]
    assert "elders.example" not in wrong["body"]
    assert "Invalid HTTP_HOST header: 'elders.example'" in stderr  # logged for the operator


def test_a_crash_shows_the_dutch_500_and_the_traceback_only_goes_to_stderr(production):
    answers, stderr = production
    crash = answers["crash"]
    assert crash["status"] == 500
    assert "Er ging iets mis" in crash["body"]
    for leak in ("Traceback", "kapot-in-de-probe", "RuntimeError", 'File "', "settings"):
        assert leak not in crash["body"]
    logged = stderr.split("--- probe: a view is about to fail ---")[1]
    assert "ERROR django.request: Internal Server Error: /themas/" in logged
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: kapot-in-de-probe" in logged


def test_the_404_page_is_dutch_and_technical_details_stay_hidden(production):
    answers, _ = production
    page = answers["not_found"]
    assert page["status"] == 404
    assert "Deze pagina bestaat niet" in page["body"]
    assert "URLconf" not in page["body"] and "urlpatterns" not in page["body"]


def test_trace_gets_405_not_the_page(production):
    answers, _ = production
    trace = answers["trace"]
    assert (trace["status"], trace["headers"]["Allow"], trace["body"]) == (405, "GET, HEAD", "")


def test_a_superscript_digit_in_the_bundle_is_ignored_in_query_and_cookie(production):
    answers, _ = production
    shared, download = answers["bundel_superscript"], answers["bundel_cookie"]
    assert shared["status"] == 200
    assert "Literatuurlijst (APA 7): 1 les" in shared["body"]
    assert "Superschrift naast een les" in shared["body"]
    assert download["status"] == 200
    assert download["body"].count("@online{") == 1
    assert "{Superschrift naast een les}" in download["body"]


def test_behind_the_proxy_only_the_visitor_who_failed_is_locked_out(production):
    answers, _ = production
    locked, other = answers["login_locked_visitor"], answers["login_other_visitor"]
    assert locked["status"] == 429
    assert "Inloggen is tijdelijk geblokkeerd" in locked["body"]
    assert (other["status"], other["headers"]["Location"]) == (302, "/beheer/")  # signed in
