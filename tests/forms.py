"""Reading a page's form as a browser would, for tests that post to it."""

import re

from django.test import Client

VERSION = re.compile(r'<input type="hidden" name="version" value="(\d+)"')


def seen_version(client: Client, url: str) -> str:
    """The version of the record the page at `url` shows, as its form would send it back."""
    page = client.get(url).content.decode()
    found = VERSION.search(page)
    assert found, f"no version in the form at {url}"
    return found.group(1)
