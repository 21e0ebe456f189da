from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("restrictions/", views.restrictions, name="restrictions"),
    path("restrictions/person/<int:person_id>/", views.restriction_new, name="restriction-new"),
    path("restrictions/<int:restriction_id>/", views.restriction, name="restriction"),
    path(
        "restrictions/<int:restriction_id>/lift/",
        views.restriction_lift_view,
        name="restriction-lift",
    ),
    path("break-glass/", views.break_glass_grants_view, name="break-glass-grants"),
    path("break-glass/person/<int:person_id>/", views.break_glass, name="break-glass"),
    path(
        "break-glass/<int:grant_id>/review/",
        views.break_glass_review_view,
        name="break-glass-review",
    ),
    path("team/", views.team, name="team"),
    path("sign-in-help/", views.sign_in_help, name="sign-in-help"),
]
