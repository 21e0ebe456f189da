from django.urls import path

from . import views

app_name = "triage"
urlpatterns = [
    path("", views.my_referrals, name="my-referrals"),
    path("new/", views.referral_new, name="referral-new"),
    path("<str:reference>/", views.referral_detail, name="referral"),
    path("<str:reference>/receipt.pdf", views.referral_receipt, name="receipt"),
]
