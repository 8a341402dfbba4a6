"""The admin login: throttled after repeated failures, and it never sends anyone off the site."""

import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

LOGIN = "/beheer/login/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("redactie", password="juist-wachtwoord-1", is_staff=True)


def log_in(client, password, username="redactie", next_url="/beheer/"):
    return client.post(f"{LOGIN}?next={next_url}", {"username": username, "password": password})


def test_a_wrong_password_gives_the_form_again(client, editor):
    response = log_in(client, "fout")
    assert response.status_code == 200
    assert "Voer de correcte gebruikersnaam en wachtwoord" in response.content.decode()


def test_repeated_failures_lock_the_login_with_a_dutch_message(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "fout").status_code == 200
    response = log_in(client, "fout")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Inloggen is tijdelijk geblokkeerd" in html
    assert "over 30 minuten opnieuw" in html


def test_a_locked_out_editor_cannot_log_in_even_with_the_right_password(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "fout")
    response = log_in(client, "juist-wachtwoord-1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_out_is_logged(client, editor, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, "fout")
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    assert AccessAttempt.objects.get().failures_since_start == settings.AXES_FAILURE_LIMIT


def test_a_lock_out_holds_one_account_from_one_address_only(client, editor):
    get_user_model().objects.create_user("collega", password="ander-wachtwoord-1", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "fout")
    assert log_in(client, "ander-wachtwoord-1", username="collega").status_code == 302
    elsewhere = client.post(
        f"{LOGIN}?next=/beheer/",
        {"username": "redactie", "password": "juist-wachtwoord-1"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert elsewhere.status_code == 302


def test_a_successful_login_resets_the_count(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "fout")
    assert log_in(client, "juist-wachtwoord-1").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "fout").status_code == 200


@pytest.mark.parametrize(
    "next_url",
    [
        "//elders.example",
        "//elders.example/beheer/",
        "https://elders.example/",
        "http:elders.example",
        "///elders.example",
        "/\\elders.example",
        "\\\\elders.example",
        "%2F%2Felders.example",
        "/%2F%2Felders.example",
        "%5C%5Celders.example",
        "https:%2F%2Felders.example",
        "javascript:alert(1)",
        "%09//elders.example",
        " //elders.example",
        "//elders.example%40wijkgids.example",
        "//wijkgids.example@elders.example",
    ],
)
def test_next_never_leaves_the_site(client, editor, next_url):
    response = log_in(client, "juist-wachtwoord-1", next_url=next_url)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "elders.example" not in location.split("?")[0].lstrip("/").split("/")[0]
    # A refused address leads to the admin, the only place a login is for (not to a 404).
    assert location in ("/beheer/", "/beheer/%5C%5Celders.example", "/beheer/elders.example")
    if location == "/beheer/":
        assert client.get(location).status_code == 200


def test_next_within_the_site_is_followed(client, editor):
    response = log_in(client, "juist-wachtwoord-1", next_url="/beheer/lessen/les/")
    assert response["Location"] == "/beheer/lessen/les/"


def test_the_login_form_echoes_next_escaped(client, db):
    response = client.get(LOGIN, {"next": '"><script>alert(1)</script>'})
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def test_a_form_without_its_security_token_gets_a_dutch_page(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "redactie", "password": "juist-wachtwoord-1"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Het formulier kon niet worden verstuurd" in html
    assert "CSRF" not in html


def test_the_old_admin_address_redirects_within_the_site(client):
    assert client.get("/admin/")["Location"] == "/beheer/"
    response = client.get("/admin//elders.example")
    assert response.status_code == 301
    assert response["Location"].startswith("/beheer/")


def test_the_test_clients_login_still_works(client, editor):
    """Throttling needs a request; code without one (tests, a shell) logs in as before."""
    assert client.login(username="redactie", password="juist-wachtwoord-1")
    assert client.get("/beheer/").status_code == 200


PROXY = "10.0.0.2"  # the TLS proxy: behind it, every request reaches the site from this address


def via_proxies(client, password, *, forwarded):
    """A login as the proxy passes it on: X-Forwarded-For ends with what the proxies appended."""
    return client.post(
        f"{LOGIN}?next=/beheer/",
        {"username": "redactie", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
        HTTP_X_FORWARDED_PROTO="https",
    )


def test_behind_the_proxy_a_lock_out_holds_the_attackers_address_not_the_account(client, editor, settings):
    """With every request from the proxy's address, anyone knowing a username could lock its editor out."""
    settings.WIJKGIDS_TRUSTED_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        via_proxies(client, "fout", forwarded="198.51.100.9")
    assert via_proxies(client, "juist-wachtwoord-1", forwarded="198.51.100.9").status_code == 429
    assert via_proxies(client, "juist-wachtwoord-1", forwarded="192.0.2.7").status_code == 302


def test_an_address_the_client_adds_to_x_forwarded_for_is_not_trusted(client, editor, settings):
    settings.WIJKGIDS_TRUSTED_PROXIES = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        via_proxies(client, "fout", forwarded=f"203.0.113.{n}, 198.51.100.9")
    assert via_proxies(client, "fout", forwarded="203.0.113.99, 198.51.100.9").status_code == 429
    assert AccessAttempt.objects.get().ip_address == "198.51.100.9"


def test_behind_two_proxies_the_address_the_first_one_saw_counts(client, editor, settings):
    settings.WIJKGIDS_TRUSTED_PROXIES = 2
    for n in range(settings.AXES_FAILURE_LIMIT):
        via_proxies(client, "fout", forwarded=f"203.0.113.{n}, 198.51.100.9, 10.0.0.1")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.9"
    assert via_proxies(client, "juist-wachtwoord-1", forwarded="192.0.2.7, 10.0.0.1").status_code == 302


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, editor, settings):
    settings.WIJKGIDS_TRUSTED_PROXIES = 0  # the default (DJANGO_TRUSTED_PROXIES unset): reached directly
    for n in range(settings.AXES_FAILURE_LIMIT):
        via_proxies(client, "fout", forwarded=f"203.0.113.{n}")
    assert AccessAttempt.objects.get().ip_address == PROXY
    assert via_proxies(client, "juist-wachtwoord-1", forwarded="192.0.2.7").status_code == 429
