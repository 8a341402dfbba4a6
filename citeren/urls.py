from django.urls import path, re_path
from django.views.decorators.http import require_safe

from . import feeds, views

app_name = "citeren"

urlpatterns = [
    re_path(
        r"^lessen/(?P<slug>[-a-zA-Z0-9_]+)/citeren\.(?P<formaat>bib|ris|json|biblatex\.bib)$",
        views.les_citeren,
        name="les_citeren",
    ),
    path("lessen/<slug:slug>/tijdkaart/", views.tijdkaart, name="tijdkaart"),
    path("lessen/<slug:slug>/tijdkaart.json", views.tijdkaart, {"formaat": "json"}, name="tijdkaart_json"),
    path("lessen/<slug:slug>/feed/", require_safe(feeds.LesVersiesFeed()), name="les_feed"),
    path("bundel/", views.bundel, name="bundel"),
    re_path(
        r"^bundel/citaten\.(?P<formaat>bib|ris|json|html|docx|biblatex\.bib)$",
        views.bundel_download,
        name="bundel_download",
    ),
    path("controleer/", views.controleer_verwijzingen, name="controle"),
    path("feeds/lessen/", require_safe(feeds.LessenFeed()), name="feed"),
]
