from django.urls import path

from . import views

app_name = "marac"
urlpatterns = [
    path("", views.index, name="index"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/hold/", views.meeting_held, name="meeting-hold"),
    path("meetings/<int:meeting_id>/cases/<str:reference>/", views.case, name="case"),
    path(
        "meetings/<int:meeting_id>/cases/<str:reference>/return/",
        views.research_return,
        name="return",
    ),
    path(
        "meetings/<int:meeting_id>/cases/<str:reference>/actions/new/",
        views.action_new,
        name="action-new",
    ),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:action_id>/", views.action, name="action"),
    path("refer/<int:person_id>/", views.refer, name="refer"),
    path("dataset/", views.dataset, name="dataset"),
]
