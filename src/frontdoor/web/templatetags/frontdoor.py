"""Template filters shared by every screen."""

from django import template

register = template.Library()


@register.filter
def words(code: object) -> str:
    """A code as words: 'ex_partner' -> 'ex partner'."""
    return str(code).replace("_", " ")
