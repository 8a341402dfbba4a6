from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Wijkgids — redactie"
admin.site.site_title = "Wijkgids redactie"
admin.site.index_title = "Inhoud beheren"

urlpatterns = [
    path("", views.home, name="home"),
    path("beheer/", admin.site.urls),
    path("admin/", views.admin_redirect),
    path("admin/<path:rest>", views.admin_redirect),
    path("", include("lessen.urls")),
]

if settings.WIJKGIDS_BENCH_PLAFOND:
    from bench.ceiling import plafond

    urlpatterns.insert(0, path("bench/plafond/", plafond))

handler404 = "wijkgids.views.page_not_found"
handler500 = "wijkgids.views.server_error"
