"""The person page's chronology, its rows written by one filter rather than a loop of template
nodes: a child known to many agencies has hundreds of events, and the engine's nodes, lookups
and escapes for each row were most of the time the page took to print them."""

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe

from frontdoor.chronology.summaries import assumptions_text
from frontdoor.people.selectors import ChildSeen, ChronologyEntry
from frontdoor.web.html import escaped

register = template.Library()

# A row as the page's template wrote it, whitespace and all, so the page is the same.
_ROW = """
    <tr class="govuk-table__row" id="event-{event_id}">
      <td class="govuk-table__cell fd-nowrap">{day}{time}</td>
      <td class="govuk-table__cell">{agency}</td>
      <td class="govuk-table__cell">{summary}
        {companions}
        <br><span class="fd-chronology__meta">Message {message_key}</span>
      </td>
      <td class="govuk-table__cell">{role}</td>
      <td class="govuk-table__cell">{child}</td>
    </tr>
  """
_TIME = '<br><span class="fd-chronology__meta">{}</span>'
_COMPANIONS = '<br><span class="fd-chronology__meta">With {}</span>'
_CHILD = """
        <ul class="govuk-list govuk-body-s">
          <li>Present: {present}</li>
          <li>Seen: {seen}</li>
          <li>Seen alone: {seen_alone}</li>
          <li>Spoken to: {spoken_to}</li>
        </ul>
        {voice}
      """
_VOICE = '<blockquote class="fd-voice">“{}”</blockquote>'


def _child(child: ChildSeen | None) -> str:
    """What the agency recorded of the child, or nothing when the row shows none."""
    if not child:
        return ""
    return _CHILD.format(
        present=escaped(child["present"]),
        seen=escaped(child["seen"]),
        seen_alone=escaped(child["seen_alone"]),
        spoken_to=escaped(child["spoken_to"]),
        voice=_VOICE.format(escaped(child["voice"])) if child["voice"] else "",
    )


def _row(entry: ChronologyEntry) -> str:
    companions = entry["companions"]
    return _ROW.format(
        event_id=entry["event_id"],
        day=escaped(entry["day"]),
        time=_TIME.format(escaped(entry["time"])) if entry["time"] else "",
        agency=escaped(entry["agency"]),
        summary=escaped(entry["summary"]),
        # Written by the selector as HTML, each person named and linked only if the reader
        # may open them.
        companions=_COMPANIONS.format(escaped(companions)) if companions else "",
        message_key=escaped(entry["message_key"]),
        role=escaped(entry["role"]),
        child=_child(entry["child"]),
    )


@register.filter
def chronology_rows(entries: Iterable[ChronologyEntry]) -> SafeString:
    """The chronology's table rows, every field escaped as the template would escape it."""
    return mark_safe("".join(_row(entry) for entry in entries))  # noqa: S308  # nosec B308 B703 (every value escaped)


@register.filter
def assumptions(codes: object) -> str:
    """What a plan relies on, in words."""
    return assumptions_text(codes)
