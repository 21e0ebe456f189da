"""The children in need census extract: who is in it, and the codes each referral is given."""

from datetime import date
from xml.etree.ElementTree import Element, fromstring

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontdoor.access.models import AgencyType
from frontdoor.people.models import Person
from frontdoor.returns.cin_census import (
    CinCensus,
    CinChild,
    ReturnError,
    cin_census_collect,
    collection_period,
)
from frontdoor.returns.cin_xml import SCHEMA, cin_census_xml
from frontdoor.returns.codes import REFERRAL_SOURCES, SOURCE_OF_AGENCY
from frontdoor.triage.models import DecisionOutcome
from frontdoor.triage.services import triage_setting_set
from tests.factories import AgencyFactory, subject

from .conftest import PARENTS, decide, father, incident, lily, mother, on, poppy, referral
from .schema import Schema

MADE_AT = timezone.make_aware(timezone.datetime(2026, 5, 1, 9, 30))


def child_named(census: CinCensus, given_name: str) -> CinChild:
    person = Person.objects.get(given_name=given_name)
    return next(c for c in census.children if c.person_id == person.pk)


def xml_of(census: CinCensus) -> Element:
    return fromstring(cin_census_xml(census, la_number="999", made_at=MADE_AT))  # noqa: S314


def tags(element: Element) -> list[str]:
    return [child.tag for child in element]


@pytest.fixture
def decided(clock, agencies, front_door_user, manager):
    """Poppy's mother is abused in September; the school refers Poppy in October and the front
    door decides on a child in need assessment."""
    incident(
        "2025-09-20T22:00:00",
        mother(),
        father(),
        poppy(),
        relationships=PARENTS,
    )
    made = referral(
        clock,
        "2025-10-01T10:00:00",
        poppy("school-105899"),
        mother("school-105899", role="parent"),
        concerns=("domestic_abuse", "neglect"),
    )
    return decide(
        made, DecisionOutcome.CHILD_IN_NEED, practitioner=front_door_user, manager=manager
    )


def test_the_census_year_ends_on_31_march() -> None:
    assert collection_period(2026) == (date(2025, 4, 1), date(2026, 3, 31))
    with pytest.raises(ReturnError, match=r"year: .* not 26"):
        collection_period(26)


def test_a_child_referred_and_assessed(decided) -> None:
    census = cin_census_collect(2026)
    poppy_ = child_named(census, "Poppy")
    [details] = poppy_.referrals
    assert details.referral_date == date(2025, 10, 1)
    assert details.source == "2A"  # a school
    assert not details.no_further_action
    assert details.assessment_started == timezone.localdate(decided.decided_at)
    # Her mother abused (3B), and the referrer's concern of neglect (16A); she was not herself
    # the victim (no 3A) and no one else in the household was (no 3C).
    assert details.factors == ("3B", "16A")
    assert poppy_.birth_date == date(2019, 9, 9)
    assert poppy_.sex == "F"
    assert poppy_.upn_unknown == ""
    assert poppy_.la_child_id == f"FD{poppy_.person_id}"
    # The mother is an adult: she is not a child of the census.
    assert len(census.children) == 1


def test_the_xml_follows_the_census_structure_and_order(decided) -> None:
    document = cin_census_xml(cin_census_collect(2026), la_number="999", made_at=MADE_AT)
    assert Schema.load(SCHEMA).errors(document) == []
    message = fromstring(document)  # noqa: S314
    assert tags(message) == ["Header", "Children"]
    header = message.find("Header")
    assert header is not None
    assert [e.tag for e in header.iter()][1:] == [
        "CollectionDetails",
        "Collection",
        "Year",
        "ReferenceDate",
        "Source",
        "SourceLevel",
        "LEA",
        "SoftwareCode",
        "Release",
        "SerialNo",
        "DateTime",
    ]
    assert header.findtext("CollectionDetails/Year") == "2026"
    assert header.findtext("CollectionDetails/ReferenceDate") == "2026-03-31"
    assert header.findtext("Source/LEA") == "999"
    assert header.findtext("Source/DateTime") == "2026-05-01T09:30:00"
    child = message.find("Children/Child")
    assert child is not None
    assert tags(child) == ["ChildIdentifiers", "ChildCharacteristics", "CINdetails"]
    assert tags(child.find("ChildIdentifiers")) == ["LAchildID", "PersonBirthDate", "Sex"]
    assert child.findtext("ChildCharacteristics/Ethnicity") == "NOBT"
    details = child.find("CINdetails")
    assert tags(details) == ["CINreferralDate", "ReferralSource", "Assessments", "ReferralNFA"]
    assert details.findtext("CINreferralDate") == "2025-10-01"
    assert details.findtext("ReferralSource") == "2A"
    assert details.findtext("ReferralNFA") == "false"
    assessment = details.find("Assessments")
    assert tags(assessment) == ["AssessmentActualStartDate", "FactorsIdentifiedAtAssessment"]
    factors = [e.text for e in assessment.iterfind("FactorsIdentifiedAtAssessment/*")]
    assert factors == ["3B", "16A"]
    assert {e.tag for e in assessment.iterfind("FactorsIdentifiedAtAssessment/*")} == {
        "AssessmentFactors"
    }


def test_the_schema_check_finds_elements_out_of_order(decided) -> None:
    """The structure test can fail: swap two elements, misspell a code, and it says so."""
    document = cin_census_xml(cin_census_collect(2026), la_number="999", made_at=MADE_AT)
    swapped = document.replace(b"<ReferralNFA>false</ReferralNFA>", b"").replace(
        b"<ReferralSource>2A</ReferralSource>",
        b"<ReferralNFA>false</ReferralNFA><ReferralSource>2A</ReferralSource>",
    )
    errors = Schema.load(SCHEMA).errors(swapped)
    assert any("ReferralSource is missing (or out of order)" in e for e in errors), errors
    wrong_code = document.replace(b">3B<", b">3Z<")
    assert any("'3Z' is not one of the codes" in e for e in Schema.load(SCHEMA).errors(wrong_code))


def test_a_young_victim_is_a_child_of_the_census_with_3a_and_her_sister_3c(
    clock, agencies, front_door_user, manager
) -> None:
    """Lily, 16, is abused by her boyfriend; the police refer her with her sister Poppy."""
    boyfriend = subject("b", "alleged_perpetrator", given_name="Jack", family_name="Reed")
    incident("2025-11-01T23:00:00", lily(role="victim"), boyfriend)
    made = referral(
        clock,
        "2025-11-02T09:00:00",
        lily(role="victim"),
        poppy(),
        boyfriend,
        source="police",
        relationships=[{"from": "s", "to": "c", "type": "sibling"}],
    )
    decide(made, DecisionOutcome.STRATEGY_DISCUSSION, practitioner=front_door_user, manager=manager)
    census = cin_census_collect(2026)
    assert child_named(census, "Lily").referrals[0].factors == ("3A",)
    assert child_named(census, "Poppy").referrals[0].factors == ("3C",)
    assert child_named(census, "Lily").referrals[0].source == "6"


def test_a_referral_with_no_further_action(clock, agencies, front_door_user, manager) -> None:
    made = referral(clock, "2025-06-02T11:00:00", poppy("gp-f84001"), source="gp-f84001")
    decide(made, DecisionOutcome.NO_FURTHER_ACTION, practitioner=front_door_user, manager=manager)
    census = cin_census_collect(2026)
    [child] = census.children
    assert child.referrals[0].no_further_action
    assert child.referrals[0].source == "3A"  # a GP
    assert child.referrals[0].assessment_started is None
    assert child.upn_unknown == "UN7"
    element = xml_of(census).find("Children/Child")
    assert element is not None
    assert tags(element.find("ChildIdentifiers")) == [
        "LAchildID",
        "UPNunknown",
        "PersonBirthDate",
        "Sex",
    ]
    assert tags(element.find("CINdetails")) == ["CINreferralDate", "ReferralSource", "ReferralNFA"]
    assert element.findtext("CINdetails/ReferralNFA") == "true"


@pytest.mark.parametrize(
    ("outcome", "nfa"),
    [
        (DecisionOutcome.NO_FURTHER_ACTION, True),
        (DecisionOutcome.INFORMATION_AND_ADVICE, True),
        (DecisionOutcome.EARLY_HELP, True),
        (DecisionOutcome.MARAC, True),
        (DecisionOutcome.CHILD_IN_NEED, False),
        (DecisionOutcome.STRATEGY_DISCUSSION, False),
    ],
)
def test_which_decisions_are_no_further_action(
    clock, agencies, front_door_user, manager, outcome, nfa
) -> None:
    made = referral(clock, "2025-06-02T11:00:00", poppy("school-105899"))
    decide(made, outcome, practitioner=front_door_user, manager=manager)
    [details] = cin_census_collect(2026).children[0].referrals
    assert details.no_further_action is nfa
    assert (details.assessment_started is None) is nfa


def test_an_open_referral_is_not_no_further_action_and_has_no_assessment(clock, agencies) -> None:
    referral(
        clock, "2025-06-02T11:00:00", poppy("probation"), father("probation"), source="probation"
    )
    [child] = cin_census_collect(2026).children
    [details] = child.referrals
    assert (details.source, details.no_further_action) == ("7", False)
    assert details.assessment_started is None
    assert child.upn_unknown == ""


def test_referrals_in_the_year_by_london_time(clock, agencies) -> None:
    referral(clock, "2025-03-31T23:30:00", poppy("school-105899"))  # 22:30 UTC: the year before
    referral(clock, "2025-04-01T00:10:00", poppy("school-105899"))  # 23:10 UTC on 31 March
    referral(clock, "2026-03-31T23:50:00", poppy("school-105899"))
    referral(clock, "2026-04-01T00:05:00", poppy("school-105899"))  # the next year's
    [child] = cin_census_collect(2026).children
    assert [r.referral_date for r in child.referrals] == [date(2025, 4, 1), date(2026, 3, 31)]


def test_domestic_abuse_counts_for_the_days_the_partnership_set(
    clock, agencies, front_door_user, manager
) -> None:
    """By default abuse up to 365 days before the referral counts (the day 365 days before
    included); the partnership can change that from a date."""
    incident("2024-10-01T22:00:00", mother(), father(), poppy(), relationships=PARENTS)
    on_the_day = referral(clock, "2025-10-01T10:00:00", poppy("school-105899"), concerns=())
    day_after = referral(clock, "2025-10-02T10:00:00", poppy("school-105899"), concerns=())
    for made in (on_the_day, day_after):
        decide(made, DecisionOutcome.CHILD_IN_NEED, practitioner=front_door_user, manager=manager)
    factors = [r.factors for r in cin_census_collect(2026).children[0].referrals]
    assert factors == [("3B",), ()]
    triage_setting_set(
        key="cin.domestic_abuse_days",
        value=400,
        effective_from=date(2025, 10, 2),
        reason="The partnership looks back further",
        user=manager,
    )
    factors = [r.factors for r in cin_census_collect(2026).children[0].referrals]
    assert factors == [("3B",), ("3B",)]


def test_abuse_reported_after_the_referral_does_not_count(
    clock, agencies, front_door_user, manager
) -> None:
    """What the hub knew when the referral arrived, by when each agency says it reported what
    it tells (event time): an incident of before, reported after, was not known."""
    made = referral(clock, "2025-10-01T10:00:00", poppy("school-105899"), concerns=())
    on(clock, "2025-10-05T10:00:00")
    incident(
        "2025-09-20T22:00:00",
        mother(),
        father(),
        poppy(),
        relationships=PARENTS,
        reported_at="2025-10-05T09:00:00",
    )
    decide(made, DecisionOutcome.CHILD_IN_NEED, practitioner=front_door_user, manager=manager)
    assert cin_census_collect(2026).children[0].referrals[0].factors == ()


def test_a_referral_naming_the_parent_without_a_victim_tells_of_abuse_of_the_parent(
    clock, agencies, front_door_user, manager
) -> None:
    """A school names the mother as parent and domestic abuse as the concern: the abuse is of
    her, not of the father it names as the alleged perpetrator."""
    made = referral(
        clock,
        "2025-10-01T10:00:00",
        poppy("school-105899"),
        mother("school-105899", role="parent"),
        father("school-105899"),
    )
    decide(made, DecisionOutcome.CHILD_IN_NEED, practitioner=front_door_user, manager=manager)
    assert cin_census_collect(2026).children[0].referrals[0].factors == ("3B",)


def test_an_unborn_child(clock, agencies) -> None:
    unborn = {"ref": "u", "role": "child", "family_name": "Whitfield", "due_date": "2026-01-20"}
    referral(clock, "2025-11-10T10:00:00", unborn, mother("school-105899", role="parent"))
    [child] = cin_census_collect(2026).children
    assert (child.birth_date, child.expected_birth_date, child.sex) == (
        None,
        date(2026, 1, 20),
        "U",
    )
    element = xml_of(cin_census_collect(2026)).find("Children/Child/ChildIdentifiers")
    assert tags(element) == ["LAchildID", "ExpectedPersonBirthDate", "Sex"]


def test_the_la_child_id_is_childrens_social_cares_own(clock, agencies) -> None:
    incident("2025-05-01T22:00:00", mother(), father(), poppy(), relationships=PARENTS)
    known_to_csc = subject(
        "c",
        "child",
        source_person_id="CSC-000123",
        given_name="Poppy",
        family_name="Whitfield",
        date_of_birth="2019-09-09",
        nhs_number="9434765919",
    )
    referral(clock, "2025-06-02T11:00:00", known_to_csc, source="csc")
    ids = {c.la_child_id for c in cin_census_collect(2026).children}
    assert ids == {"CSC-000123"}


def test_every_agency_type_has_a_census_source_code() -> None:
    assert set(SOURCE_OF_AGENCY) == set(AgencyType.values)
    assert set(SOURCE_OF_AGENCY.values()) <= set(REFERRAL_SOURCES)
    expected = {
        AgencyType.POLICE: "6",
        AgencyType.SCHOOL: "2A",
        AgencyType.GP: "3A",
        AgencyType.HEALTH_VISITING: "3B",
        AgencyType.EMERGENCY_DEPARTMENT: "3E",
        AgencyType.HOUSING: "4",
        AgencyType.EARLY_HELP: "5D",
        AgencyType.YOUTH_OFFENDING: "5B",
        AgencyType.PROBATION: "7",
        AgencyType.CAFCASS: "7",
        AgencyType.PRISON: "7",
    }
    assert {t: SOURCE_OF_AGENCY[t] for t in expected} == expected


def test_each_agency_types_referral_carries_its_code(clock, agencies) -> None:
    AgencyFactory(code="ed", name="Emergency Department", type=AgencyType.EMERGENCY_DEPARTMENT)
    referral(clock, "2025-06-02T11:00:00", poppy("ed"), source="ed")
    assert cin_census_collect(2026).children[0].referrals[0].source == "3E"


def test_a_year_with_no_referral_makes_no_return(agencies) -> None:
    with pytest.raises(ReturnError, match="year: no child was named in a referral received from"):
        cin_census_xml(cin_census_collect(2026), la_number="999", made_at=MADE_AT)


def test_the_la_number_must_be_three_digits(decided) -> None:
    with pytest.raises(ReturnError, match=r"FRONTDOOR_LA_NUMBER: .* not ''"):
        cin_census_xml(cin_census_collect(2026), la_number="", made_at=MADE_AT)


def test_the_extract_reads_a_fixed_number_of_queries(clock, agencies) -> None:
    """However many referrals and children the year holds."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            cin_census_collect(2026)
        return len(captured)

    incident("2025-05-01T22:00:00", mother(), father(), poppy(), relationships=PARENTS)
    referral(clock, "2025-06-02T11:00:00", poppy("school-105899"))
    one = queries()
    for day in ("2025-07-01", "2025-08-01", "2025-09-01"):
        referral(clock, f"{day}T11:00:00", poppy("school-105899"), lily("school-105899"))
    assert queries() == one
