"""Checks an XML document against the census schema (`frontdoor/returns/cin_census.xsd`).

The project has no XML Schema library, so this reads the part of XML Schema that schema uses:
named and inline complex types holding one sequence of elements (with minOccurs and maxOccurs),
and simple types restricting a string by enumeration, pattern and length, or built-in dates,
times, years and whole numbers. Anything else in the schema is an error here, not a pass.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, fromstring, parse

XS = "{http://www.w3.org/2001/XMLSchema}"
BUILT_IN = {
    "xs:string": lambda text: True,
    "xs:date": lambda text: bool(re.fullmatch(r"\d{4}-\d\d-\d\d", text)) and _parses(date, text),
    "xs:dateTime": lambda text: (
        bool(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", text)) and _parses(datetime, text)
    ),
    "xs:gYear": lambda text: bool(re.fullmatch(r"\d{4}", text)),
    "xs:nonNegativeInteger": lambda text: text.isdigit(),
}


def _parses(kind: type[date], text: str) -> bool:
    try:
        kind.fromisoformat(text)
    except ValueError:
        return False
    return True


@dataclass
class Schema:
    root: Element
    complex_types: dict[str, Element]
    simple_types: dict[str, Element]

    @classmethod
    def load(cls, path: Path) -> "Schema":
        root = parse(path).getroot()  # noqa: S314  # the project's own schema
        return cls(
            root,
            {t.get("name", ""): t for t in root.findall(f"{XS}complexType")},
            {t.get("name", ""): t for t in root.findall(f"{XS}simpleType")},
        )

    def errors(self, document: bytes) -> list[str]:
        """Every way the document breaks the schema, each with the path of the element."""
        message = fromstring(document)  # noqa: S314  # the project's own output
        declaration = self.root.find(f"{XS}element")
        assert declaration is not None
        found: list[str] = []
        if message.tag != declaration.get("name"):
            return [f"/{message.tag}: expected {declaration.get('name')}"]
        self._element(message, declaration, f"/{message.tag}", found)
        return found

    def _element(self, element: Element, declaration: Element, path: str, found: list[str]) -> None:
        type_name = declaration.get("type")
        inline_complex = declaration.find(f"{XS}complexType")
        inline_simple = declaration.find(f"{XS}simpleType")
        if inline_complex is not None or type_name in self.complex_types:
            complex_type = (
                inline_complex
                if inline_complex is not None
                else self.complex_types[type_name or ""]
            )
            self._sequence(element, complex_type, path, found)
        elif inline_simple is not None or type_name in self.simple_types:
            simple = (
                inline_simple if inline_simple is not None else self.simple_types[type_name or ""]
            )
            self._simple(element, simple, path, found)
        elif type_name in BUILT_IN:
            if len(element) or not BUILT_IN[type_name](element.text or ""):
                found.append(f"{path}: {element.text!r} is not {type_name}")
        else:
            raise AssertionError(f"the schema uses what this checker does not read: {type_name}")

    def _sequence(
        self, element: Element, complex_type: Element, path: str, found: list[str]
    ) -> None:
        sequence = complex_type.find(f"{XS}sequence")
        if sequence is None or len(complex_type) != 1:
            raise AssertionError(f"{path}: this checker reads a complex type of one sequence only")
        if (element.text or "").strip():
            found.append(f"{path}: text where only elements belong")
        children = list(element)
        at = 0
        for declaration in sequence.findall(f"{XS}element"):
            name = declaration.get("name")
            least = int(declaration.get("minOccurs", "1"))
            most = declaration.get("maxOccurs", "1")
            count = 0
            while at < len(children) and children[at].tag == name:
                self._element(children[at], declaration, f"{path}/{name}[{count + 1}]", found)
                at, count = at + 1, count + 1
            if count < least:
                found.append(f"{path}: {name} is missing (or out of order)")
            if most != "unbounded" and count > int(most):
                found.append(f"{path}: {name} {count} times, at most {most}")
        for extra in children[at:]:
            found.append(f"{path}: {extra.tag} is not allowed here (or out of order)")

    def _simple(self, element: Element, simple: Element, path: str, found: list[str]) -> None:
        restriction = simple.find(f"{XS}restriction")
        assert restriction is not None, path
        assert restriction.get("base") == "xs:string", path
        text = element.text or ""
        if len(element):
            found.append(f"{path}: elements where only text belongs")
        allowed = [e.get("value") for e in restriction.findall(f"{XS}enumeration")]
        if allowed and text not in allowed:
            found.append(f"{path}: {text!r} is not one of the codes {allowed}")
        patterns = [p.get("value", "") for p in restriction.findall(f"{XS}pattern")]
        if patterns and not any(re.fullmatch(p, text) for p in patterns):
            found.append(f"{path}: {text!r} does not match {patterns}")
        shortest = restriction.find(f"{XS}minLength")
        if shortest is not None and len(text) < int(shortest.get("value", "0")):
            found.append(f"{path}: {text!r} is shorter than {shortest.get('value')}")
        longest = restriction.find(f"{XS}maxLength")
        if longest is not None and len(text) > int(longest.get("value", "0")):
            found.append(f"{path}: {text!r} is longer than {longest.get('value')}")
