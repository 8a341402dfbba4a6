"""Run the site with production settings and report what a visitor's browser would get, as JSON.

Started by tests/test_production.py in a subprocess with DJANGO_DEBUG=0, because settings are read
once at start-up. Uses an SQLite file given by DATABASE_URL; prints one JSON object on stdout and
lets the site's logging write to stderr as it would in production.
"""

import json
import os
import sys

import django


def describe(response):
    return {
        "status": response.status_code,
        "headers": dict(response.headers),
        "cookies": {
            name: {
                "secure": bool(morsel["secure"]),
                "httponly": bool(morsel["httponly"]),
                "samesite": morsel["samesite"],
            }
            for name, morsel in response.cookies.items()
        },
        "body": response.content.decode(errors="replace"),
    }


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgids.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from lessen import views
    from lessen.models import Les
    from lessen.services import les_opslaan

    assert not settings.DEBUG, "run with DJANGO_DEBUG=0"
    call_command("migrate", verbosity=0)
    get_user_model().objects.create_superuser("beheerder", password="geheim-wachtwoord-1")

    host = settings.ALLOWED_HOSTS[0]
    https = {"HTTP_HOST": host, "HTTP_X_FORWARDED_PROTO": "https"}
    client = Client(raise_request_exception=False, **https)
    report = {
        "home_https": describe(client.get("/")),
        "home_http": describe(Client(HTTP_HOST=host).get("/")),
        "wrong_host": describe(client.get("/", HTTP_HOST="elders.example")),
        "not_found": describe(client.get("/bestaat-niet/")),
        "login_page": describe(client.get("/beheer/login/")),
        "login": describe(
            client.post(
                "/beheer/login/?next=/beheer/",
                {"username": "beheerder", "password": "geheim-wachtwoord-1", "next": "/beheer/"},
            )
        ),
    }

    # Hostile input (issue 17): a method no page takes; a digit that is no 0-9, in a query and a cookie,
    # each beside the number of a lesson that is in the bundle.
    report["trace"] = describe(client.generic("TRACE", "/"))
    les = les_opslaan(
        les=Les(
            titel="Superschrift naast een les", slug="superschrift", status=Les.Status.GEPUBLICEERD,
            samenvatting="Kort.", tekst="Tekst.", soort=Les.Soort.PUNT, kennissoort=Les.Kennissoort.PRAKTIJK,
        )
    )  # fmt: skip
    report["bundel_superscript"] = describe(client.get(f"/bundel/?les={les.pk},%C2%B2"))
    client.cookies["citatiebundel"] = f"{les.pk},²"
    report["bundel_cookie"] = describe(client.get("/bundel/citaten.bib"))
    del client.cookies["citatiebundel"]

    # Login attempts as the proxy passes them on (DJANGO_TRUSTED_PROXIES=1): from one visitor, five
    # wrong passwords, each with a made-up address before the one the proxy appended.
    def login_via_proxy(password, forwarded):
        return Client(raise_request_exception=False, **https).post(
            "/beheer/login/?next=/beheer/",
            {"username": "beheerder", "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(settings.AXES_FAILURE_LIMIT):
        login_via_proxy("fout", f"203.0.113.{n}, 198.51.100.9")
    report["login_locked_visitor"] = describe(login_via_proxy("geheim-wachtwoord-1", "198.51.100.9"))
    report["login_other_visitor"] = describe(login_via_proxy("geheim-wachtwoord-1", "192.0.2.7"))

    def broken(*args, **kwargs):
        raise RuntimeError("kapot-in-de-probe: deze tekst hoort alleen in het log")

    views.selectors.thema_list = broken
    print("--- probe: a view is about to fail ---", file=sys.stderr, flush=True)
    report["crash"] = describe(client.get("/themas/"))
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
