from django.urls import path, re_path

from . import api, citation_views, feeds, views

app_name = "lessen"

urlpatterns = [
    path("lessen/", views.les_list, name="les_list"),
    path("lessen/<slug:slug>/", views.les_detail, name="les_detail"),
    path("lessen/<slug:slug>/links/", views.links_hierheen, name="links_hierheen"),
    path("lessen/<slug:slug>/versies/", views.versie_list, name="versie_list"),
    path("lessen/<slug:slug>/versies/<int:nummer>/", views.versie_detail, name="versie_detail"),
    path("lessen/<slug:slug>/verschil/<int:a>/<int:b>/", views.verschil, name="verschil"),
    re_path(
        r"^lessen/(?P<slug>[-a-zA-Z0-9_]+)/citeren\.(?P<formaat>bib|ris|json)$",
        citation_views.les_citeren,
        name="les_citeren",
    ),
    path("lessen/<slug:slug>/feed/", feeds.LesVersiesFeed(), name="les_feed"),
    path("bundel/", citation_views.bundel, name="bundel"),
    re_path(
        r"^bundel/citaten\.(?P<formaat>bib|ris|json)$", citation_views.bundel_download, name="bundel_download"
    ),
    path("l/<int:pk>/", views.permalink, name="permalink"),
    path("l/<int:pk>/v/<int:nummer>/", views.versie_permalink, name="versie_permalink"),
    path("zoeken/", views.search_results, name="zoeken"),
    path("overzicht/", views.overzicht, name="overzicht"),
    path("themas/", views.thema_list, name="thema_list"),
    path("themas/<slug:slug>/", views.thema_detail, name="thema_detail"),
    path("themas/<slug:slug>/vergelijk/", views.thema_vergelijk, name="thema_vergelijk"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("bronnen/", views.bron_list, name="bron_list"),
    path("bronnen/<slug:slug>/", views.bron_detail, name="bron_detail"),
    path("auteurs/", views.auteur_list, name="auteur_list"),
    path("auteurs/<slug:slug>/", views.auteur_detail, name="auteur_detail"),
    path("api/lessen/", api.les_list, name="api_les_list"),
    path("api/lessen/<int:pk>/", api.les_detail, name="api_les_detail"),
    path("feeds/lessen/", feeds.LessenFeed(), name="feed"),
]
