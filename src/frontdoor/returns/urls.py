from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("cin-census/", views.cin_census, name="cin-census"),
]
