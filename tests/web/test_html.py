"""HTML written in Python for long pages prints each value as the template engine would."""

import pytest
from django.template import Context, Template
from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from frontdoor.web.html import escaped

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
