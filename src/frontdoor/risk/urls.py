from django.urls import path

from . import views

app_name = "risk"
urlpatterns = [
    path("new/", views.dash_new, name="dash-new"),
    path("people/<int:person_id>/", views.dash_for_person, name="dash-person"),
    path("<int:message_id>/", views.dash_result, name="dash-result"),
]
