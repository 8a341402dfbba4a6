"""Every response carries the security headers; no page runs script the policy would block."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from tests.html_safety import ADMIN_OWN_TAGS, csp_directives, csp_nonce, executable_markup
from tests.pages import (
    PUBLIC_PAGES,
    REDIRECTS,
    is_html,
    named_public_routes,
    route_urls,
    voorbeeld_from_content,
)

pytestmark = pytest.mark.django_db

ONE_YEAR = 365 * 24 * 60 * 60


def admin_urls(request):
    """Every admin page of every model `request.user` may use: lists, forms, history, delete."""
    urls = ["/beheer/", "/beheer/password_change/"]
    for model, model_admin in admin.site._registry.items():
        base = f"/beheer/{model._meta.app_label}/{model._meta.model_name}/"
        urls.append(base)
        if model_admin.has_add_permission(request):
            urls.append(f"{base}add/")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls += [f"{base}{first.pk}/change/", f"{base}{first.pk}/history/"]
            if model_admin.has_delete_permission(request, first):
                urls.append(f"{base}{first.pk}/delete/")
    return urls


def test_every_public_route_is_listed_for_the_security_tests():
    routes = [page.route for page in PUBLIC_PAGES + REDIRECTS]
    assert len(routes) == len(set(routes))  # each route once, its variants under it
    assert named_public_routes() == set(routes)


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:"} & set(policy[directive])


def test_public_pages_carry_the_security_headers_and_run_no_unexpected_script(client, content):
    for name, url in route_urls(voorbeeld_from_content(content)):
        response = client.get(url)
        assert response.status_code == 200, name
        assert_security_headers(response)
        if is_html(response):
            html = response.content.decode()
            assert executable_markup(html, nonce=csp_nonce(response)) == [], name


@pytest.mark.parametrize(
    "url", ["/bestaat-niet/", "/lessen/bestaat-niet/", "/lessen/?thema=nergens", "/lessen/?pagina=99"]
)
def test_error_pages_carry_the_security_headers(client, content, url):
    response = client.get(url)
    assert response.status_code == 404
    assert_security_headers(response)
    assert executable_markup(response.content.decode()) == []


def test_admin_pages_render_under_the_policy(superuser_client, content, rf):
    """The admin loads its scripts from /static/ and uses no inline script or style: the CSP lets it work."""
    request = rf.get("/beheer/")
    request.user = get_user_model().objects.get(username="beheerder")
    for url in admin_urls(request):
        # A lesson's "Geschiedenis" leads to its versions page (the admin's own history would be empty).
        response = superuser_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_security_headers(response)
        html = response.content.decode()
        assert executable_markup(html, nonce=csp_nonce(response), allowed_tags=ADMIN_OWN_TAGS) == [], url


def test_admin_login_page_renders_under_the_policy(client, db):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert executable_markup(response.content.decode(), allowed_tags=ADMIN_OWN_TAGS) == []


def test_a_change_form_posts_under_the_policy(superuser_client, content):
    thema = content["sturen"]
    response = superuser_client.post(
        f"/beheer/lessen/thema/{thema.pk}/change/",
        {"naam": "Sturen en loslaten", "slug": "sturen", "beschrijving": "Over sturing.", "volgorde": "3"},
    )
    assert response.status_code == 302
    assert_security_headers(response)
    thema.refresh_from_db()
    assert (thema.naam, thema.volgorde) == ("Sturen en loslaten", 3)


def test_hsts_of_a_year_over_https_behind_the_proxy(client, content):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    hsts = dict(part.strip().partition("=")[::2] for part in response["Strict-Transport-Security"].split(";"))
    assert int(hsts["max-age"]) >= ONE_YEAR
    assert "includeSubDomains" in hsts


def test_no_hsts_over_plain_http(client, content):
    assert "Strict-Transport-Security" not in client.get("/")


def test_a_nonce_is_added_to_the_policy_when_a_page_uses_one(rf):
    """An inline script is allowed only with the request's nonce: the policy then names it."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    request = rf.get("/")
    response = CSPMiddleware(view)(request)
    nonce = csp_nonce(response)
    assert nonce and len(nonce) >= 16
    assert executable_markup(response.content.decode(), nonce=nonce) == []
    assert executable_markup(response.content.decode(), nonce="een-andere") != []
