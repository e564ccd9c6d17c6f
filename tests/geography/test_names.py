"""normalise_name and AreaMatcher, including every LA name in two real DfE releases."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exclusions.geography import (
    Area,
    AreaMatcher,
    Lookups,
    academic_year_span,
    normalise_name,
    read_lookups,
)


@pytest.fixture(scope="module")
def lookups(shared_data: Path) -> Lookups:
    return read_lookups(shared_data / "lookups")


@pytest.fixture(scope="module")
def matcher(lookups: Lookups) -> AreaMatcher:
    return lookups.la_matcher()


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Bury", "  BURY. "),
        ("Brighton & Hove", "Brighton and Hove"),
        ("St. Helens", "St Helens"),
        ("Saint Helens", "St Helens"),
        ("Bristol, City of", "City of Bristol"),
        ("Bristol, City of", "Bristol"),
        ("Bristol City of", "Bristol"),
        ("Herefordshire, County of", "Herefordshire"),
        ("Kingston upon Hull, City of", "Kingston upon Hull"),
        ("Kingston Upon Hull, City of", "Hull"),
        ("County Durham", "Durham"),
        ("Bedford Borough", "Bedford"),
        ("Yorkshire and The Humber", "Yorkshire and the Humber"),
        ("Southend-on-Sea", "Southend on Sea"),
        ("Bournemouth (Pre LG)", "Bournemouth"),
        ("Cheshire (Pre LGR 2009)", "Cheshire"),
        ("London (Inner)", "Inner London"),
        ("Isles Of Scilly", "Isles of Scilly"),
        ("Stoke-on-Trent", "Stoke on Trent"),
    ],
)
def test_spellings_that_mean_the_same_area(one: str, other: str) -> None:
    assert normalise_name(one) == normalise_name(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("City of London", "London"),
        ("North Somerset", "Somerset"),
        ("Inner London", "London"),
        ("Kingston upon Thames", "Kingston upon Hull"),
        ("Bath and North East Somerset", "North East Somerset"),
    ],
)
def test_different_areas_stay_apart(one: str, other: str) -> None:
    assert normalise_name(one) != normalise_name(other)


_TEXT = st.text(alphabet="abcXYZ dorsetHUMBER,.-'()&/éÉöÇ0123", max_size=40)
_PADDING = st.text(alphabet=" \t\n.,;:-'\"()[]/!?*", max_size=5)


@given(_TEXT)
def test_normalise_is_idempotent(name: str) -> None:
    key = normalise_name(name)
    assert normalise_name(key) == key


@given(_TEXT)
def test_normalise_ignores_case(name: str) -> None:
    key = normalise_name(name)
    assert normalise_name(name.upper()) == key
    assert normalise_name(name.lower()) == key
    assert normalise_name(name.swapcase()) == key


@given(_TEXT, _PADDING, _PADDING)
def test_normalise_ignores_surrounding_space_and_punctuation(
    name: str, before: str, after: str
) -> None:
    assert normalise_name(before + name + after) == normalise_name(name)


@given(_TEXT)
def test_normalise_gives_single_spaced_lower_alphanumerics(name: str) -> None:
    key = normalise_name(name)
    assert key == " ".join(key.split())
    assert all(c.isalnum() or c == " " for c in key)
    assert key == key.casefold()


def test_academic_year_span() -> None:
    assert academic_year_span(2018) == (date(2018, 9, 1), date(2019, 8, 31))


def test_dorset_by_year(lookups: Lookups, matcher: AreaMatcher) -> None:
    assert matcher.match("Dorset", 2006) == "E10000009"
    assert matcher.match("Dorset", 2018) == "E10000009"
    assert matcher.match("Dorset", 2019) == "E06000059"
    assert matcher.match("Dorset") == "E06000059"
    old = lookups.la_matcher("old")
    assert (old.match("Dorset", 2018), old.match("Dorset", 2019)) == ("835", "838")
    # The benchmarking tool's tagged name always means the old county.
    assert matcher.match("Dorset (Pre LG)", 2022) == "E10000009"
    assert {a.code for a in matcher.candidates("dorset")} == {"E10000009", "E06000059"}


def test_namesakes_split_by_the_year_most_spent(matcher: AreaMatcher) -> None:
    # Gateshead was recoded on 1 April 2013, Barnsley on 1 May 2025.
    assert matcher.match("Gateshead", 2012) == "E08000020"
    assert matcher.match("Gateshead", 2013) == "E08000037"
    assert matcher.match("Barnsley", 2022) == "E08000016"
    assert matcher.match("Barnsley", 2024) == "E08000016"
    assert matcher.match("Barnsley", 2025) == "E08000038"
    assert matcher.match("Barnsley") == "E08000038"
    # Before GSS codes began in 2009 the nearest in time wins.
    assert matcher.match("Northumberland", 2006) == "E06000048"


def test_bristol_and_other_spellings(lookups: Lookups, matcher: AreaMatcher) -> None:
    bristol = [la.new_code for la in lookups.las if la.name == "Bristol, City of"]
    assert bristol == ["E06000023"]
    for name in ("Bristol", "City of Bristol", "bristol city of"):
        assert matcher.match(name) == "E06000023"
    assert matcher.match("Hull") == "E06000010"
    assert matcher.match("Durham", 2010) == "E06000047"
    assert matcher.match("Bedford Borough") == "E06000055"
    assert matcher.match("Atlantis") is None
    assert matcher.match("NULL") is None


def test_suggestions(matcher: AreaMatcher) -> None:
    assert matcher.suggest("Burry")[0] == "Bury"
    assert matcher.suggest("Bristol")[0] == "Bristol, City of"
    assert "Kingston upon Thames" in matcher.suggest("Kingston")
    assert matcher.suggest("Manchestr", n=1) == ["Manchester"]
    assert matcher.suggest("qqqqqqqq") == []
    assert matcher.suggest("") == []


def test_aliases_and_tuples() -> None:
    matcher = AreaMatcher(
        [("A1", "Alpha", None, date(2019, 3, 31)), Area("A2", "Alpha", date(2019, 4, 1))],
        aliases=[("Old Alpha", "A1")],
    )
    assert matcher.match("old alpha!", 2023) == "A1"
    assert matcher.match("Alpha", 2015) == "A1"
    assert matcher.match("Alpha") == "A2"
    with pytest.raises(KeyError, match="unknown code"):
        AreaMatcher([("A1", "Alpha", None, None)], aliases=[("Beta", "B1")])


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def published_2223(shared_data: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """(LA name, academic year) -> (old code, new code) in the 2022/23 release."""
    rows = _read(shared_data / "dfe" / "2022-23" / "exc_nat_region_la.csv")
    return {
        (row["la_name"], int(row["time_period"][:4])): (row["old_la_code"], row["new_la_code"])
        for row in rows
        if row["geographic_level"] == "Local authority"
    }


def test_every_2022_23_name_resolves_to_its_published_code(
    lookups: Lookups, published_2223: dict[tuple[str, int], tuple[str, str]]
) -> None:
    new, old = lookups.la_matcher("new"), lookups.la_matcher("old")
    assert len(published_2223) == 2580
    no_gss = set()
    for (name, year), (old_code, new_code) in published_2223.items():
        assert old.match(name, year) == old_code, (name, year)
        if new_code == "x":
            # DfE publishes the pre-2009 counties without a GSS code.
            no_gss.add(name)
            continue
        if (name, year) == ("Buckinghamshire", 2020):
            # DfE still labels 2020/21 with the county's code, abolished on 31 March 2020.
            assert (new_code, new.match(name, year)) == ("E10000002", "E06000060")
            continue
        assert new.match(name, year) == new_code, (name, year)
    assert no_gss == {"Bedfordshire", "Cheshire"}


def test_every_2016_17_name_resolves_to_the_2022_23_code(
    lookups: Lookups,
    shared_data: Path,
    published_2223: dict[tuple[str, int], tuple[str, str]],
) -> None:
    new, old = lookups.la_matcher("new"), lookups.la_matcher("old")
    rows = _read(shared_data / "dfe" / "2016-17" / "clean_la_data.csv")
    names: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        if row["level"] == "Local authority":
            names[int(row["year"][:4])].add(row["la_name"])
    # One 2006/07 row has no LA name at all.
    assert "NULL" in names[2006]
    names[2006].discard("NULL")
    by_year: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for (name, year), (old_code, new_code) in published_2223.items():
        by_year[year][old_code] = (name, new_code)
    assert sorted(names) == list(range(2006, 2017))
    for year, year_names in names.items():
        # Both releases list the same authorities each year, whatever they call them.
        resolved = {name: old.match(name, year) or "" for name in year_names}
        assert sorted(resolved.values()) == sorted(by_year[year]), year
        for name, old_code in resolved.items():
            published_name, new_code = by_year[year][old_code]
            if new_code != "x":
                assert new.match(name, year) == new_code, (name, year)
            assert new.match(name, year) == new.match(published_name, year)
