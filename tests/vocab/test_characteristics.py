"""Characteristic vocabulary: every legacy spelling maps to one canonical code."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exclusions.vocab.characteristics import (
    CHARACTERISTIC_GROUPS,
    Characteristic,
    canonical_characteristic,
    slugify,
)

CODE = re.compile(r"^[a-z0-9_]+$")
FILES = {
    "2016-17": "dfe/2016-17/nat_char_prep.csv",
    "2015-16": "dfe/2015-16/SFR35_2017_National_characteristics.csv",
}
Combo = tuple[str, str, str]


def _combos(path: Path) -> set[Combo]:
    """Distinct (characteristic_desc, characteristic_1, characteristic_2) in a file."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {
            (row["characteristic_desc"], row["characteristic_1"], row["characteristic_2"])
            for row in csv.DictReader(fh)
        }


@pytest.fixture(scope="module")
def combos(shared_data: Path) -> dict[str, set[Combo]]:
    """Distinct characteristic combinations of each legacy release."""
    return {release: _combos(shared_data / rel) for release, rel in FILES.items()}


def _mapped(combos: set[Combo]) -> set[tuple[str, str]]:
    """Canonical (group, value) pairs of a set of raw combinations."""
    return {(c.group, c.value) for c in (canonical_characteristic(*combo) for combo in combos)}


@pytest.mark.parametrize("release", sorted(FILES))
def test_every_real_combination_is_known(combos: dict[str, set[Combo]], release: str) -> None:
    unknown = [c for c in combos[release] if not canonical_characteristic(*c).known]
    assert unknown == []


@pytest.mark.parametrize("release", sorted(FILES))
def test_real_codes_are_well_formed(combos: dict[str, set[Combo]], release: str) -> None:
    for combo in combos[release]:
        c = canonical_characteristic(*combo)
        assert c.group in CHARACTERISTIC_GROUPS, combo
        assert CODE.match(c.value), combo
        assert c.label and c.label == c.label.strip(), combo


@pytest.mark.parametrize("release", sorted(FILES))
def test_no_two_raw_values_collide(combos: dict[str, set[Combo]], release: str) -> None:
    # IDACI appears under two group names in 2016/17, but for different years; any other
    # collision would merge two real categories into one.
    raw = {c for c in combos[release] if c[0] != "IDACI"}
    assert len(_mapped(raw)) == len(raw)


def test_both_releases_have_the_same_groups(combos: dict[str, set[Combo]]) -> None:
    groups = {r: {g for g, _ in _mapped(c)} for r, c in combos.items()}
    assert groups["2015-16"] == groups["2016-17"]
    assert groups["2015-16"] == {
        "total",
        "sex",
        "age",
        "age_by_sex",
        "nc_year",
        "nc_year_by_sex",
        "ethnicity_major",
        "ethnicity_major_by_sex",
        "ethnicity_minor",
        "ethnicity_minor_by_sex",
        "ethnicity_summary",
        "ethnicity_summary_by_sex",
        "fsm",
        "fsm6",
        "sen_provision",
        "sen_primary_need",
        "idaci_decile",
    }


def test_both_releases_have_the_same_values_but_unclassified(
    combos: dict[str, set[Combo]],
) -> None:
    # Only the 'unclassified' rows differ: each release published a different set of them.
    old, new = _mapped(combos["2015-16"]), _mapped(combos["2016-17"])
    assert {v for _, v in old ^ new} <= {"unclassified", "unclassified__boys"}
    assert len(old & new) > 200


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (("Gender", "Gender_male", "Total"), ("Gender", "Boys", "Total"), ("sex", "boys")),
        (("Gender", "Gender_female", "Total"), ("Gender", "Girls", "Total"), ("sex", "girls")),
        (("Age", "Age_10", "Total"), ("Age", "Age 10", "Total"), ("age", "age_10")),
        (
            ("Age", "Age_4_and_under", "Total"),
            ("Age", "Age 4 and under", "Total"),
            ("age", "age_4_and_under"),
        ),
        (
            ("Age_gender", "Age_19_and_over", "Female"),
            ("Age_gender", "Age 19 and over", "Female"),
            ("age_by_sex", "age_19_and_over__girls"),
        ),
        (
            ("FSM_Eligible", "FSM_Eligible", "Total"),
            ("FSM_eligible", "FSM eligible", "Total"),
            ("fsm", "eligible"),
        ),
        (
            ("FSM_Eligible", "FSM_NotEligible", "Total"),
            ("FSM_eligible", "FSM not eligible", "Total"),
            ("fsm", "not_eligible"),
        ),
        (
            ("SEN_provision", "SEN_provision_SEN_with_statement_EHC", "Total"),
            ("SEN_provision", "SEN with statement or EHC", "Total"),
            ("sen_provision", "ehc_plan"),
        ),
        (
            ("SEN_provision", "SEN_provision_SEN_without_statement", "Total"),
            ("SEN_provision", "SEN without a statement or EHC", "Total"),
            ("sen_provision", "sen_support"),
        ),
        (
            ("SEN_provision", "SEN_Provision_No_SEN", "Total"),
            ("SEN_provision", "No SEN", "Total"),
            ("sen_provision", "no_sen"),
        ),
        (
            ("IDACI_decile", "IDACI_decile_0_to_10pc_most_deprived", "Total"),
            ("IDACI", "IDACI_decile_0_to_10pc_most_deprived", "Total"),
            ("idaci_decile", "decile_1_most_deprived"),
        ),
        (
            ("Ethnicity_gender", "Ethnicity_Minor_Black_Caribbean", "Male"),
            ("Ethnicity_gender", "Ethnicity_Minor_Black_Caribbean", "Male"),
            ("ethnicity_minor_by_sex", "black_caribbean__boys"),
        ),
    ],
)
def test_cross_release_equivalences(
    combos: dict[str, set[Combo]], old: Combo, new: Combo, expected: tuple[str, str]
) -> None:
    assert old in combos["2015-16"] and new in combos["2016-17"]
    for combo in (old, new):
        c = canonical_characteristic(*combo)
        assert (c.group, c.value, c.known) == (*expected, True)


@pytest.mark.parametrize(
    ("group", "value", "expected"),
    [
        # Modern EES open-data vocabulary (characteristic_group / breakdown_topic columns).
        ("Sex", "Male", ("sex", "boys", "Boys")),
        ("Gender", "Female", ("sex", "girls", "Girls")),
        ("sex", "male", ("sex", "boys", "Boys")),
        ("Total", "Total", ("total", "total", "All pupils")),
        ("FSM", "FSM eligible", ("fsm", "eligible", "Eligible for free school meals")),
        ("FSM", "FSM not eligible", ("fsm", "not_eligible", "Not eligible for free school meals")),
        ("SEN provision", "EHC plan", ("sen_provision", "ehc_plan", None)),
        ("SEN provision", "Education, Health and Care plan", ("sen_provision", "ehc_plan", None)),
        ("SEN provision", "Statement or EHC plan", ("sen_provision", "ehc_plan", None)),
        ("SEN provision", "SEN support", ("sen_provision", "sen_support", None)),
        (
            "SEN provision",
            "SEN support / SEN without an EHC plan",
            ("sen_provision", "sen_support", None),
        ),
        ("SEN provision", "No SEN", ("sen_provision", "no_sen", None)),
        ("SEN primary need", "Vision impairment", ("sen_primary_need", "visual_impairment", None)),
        ("Ethnicity Major", "Asian", ("ethnicity_major", "asian", "Asian")),
        ("Ethnicity major", "Black", ("ethnicity_major", "black", "Black")),
        ("Ethnicity Minor", "White - White British", ("ethnicity_minor", "white_british", None)),
        (
            "Ethnicity Minor",
            "Black - Black Caribbean",
            ("ethnicity_minor", "black_caribbean", "Black Caribbean"),
        ),
        ("Ethnicity Minor", "Gypsy/Roma", ("ethnicity_minor", "gypsy_roma", None)),
        ("Ethnicity Minor", "White - Gypsy/Roma", ("ethnicity_minor", "gypsy_roma", None)),
        (
            "Ethnicity Minor",
            "Mixed - White and Black Caribbean",
            ("ethnicity_minor", "white_and_black_caribbean", None),
        ),
        (
            "Ethnicity Minor",
            "Any other ethnic group",
            ("ethnicity_minor", "any_other_ethnic_group", None),
        ),
        ("Ethnicity Minor", "Unclassified", ("ethnicity_minor", "unclassified", None)),
        ("Age", "Age 10", ("age", "age_10", "Aged 10")),
        ("NC year", "Year 7", ("nc_year", "year_7", "Year 7")),
        ("NC year", "Reception", ("nc_year", "reception", "Reception")),
        ("IDACI decile", "Decile 10", ("idaci_decile", "decile_10_least_deprived", None)),
        (
            "FSM eligible in last 6 years",
            "FSM not eligible in last 6 years",
            ("fsm6", "not_eligible", None),
        ),
    ],
)
def test_modern_ees_vocabulary(
    group: str, value: str, expected: tuple[str, str, str | None]
) -> None:
    c = canonical_characteristic(group, value)
    assert c.known
    assert (c.group, c.value) == expected[:2]
    if expected[2] is not None:
        assert c.label == expected[2]


def test_plain_english_labels() -> None:
    assert canonical_characteristic("Gender", "Boys").label == "Boys"
    ehc = canonical_characteristic("SEN_provision", "SEN with statement or EHC")
    assert ehc.label == "Pupils with an EHC plan or statement"
    assert canonical_characteristic("Ethnicity", "Ethnicity_Minor_Black_Caribbean").label == (
        "Black Caribbean"
    )
    by_sex = canonical_characteristic("Age_gender", "Age 10", "Female")
    assert by_sex.label == "Aged 10, girls"
    assert CHARACTERISTIC_GROUPS["fsm"] == "Free school meal eligibility"


def test_second_characteristic() -> None:
    # characteristic_2 = Total means no sex breakdown, whatever the group name says.
    assert canonical_characteristic("Age_gender", "Age 10", "Total") == canonical_characteristic(
        "Age", "Age 10"
    )
    boys = canonical_characteristic("NC_year", "NC_Year_7", "Male")
    assert (boys.group, boys.value, boys.known) == ("nc_year_by_sex", "year_7__boys", True)
    # 'Total' crossed with a sex is just that sex.
    assert canonical_characteristic("Total", "Total", "Female") == Characteristic(
        "sex", "girls", "Girls", True
    )


def test_unknown_values_get_a_slug() -> None:
    c = canonical_characteristic("Gender", "Non-binary")
    assert c == Characteristic("sex", "non_binary", "Non-binary", False)
    c = canonical_characteristic("Looked after status", "Looked after (CLA)")
    assert (c.group, c.value, c.known) == ("looked_after_status", "looked_after_cla", False)
    c = canonical_characteristic("Age_gender", "Age 10", "Other")
    assert (c.group, c.value, c.known) == ("age_by_sex", "age_10__other", False)


def test_slugify() -> None:
    assert slugify("FSM_NotEligible") == "fsm_not_eligible"
    assert slugify("  Gypsy/Roma ") == "gypsy_roma"
    assert slugify("Café & Co") == "cafe_and_co"
    assert slugify("") == slugify("***") == "unspecified"


optional_text = st.one_of(st.none(), st.text())


@given(st.text(), st.text(), optional_text)
def test_total_and_deterministic(group: str, value: str, value2: str | None) -> None:
    first = canonical_characteristic(group, value, value2)
    assert first == canonical_characteristic(group, value, value2)
    assert CODE.match(first.group) and CODE.match(first.value)
    assert isinstance(first.label, str) and isinstance(first.known, bool)
    if first.known:
        assert first.group in CHARACTERISTIC_GROUPS


@given(
    st.sampled_from(["Gender", "Age", "Ethnicity", "FSM_eligible", "SEN_provision", "IDACI"]),
    st.text(),
    st.sampled_from([None, "Total", "Male", "Female", ""]),
)
def test_total_within_known_groups(group: str, value: str, value2: str | None) -> None:
    c = canonical_characteristic(group, value, value2)
    assert CODE.match(c.group) and CODE.match(c.value)
