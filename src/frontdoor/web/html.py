"""HTML written in Python for a long page's rows, where a loop of template nodes would cost
more than the page's queries."""

from html import escape

from django.utils.html import conditional_escape


def escaped(value: object) -> str:
    """A value as a template prints it into HTML: text escaped, HTML marked safe kept as it is.
    Plain text is escaped directly, without `conditional_escape`'s checks and lazy wrapper,
    which cost more than the escaping over the thousands of fields of a child's page."""
    if type(value) is str:
        return escape(value)
    # Any other value as a template prints it: its text escaped, or HTML kept.
    return conditional_escape(value)  # type: ignore[arg-type]
