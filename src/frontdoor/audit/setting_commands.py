"""What every app's `setting` and `settings` commands share: changing a dated setting from the
console, and listing every value ever set."""

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.core.management.base import CommandError

from .dated_settings import SettingError
from .models import DatedSetting


def setting_change(setter: Callable[..., DatedSetting], options: Mapping[str, Any]) -> str:
    """`setting KEY VALUE --from DATE --reason TEXT` through the app's own service, as the
    console (no user); VALUE is JSON where it reads as JSON, else the text. Returns the line to
    print, with the value as it was stored; a refused value is a CommandError naming the key and
    the value."""
    try:
        value = json.loads(options["value"])
    except ValueError:
        value = options["value"]
    try:
        setting = setter(
            key=options["key"],
            value=value,
            effective_from=options["effective_from"],
            reason=options["reason"],
            user=None,
        )
    except SettingError as error:
        raise CommandError(str(error)) from None
    return f"{options['key']} = {json.dumps(setting.value)} from {options['effective_from']}"


def setting_history(model: type[DatedSetting]) -> Iterator[str]:
    """Every value ever set, oldest first, with who set it and why, a line each."""
    for row in model._default_manager.select_related("changed_by").order_by("effective_from"):
        yield (
            f"{row.effective_from}\t{row.key} = {json.dumps(row.value)}\t"
            f"{row.changed_by or 'console'}: {row.reason}"
        )
