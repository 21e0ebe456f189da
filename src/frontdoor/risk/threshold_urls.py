from django.urls import path

from . import threshold_views as views

app_name = "thresholds"
urlpatterns = [
    path("", views.thresholds, name="list"),
    path("<str:key>/", views.threshold, name="threshold"),
]
