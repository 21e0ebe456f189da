from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("", views.index, name="index"),
    path("samples/<str:week>/", views.sample, name="sample"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:review_id>/", views.review, name="review"),
    path("audits/", views.audits, name="audits"),
    path("audits/new/", views.audit_new, name="audit-new"),
    path("audits/<int:audit_id>/", views.audit, name="audit"),
    path("audits/findings/<int:finding_id>/send/", views.disseminate, name="disseminate"),
    path("audits/findings/<int:finding_id>/actions/new/", views.action_new, name="action-new"),
    path("findings/", views.findings, name="findings"),
    path("findings/<int:dissemination_id>/", views.finding, name="finding"),
    path("dissemination/", views.dissemination, name="dissemination"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:action_id>/", views.action, name="action"),
]
