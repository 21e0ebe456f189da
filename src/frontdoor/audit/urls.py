from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("people/<int:person_id>/", views.person_reads_page, name="person-reads"),
    path("unusual/", views.unusual, name="unusual"),
]
