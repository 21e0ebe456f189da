"""The rules' thresholds: every rule's as they stand today, and one threshold's history with a
form to set a new value from a date, through the same service as `frontdoor rules set`."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from frontdoor.access.policy import actor_for
from frontdoor.audit.dated_settings import SettingError, setting_text
from frontdoor.audit.forms import DatedSettingForm

from .services import rule_setting_set
from .threshold_selectors import rule_of, threshold_history, thresholds_by_rule
from .thresholds import value_hint


def thresholds(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rules = thresholds_by_rule(user=request.user, day=today)
    return render(request, "risk/thresholds.html", {"rules": rules, "today": today})


def threshold(request: HttpRequest, key: str) -> HttpResponse:
    today = timezone.localdate()
    history = threshold_history(user=request.user, key=key, day=today)
    form = DatedSettingForm(
        request.POST or None,
        initial={"value": setting_text(history.state.value), "effective_from": today},
        value_hint=value_hint(key),
    )
    if request.method == "POST" and form.is_valid():
        try:
            setting = rule_setting_set(
                key=key,
                value=form.cleaned_data["value"],
                effective_from=form.cleaned_data["effective_from"],
                reason=form.cleaned_data["reason"],
                user=actor_for(request.user).user,
            )
        except SettingError as error:
            form.setting_error_show(error)
        else:
            messages.success(
                request,
                f"{key} is {setting_text(setting.value)} from {setting.effective_from:%-d %B %Y}",
            )
            return redirect("thresholds:threshold", key=key)
    return render(
        request,
        "risk/threshold.html",
        {"history": history, "form": form, "rule": rule_of(key), "today": today},
    )
