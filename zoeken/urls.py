from django.urls import path

from . import views

app_name = "zoeken"

urlpatterns = [
    path("zoeken/", views.search_results, name="zoeken"),
]
