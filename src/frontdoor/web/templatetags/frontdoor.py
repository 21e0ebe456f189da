"""Template filters shared by every screen."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def words(code: object) -> str:
    """A code as words: 'ex_partner' -> 'ex partner'."""
    return str(code).replace("_", " ")


@register.filter
def as_date(value: object) -> date | None:
    """An ISO date given as text in a message's facts, as a date the `date` filter can show."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
