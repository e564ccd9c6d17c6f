"""Revisions: figures that changed between releases, told apart from changes of rounding.

The first half builds two tiny releases whose differences are known; the second checks the
real releases, where every expected revision is worked out from the CSVs themselves.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from exclusions import Store
from exclusions.store.revisions import consistent_with_rounding

# --- rounding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "decimals", "rounded_to", "expected"),
    [
        (8680, 8678, 0, 5, True),  # national count to the nearest 5, later unrounded
        (8680, 8682.5, 0, 5, True),
        (8680, 8683, 0, 5, False),
        (8680, 8670, 0, 5, False),
        (0.12, 0.11529, 2, None, True),  # rate to 2 dp, later to 5 dp
        (0.12, 0.125, 2, None, True),
        (0.12, 0.1, 2, None, False),
        (0.1, 0.14, 1, None, True),
        (31, 31, 0, None, True),
        (31, 33, 0, None, False),  # LA counts were never rounded: any change is a revision
        (31, 31.4, None, None, True),  # no precision recorded: whole numbers
        (74.0003, 74.0003, 4, None, True),
        (74.0003, 74.0013, 4, None, False),
    ],
)
def test_consistent_with_rounding(
    old: float, new: float, decimals: int | None, rounded_to: int | None, expected: bool
) -> None:
    assert consistent_with_rounding(old, new, decimals, rounded_to) is expected


# --- two small releases with known differences ------------------------------------------------

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,school_type,headcount,perm_excl,"
    "perm_excl_rate,suspension\n"
)
NAT = "201516,Academic year,National,E92000001,England,,,,,,"
BURY = (
    "201516,Academic year,Local authority,E92000001,England,E12000002,North West,351,"
    "E08000002,Bury,"
)

OLD = [  # 2016/17 release: national counts rounded to 5, rates to 2 dp
    NAT + "Total,7916225,6685,0.08,339360",  # line 2
    NAT + "state-funded primary,4615170,1145,0.02,55740",  # line 3
    NAT + "state-funded secondary,3193420,5445,0.17,270135",  # line 4
    NAT + "special,107635,90,0.08,13485",  # line 5
    BURY + "Total,29000,31,0.11,1500",  # line 6
    BURY + "state-funded primary,17000,4,0.02,7",  # line 7
    BURY + "special,300,x,x,z",  # line 8
]
NEW = [  # 2022/23 release: unrounded
    NAT + "Total,7916224,6683,0.08445,339362",  # rounding only
    NAT + "state-funded primary,4615170,1145,0.02481,55740",  # rounding only
    NAT + "state-funded secondary,3193420,5445,0.17051,270900",  # suspension revised
    NAT + "special,107635,90,0.0836,13485",
    BURY + "Total,29000,33,0.11379,1500",  # perm_excl revised 31 -> 33
    BURY + "state-funded primary,17000,4,0.02353,x",  # suspension newly withheld
    BURY + "special,300,2,0.66667,12",  # x -> 2 and x -> 0.66667 lifted; z -> 12 published
]


@pytest.fixture
def two_releases(tmp_path: Path) -> Iterator[Store]:
    for folder, name, rows in (("2016-17", "exc_old.csv", OLD), ("2022-23", "exc_new.csv", NEW)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    with Store(tmp_path / "store.duckdb") as store:
        store.load([tmp_path / "2016-17", tmp_path / "2022-23"])
        yield store


def test_rounding_is_not_a_revision(two_releases: Store) -> None:
    found = two_releases.revisions("England")
    assert [(r.year, r.school_type, r.measure, r.kind) for r in found] == [
        (2015, "secondary", "susp", "revised"),
    ]
    (r,) = found
    assert (r.old.value, r.new.value) == (270135, 270900)
    assert (r.old.release, r.old.file, r.old.line, r.old.column) == (
        "2016/17",
        "exc_old.csv",
        4,
        "suspension",
    )
    assert (r.new.release, r.new.file, r.new.line) == ("2022/23", "exc_new.csv", 4)


def test_every_kind_of_change(two_releases: Store) -> None:
    found = {(r.school_type, r.measure): r for r in two_releases.revisions("Bury")}
    assert {k: r.kind for k, r in found.items()} == {
        ("total", "perm_excl"): "revised",
        ("primary", "susp"): "newly withheld",
        ("special", "perm_excl"): "suppression lifted",
        ("special", "perm_excl_rate"): "suppression lifted",
        ("special", "susp"): "now published",
    }
    lifted = found[("special", "perm_excl")]
    assert (lifted.old.value, lifted.old.symbol, lifted.new.value) == (None, "x", 2)
    withheld = found[("primary", "susp")]
    assert (withheld.old.value, withheld.new.value, withheld.new.symbol) == (7, None, "x")
    assert found[("special", "susp")].old.symbol == "z"
    # Unchanged figures (headcounts, Bury Total suspensions 1500) are never listed.
    assert ("total", "headcount") not in found
    assert ("total", "susp") not in found


def test_a_single_release_has_no_revisions(tmp_path: Path) -> None:
    (tmp_path / "2022-23").mkdir()
    (tmp_path / "2022-23" / "exc.csv").write_text(HEADER + "\n".join(NEW) + "\n")
    with Store(tmp_path / "store.duckdb") as store:
        store.load([tmp_path])
        assert store.revisions("England") == []
        assert store.revisions("Bury") == []


# --- the real releases ------------------------------------------------------------------------

# clean_la_data.csv (2016/17 release) column -> exc_nat_region_la.csv (2022/23) column
COLUMNS = {
    "num_schools": ("num_schools", "num_schools"),
    "headcount": ("headcount", "headcount"),
    "perm_excl": ("perm_excl", "perm_excl"),
    "perm_excl_rate": ("perm_excl_rate", "perm_excl_rate"),
    "susp": ("fixed_excl", "suspension"),
    "susp_rate": ("fixed_excl_rate", "susp_rate"),
    "one_plus_susp": ("one_plus_fixed", "one_plus_susp"),
    "one_plus_susp_rate": ("one_or_more_fixed_excl_rate", "one_plus_susp_rate"),
}
PHASE_OLD = {"Total": "total", "Primary": "primary", "Secondary": "secondary", "Special": "special"}
PHASE_NEW = {
    "Total": "total",
    "state-funded primary": "primary",
    "state-funded secondary": "secondary",
    "special": "special",
}


NOT_LAS = {"England", "North West", "North East", "Inner London", "Outer London"}
# clean_la_data.csv spells these differently from exc_nat_region_la.csv.
SPELLINGS = {
    "Bristol City of": "Bristol, City of",
    "Kingston upon Hull City of": "Kingston upon Hull, City of",
    "Herefordshire": "Herefordshire, County of",
    "Durham": "County Durham",
    "Isles Of Scilly": "Isles of Scilly",
}


def value(store: Store, area: str, year: str, measure: str, release: str | None = None) -> float:
    f = store.figure(area, year, measure, release=release)
    assert f is not None and f.value is not None
    return f.value


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


Rows = dict[str, dict[tuple[int, str], dict[str, str]]]


@functools.cache
def _clean_la_data(shared_data: Path) -> Rows:
    """clean_la_data.csv by area name, then (start year, phase)."""
    out: Rows = {}
    with (shared_data / "dfe/2016-17/clean_la_data.csv").open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            key = (int(r["year"][:4]), PHASE_OLD[r["school_type"]])
            out.setdefault(r["la_name"], {})[key] = r
    return out


@functools.cache
def _exc_nat_region_la(shared_data: Path) -> Rows:
    """exc_nat_region_la.csv by area name (LA, region or England), then (year, phase)."""
    out: Rows = {}
    with (shared_data / "dfe/2022-23/exc_nat_region_la.csv").open(encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            key = (int(r["time_period"][:4]), PHASE_NEW[r["school_type"]])
            name = r["la_name"] or r["region_name"] or r["country_name"]
            out.setdefault(name, {})[key] = r
    return out


def expected_changes(
    shared_data: Path, old_name: str, new_name: str | None = None
) -> dict[tuple[int, str, str], str]:
    """Changes between clean_la_data.csv and exc_nat_region_la.csv, worked out by hand.

    Keys are (start year, phase, measure); LA counts in the 2016/17 release were published
    unrounded, its rates to 2 dp; England's and the regions' counts to the nearest 5.
    """
    new_name = new_name or SPELLINGS.get(old_name, old_name)
    old = _clean_la_data(shared_data).get(old_name, {})
    new = _exc_nat_region_la(shared_data).get(new_name, {})
    rounded = old_name in NOT_LAS
    out = {}
    for key in old.keys() & new.keys():
        for measure, (oc, nc) in COLUMNS.items():
            ot, nt = old[key][oc], new[key][nc]
            ov, nv = _number(ot), _number(nt)
            if ov is None and nv is not None:
                out[(*key, measure)] = "suppression lifted" if ot == "x" else "now published"
            elif ov is not None and nv is None:
                out[(*key, measure)] = "newly withheld"
            elif ov is not None and nv is not None:
                tolerance = 0.005 if measure.endswith("rate") else (2.5 if rounded else 0)
                if abs(ov - nv) > tolerance + 1e-9:
                    out[(*key, measure)] = "revised"
    return out


def test_newham_suppression_lifted(store: Store, shared_data: Path) -> None:
    found = store.revisions("Newham")
    got = {(r.year, r.school_type, r.measure): r.kind for r in found}
    expected = expected_changes(shared_data, "Newham")
    assert got == expected
    assert len(got) == 24
    assert set(got.values()) == {"suppression lifted"}
    # clean_la_data.csv line 6641: 200607 Newham Special perm_excl "x";
    # exc_nat_region_la.csv line 38: 200607 Newham special perm_excl 2.
    r = next(
        r for r in found if (r.year, r.school_type, r.measure) == (2006, "special", "perm_excl")
    )
    assert (r.old.text, r.old.release, r.old.file, r.old.line) == (
        "x",
        "2016/17",
        "clean_la_data.csv",
        6641,
    )
    assert (r.new.value, r.new.release, r.new.file, r.new.line) == (
        2,
        "2022/23",
        "exc_nat_region_la.csv",
        38,
    )
    assert r.kind == "suppression lifted"


def test_bury_special_2016_17(store: Store, shared_data: Path) -> None:
    # clean_la_data.csv line 231: Bury Special one_plus_fixed "x", rate "x";
    # exc_nat_region_la.csv line 6921: Bury special one_plus_susp 2, rate 0.63091.
    got = {(r.year, r.school_type, r.measure): r for r in store.revisions("Bury")}
    assert {k: r.kind for k, r in got.items()} == expected_changes(shared_data, "Bury")
    r = got[(2016, "special", "one_plus_susp")]
    assert (r.old.line, r.new.line, r.new.value) == (231, 6921, 2)


def test_rounding_to_five_is_not_a_revision(store: Store, shared_data: Path) -> None:
    # 2006/07 England perm_excl: 8680 (clean_la_data.csv line 6483, 2016/17 release) and
    # 8678 (exc_nat_region_la.csv line 120): DfE's rounding to 5, not a revision. Likewise
    # every national count and rate from 2006/07 to 2016/17.
    assert expected_changes(shared_data, "England") == {}
    assert store.revisions("England") == []
    assert value(store, "England", "2006/07", "perm_excl", release="2016/17") == 8680
    assert value(store, "England", "2006/07", "perm_excl") == 8678


def test_identical_la_count_is_not_a_revision(store: Store) -> None:
    # Kent 2016/17 Total perm_excl: 54 in clean_la_data.csv line 546 and in
    # exc_nat_region_la.csv line 6491.
    assert value(store, "Kent", "2016/17", "perm_excl", release="2016/17") == 54
    assert value(store, "Kent", "2016/17", "perm_excl") == 54
    found = store.revisions("Kent")
    assert all(r.kind == "suppression lifted" for r in found)
    assert not [r for r in found if (r.year, r.measure) == (2016, "perm_excl")]


@pytest.mark.parametrize(
    ("old_name", "new_name"),
    [
        ("Kent", "Kent"),
        ("Barnet", "Barnet"),
        ("Leeds", "Leeds"),
        ("Bristol City of", "Bristol, City of"),
        ("North West", "North West"),
        ("Inner London", "Inner London"),
    ],
)
def test_revisions_match_the_csvs(
    store: Store, shared_data: Path, old_name: str, new_name: str
) -> None:
    got = {(r.year, r.school_type, r.measure): r.kind for r in store.revisions(new_name)}
    assert got == expected_changes(shared_data, old_name, new_name)


def test_the_real_data_has_no_revision_beyond_rounding(store: Store, shared_data: Path) -> None:
    # Worked out from the CSVs for every LA in both clean_la_data.csv and
    # exc_nat_region_la.csv: DfE's changes between the two releases are suppressions lifted
    # (and changes of rounding); no published number was revised. So no "revised" row.
    with (shared_data / "dfe" / "2016-17" / "clean_la_data.csv").open() as fh:
        names = {r["la_name"] for r in csv.DictReader(fh) if r["level"] == "Local authority"}
    kinds: set[str] = set()
    for name in sorted(names - {"NULL"}):
        kinds.update(expected_changes(shared_data, name).values())
    assert kinds == {"suppression lifted"}
