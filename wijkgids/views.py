from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_safe

from bronnen.selectors import bron_list
from lessen import counts, selectors

from .caching import public_page
from .http import NietGevonden


@public_page
def home(request):
    context = {
        "themas": selectors.thema_list(),
        "bronnen": bron_list(),
        "tags": selectors.tag_list(limit=24),
        "aantal_lessen": counts.published_total(),
    }
    return render(request, "home.html", context)


@require_safe
def robots_txt(request):
    """Crawlers: everything but the admin and search results; the sitemap says what there is."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('zoeken:zoeken')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def admin_redirect(request, rest=""):
    """The admin lives at /beheer/; /admin/... is where editors type it by habit."""
    return redirect(f"{reverse('admin:index')}{rest}", permanent=True)


def page_not_found(request, exception):
    """The site's 404: a visitor-facing message where the view gave one, never a technical one."""
    bericht = str(exception) if isinstance(exception, NietGevonden) else ""
    return render(request, "404.html", {"bericht": bericht}, status=404)


@requires_csrf_token
def server_error(request):
    """The site's 500, rendered without a database or request context, since either may be broken."""
    return HttpResponseServerError(loader.get_template("500.html").render())
