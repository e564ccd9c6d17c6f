"""Reason vocabulary: legacy wide columns and modern EES labels share one set of codes."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exclusions.vocab.reasons import REASONS, Reason, canonical_reason, reason_column

CODE = re.compile(r"^[a-z0-9_]+$")
FILES = {
    "2016-17": "dfe/2016-17/exclusions_by_reason.csv",
    "2015-16": "dfe/2015-16/SFR35_2017_reason_for_exclusion.csv",
}
LEGACY_CODES = [
    "physical_assault_pupil",
    "physical_assault_adult",
    "verbal_abuse_pupil",
    "verbal_abuse_adult",
    "bullying",
    "racist_abuse",
    "sexual_misconduct",
    "drug_alcohol",
    "damage",
    "theft",
    "persistent_disruption",
    "other",
]


def _header(path: Path) -> list[str]:
    """The header row of a CSV file."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


@pytest.fixture(scope="module")
def headers(shared_data: Path) -> dict[str, list[str]]:
    """Header of each legacy reason file."""
    return {release: _header(shared_data / rel) for release, rel in FILES.items()}


@pytest.mark.parametrize("release", sorted(FILES))
def test_every_reason_column_maps(headers: dict[str, list[str]], release: str) -> None:
    mapped = {}
    for column in headers[release]:
        result = reason_column(column)
        is_reason = column.startswith(("perm_", "fixed_"))
        assert (result is not None) == is_reason, column
        if result is not None:
            mapped[column] = result
    assert len(mapped) == 24
    # Each (measure, reason) pair comes from exactly one column.
    assert len(set(mapped.values())) == 24
    for measure in ("perm_excl", "susp"):
        codes = [code for m, code in mapped.values() if m == measure]
        assert codes == LEGACY_CODES


def test_releases_share_reason_columns(headers: dict[str, list[str]]) -> None:
    pairs = {r: {reason_column(c) for c in h} - {None} for r, h in headers.items()}
    assert pairs["2015-16"] == pairs["2016-17"]


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("perm_physical_pupils", ("perm_excl", "physical_assault_pupil")),
        ("fixed_persistent_disruptive", ("susp", "persistent_disruption")),
        ("susp_verbal_adult", ("susp", "verbal_abuse_adult")),
        ("perm_excl_physical_pupils", ("perm_excl", "physical_assault_pupil")),
        ("susp_drug_alcohol", ("susp", "drug_alcohol")),
        ("PERM_Theft", ("perm_excl", "theft")),
        ("perm_excl", None),
        ("perm_excl_rate", None),
        ("fixed_excl", None),
        ("fixed_excl_rate", None),
        ("susp_rate", None),
        ("one_plus_fixed", None),
        ("suspension", None),
        ("headcount", None),
        ("school_type", None),
        ("perm_bullying_percent", None),
        ("perm_unheard_of_reason", None),
        ("", None),
    ],
)
def test_reason_column(column: str, expected: tuple[str, str] | None) -> None:
    assert reason_column(column) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Physical assault against a pupil", "physical_assault_pupil"),
        ("Physical assault against an adult", "physical_assault_adult"),
        ("Verbal abuse/ threatening behaviour against a pupil", "verbal_abuse_pupil"),
        ("Verbal abuse / threatening behaviour against an adult", "verbal_abuse_adult"),
        ("Verbal abuse/ threatening behaviour against an adult", "verbal_abuse_adult"),
        ("Use or threat of use of an offensive weapon or prohibited item", "offensive_weapon"),
        ("Bullying", "bullying"),
        ("Racist abuse", "racist_abuse"),
        (
            "Abuse against sexual orientation and gender identity",
            "abuse_sexual_orientation_gender_identity",
        ),
        ("Abuse relating to disability", "abuse_disability"),
        ("Sexual misconduct", "sexual_misconduct"),
        ("Drug and alcohol related", "drug_alcohol"),
        ("Damage", "damage"),
        ("Theft", "theft"),
        ("Inappropriate use of social media or online technology", "social_media_online"),
        ("Persistent disruptive behaviour", "persistent_disruption"),
        (
            "Wilful and repeated transgression of protective measures in place to protect "
            "public health",
            "public_health_breach",
        ),
        ("Other", "other"),
        ("Total", "total"),
        (" persistent DISRUPTIVE behaviour ", "persistent_disruption"),
    ],
)
def test_modern_reason_labels(raw: str, code: str) -> None:
    reason = canonical_reason(raw)
    assert reason == Reason(code, REASONS[code], True)


def test_reasons_in_dfe_order() -> None:
    codes = list(REASONS)
    assert [c for c in codes if c in LEGACY_CODES] == LEGACY_CODES
    assert codes[-2:] == ["other", "total"]
    assert REASONS["persistent_disruption"] == "persistent disruptive behaviour"
    assert all(CODE.match(c) for c in codes)


@pytest.mark.parametrize("code", list(REASONS))
def test_labels_and_codes_round_trip(code: str) -> None:
    assert canonical_reason(REASONS[code]).code == code
    assert canonical_reason(code).code == code


def test_unknown_reason_gets_a_slug() -> None:
    assert canonical_reason("Vaping on site") == Reason("vaping_on_site", "Vaping on site", False)


@given(st.text())
def test_canonical_reason_total_and_deterministic(raw: str) -> None:
    reason = canonical_reason(raw)
    assert reason == canonical_reason(raw)
    assert CODE.match(reason.code)
    assert reason.known == (reason.code in REASONS)


@given(st.text())
def test_reason_column_total_and_deterministic(column: str) -> None:
    result = reason_column(column)
    assert result == reason_column(column)
    if result is not None:
        measure, code = result
        assert measure in ("perm_excl", "susp")
        assert code in REASONS


@given(st.sampled_from(["perm_", "fixed_", "susp_", "perm_excl_"]), st.text())
def test_reason_column_with_real_prefixes(prefix: str, rest: str) -> None:
    result = reason_column(prefix + rest)
    assert result is None or (CODE.match(result[0]) and result[1] in REASONS)
