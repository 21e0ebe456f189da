"""The front door's alerts: the list, and one alert with its evidence and decision."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from frontdoor.access.policy import actor_for

from .alert_forms import AlertDecisionForm, AlertFilterForm
from .alert_selectors import alert_get, alerts_list
from .services import AlertError, alert_acknowledge, alert_action, alert_close


def alerts(request: HttpRequest) -> HttpResponse:
    form = AlertFilterForm(request.GET or None)
    rule = status = ""
    if form.is_valid():
        rule, status = form.cleaned_data["rule"], form.cleaned_data["status"]
    found = alerts_list(
        user=request.user, rule=rule, status=status, page_number=request.GET.get("page", 1)
    )
    return render(
        request, "risk/alerts.html", {"filters": form, "alerts": found.alerts, "page": found.page}
    )


def alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    shown = alert_get(user=request.user, alert_id=alert_id)
    form = AlertDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, reason = actor_for(request.user).user, form.cleaned_data["reason"]
        try:
            if form.cleaned_data["decision"] == "acknowledge":
                alert_acknowledge(alert=shown.alert, user=user)
            elif form.cleaned_data["decision"] == "action":
                alert_action(alert=shown.alert, user=user, note=reason)
            else:
                alert_close(alert=shown.alert, user=user, reason=reason)
        except AlertError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The alert was updated.")
        return redirect("alerts:alert", alert_id=alert_id)
    return render(request, "risk/alert.html", {"shown": shown, "form": form})
