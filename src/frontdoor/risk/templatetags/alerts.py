"""Alerts as the pages print them, written in Python rather than template nodes: a child's page
lists dozens of alerts and their evidence, and the engine's nodes, lookups and escapes for each
cost more than reading them."""

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from frontdoor.web.html import escaped

from ..alert_selectors import AlertView, Evidence
from ..models import Alert, AlertStatus
from ..rules import rule_title

register = template.Library()

_LINKED = (
    '<li><a class="govuk-link" href="{url}">{day}: {summary}</a>'
    ' <span class="fd-chronology__meta">({agency}, message {message_key})</span></li>'
)
_UNLINKED = (
    "<li>{day}: an event about someone not on your agency's records"
    ' <span class="fd-chronology__meta">({agency}, message {message_key})</span></li>'
)
_TAGS: dict[str, str] = {
    AlertStatus.OPEN: " govuk-tag--red",
    AlertStatus.ACKNOWLEDGED: " govuk-tag--yellow",
    AlertStatus.CLOSED: " govuk-tag--grey",
}
_ROW = """
    <tr class="govuk-table__row">
      {person}
      <td class="govuk-table__cell"><span class="govuk-body-s govuk-!-font-weight-bold">{rule}</span><br>{message}<br><span class="fd-chronology__meta">{detail}</span></td>
      <td class="govuk-table__cell">{evidence}
</td>
      <td class="govuk-table__cell">{action}</td>
      <td class="govuk-table__cell fd-nowrap">{due_on}<br><span class="fd-chronology__meta">raised {raised_on}</span></td>
      <td class="govuk-table__cell">{status}
{reason}{open}</td>
    </tr>
  """  # noqa: E501
_PERSON = '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>'
_REASON = '<br><span class="govuk-body-s">{}</span>'
_OPEN = (
    '<p class="govuk-body-s govuk-!-margin-top-2"><a class="govuk-link" href="{url}">Work on this '
    'alert<span class="govuk-visually-hidden">: {rule}, raised {raised_on}</span></a></p>'
)


def _evidence_item(item: Evidence) -> str:
    fields = {
        "day": escaped(item.day),
        "agency": escaped(item.agency),
        "message_key": escaped(item.message_key),
    }
    if item.url:
        return _LINKED.format(url=escaped(item.url), summary=escaped(item.summary), **fields)
    return _UNLINKED.format(**fields)


register.filter("rule_title", rule_title)


@register.filter
def alert_evidence(shown: AlertView) -> SafeString:
    """The events an alert relied on, each linked to its chronology row where the reader may
    open it."""
    items = "".join(_evidence_item(item) for item in shown.evidence)
    return mark_safe(f'<ul class="govuk-list govuk-body-s">{items}</ul>')  # noqa: S308  # nosec B308 B703 (every value escaped)


@register.filter
def alert_status(alert: Alert) -> SafeString:
    """The alert's status as a coloured tag."""
    tag = _TAGS.get(alert.status, " govuk-tag--green")
    label = escaped(alert.get_status_display())
    return mark_safe(f'<strong class="govuk-tag{tag}">{label}</strong>')  # noqa: S308  # nosec B308 B703 (every value escaped)


def _row(shown: AlertView, *, with_person: bool, front_door: bool) -> str:
    alert = shown.alert
    person = ""
    if with_person:
        url = reverse("people:detail", args=[alert.person_id])
        person = _PERSON.format(escaped(url), escaped(alert.person.display_name))
    rule, raised_on = escaped(rule_title(alert.rule)), escaped(shown.raised_on)
    return _ROW.format(
        person=person,
        rule=rule,
        message=escaped(shown.message),
        detail=escaped(alert.detail),
        evidence=alert_evidence(shown),
        action=escaped(alert.action),
        due_on=escaped(shown.due_on),
        raised_on=raised_on,
        status=alert_status(alert),
        reason=_REASON.format(escaped(alert.status_reason)) if alert.status_reason else "",
        open=_OPEN.format(url=escaped(shown.url), rule=rule, raised_on=raised_on)
        if front_door
        else "",
    )


@register.simple_tag
def alert_rows(alerts: Iterable[AlertView], with_person: bool, front_door: bool) -> SafeString:
    """The rows of a table of alerts: the person's name too, for a list of many people's, and a
    link to work on each, for the front door."""
    rows = (_row(s, with_person=with_person, front_door=front_door) for s in alerts)
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703 (every value escaped)
