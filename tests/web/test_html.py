"""HTML written in Python for long pages prints each value as the template engine would."""

import pytest
from django.template import Context, Template
from django.utils.functional import lazy
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe

from frontdoor.web.html import escaped
from frontdoor.web.templatetags.frontdoor import summary_rows

VALUES = [
    'Said "stop" & <left>',
    "it's",
    mark_safe('<a href="/people/1/">Kat</a>'),
    lazy(lambda: "<lazy>", str)(),
    7,
    None,
    "",
]


@pytest.mark.parametrize("value", VALUES)
def test_a_value_is_escaped_as_the_template_engine_escapes_it(value: object) -> None:
    assert escaped(value) == conditional_escape(value)
    assert escaped(value) == Template("{{ value }}").render(Context({"value": value}))


def test_a_payloads_rows_are_those_format_html_join_wrote() -> None:
    pairs = [["Child", 'Poppy <"P"> & co'], ["Seen", mark_safe("<b>yes</b>")], ["Count", 3]]
    assert summary_rows(pairs) == format_html_join(
        "\n  ",
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
        '<dd class="govuk-summary-list__value">{}</dd></div>',
        pairs,
    )
