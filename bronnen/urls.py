from django.urls import path

from . import views

app_name = "bronnen"

urlpatterns = [
    path("bronnen/", views.bron_list, name="bron_list"),
    path("bronnen/<slug:slug>/", views.bron_detail, name="bron_detail"),
    path("auteurs/", views.auteur_list, name="auteur_list"),
    path("auteurs/<slug:slug>/", views.auteur_detail, name="auteur_detail"),
]
