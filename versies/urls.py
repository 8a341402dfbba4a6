from django.urls import path

from . import views

app_name = "versies"

urlpatterns = [
    path("lessen/<slug:slug>/versies/", views.versie_list, name="versie_list"),
    path("lessen/<slug:slug>/versies/<int:nummer>/", views.versie_detail, name="versie_detail"),
    path("lessen/<slug:slug>/verschil/<int:a>/<int:b>/", views.verschil, name="verschil"),
    path("l/<int:pk>/v/<int:nummer>/", views.versie_permalink, name="versie_permalink"),
]
