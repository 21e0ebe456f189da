from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.quarantine, name="quarantine"),
    path("<int:inbox_id>/", views.quarantine_detail, name="quarantine-detail"),
]
