"""Every page and endpoint, each stage's under its own prefix."""

from django.urls import include, path

from frontdoor.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path("two-factor/set-up/qr-code.svg", views.two_factor_qr_code, name="two-factor-qr-code"),
    path(
        "two-factor/recovery-codes/",
        views.two_factor_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("two-factor/recovery/", views.two_factor_recovery, name="two-factor-recovery"),
    path("people/", include("frontdoor.people.urls")),
    path("referrals/", include("frontdoor.triage.urls")),
    path("dash/", include("frontdoor.risk.urls")),
    path("alerts/", include("frontdoor.risk.alerts_urls")),
    path("rules/thresholds/", include("frontdoor.risk.threshold_urls")),
    path("marac/", include("frontdoor.marac.urls")),
    path("notifications/", include("frontdoor.sharing.urls")),
    path("quality/", include("frontdoor.quality.urls")),
    path("returns/", include("frontdoor.returns.urls")),
    path("quarantine/", include("frontdoor.intake.urls")),
    path("linkage/", include("frontdoor.linkage.urls")),
    path("audit/", include("frontdoor.audit.urls")),
    path("insights/", include("frontdoor.insights.urls")),
    path("access/", include("frontdoor.access.urls")),
    path("api/v1/", include("frontdoor.intake.api_urls")),
]
