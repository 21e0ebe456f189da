"""The chronology's rows, written by one filter, are the rows the page's template loop wrote:
every field escaped, the companions' links kept, the child's part only where there is one."""

from django.template import Context, Template
from django.utils.html import format_html

from frontdoor.people.selectors import ChildSeen, ChronologyEntry
from frontdoor.people.templatetags.person_page import chronology_rows

# The loop the filter replaced, as it stood in people/detail.html.
TEMPLATE_LOOP = Template(
    """{% for entry in entries %}
    <tr class="govuk-table__row" id="event-{{ entry.event_id }}">
      <td class="govuk-table__cell fd-nowrap">{{ entry.day }}{% if entry.time %}<br><span class="fd-chronology__meta">{{ entry.time }}</span>{% endif %}</td>
      <td class="govuk-table__cell">{{ entry.agency }}</td>
      <td class="govuk-table__cell">{{ entry.summary }}
        {% if entry.companions %}<br><span class="fd-chronology__meta">With {{ entry.companions }}</span>{% endif %}
        <br><span class="fd-chronology__meta">Message {{ entry.message_key }}</span>
      </td>
      <td class="govuk-table__cell">{{ entry.role }}</td>
      <td class="govuk-table__cell">{% with child=entry.child %}{% if child %}
        <ul class="govuk-list govuk-body-s">
          <li>Present: {{ child.present }}</li>
          <li>Seen: {{ child.seen }}</li>
          <li>Seen alone: {{ child.seen_alone }}</li>
          <li>Spoken to: {{ child.spoken_to }}</li>
        </ul>
        {% if child.voice %}<blockquote class="fd-voice">“{{ child.voice }}”</blockquote>{% endif %}
      {% endif %}{% endwith %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501
)


def entry(event_id: int, **fields: object) -> ChronologyEntry:
    row = {
        "event_id": event_id,
        "day": "1 Jul 2026",
        "time": "10:30",
        "agency": "Borough Police",
        "summary": "Domestic abuse incident",
        "message_key": "police-1",
        "role": "Child",
        "companions": "",
        "child": None,
    }
    return ChronologyEntry(**(row | fields))  # type: ignore[typeddict-item]


def child(voice: str) -> ChildSeen:
    return ChildSeen(
        present="yes", seen="no", seen_alone="not recorded", spoken_to="no", voice=voice
    )


ENTRIES = [
    entry(1),
    entry(
        2,
        time="",
        agency="Dr <Jones> & Partners",
        summary='Said "stop" <script>alert(1)</script>',
        message_key="gp-'2'",
        role="Alleged perpetrator",
        companions=format_html(
            '<a class="govuk-link" href="{}">{}</a> ({})', "/people/7/", "Kat <K>", "victim"
        ),
        child=child('Mum cries & says "go"'),
    ),
    entry(3, companions="Another <person>", child=child("")),
]


def test_the_rows_are_those_the_template_loop_wrote() -> None:
    assert chronology_rows(ENTRIES) == TEMPLATE_LOOP.render(Context({"entries": ENTRIES}))


def test_what_agencies_sent_is_escaped_and_the_companions_links_are_kept() -> None:
    rows = chronology_rows(ENTRIES)
    assert "<script>" not in rows
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rows
    assert "Dr &lt;Jones&gt; &amp; Partners" in rows
    assert "“Mum cries &amp; says &quot;go&quot;”" in rows
    assert '<a class="govuk-link" href="/people/7/">Kat &lt;K&gt;</a> (victim)' in rows
    assert "With Another &lt;person&gt;" in rows


def test_no_rows_write_nothing() -> None:
    assert chronology_rows([]) == ""
