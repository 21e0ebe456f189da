"""Template filters shared by every screen."""

from datetime import date

from django import template

from frontdoor.audit.dated_settings import setting_text

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


@register.filter
def as_percent(value: object) -> str:
    """A probability as a percentage a reader can weigh: 0.9731 -> '97.3%', 0.99996 -> '>99.9%'."""
    try:
        share = float(str(value))
    except ValueError:
        return ""
    if share > 0.999:
        return "more than 99.9%"
    return f"{share:.1%}"


@register.filter
def as_setting(value: object) -> str:
    """A dated setting's value as it is typed: ['medium', 'high'] -> 'medium, high'."""
    return setting_text(value)
