"""Band vocabulary of the legacy suspension-length and per-pupil tables."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exclusions.vocab.bands import BAND_KINDS, Band, canonical_band

CODE = re.compile(r"^[a-z0-9_]+$")
# kind -> (file, band column). The number-of-suspensions file has a shifted header: the column
# named `fixed_excl` holds the band and `headcount` the number of pupils.
FILES = {
    "suspension_length_days": (
        "SFR35_2017_duration_fixed_period_exclusions.csv",
        "duration_days_fixed_exclusions",
    ),
    "suspensions_per_pupil": ("SFR35_2017_number_fixed_period_exclusions.csv", "fixed_excl"),
    "total_days_per_pupil": (
        "SFR35_2017_total_length_fixed_period_exclusions.csv",
        "total_length_days_fixed_exclusions",
    ),
}


@pytest.fixture(scope="module")
def bands(shared_data: Path) -> dict[str, set[str]]:
    """Distinct raw band values of each legacy band table."""
    out = {}
    for kind, (name, column) in FILES.items():
        path = shared_data / "dfe" / "2015-16" / name
        with path.open(encoding="utf-8-sig", newline="") as fh:
            out[kind] = {row[column] for row in csv.DictReader(fh)}
    return out


@pytest.mark.parametrize("kind", sorted(FILES))
def test_every_real_band_is_known(bands: dict[str, set[str]], kind: str) -> None:
    results = [canonical_band(kind, raw) for raw in bands[kind]]
    assert [b for b in results if not b.known] == []
    assert all(b.kind == kind and CODE.match(b.code) and b.label for b in results)
    # Distinct raw values stay distinct.
    assert len({b.code for b in results}) == len(bands[kind])


@pytest.mark.parametrize("kind", sorted(FILES))
def test_total_sorts_first_and_numbers_in_order(bands: dict[str, set[str]], kind: str) -> None:
    ordered = sorted((canonical_band(kind, raw) for raw in bands[kind]), key=lambda b: b.order)
    assert ordered[0].code == "total"
    numeric = [b for b in ordered if b.code.isdigit()]
    assert [int(b.code) for b in numeric] == sorted(int(b.code) for b in numeric)
    assert len({b.order for b in ordered}) == len(ordered)


def test_real_band_values(bands: dict[str, set[str]]) -> None:
    assert {"Total", "0", "1", "45", "46 or more", "Missing"} <= bands["suspension_length_days"]
    assert {"Total", "1", "175"} <= bands["suspensions_per_pupil"]
    assert {"Total", "1", "45", "46 or more"} <= bands["total_days_per_pupil"]


def test_open_band_and_missing_sort_after_numbers() -> None:
    kind = "suspension_length_days"
    top = canonical_band(kind, "46 or more")
    assert top == Band(kind, "46_or_more", "46 days or more", top.order, True)
    assert canonical_band(kind, "45").order < top.order < canonical_band(kind, "47").order
    assert canonical_band(kind, "Missing").code == "missing"
    assert canonical_band(kind, "Missing").order > top.order
    assert canonical_band(kind, "Total").order == 0


@pytest.mark.parametrize(
    ("kind", "raw", "code", "label"),
    [
        ("suspension_length_days", "1", "1", "1 day"),
        ("suspension_length_days", "2", "2", "2 days"),
        ("suspension_length_days", "0.5", "0_5", "Half a day"),
        ("suspension_length_days", "Half day", "0_5", "Half a day"),
        ("suspension_length_days", "46+", "46_or_more", "46 days or more"),
        ("suspension_length_days", "46 days or more", "46_or_more", "46 days or more"),
        ("suspension_length_days", "1 to 5", "1_to_5", "1 to 5 days"),
        ("suspension_length_days", "Total", "total", "All suspensions"),
        ("suspensions_per_pupil", "1", "1", "1 suspension"),
        ("suspensions_per_pupil", "175", "175", "175 suspensions"),
        ("suspensions_per_pupil", "Total", "total", "All pupils with a suspension"),
        ("total_days_per_pupil", " 3 ", "3", "3 days"),
        ("total_days_per_pupil", "2.5", "2_5", "2.5 days"),
    ],
)
def test_band_parsing(kind: str, raw: str, code: str, label: str) -> None:
    band = canonical_band(kind, raw)
    assert (band.code, band.label, band.known) == (code, label, True)


@pytest.mark.parametrize("raw", ["x", ":", "", "lots", "5 to 1", "99999999"])
def test_unknown_bands(raw: str) -> None:
    band = canonical_band("suspension_length_days", raw)
    assert not band.known
    assert CODE.match(band.code)
    assert band.order > canonical_band("suspension_length_days", "Missing").order


def test_unknown_kind_is_not_known() -> None:
    band = canonical_band("Days of the week", "1")
    assert (band.kind, band.code, band.known) == ("days_of_the_week", "1", False)


def test_kinds_are_documented() -> None:
    assert set(BAND_KINDS) == set(FILES)


@given(st.text(), st.text())
def test_total_and_deterministic(kind: str, raw: str) -> None:
    band = canonical_band(kind, raw)
    assert band == canonical_band(kind, raw)
    assert CODE.match(band.kind) and CODE.match(band.code)
    assert isinstance(band.order, int) and band.order >= 0


@given(st.sampled_from(sorted(BAND_KINDS)), st.text())
def test_total_for_real_kinds(kind: str, raw: str) -> None:
    band = canonical_band(kind, raw)
    assert CODE.match(band.code)
    assert band.known == (band.order <= 10**9)


@given(st.sampled_from(sorted(BAND_KINDS)), st.integers(0, 10_000))
def test_whole_numbers_are_known_and_ordered(kind: str, n: int) -> None:
    band = canonical_band(kind, str(n))
    assert (band.code, band.known) == (str(n), True)
    assert canonical_band(kind, "Total").order < band.order < canonical_band(kind, str(n + 1)).order
