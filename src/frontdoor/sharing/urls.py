from django.urls import path

from . import views

app_name = "sharing"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("overdue/", views.overdue, name="overdue"),
]
