from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.http import require_safe

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "Wijkgids — redactie"
admin.site.site_title = "Wijkgids redactie"
admin.site.index_title = "Inhoud beheren"
# The list of lessons needs the width; the breadcrumbs and the index lead everywhere the sidebar did.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", views.home, name="home"),
    path("beheer/", admin.site.urls),
    path("admin/", views.admin_redirect),
    path("admin/<path:rest>", views.admin_redirect),
    path("", include("lessen.urls")),
    path("", include("bronnen.urls")),
    path("", include("zoeken.urls")),
    path("", include("versies.urls")),
    path("", include("citeren.urls")),
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

handler404 = "wijkgids.views.page_not_found"
handler500 = "wijkgids.views.server_error"
