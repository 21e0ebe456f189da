"""The children in need census's code lists, and how the hub's facts map onto them.

The codes are the Department for Education's, as its business and technical specification for
the 2024 to 2025 census gives them (unchanged for 2025 to 2026: docs/returns.md says how this
was checked). The mappings are the partnership's, written down in docs/returns.md.
"""

from frontdoor.access.models import AgencyType
from frontdoor.triage.models import DecisionOutcome

# <ReferralSource> (N00152): who referred the child.
REFERRAL_SOURCES: dict[str, str] = {
    "1A": "Individual: family member, relative or carer",
    "1B": "Individual: acquaintance, including neighbours and child minders",
    "1C": "Individual: self",
    "1D": "Individual: other, including strangers",
    "2A": "Schools",
    "2B": "Education services",
    "3A": "Health services: GP",
    "3B": "Health services: health visitor",
    "3C": "Health services: school nurse",
    "3D": "Health services: other primary health services",
    "3E": "Health services: accident and emergency",
    "3F": "Health services: other",
    "4": "Housing: the council's housing or a housing association",
    "5A": "Local authority services: social care",
    "5B": "Local authority services: another internal department, such as youth offending",
    "5C": "Local authority services: external, such as another authority's",
    "5D": "Local authority services: early help",
    "6": "Police",
    "7": "Other legal agency: courts, probation, immigration, Cafcass or prison",
    "8": "Other: children's centres, independent providers or voluntary organisations",
    "9": "Anonymous",
    "10": "Unknown",
}

# The source code of a referral from each type of agency in the hub's register. Every type has
# one; the hub takes referrals only from agencies, so the individual codes (1A to 1D) and 9 are
# never given. docs/returns.md gives the reasons for the less obvious ones.
SOURCE_OF_AGENCY: dict[str, str] = {
    AgencyType.POLICE: "6",
    AgencyType.CSC: "5A",
    AgencyType.EARLY_HELP: "5D",
    AgencyType.GP: "3A",
    AgencyType.MIDWIFERY: "3D",
    AgencyType.HEALTH_VISITING: "3B",
    AgencyType.EMERGENCY_DEPARTMENT: "3E",
    AgencyType.ADULT_MENTAL_HEALTH: "3F",
    AgencyType.SUBSTANCE_MISUSE: "3F",
    AgencyType.SCHOOL: "2A",
    AgencyType.PROBATION: "7",
    AgencyType.YOUTH_OFFENDING: "5B",
    AgencyType.CAFCASS: "7",
    AgencyType.HOUSING: "4",
    AgencyType.IDVA: "8",
    AgencyType.PRISON: "7",
    AgencyType.OTHER: "8",
}
UNKNOWN_SOURCE = "10"

# <AssessmentFactors> (N00181) the hub can derive: domestic abuse from the linked history, and
# the concerns a referrer names where one code says the same thing.
DOMESTIC_ABUSE_OF_CHILD = "3A"
DOMESTIC_ABUSE_OF_PARENT = "3B"
DOMESTIC_ABUSE_OF_HOUSEHOLD_MEMBER = "3C"
ASSESSMENT_FACTORS: dict[str, str] = {
    "3A": "Domestic abuse: concerns about the child being its subject",
    "3B": "Domestic abuse: concerns about the child's parent or carer being its subject",
    "3C": "Domestic abuse: concerns about another person in the household being its subject",
    "4B": "Mental health: concerns about the mental health of the parent or carer",
    "16A": "Abuse or neglect: neglect",
    "17A": "Abuse or neglect: emotional abuse",
}
FACTOR_OF_CONCERN: dict[str, str] = {
    "parental_mental_health": "4B",
    "neglect": "16A",
    "emotional_abuse": "17A",
}

# The front door's decisions that end the referral with no further action by children's social
# care (<ReferralNFA> true); the others go on to an assessment.
NO_FURTHER_ACTION = frozenset(
    {
        DecisionOutcome.NO_FURTHER_ACTION,
        DecisionOutcome.INFORMATION_AND_ADVICE,
        DecisionOutcome.EARLY_HELP,
        DecisionOutcome.MARAC,
    }
)
ASSESSED = frozenset({DecisionOutcome.CHILD_IN_NEED, DecisionOutcome.STRATEGY_DISCUSSION})

# <Sex> (N00783), since the 2024 to 2025 census: the exchange's F and M as they are; anything
# else (X, U, not given) and every unborn child is U.
SEXES = frozenset({"F", "M"})
SEX_NOT_KNOWN = "U"

# <UPNunknown> (N00135): "child referred but no further action taken", the one reason the hub
# knows to be true (the exchange format carries no UPN).
UPN_UNKNOWN_NO_FURTHER_ACTION = "UN7"

# <Ethnicity> (N00177): the hub is never told a child's ethnicity, which is what this code says.
ETHNICITY_NOT_OBTAINED = "NOBT"

# <LAchildID> (N00097) is at most 20 characters (validation rule 1570).
LA_CHILD_ID_LENGTH = 20
