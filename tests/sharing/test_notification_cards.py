"""Who knows what, written by one tag, is what the template's loop and its two includes wrote:
every field escaped, each decision not to tell where it stands, the front door's links only for
the front door."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template

from frontdoor.access.models import Agency
from frontdoor.sharing.models import Notification, NotificationStatus, NotSharing
from frontdoor.sharing.selectors import Told
from frontdoor.sharing.templatetags.notifications import (
    notification_cards,
    notification_status,
    payload_list,
)
from frontdoor.triage.models import SignOff

# The loop the tag replaced, as it stood in sharing/includes/who_knows_what.html, with the two
# templates it included (sharing/includes/status.html and payload.html) as they stood.
STATUS = (
    "{% with shown=notification.shown_status %}<strong class=\"govuk-tag{% if shown == 'overdue' %}"
    " govuk-tag--red{% elif shown == 'acknowledged' %} govuk-tag--green"
    "{% elif shown == 'withheld' %} govuk-tag--grey{% elif shown == 'due' %} govuk-tag--yellow"
    "{% else %} govuk-tag--blue{% endif %}\">{% if shown == 'overdue' %}Overdue{% else %}"
    "{{ notification.get_status_display }}{% endif %}</strong>{% endwith %}\n"
)
PAYLOAD = (
    '<dl class="govuk-summary-list govuk-!-margin-bottom-4">\n  '
    "{% for pair in notification.payload %}"
    '{% if not forloop.first %}\n  {% endif %}<div class="govuk-summary-list__row">'
    '<dt class="govuk-summary-list__key">{{ pair.0 }}</dt><dd class="govuk-summary-list__value">'
    "{{ pair.1 }}</dd></div>{% endfor %}\n</dl>\n"
)
TEMPLATE_LOOP = Template(
    """{% for shown in notifications %}{% with notification=shown.notification %}
<div class="govuk-summary-card">
  <div class="govuk-summary-card__title-wrapper">
    <h3 class="govuk-summary-card__title">{{ notification.recipient.name }}: {{ notification.duty }}</h3>
    <ul class="govuk-summary-card__actions"><li class="govuk-summary-card__action">STATUS</li></ul>
  </div>
  <div class="govuk-summary-card__content">
    <p class="govuk-body-s">{{ shown.what_became_of_it }} Lawful basis: {{ notification.lawful_basis }}.</p>
    {% with decision=notification.not_sharing %}{% if decision and front_door %}
    <p class="govuk-body-s">{% if decision.sign_off == "awaiting" %}{{ decision.decided_by.get_full_name|default:decision.decided_by.username }} decided on {{ decision.decided_at|date:"j F Y, H:i" }} not to tell them: {{ decision.reason }}. <a class="govuk-link" href="{% url 'sharing:not-sharing-sign-off' decision.pk %}">Awaiting a manager's sign-off<span class="govuk-visually-hidden">: not telling {{ notification.recipient.name }}</span></a>.{% elif decision.sign_off == "returned" %}A decision not to tell them was returned by {{ decision.signed_off_by.get_full_name|default:decision.signed_off_by.username }}: {{ decision.sign_off_note }}{% else %}Decided not to tell them by {{ decision.decided_by.get_full_name|default:decision.decided_by.username }} on {{ decision.decided_at|date:"j F Y, H:i" }}{% if decision.signed_off_by %}; signed off by {{ decision.signed_off_by.get_full_name|default:decision.signed_off_by.username }} on {{ decision.signed_off_at|date:"j F Y, H:i" }}{% endif %}.{% endif %}</p>
    {% endif %}{% endwith %}
    PAYLOAD
    {% if front_door and shown.decide_not_to_tell %}
    <p class="govuk-body-s"><a class="govuk-link" href="{{ shown.decide_not_to_tell }}">Withdraw it: decide not to tell {{ notification.recipient.name }}<span class="govuk-visually-hidden"> ({{ notification.duty }})</span></a></p>
    {% endif %}
  </div>
</div>
{% endwith %}{% endfor %}""".replace("STATUS", STATUS).replace("PAYLOAD", PAYLOAD)  # noqa: E501
)

AT = datetime(2026, 7, 1, 8, 5, tzinfo=UTC)
LATER = datetime(2099, 1, 1, tzinfo=UTC)
NURSE = User(pk=1, username="gp.nurse", first_name="Ann", last_name="O'Hara <RN>")
MANAGER = User(pk=2, username="fd.manager")


def decision(sign_off: str, signed_off_by: User | None = None) -> NotSharing:
    return NotSharing(
        pk=9,
        decided_by=NURSE,
        decided_at=AT,
        reason="Would put <her> at risk & more",
        sign_off=sign_off,
        signed_off_by=signed_off_by,
        signed_off_at=AT if signed_off_by else None,
        sign_off_note="Tell them: 'it is needed'" if signed_off_by else "",
    )


def told(pk: int, status: str, not_sharing: NotSharing | None, decide: str) -> Told:
    notification = Notification(
        pk=pk,
        duty="Police <-> school",
        status=status,
        due_by=AT if pk % 2 else LATER,
        lawful_basis="Children Act 2004 s.11 & 'duty'",
        payload=[["Child", 'Poppy "P" <W>'], ["Said", "Mum cries & shouts"]] if pk % 3 else [],
        not_sharing=not_sharing,
    )
    notification.recipient = Agency(name="Hope <Primary> & Nursery")
    return Told(notification, f"Told {pk} <today> & then.", decide)


NOTIFICATIONS = [
    told(1, NotificationStatus.DUE, None, "/sharing/1/not-sharing/"),
    told(2, NotificationStatus.DELIVERED, decision(SignOff.AWAITING), ""),
    told(3, NotificationStatus.ACKNOWLEDGED, decision(SignOff.RETURNED, MANAGER), ""),
    told(4, NotificationStatus.WITHHELD, decision(SignOff.AGREED, MANAGER), ""),
    told(5, NotificationStatus.WITHHELD, decision(SignOff.NOT_REQUIRED), ""),
    told(6, NotificationStatus.DUE, None, "/sharing/6/not-sharing/"),
]


@pytest.mark.parametrize("front_door", [True, False])
def test_the_cards_are_those_the_template_loop_wrote(front_door: bool) -> None:
    context = Context({"notifications": NOTIFICATIONS, "front_door": front_door})
    assert notification_cards(NOTIFICATIONS, front_door) == TEMPLATE_LOOP.render(context)


def test_a_status_and_payload_are_those_the_includes_wrote() -> None:
    for shown in NOTIFICATIONS:
        context = Context({"notification": shown.notification})
        assert notification_status(shown.notification) + "\n" == Template(STATUS).render(context)
        assert payload_list(shown.notification.payload) + "\n" == Template(PAYLOAD).render(context)


def test_what_agencies_and_people_wrote_is_escaped() -> None:
    cards = notification_cards(NOTIFICATIONS, True)
    assert "<her>" not in cards
    assert "Would put &lt;her&gt; at risk &amp; more" in cards
    assert "Poppy &quot;P&quot; &lt;W&gt;" in cards
    assert "Ann O&#x27;Hara &lt;RN&gt; decided on 1 July 2026, 09:05" in cards
