from django.urls import path

from . import api, views

app_name = "lessen"

urlpatterns = [
    path("lessen/", views.les_list, name="les_list"),
    path("lessen/<slug:slug>/", views.les_detail, name="les_detail"),
    path("lessen/<slug:slug>/links/", views.links_hierheen, name="links_hierheen"),
    path("l/<int:pk>/", views.permalink, name="permalink"),
    path("overzicht/", views.overzicht, name="overzicht"),
    path("kaart/", views.bibliotheek_kaart, name="kaart"),
    path("themas/", views.thema_list, name="thema_list"),
    path("themas/<slug:slug>/", views.thema_detail, name="thema_detail"),
    path("themas/<slug:slug>/vergelijk/", views.thema_comparison, name="thema_comparison"),
    path("themas/<slug:slug>/kaart/", views.thema_kaart, name="thema_kaart"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("api/lessen/", api.les_list, name="api_les_list"),
    path("api/lessen/<int:pk>/", api.les_detail, name="api_les_detail"),
]
