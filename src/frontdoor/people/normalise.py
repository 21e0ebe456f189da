"""Normal forms of names, postcodes and addresses, so records can be compared and searched."""

import functools
import re
import unicodedata

import jellyfish

_SPACES = re.compile(r"[\s\-]+")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_NOT_ADDRESS = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=100_000)
def normalise_name(name: str) -> str:
    """Case-folded, accents removed, apostrophes dropped, anything else not a letter a space.

    Letters of any script are kept, so a name written in Arabic or Chinese can still be found.
    Remembered: the same few thousand names come again and again on intake's hot path.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", name).casefold())
    letters = "".join(
        char if char.isalpha() else " "
        for char in folded
        if not unicodedata.combining(char) and char not in "'’"
    )
    return _SPACES.sub(" ", letters).strip()


@functools.lru_cache(maxsize=100_000)
def phonetic_key(name: str) -> str:
    """A sound-alike key for the first word of a name, so spelling slips still find the person."""
    normal = normalise_name(name)
    return jellyfish.metaphone(normal.split(" ")[0])[:16] if normal else ""


def normalise_postcode(postcode: str) -> str:
    """Upper case with every space and stray character removed: 'e1 6an ' -> 'E16AN'."""
    return _NOT_ALNUM.sub("", postcode.upper())


_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")


def is_postcode(postcode: str) -> bool:
    """Whether the text has the shape of a UK postcode (not whether that postcode exists):
    outward code, then a digit and two letters, however it is spaced or cased."""
    return bool(_POSTCODE.fullmatch(normalise_postcode(postcode)))


def display_postcode(postcode: str) -> str:
    """The postcode as it is written, one space before the inward code: 'e16an' -> 'E1 6AN'.

    Anything too short to be a postcode is kept as normalised.
    """
    normal = normalise_postcode(postcode)
    return f"{normal[:-3]} {normal[-3:]}" if len(normal) >= 5 else normal


STREET_WORDS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "ct": "court",
    "cl": "close",
    "ln": "lane",
    "dr": "drive",
    "gdns": "gardens",
    "pl": "place",
    "sq": "square",
    "cres": "crescent",
    "tce": "terrace",
    "gr": "grove",
    "pk": "park",
}


def address_line(line1: str) -> str:
    """The first line of an address however it is typed: plain letters, abbreviations spelt out."""
    ascii_line = unicodedata.normalize("NFKD", line1).encode("ascii", "ignore").decode().lower()
    return " ".join(
        STREET_WORDS.get(word, word) for word in _NOT_ADDRESS.sub(" ", ascii_line).split()
    )


def address_key(line1: str, postcode: str) -> str:
    """One address however it is typed: first line (abbreviations spelt out) and postcode.

    Blank unless both are known: a postcode alone, or "Flat 1" alone, is many homes.
    """
    normal_postcode, normal_line = normalise_postcode(postcode), address_line(line1)
    if not (normal_postcode and normal_line):
        return ""
    return f"{normal_line}|{normal_postcode}"
