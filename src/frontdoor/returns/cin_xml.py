"""The extract written as the children in need census's XML: its element names, in its order
(`cin_census.xsd` beside this module is that structure, written from the specification)."""

import re
from datetime import date, datetime
from importlib.metadata import version
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, indent, tostring  # nosec B405

from .cin_census import CinCensus, CinChild, CinReferral, ReturnError
from .codes import ETHNICITY_NOT_OBTAINED

SCHEMA = Path(__file__).with_name("cin_census.xsd")
SOFTWARE = "Frontdoor"
SERIAL_NUMBER = "001"
LA_NUMBER = re.compile(r"\d{3}")


def _text(parent: Element, name: str, value: str) -> None:
    SubElement(parent, name).text = value


def _day(day: date) -> str:
    return day.isoformat()


def _header(message: Element, census: CinCensus, la_number: str, made_at: datetime) -> None:
    header = SubElement(message, "Header")
    collection = SubElement(header, "CollectionDetails")
    _text(collection, "Collection", "CIN")
    _text(collection, "Year", str(census.year))
    _text(collection, "ReferenceDate", _day(census.last))
    source = SubElement(header, "Source")
    _text(source, "SourceLevel", "L")
    _text(source, "LEA", la_number)
    _text(source, "SoftwareCode", SOFTWARE)
    _text(source, "Release", version("frontdoor"))
    _text(source, "SerialNo", SERIAL_NUMBER)
    _text(source, "DateTime", made_at.replace(microsecond=0, tzinfo=None).isoformat())


def _identifiers(element: Element, child: CinChild) -> None:
    identifiers = SubElement(element, "ChildIdentifiers")
    _text(identifiers, "LAchildID", child.la_child_id)
    if child.upn_unknown:
        _text(identifiers, "UPNunknown", child.upn_unknown)
    if child.birth_date:
        _text(identifiers, "PersonBirthDate", _day(child.birth_date))
    if child.expected_birth_date:
        _text(identifiers, "ExpectedPersonBirthDate", _day(child.expected_birth_date))
    _text(identifiers, "Sex", child.sex)


def _details(element: Element, referral: CinReferral) -> None:
    details = SubElement(element, "CINdetails")
    _text(details, "CINreferralDate", _day(referral.referral_date))
    _text(details, "ReferralSource", referral.source)
    if referral.assessment_started and not referral.no_further_action:
        assessment = SubElement(details, "Assessments")
        _text(assessment, "AssessmentActualStartDate", _day(referral.assessment_started))
        if referral.factors:
            factors = SubElement(assessment, "FactorsIdentifiedAtAssessment")
            for code in referral.factors:
                _text(factors, "AssessmentFactors", code)
    _text(details, "ReferralNFA", "true" if referral.no_further_action else "false")


def la_number_check(value: str) -> str:
    """The local authority's three-digit number, as the header's <LEA> takes it."""
    if not LA_NUMBER.fullmatch(value or ""):
        raise ReturnError(
            f"FRONTDOOR_LA_NUMBER: set the local authority's three-digit number, not {value!r}"
        )
    return value


def cin_census_xml(census: CinCensus, *, la_number: str, made_at: datetime) -> bytes:
    """The census extract as a UTF-8 XML document; the census takes no return without a child."""
    if not census.children:
        raise ReturnError(
            f"year: no child was named in a referral received from {census.first:%-d %B %Y} "
            f"to {census.last:%-d %B %Y}"
        )
    message = Element("Message")
    _header(message, census, la_number_check(la_number), made_at)
    children = SubElement(message, "Children")
    for child in census.children:
        element = SubElement(children, "Child")
        _identifiers(element, child)
        characteristics = SubElement(element, "ChildCharacteristics")
        _text(characteristics, "Ethnicity", ETHNICITY_NOT_OBTAINED)
        for referral in child.referrals:
            _details(element, referral)
    indent(message)
    return tostring(message, encoding="utf-8", xml_declaration=True) + b"\n"
