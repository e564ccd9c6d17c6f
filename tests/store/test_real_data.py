"""The real DfE files in ../shared/data, loaded once, checked against figures read by hand.

Every expected number below was read from the CSV named in the comment beside it; "line" is
the file's line number with the header as line 1 (what ``grep -n`` prints), which is also
what the store records as a figure's provenance.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest

from exclusions import Store
from exclusions.store.queries import Figure, PhaseYear
from tests.store.conftest import LoadedStore

DFE = ("dfe",)
NAT_22 = "exc_nat_region_la.csv"  # dfe/2022-23
CLEAN_LA = "clean_la_data.csv"  # dfe/2016-17
NAT_SUMMARY = "nat_summary.csv"  # dfe/2016-17
NAT_CHAR = "nat_char_prep.csv"  # dfe/2016-17
BY_REASON = "exclusions_by_reason.csv"  # dfe/2016-17
SFR_CHAR = "SFR35_2017_National_characteristics.csv"  # dfe/2015-16
SFR_REASON = "SFR35_2017_reason_for_exclusion.csv"  # dfe/2015-16
SFR_NUMBER = "SFR35_2017_number_fixed_period_exclusions.csv"  # dfe/2015-16
SFR_PANELS = "SFR35_2017_review_panels.csv"  # dfe/2015-16

ALL_FILES = {
    "2015/16": {
        SFR_CHAR,
        "SFR35_2017_duration_fixed_period_exclusions.csv",
        SFR_NUMBER,
        SFR_REASON,
        SFR_PANELS,
        "SFR35_2017_total_length_fixed_period_exclusions.csv",
    },
    "2016/17": {CLEAN_LA, BY_REASON, NAT_CHAR, NAT_SUMMARY},
    "2022/23": {NAT_22},
}


# --- reading the CSVs directly, to check the store against them -----------------------------


@functools.cache
def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def csv_path(shared_data: Path, name: str) -> Path:
    found = list((shared_data / "dfe").rglob(name))
    assert len(found) == 1, name
    return found[0]


def csv_cell(shared_data: Path, name: str, line: int, column: str) -> str:
    """The text of one cell: file name, line number (header = 1) and column name."""
    rows = _csv_rows(csv_path(shared_data, name))
    return rows[line - 1][rows[0].index(column)]


def csv_records(shared_data: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """Every data row of a file as (line number, record)."""
    rows = _csv_rows(csv_path(shared_data, name))
    return [(n, dict(zip(rows[0], r, strict=True))) for n, r in enumerate(rows[1:], start=2)]


def file_view(store: Store, file: str) -> str:
    """The view presenting one loaded file as observations (same rows as ``observation``)."""
    ((table,),) = store.sql("SELECT table_name FROM source_file WHERE name = ?", [file])
    return f"v_{table}"


def at_line(store: Store, file: str, line: int, column: str) -> list[tuple[object, ...]]:
    """The store's observations for one published cell."""
    return store.sql(
        f"""SELECT area_code, year, school_type, char_group, char_value, reason,
                  band_kind, band, measure, value, symbol, value_text
           FROM {file_view(store, file)} WHERE src_line = ? AND source_column = ?""",
        [line, column],
    )


def fig(store: Store, area: str, year: str, measure: str, **kw: str) -> Figure:
    found = store.figure(area, year, measure, **kw)
    assert found is not None, (area, year, measure, kw)
    return found


@functools.cache
def shown(store: Store, area: str, year: str, release: str | None = None) -> dict[str, PhaseYear]:
    """``Store.show`` for one area and year, by phase (cached: the store is read-only)."""
    return {r.school_type: r for r in store.show(area, year=year, release=release)}


def assert_provenance(shared_data: Path, f: Figure) -> None:
    """A figure's file, line and column point at a cell holding exactly its published text."""
    assert csv_cell(shared_data, f.file, f.line, f.column) == f.text, f


# --- every file loads, once ------------------------------------------------------------------


def test_every_shared_file_loads_into_three_releases(
    loaded_store: LoadedStore, shared_data: Path
) -> None:
    result = loaded_store.result
    assert len(result.files) == 11
    assert all(f.status == "loaded" for f in result.files)
    assert all(r.valid for r in result.reports)
    assert result.releases == ["2015/16", "2016/17", "2022/23"]
    by_release: dict[str, set[str]] = {}
    for f in result.files:
        assert f.release is not None
        by_release.setdefault(f.release, set()).add(f.path.name)
        # Every data row of the file is kept (the file's lines less its header).
        assert f.rows == len(_csv_rows(f.path)) - 1, f.path.name
    assert by_release == ALL_FILES
    assert result.rows == 45_026
    assert any(s.startswith("LA lookup") for s in result.lookups)


def test_releases_and_files_listed(store: Store) -> None:
    releases = store.releases()
    assert [(r["name"], r["files"]) for r in releases] == [
        ("2015/16", 6),
        ("2016/17", 4),
        ("2022/23", 1),
    ]
    assert [r["publication"] for r in releases] == [
        "Permanent and fixed-period exclusions in England",
        "Permanent and fixed-period exclusions in England",
        "Suspensions and permanent exclusions in England",
    ]
    files = store.files()
    assert {(f["release"], f["name"]) for f in files} == {
        (rel, name) for rel, names in ALL_FILES.items() for name in names
    }
    assert all(len(f["sha256"]) == 64 for f in files)


def _counts(store: Store) -> tuple[object, ...]:
    return store.sql(
        """SELECT (SELECT count(*) FROM observation), (SELECT count(*) FROM source_file),
                  (SELECT count(*) FROM release), (SELECT count(*) FROM area),
                  (SELECT sum(rows) FROM source_file)"""
    )[0]


def test_loading_twice_changes_nothing(
    loaded_store: LoadedStore, shared_data: Path, tmp_path: Path
) -> None:
    path = loaded_store.copy_to(tmp_path)
    with Store(path) as writable:
        before = _counts(writable)
        again = writable.load([shared_data])
        after = _counts(writable)
    assert [f.status for f in again.files] == ["unchanged"] * 11
    assert again.rows == 0
    assert again.releases == []
    assert {f.release for f in again.files} == {"2015/16", "2016/17", "2022/23"}
    assert after == before


# --- national totals from the 2022/23 release -------------------------------------------------


@pytest.mark.parametrize(
    ("year", "phase", "measure", "expected", "line"),
    [
        # exc_nat_region_la.csv line 11001: 202223 National Total
        ("2022/23", "total", "headcount", 8430600, 11001),
        ("2022/23", "total", "perm_excl", 9376, 11001),
        ("2022/23", "total", "perm_excl_rate", 0.11121, 11001),
        ("2022/23", "total", "susp", 786961, 11001),
        ("2022/23", "total", "susp_rate", 9.33458, 11001),
        ("2022/23", "total", "one_plus_susp", 304040, 11001),
        # line 10670: 202223 National state-funded primary
        ("2022/23", "primary", "headcount", 4647851, 10670),
        ("2022/23", "primary", "perm_excl", 1201, 10670),
        ("2022/23", "primary", "susp", 84264, 10670),
        # line 11000: 202223 National state-funded secondary
        ("2022/23", "secondary", "perm_excl", 8054, 11000),
        ("2022/23", "secondary", "susp", 685930, 11000),
        # line 10736: 202223 National special
        ("2022/23", "special", "perm_excl", 121, 10736),
        ("2022/23", "special", "one_plus_susp", 7261, 10736),
        # line 8503: 201920 National Total
        ("2019/20", "total", "headcount", 8255046, 8503),
        ("2019/20", "total", "perm_excl", 5057, 8503),
        ("2019/20", "total", "susp", 310733, 8503),
        # line 7120: 201617 National Total
        ("2016/17", "total", "perm_excl", 7719, 7120),
        # line 120: 200607 National Total (DfE no longer rounds to 5: 8678, not 8680)
        ("2006/07", "total", "perm_excl", 8678, 120),
        ("2006/07", "total", "susp", 425588, 120),
        ("2006/07", "total", "one_plus_susp", 227127, 120),
        # line 122: 200607 National state-funded secondary
        ("2006/07", "secondary", "perm_excl", 7522, 122),
        ("2006/07", "secondary", "one_plus_susp", 197140, 122),
        # line 135: 200607 National special
        ("2006/07", "special", "perm_excl", 164, 135),
    ],
)
def test_national_figures_2022_23_release(
    store: Store,
    shared_data: Path,
    year: str,
    phase: str,
    measure: str,
    expected: float,
    line: int,
) -> None:
    f = shown(store, "England", year)[phase].figures[measure]
    assert f.value == pytest.approx(expected)
    assert (f.release, f.file, f.line) == ("2022/23", NAT_22, line)
    assert f.area_code == "E92000001"
    assert_provenance(shared_data, f)


def test_national_2006_07_in_two_releases(store: Store) -> None:
    # exc_nat_region_la.csv line 120: perm_excl 8678 (2022/23 release, unrounded)
    assert fig(store, "England", "2006/07", "perm_excl").value == 8678
    # clean_la_data.csv line 6483 and nat_summary.csv line 2: perm_excl 8680 (2016/17, to 5)
    old = fig(store, "England", "2006/07", "perm_excl", release="2016/17")
    assert old.value == 8680
    assert (old.file, old.line) in {(CLEAN_LA, 6483), (NAT_SUMMARY, 2)}


def test_banded_tables_never_stand_in_for_headline_figures(store: Store) -> None:
    # The Total bands of SFR35_2017_number_fixed_period_exclusions.csv (line 1099: 227125)
    # and ..._total_length_... (line 1686: 226955) repeat England's 2006/07 one_plus_fixed;
    # the headline is still the 2022/23 release's 227127 (exc_nat_region_la.csv line 120).
    rows = store.show("England", year="2006/07")
    total = next(r for r in rows if r.school_type == "total")
    assert total.figures["one_plus_susp"].value == 227127
    assert total.figures["susp"].value == 425588  # not 425590 (duration file line 1578)
    assert all(f.release == "2022/23" for f in total.figures.values())


# --- local authorities ------------------------------------------------------------------------


BURY_2022 = [
    # exc_nat_region_la.csv, 202223, Bury (351, E08000002)
    ("total", 10694, {"headcount": 29121, "perm_excl": 26, "perm_excl_rate": 0.08928,
                      "susp": 2912, "susp_rate": 9.99966, "one_plus_susp": 1153,
                      "one_plus_susp_rate": 3.95934}),
    ("primary", 10522, {"headcount": 17284, "perm_excl": 2, "susp": 175, "one_plus_susp": 105}),
    ("secondary", 10523, {"headcount": 11359, "perm_excl": 24, "susp": 2723,
                          "one_plus_susp": 1039}),
    ("special", 10385, {"headcount": 478, "perm_excl": 0, "susp": 14, "one_plus_susp": 9}),
]  # fmt: skip


def test_bury_2022_23_every_phase(store: Store, shared_data: Path) -> None:
    rows = store.show("Bury", year="2022/23")
    assert [r.school_type for r in rows] == ["total", "primary", "secondary", "special"]
    for row, (phase, line, expected) in zip(rows, BURY_2022, strict=True):
        assert row.school_type == phase
        assert row.release == "2022/23"
        for measure, value in expected.items():
            f = row.figures[measure]
            assert f.value == pytest.approx(value), (phase, measure)
            assert (f.file, f.line, f.area_code) == (NAT_22, line, "E08000002")
        for f in row.figures.values():
            assert_provenance(shared_data, f)


@pytest.mark.parametrize(
    ("area", "code", "year", "phase", "measure", "expected", "line"),
    [
        # London boroughs. exc_nat_region_la.csv line 591: 200607 Newham Total
        ("Newham", "E09000025", "2006/07", "total", "headcount", 48923, 591),
        ("Newham", "E09000025", "2006/07", "total", "perm_excl", 81, 591),
        ("Newham", "E09000025", "2006/07", "total", "susp", 2542, 591),
        # line 38: 200607 Newham special (suppressed as x in the 2016/17 release)
        ("Newham", "E09000025", "2006/07", "special", "perm_excl", 2, 38),
        ("Newham", "E09000025", "2006/07", "special", "headcount", 70, 38),
        # line 10368: 202223 Barnet Total (Outer London)
        ("Barnet", "E09000003", "2022/23", "total", "perm_excl", 19, 10368),
        ("Barnet", "E09000003", "2022/23", "total", "susp", 3083, 10368),
        # A county. line 10494: 202223 Kent Total; line 10598: Kent special
        ("Kent", "E10000016", "2022/23", "total", "headcount", 250291, 10494),
        ("Kent", "E10000016", "2022/23", "total", "perm_excl", 42, 10494),
        ("Kent", "E10000016", "2022/23", "total", "susp", 16993, 10494),
        ("Kent", "E10000016", "2022/23", "special", "perm_excl", 1, 10598),
        ("Kent", "E10000016", "2022/23", "special", "susp", 853, 10598),
        # line 6491: 201617 Kent Total
        ("Kent", "E10000016", "2016/17", "total", "perm_excl", 54, 6491),
        # A region. line 10566: 202223 North West Total
        ("North West", "E12000002", "2022/23", "total", "perm_excl", 1775, 10566),
        ("North West", "E12000002", "2022/23", "total", "susp", 105399, 10566),
    ],
)
def test_area_figures_2022_23_release(
    store: Store,
    shared_data: Path,
    area: str,
    code: str,
    year: str,
    phase: str,
    measure: str,
    expected: float,
    line: int,
) -> None:
    f = shown(store, area, year)[phase].figures[measure]
    assert f.value == pytest.approx(expected)
    assert (f.area_code, f.release, f.file, f.line) == (code, "2022/23", NAT_22, line)
    assert_provenance(shared_data, f)


def test_areas_by_code_and_old_code(store: Store) -> None:
    assert store.area("E08000002").name == "Bury"
    assert store.area("351").code == "E08000002"
    assert store.area("Kent").code == "E10000016"
    assert store.area("Kent").old_la_code == "886"  # exc_nat_region_la.csv line 10494
    levels = {a.level for a in store.areas()}
    assert levels == {"national", "regional", "local_authority"}
    assert store.areas()[0].code == "E92000001"


# --- the latest release by default ------------------------------------------------------------


def test_latest_release_is_the_default(store: Store) -> None:
    # Kent 2016/17 appears in both releases. perm_excl_rate: 0.02363 in
    # exc_nat_region_la.csv line 6491 (2022/23) and 0.02 in clean_la_data.csv line 546.
    latest = fig(store, "Kent", "2016/17", "perm_excl_rate")
    assert (latest.value, latest.release, latest.file, latest.line) == (
        0.02363,
        "2022/23",
        NAT_22,
        6491,
    )
    old = fig(store, "Kent", "2016/17", "perm_excl_rate", release="2016/17")
    assert (old.value, old.release, old.file, old.line) == (0.02, "2016/17", CLEAN_LA, 546)
    # England 2016/17 perm_excl: 7719 (exc_nat_region_la.csv line 7120) by default,
    # 7720 (clean_la_data.csv line 2, nat_summary.csv line 43) from the 2016/17 release.
    assert fig(store, "England", "2016/17", "perm_excl").value == 7719
    assert fig(store, "England", "2016/17", "perm_excl", release="2016/17").value == 7720


def test_show_with_release_takes_every_figure_from_that_release(store: Store) -> None:
    rows = store.show("Bury", year="2016/17", release="2016/17")
    assert [r.school_type for r in rows] == ["total", "primary", "secondary", "special"]
    assert {f.release for r in rows for f in r.figures.values()} == {"2016/17"}
    # clean_la_data.csv line 228: "201617","Local authority","Bury","Total",...,"83",...
    total = rows[0].figures
    assert (total["perm_excl"].value, total["perm_excl"].file) == (83, CLEAN_LA)
    assert total["perm_excl"].line == 228
    # line 231: Bury Special one_plus_fixed "x" -> stays suppressed
    special = rows[3].figures["one_plus_susp"]
    assert (special.value, special.symbol, special.line) == (None, "x", 231)


def test_one_figure_per_phase_and_measure_within_a_release(store: Store) -> None:
    # The 2016/17 release has England's 2016/17 totals in three files: clean_la_data.csv
    # (line 2: headcount 8025075), nat_summary.csv (line 43: 8025075) and nat_char_prep.csv
    # (line 2: 8024635, pupils with characteristics recorded). The headline is the first.
    f = fig(store, "England", "2016/17", "headcount", release="2016/17")
    assert f.value == 8025075
    assert f.file in {CLEAN_LA, NAT_SUMMARY}


# --- suppression ------------------------------------------------------------------------------


def test_suppressed_cell_stays_suppressed(store: Store, shared_data: Path) -> None:
    # clean_la_data.csv line 6641: "200607","Local authority","Newham","Special","2","70","x"
    f = fig(store, "Newham", "2006/07", "perm_excl", school_type="special", release="2016/17")
    assert f.value is None
    assert f.value != 0
    assert (f.symbol, f.text, f.suppressed) == ("x", "x", True)
    assert (f.file, f.line, f.column) == (CLEAN_LA, 6641, "perm_excl")
    assert csv_cell(shared_data, CLEAN_LA, 6641, "perm_excl") == "x"
    (row,) = at_line(store, CLEAN_LA, 6641, "perm_excl")
    assert row[-3:] == (None, "x", "x")


def test_no_symbol_is_ever_stored_as_a_number(store: Store) -> None:
    # 'x', 'z' and '.' appear thousands of times across the files; none becomes 0.
    (bad,) = store.sql(
        "SELECT count(*) FROM observation WHERE symbol IS NOT NULL AND value IS NOT NULL"
    )[0]
    assert bad == 0
    symbols = dict(store.sql("SELECT symbol, count(*) FROM observation GROUP BY 1"))
    assert symbols["x"] > 40_000
    assert {"x", "z", "."} <= set(symbols)
    (zeros,) = store.sql(
        "SELECT count(*) FROM observation WHERE value = 0 AND lower(trim(value_text)) "
        "IN ('x', 'z', 'c', '.', ':', 'low')"
    )[0]
    assert zeros == 0


# --- provenance -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "release"),
    [("Bury", None), ("England", None), ("Newham", "2016/17"), ("Kent", "2016/17")],
)
def test_every_figure_points_at_its_cell(
    store: Store, shared_data: Path, area: str, release: str | None
) -> None:
    rows = store.show(area, release=release)
    assert rows
    figures = [f for r in rows for f in r.figures.values()]
    for f in figures:
        assert_provenance(shared_data, f)
    assert len(figures) > 100


def test_provenance_of_one_figure(store: Store) -> None:
    # exc_nat_region_la.csv line 10694, column "suspension" (renamed from fixed_excl):
    # Academic year,202223,...,Bury,Total,81,29121,26,0.08928,2912,...
    f = fig(store, "Bury", "2022/23", "susp")
    assert (f.file, f.line, f.column, f.text) == (NAT_22, 10694, "suspension", "2912")
    # clean_la_data.csv line 228, column "fixed_excl": "1728"
    f = fig(store, "Bury", "2016/17", "susp", release="2016/17")
    assert (f.file, f.line, f.column, f.text) == (CLEAN_LA, 228, "fixed_excl", "1728")


# --- legacy layouts ---------------------------------------------------------------------------


# clean_la_data.csv spells these differently from exc_nat_region_la.csv.
LEGACY_SPELLINGS = {
    "Bristol City of": "Bristol, City of",
    "Kingston upon Hull City of": "Kingston upon Hull, City of",
    "Herefordshire": "Herefordshire, County of",
    "Durham": "County Durham",
    "Isles Of Scilly": "Isles of Scilly",
    "Bedfordshire (Pre LGR 2009)": "Bedfordshire",
    "Cheshire (Pre LGR 2009)": "Cheshire",
}
# Before the 2009 reorganisation, DfE's 2022/23 file files these councils under the unitary
# code that later kept their LA number (Wiltshire 865 -> E06000054); the name matcher picks
# the county code that existed for three months in 2009 (E10000033) instead.
PRE_2009_COUNTIES = {
    (name, tp)
    for name in ("Wiltshire", "Shropshire", "Northumberland", "Durham")
    for tp in ("200607", "200708")
}


def _legacy_code_mismatches(store: Store, shared_data: Path) -> set[tuple[str, str]]:
    """(la_name, time_period) of clean_la_data.csv rows whose code differs from 2022/23's."""
    new_lines = {
        (r["la_name"], r["time_period"]): (line, r["new_la_code"])
        for line, r in csv_records(shared_data, NAT_22)
        if r["geographic_level"] == "Local authority"
    }
    resolved = dict(
        store.sql(
            """SELECT DISTINCT f.name || ':' || o.src_line, o.area_code FROM observation o
               JOIN source_file f USING (file_id) WHERE f.name IN (?, ?)""",
            [CLEAN_LA, NAT_22],
        )
    )
    mismatches, compared = set(), 0
    for line, r in csv_records(shared_data, CLEAN_LA):
        if r["level"] != "Local authority" or r["la_name"] == "NULL":
            continue
        key = (LEGACY_SPELLINGS.get(r["la_name"], r["la_name"]), r["year"])
        new_line, new_code = new_lines[key]
        if new_code == "x":  # no GSS code (Bedfordshire, Cheshire): as the store resolved it
            new_code = resolved[f"{NAT_22}:{new_line}"]
        compared += 1
        if resolved[f"{CLEAN_LA}:{line}"] != new_code:
            mismatches.add((r["la_name"], r["year"]))
    # Every LA row: 7,122 rows less England (44), ten regions (440) and two "NULL" rows.
    assert compared == 6636
    return mismatches


def test_legacy_names_resolve_to_the_2022_23_codes(store: Store, shared_data: Path) -> None:
    # clean_la_data.csv has names only; every (name, year) must get the code that
    # exc_nat_region_la.csv gives it: Bury -> E08000002, Bristol City of -> E06000023,
    # Dorset 2016/17 -> E10000009, Gateshead 2012/13 -> E08000020, Bedfordshire -> E10000001 ...
    assert _legacy_code_mismatches(store, shared_data) - PRE_2009_COUNTIES == set()


def test_legacy_names_before_2009_resolve_to_the_2022_23_codes(
    store: Store, shared_data: Path
) -> None:
    # exc_nat_region_la.csv: Academic year,200607,...,865,E06000054,Wiltshire,Total,...
    assert _legacy_code_mismatches(store, shared_data) == set()


def test_legacy_bury_has_the_same_code_in_both_releases(store: Store) -> None:
    # clean_la_data.csv line 228 ("Bury", no code) and exc_nat_region_la.csv line 6561
    # (351, E08000002, Bury) are the same council, 2016/17 Total.
    (old,) = at_line(store, CLEAN_LA, 228, "perm_excl")
    (new,) = at_line(store, NAT_22, 6561, "perm_excl")
    assert old[0] == new[0] == "E08000002"
    assert old[9] == new[9] == 83


def test_fixed_period_columns_are_suspensions(store: Store) -> None:
    measures = dict(
        store.sql(
            """SELECT DISTINCT o.source_column, o.measure FROM observation o
               JOIN source_file f USING (file_id) WHERE f.name = ?""",
            [CLEAN_LA],
        )
    )
    assert measures["fixed_excl"] == "susp"
    assert measures["one_plus_fixed"] == "one_plus_susp"
    assert measures["fixed_excl_rate"] == "susp_rate"
    assert measures["one_or_more_fixed_excl_rate"] == "one_plus_susp_rate"
    # clean_la_data.csv line 2: England 201617 fixed_excl 381865, one_plus_fixed 183475
    (row,) = at_line(store, CLEAN_LA, 2, "fixed_excl")
    assert (row[8], row[9]) == ("susp", 381865)
    (row,) = at_line(store, CLEAN_LA, 2, "one_plus_fixed")
    assert (row[8], row[9]) == ("one_plus_susp", 183475)
    # exc_nat_region_la.csv line 7120: the same year as "suspension" 381864
    (row,) = at_line(store, NAT_22, 7120, "suspension")
    assert (row[8], row[9]) == ("susp", 381864)


PHASES = {
    "Total": "total",
    "Primary": "primary",
    "State-funded primary": "primary",
    "state-funded primary": "primary",
    "Secondary": "secondary",
    "State-funded secondary": "secondary",
    "state-funded secondary": "secondary",
    "Special": "special",
    "special": "special",
    "Special school": "special",
}


def test_school_type_spellings_map_to_one_phase(store: Store, shared_data: Path) -> None:
    seen: set[str] = set()
    for names in ALL_FILES.values():
        for name in sorted(names):
            records = csv_records(shared_data, name)
            column = next((c for c in records[0][1] if c.lower() == "school_type"), None)
            if column is None or name == SFR_PANELS:
                continue
            first: dict[str, int] = {}
            for line, r in records:
                first.setdefault(r[column], line)
            lines = {line: raw for raw, line in first.items() if raw in PHASES}
            stored = dict(
                store.sql(
                    f"SELECT DISTINCT src_line, school_type FROM {file_view(store, name)} "
                    f"WHERE src_line IN ({', '.join(map(str, lines))})"
                )
            )
            assert stored == {line: PHASES[raw] for line, raw in lines.items()}, name
            seen.update(lines.values())
    # Every spelling in the brief occurs in the shared files.
    assert seen == set(PHASES)


def test_characteristic_boys_and_gender_male_are_the_same_group(store: Store) -> None:
    # nat_char_prep.csv line 795:
    #   "201516","NATIONAL",...,"Total","Gender","Boys","Total","4034250","5225","0.13",
    #   "249445","6.18","121590","3.01"
    # SFR35_2017_National_characteristics.csv line 3:
    #   201516,NATIONAL,...,Total,Gender,Gender_male,Total,4034250,5225,0.13,249445,6.18,
    #   121590,3.01
    expected = {
        "headcount": 4034250,
        "perm_excl": 5225,
        "perm_excl_rate": 0.13,
        "fixed_excl": 249445,
        "one_plus_fixed": 121590,
    }
    for file, line in ((NAT_CHAR, 795), (SFR_CHAR, 3)):
        for column, value in expected.items():
            (row,) = at_line(store, file, line, column)
            assert row[:5] == ("E92000001", 2015, "total", "sex", "boys"), (file, column)
            assert row[9] == value
    # 2016/17 girls: nat_char_prep.csv line 796 "Girls" headcount 3881975
    (row,) = at_line(store, NAT_CHAR, 796, "headcount")
    assert (row[3], row[4], row[9]) == ("sex", "girls", 3881975)


def test_pupils_by_number_of_suspensions_table(store: Store) -> None:
    # SFR35_2017_number_fixed_period_exclusions.csv: the header says fixed_excl,headcount
    # but fixed_excl holds the number of suspensions (the band) and headcount the pupils.
    # line 2: 201516,National,...,Total,Total,167125
    (row,) = at_line(store, SFR_NUMBER, 2, "headcount")
    assert row[6:10] == ("suspensions_per_pupil", "total", "one_plus_susp", 167125)
    # line 3: 201516,National,...,Total,1,99605 -- pupils with exactly one suspension
    (row,) = at_line(store, SFR_NUMBER, 3, "headcount")
    assert row[6:10] == ("suspensions_per_pupil", "1", "one_plus_susp", 99605)
    # The Total band is the national one_plus_fixed: 167125 = clean_la_data.csv line 650
    # (201516 England Total one_plus_fixed) and 227125 (line 1099, 200607) = nat_summary.csv
    # line 2; every year 2006/07 to 2015/16 agrees with the 2016/17 release.
    totals = store.sql(
        f"""SELECT year, value FROM {file_view(store, SFR_NUMBER)}
            WHERE school_type = 'total' AND band = 'total' ORDER BY 1"""
    )
    assert len(totals) == 10
    assert dict(totals)[2006] == 227125
    headline = {
        r.year: r.figures["one_plus_susp"].value
        for r in store.show("England", release="2016/17")
        if r.school_type == "total"
    }
    for year, value in totals:
        assert headline[year] == value, year


def test_review_panels(store: Store) -> None:
    # SFR35_2017_review_panels.csv line 2:
    # 2015/16,Exclusion reviews,"Maintained ... and academies",Number of reviews lodged,460
    (row,) = at_line(store, SFR_PANELS, 2, "Count")
    assert row[:3] == ("E92000001", 2015, "total")
    assert (row[8], row[9]) == ("number_of_reviews_lodged", 460)
    # line 3: Number of reviews determined, 420
    (row,) = at_line(store, SFR_PANELS, 3, "Count")
    assert (row[8], row[9]) == ("number_of_reviews_determined", 420)


def test_reasons(store: Store) -> None:
    # exclusions_by_reason.csv line 2: academic year,201617,national,...,Total,...
    # perm_persistent_disruptive 2755, fixed_persistent_disruptive 108640
    (row,) = at_line(store, BY_REASON, 2, "perm_persistent_disruptive")
    assert row[:3] == ("E92000001", 2016, "total")
    assert (row[5], row[8], row[9]) == ("persistent_disruption", "perm_excl", 2755)
    (row,) = at_line(store, BY_REASON, 2, "fixed_persistent_disruptive")
    assert (row[5], row[8], row[9]) == ("persistent_disruption", "susp", 108640)
    # SFR35_2017_reason_for_exclusion.csv line 2: 201516 National Total, 2310 and 94025
    (row,) = at_line(store, SFR_REASON, 2, "perm_persistent_disruptive")
    assert (row[1], row[5], row[8], row[9]) == (2015, "persistent_disruption", "perm_excl", 2310)
    # A reason row is never a headline: England 2016/17 perm_excl is still 7720 in 2016/17.
    assert fig(store, "England", "2016/17", "perm_excl", release="2016/17").value == 7720


def test_dorset_before_and_after_2019(store: Store) -> None:
    # exc_nat_region_la.csv line 8218: 201819,...,835,E10000009,Dorset,Total,174,55893,...
    # line 9045: 201920,...,838,E06000059,Dorset,Total,157,48520,...
    (before,) = at_line(store, NAT_22, 8218, "headcount")
    (after,) = at_line(store, NAT_22, 9045, "headcount")
    assert (before[0], before[1], before[9]) == ("E10000009", 2018, 55893)
    assert (after[0], after[1], after[9]) == ("E06000059", 2019, 48520)
    dates = dict(
        (code, (start, end))
        for code, start, end in store.sql(
            "SELECT area_code, start_date, end_date FROM area WHERE name = 'Dorset'"
        )
    )
    assert str(dates["E10000009"][1]) == "2019-03-31"
    assert str(dates["E06000059"][0]) == "2019-04-01"
    assert dates["E06000059"][1] is None
    # By old code each is its own area; by name, the live one.
    assert store.area("835").code == "E10000009"
    assert store.area("838").code == "E06000059"
    assert store.area("Dorset").code == "E06000059"
    assert fig(store, "835", "2018/19", "headcount").value == 55893
    assert store.show("835", year="2019/20") == []
    assert fig(store, "E06000059", "2019/20", "headcount").value == 48520
