from django.urls import path

from . import views

app_name = "triage"
urlpatterns = [
    path("", views.my_referrals, name="my-referrals"),
    path("new/", views.referral_new, name="referral-new"),
    path("queue/", views.queue, name="queue"),
    path("by-source/", views.referrals_by_source_view, name="by-source"),
    path("checks/", views.checks, name="checks"),
    path("checks/<int:check_id>/", views.check, name="check"),
    path("decisions/<int:decision_id>/sign-off/", views.sign_off, name="sign-off"),
    path("decisions/<int:decision_id>/strategy/", views.strategy, name="strategy"),
    path("<str:reference>/", views.referral_detail, name="referral"),
    path("<str:reference>/receipt.pdf", views.referral_receipt, name="receipt"),
    path("<str:reference>/work/", views.work, name="work"),
    path("<str:reference>/checks/new/", views.checks_new, name="checks-new"),
    path("<str:reference>/decide/", views.decide, name="decide"),
]
