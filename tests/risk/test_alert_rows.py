"""The alerts' rows, written by one tag, are the rows the templates' loop and its two includes
wrote: every field escaped, the evidence linked where the reader may open it, the person's name
and the link to work on the alert only where the table asks for them."""

import pytest
from django.template import Context, Template

from frontdoor.people.models import Person
from frontdoor.risk.alert_selectors import AlertView, Evidence
from frontdoor.risk.models import Alert, AlertStatus
from frontdoor.risk.templatetags.alerts import alert_evidence, alert_rows, alert_status

# The loop the tag replaced, as it stood in risk/includes/alert_table.html, with the two
# templates it included (risk/includes/alert_evidence.html and alert_status.html) in place.
EVIDENCE = (
    '<ul class="govuk-list govuk-body-s">{% for item in shown.evidence %}<li>{% if item.url %}'
    '<a class="govuk-link" href="{{ item.url }}">{{ item.day }}: {{ item.summary }}</a>'
    "{% else %}{{ item.day }}: an event about someone not on your agency's records{% endif %}"
    ' <span class="fd-chronology__meta">({{ item.agency }}, message {{ item.message_key }})'
    "</span></li>{% endfor %}</ul>\n"
)
STATUS = (
    "<strong class=\"govuk-tag{% if alert.status == 'open' %} govuk-tag--red"
    "{% elif alert.status == 'acknowledged' %} govuk-tag--yellow"
    "{% elif alert.status == 'closed' %} govuk-tag--grey{% else %} govuk-tag--green{% endif %}\">"
    "{{ alert.get_status_display }}</strong>\n"
)
TEMPLATE_LOOP = Template(
    """{% for shown in alerts %}{% with alert=shown.alert %}
    <tr class="govuk-table__row">
      {% if with_person %}<td class="govuk-table__cell"><a class="govuk-link" href="{% url 'people:detail' alert.person_id %}">{{ alert.person.display_name }}</a></td>{% endif %}
      <td class="govuk-table__cell"><span class="govuk-body-s govuk-!-font-weight-bold">{{ alert.rule }}</span><br>{{ shown.message }}<br><span class="fd-chronology__meta">{{ alert.detail }}</span></td>
      <td class="govuk-table__cell">EVIDENCE</td>
      <td class="govuk-table__cell">{{ alert.action }}</td>
      <td class="govuk-table__cell fd-nowrap">{{ shown.due_on }}<br><span class="fd-chronology__meta">raised {{ shown.raised_on }}</span></td>
      <td class="govuk-table__cell">STATUS{% if alert.status_reason %}<br><span class="govuk-body-s">{{ alert.status_reason }}</span>{% endif %}{% if front_door %}<p class="govuk-body-s govuk-!-margin-top-2"><a class="govuk-link" href="{{ shown.url }}">Work on this alert<span class="govuk-visually-hidden">: {{ alert.rule }}, raised {{ shown.raised_on }}</span></a></p>{% endif %}</td>
    </tr>
  {% endwith %}{% endfor %}""".replace("EVIDENCE", EVIDENCE).replace("STATUS", STATUS)  # noqa: E501
)


def view(pk: int, status: str, reason: str, evidence: list[Evidence]) -> AlertView:
    alert = Alert(
        pk=pk,
        person_id=40 + pk,
        rule="ESCALATION<&>",
        detail='Three incidents "in a year" & <more>',
        action="Refer to children's social care",
        status=status,
        status_reason=reason,
    )
    alert.person = Person(pk=40 + pk, given_name="Poppy <P>", family_name="O'Neil")
    return AlertView(
        alert,
        message="Escalation: <b>repeat</b>",
        evidence=evidence,
        raised_on="1 Jul 2026",
        due_on="None",
        url=f"/alerts/{pk}/",
    )


LINKED = Evidence("1 Jul 2026", "Incident <x> & 'y'", "Borough Police", "police-1", "/people/3/#e")
UNLINKED = Evidence("2 Jul 2026", "Not shown", "Elm <Practice>", 'gp-"2"', "")
ALERTS = [
    view(1, AlertStatus.OPEN, "", [LINKED, UNLINKED]),
    view(2, AlertStatus.ACKNOWLEDGED, "Spoke to <mum> & dad", [UNLINKED]),
    view(3, AlertStatus.CLOSED, "Closed: 'no risk'", []),
    view(4, AlertStatus.RESOLVED, "", [LINKED]),
    view(5, AlertStatus.ACTIONED, "", [LINKED]),
]


@pytest.mark.parametrize("with_person", [True, False])
@pytest.mark.parametrize("front_door", [True, False])
def test_the_rows_are_those_the_template_loop_wrote(with_person: bool, front_door: bool) -> None:
    context = {"alerts": ALERTS, "with_person": with_person, "front_door": front_door}
    assert alert_rows(ALERTS, with_person, front_door) == TEMPLATE_LOOP.render(Context(context))


def test_an_alerts_evidence_and_status_are_those_the_includes_wrote() -> None:
    for shown in ALERTS:
        context = Context({"shown": shown, "alert": shown.alert})
        assert alert_evidence(shown) + "\n" == Template(EVIDENCE).render(context)
        assert alert_status(shown.alert) + "\n" == Template(STATUS).render(context)


def test_what_the_rules_and_agencies_wrote_is_escaped() -> None:
    rows = alert_rows(ALERTS, True, True)
    assert "<more>" not in rows
    assert "&lt;more&gt;" in rows
    assert "Incident &lt;x&gt; &amp; &#x27;y&#x27;" in rows
    assert "Poppy &lt;P&gt; O&#x27;Neil" in rows
