from django.urls import path

from . import alert_views as views

app_name = "alerts"
urlpatterns = [
    path("", views.alerts, name="list"),
    path("<int:alert_id>/", views.alert, name="alert"),
]
