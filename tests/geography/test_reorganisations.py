"""The hand-written reorganisation table, checked against the lookups and a real release."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest

from exclusions.geography import (
    REORGANISATIONS,
    Lookups,
    Reorganisation,
    breaks_between,
    read_lookups,
    series_breaks,
)


@pytest.fixture(scope="module")
def lookups(shared_data: Path) -> Lookups:
    return read_lookups(shared_data / "lookups")


@pytest.fixture(scope="module")
def reported_years(shared_data: Path) -> dict[str, list[int]]:
    """Code (old or GSS) -> academic years with pupils in DfE's 2022/23 release."""
    path = shared_data / "dfe" / "2022-23" / "exc_nat_region_la.csv"
    years: dict[str, list[int]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            level, school_type = row["geographic_level"], row["school_type"]
            if level == "Local authority" and school_type == "Total" and row["headcount"] != "0":
                year = int(row["time_period"][:4])
                years[row["old_la_code"]].append(year)
                years[row["new_la_code"]].append(year)
    return dict(years)


def _name(reorganisation: Reorganisation) -> str:
    return f"{reorganisation.effective}:{'+'.join(reorganisation.predecessors)}"


@pytest.mark.parametrize("reorganisation", REORGANISATIONS, ids=_name)
def test_codes_and_dates_agree_with_las_csv(
    lookups: Lookups, reorganisation: Reorganisation
) -> None:
    day_before = reorganisation.effective - timedelta(days=1)
    ended = [lookups.by_new_code(code) for code in reorganisation.predecessor_gss]
    began = [lookups.by_new_code(code) for code in reorganisation.successor_gss]
    for la in ended:
        assert la is not None and la.end == day_before and la.status == "terminated", la
    for la in began:
        assert la is not None and la.start == reorganisation.effective and la.end is None, la
    assert {la.old_code for la in ended if la} == set(reorganisation.predecessors)
    assert {la.old_code for la in began if la} == set(reorganisation.successors)


@pytest.mark.parametrize("reorganisation", REORGANISATIONS, ids=_name)
def test_first_academic_year_matches_the_release(
    reported_years: dict[str, list[int]], reorganisation: Reorganisation
) -> None:
    first = reorganisation.first_academic_year
    effective = reorganisation.effective
    by_date = effective.year if effective.month < 9 else effective.year + 1
    # Buckinghamshire is the one case where DfE kept the old GSS code a year longer.
    assert first == (by_date + 1 if reorganisation.predecessors == ("825",) else by_date)
    last_in_file = 2022
    gone = set(reorganisation.predecessor_gss)
    if not reorganisation.renumbered_only:
        gone |= set(reorganisation.predecessors) - set(reorganisation.successors)
    for code in sorted(gone):
        if code in ("E10000001", "E10000004"):
            # DfE publishes Bedfordshire and Cheshire with 'x' for the GSS code.
            assert code not in reported_years
            continue
        assert max(reported_years[code]) == min(first - 1, last_in_file), code
    for code in reorganisation.successor_gss:
        if first <= last_in_file:
            assert min(reported_years[code]) == first, code
        else:
            assert code not in reported_years, code


def test_the_table() -> None:
    assert [(r.effective.isoformat(), r.predecessors, r.successors) for r in REORGANISATIONS] == [
        ("2009-04-01", ("820",), ("822", "823")),
        ("2009-04-01", ("875",), ("895", "896")),
        ("2013-04-01", ("390", "929"), ("390", "929")),
        ("2019-04-01", ("835", "836", "837"), ("838", "839")),
        ("2020-04-01", ("825",), ("825",)),
        ("2021-04-01", ("928",), ("940", "941")),
        ("2023-04-01", ("909",), ("942", "943")),
        ("2023-04-01", ("815",), ("815",)),
        ("2023-04-01", ("933",), ("933",)),
        ("2025-05-01", ("370", "373"), ("370", "373")),
    ]
    assert all(r.note for r in REORGANISATIONS)


def test_renumbered_only() -> None:
    renumbered = {r.predecessors for r in REORGANISATIONS if r.renumbered_only}
    assert renumbered == {("390", "929"), ("825",), ("815",), ("933",), ("370", "373")}


def test_series_breaks() -> None:
    (dorset,) = series_breaks("835")
    assert dorset.successor_gss == ("E06000059", "E06000058")
    assert series_breaks("838") == [dorset] == series_breaks("839")
    assert [r.first_academic_year for r in series_breaks("825")] == [2021]
    assert series_breaks("351") == []


def test_breaks_between() -> None:
    (northants,) = series_breaks("928")
    assert breaks_between("928", 2019, 2021) == [northants]
    assert breaks_between("941", 2021, 2019) == [northants]
    assert breaks_between("928", 2021, 2022) == []
    assert breaks_between("928", 2006, 2020) == []
    assert [r.effective.year for r in breaks_between("390", 2006, 2022)] == [2013]
    assert breaks_between("909", 2016, 2022) == []
    assert len(breaks_between("909", 2016, 2023)) == 1
