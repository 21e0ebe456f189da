"""Field comparisons: the Python levels the hub scores with agree with the SQL Splink trains on."""

from datetime import date
from itertools import product

import duckdb
import pytest

from frontdoor.linkage.comparisons import COMPARISONS, Features, features_of
from frontdoor.linkage.names import name_groups, surname_parts
from frontdoor.synth.data import NICKNAMES


def person(**fields: object) -> Features:
    values: dict = {
        "given_name": "Amy",
        "family_name": "Stone",
        "date_of_birth": date(1990, 4, 2),
        "postcode": "ZZ1 1AA",
        "sex": "F",
        "nhs_number": "",
    }
    return features_of(**(values | fields))


VARIANTS = [
    person(),
    person(given_name="Amie"),
    person(given_name="Amelia", family_name="Stone-Hart"),
    person(given_name="Millie", family_name="Hart"),
    person(given_name="Ames", family_name="Stoner", postcode="ZZ1 9ZZ"),
    person(given_name="", date_of_birth=date(1990, 2, 4)),
    person(date_of_birth=date(1991, 4, 2), postcode="", sex=""),
    person(date_of_birth=None, due_date=date(1990, 4, 20), given_name="Unborn"),
    person(date_of_birth=None, nhs_number="9434765919", postcode="AB1 2CD"),
    person(nhs_number="9434765870", sex="M", other_names=["Jo Hart"]),
    person(given_name="Jo", family_name="Smith", date_of_birth=date(2014, 5, 20)),
    person(given_name="Stone", family_name="Amy"),
    person(postcode="ZZ2 1AA"),
    person(line1="1 Elm Rd"),
    person(line1="1 ELM ROAD", postcode=""),
    person(line1="2 Elm Road", postcode="ZZ9 9ZZ"),
]


def test_short_forms_and_surname_parts() -> None:
    assert "william" in name_groups("Billy")
    assert "alexander" in name_groups("ALEX")
    assert "alexandra" in name_groups("Alex")
    assert name_groups("") == frozenset()
    assert surname_parts("Smith-Jones") == {"smith", "jones"} == surname_parts("smith jones")


def test_every_short_form_the_synthetic_agencies_record_is_in_the_table() -> None:
    """The generator's short forms stand for what agencies write; the table must know them."""
    unknown = [
        (name, short)
        for name, shorts in NICKNAMES.items()
        for short in shorts
        if not name_groups(short) & name_groups(name)
    ]
    assert unknown == []


def test_a_placeholder_for_an_unborn_child_is_no_given_name() -> None:
    assert person(given_name="Unborn").given == ""
    assert person(given_name="Baby").given_groups == frozenset()


def sql_levels(pairs: list[tuple[Features, Features]]) -> list[dict[str, int]]:
    """Each pair's level of every comparison, as Splink's SQL would put it (DuckDB)."""
    connection = duckdb.connect()
    rows = [
        {f"{name}_l": value for name, value in left.as_row().items()}
        | {f"{name}_r": value for name, value in right.as_row().items()}
        for left, right in pairs
    ]
    columns = list(rows[0])
    connection.execute(
        "CREATE TABLE pairs (" + ", ".join(f'"{c}" {_sql_type(c)}' for c in columns) + ")"
    )
    connection.executemany(
        f"INSERT INTO pairs VALUES ({', '.join('?' for _ in columns)})",  # noqa: S608
        [[row[c] for c in columns] for row in rows],
    )
    cases = []
    for comparison in COMPARISONS:
        whens = [f"WHEN {comparison.missing_sql} THEN 0"] + [
            f"WHEN {level.sql} THEN {index}"
            for index, level in enumerate(comparison.levels, start=1)
        ]
        cases.append(
            f"CASE {' '.join(whens)} ELSE {len(comparison.levels) + 1} END AS {comparison.name}"
        )
    result = connection.execute(f"SELECT {', '.join(cases)} FROM pairs").fetchall()  # noqa: S608
    return [dict(zip([c.name for c in COMPARISONS], row, strict=True)) for row in result]


def _sql_type(column: str) -> str:
    if column.startswith(("given_groups", "family_parts")):
        return "VARCHAR[]"
    if column.startswith(("date_of_birth", "due_date")):
        return "DATE"
    return "VARCHAR"


def test_python_and_splink_sql_put_every_pair_on_the_same_level() -> None:
    pairs = list(product(VARIANTS, repeat=2))
    expected = [{c.name: c.level_of(left, right) for c in COMPARISONS} for left, right in pairs]
    assert sql_levels(pairs) == expected


@pytest.mark.parametrize(
    ("other", "comparison", "label"),
    [
        (person(given_name="Millie"), "given_name", "a short form of the same name"),
        (person(given_name="Zoe"), "given_name", "different given names"),
        (person(family_name="Hart-Stone"), "family_name", "a surname in common"),
        (person(date_of_birth=date(1990, 2, 4)), "date_of_birth", "the same date of birth with"),
        (person(postcode="ZZ1 9ZZ"), "address", "postcodes in the same district"),
        (person(postcode=""), "address", "Address not known on one record or both"),
        (person(line1="1 Elm Rd"), "address", "the same address"),
        (person(line1="2 Elm Road"), "address", "the same postcode"),
        (person(given_name="Stone", family_name="Amelia"), "given_name", "the given name and"),
        (person(given_name="Stone", family_name="Amelia"), "family_name", "the surname and"),
        (person(postcode="ZZ2 1AA"), "address", "postcodes a typing slip apart"),
        (person(postcode="ZZ2 1AB"), "address", "different addresses"),
        (person(line1="1 Elm Road", postcode=""), "address", "the same first line of the"),
    ],
)
def test_levels_in_words(other: Features, comparison: str, label: str) -> None:
    amelia = person(given_name="Amelia", line1="1 Elm Road")
    found = next(c for c in COMPARISONS if c.name == comparison)
    assert found.label_of(found.level_of(amelia, other)).startswith(label)
