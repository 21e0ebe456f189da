from django.urls import path

from . import views

app_name = "sharing"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:notification_id>/not-sharing/", views.not_sharing, name="not-sharing"),
    path(
        "not-sharing/<int:decision_id>/sign-off/",
        views.not_sharing_sign_off_page,
        name="not-sharing-sign-off",
    ),
    path("never-tell/person/<int:person_id>/", views.never_tell, name="never-tell"),
    path(
        "never-tell/<int:decision_id>/sign-off/",
        views.never_tell_sign_off_page,
        name="never-tell-sign-off",
    ),
    path("never-tell/<int:decision_id>/lift/", views.never_tell_lift_page, name="never-tell-lift"),
    path("overdue/", views.overdue, name="overdue"),
]
