"""``check_file``: the EES open-data standard, on the real files and on small made-up ones.

A check reports; it never raises. Each problem names the line (header = 1) and column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exclusions import Store
from exclusions.sources.report import Report
from exclusions.store.areas import AreaResolver
from exclusions.store.check import check_file

SHARED_FILES = [
    "dfe/2015-16/SFR35_2017_National_characteristics.csv",
    "dfe/2015-16/SFR35_2017_duration_fixed_period_exclusions.csv",
    "dfe/2015-16/SFR35_2017_number_fixed_period_exclusions.csv",
    "dfe/2015-16/SFR35_2017_reason_for_exclusion.csv",
    "dfe/2015-16/SFR35_2017_review_panels.csv",
    "dfe/2015-16/SFR35_2017_total_length_fixed_period_exclusions.csv",
    "dfe/2016-17/clean_la_data.csv",
    "dfe/2016-17/exclusions_by_reason.csv",
    "dfe/2016-17/nat_char_prep.csv",
    "dfe/2016-17/nat_summary.csv",
    "dfe/2022-23/exc_nat_region_la.csv",
]
# The two files in the EES open-data layout; the rest are DfE's older layouts.
EES_FILES = {"dfe/2016-17/exclusions_by_reason.csv", "dfe/2022-23/exc_nat_region_la.csv"}


@pytest.fixture(scope="module")
def lookup(store: Store) -> AreaResolver:
    """The LA lookup (lookups/las.csv and friends) as loaded into the shared store."""
    return AreaResolver.from_store(store.con)


def codes(report: Report, severity: str | None = None) -> set[str]:
    return {p.code for p in report.problems if severity is None or p.severity == severity}


def test_shared_file_list_is_complete(shared_data: Path) -> None:
    found = {str(p.relative_to(shared_data)) for p in (shared_data / "dfe").rglob("*.csv")}
    assert found == set(SHARED_FILES)


@pytest.mark.parametrize("name", SHARED_FILES)
@pytest.mark.parametrize("with_lookup", [False, True])
def test_every_shared_file_is_checked(
    shared_data: Path, lookup: AreaResolver, name: str, with_lookup: bool
) -> None:
    path = shared_data / name
    report = check_file(path, lookup if with_lookup else None)
    assert report.file == path
    assert report.layout is not None
    with path.open("rb") as fh:
        assert report.rows == sum(1 for _ in fh) - 1  # every data row was read
    assert report.valid is (name in EES_FILES)
    for p in report.problems:
        assert p.line is not None and p.line >= 1, p
        assert p.file == str(path)
    if name not in EES_FILES:
        # A legacy layout lacks the columns the standard requires, named on line 1.
        missing = {p.column for p in report.errors if p.code == "ees-column" and p.line == 1}
        assert "time_period" in missing
        assert "geographic_level" in missing


def test_ees_2022_23_file_is_clean(shared_data: Path, lookup: AreaResolver) -> None:
    report = check_file(shared_data / "dfe/2022-23/exc_nat_region_la.csv", lookup)
    assert report.problems == []
    assert (report.rows, report.layout) == (11_000, "ees")
    assert "valid (11,000 rows, layout ees)" in report.format()


def test_ees_2022_23_file_without_lookup_has_no_errors(shared_data: Path) -> None:
    report = check_file(shared_data / "dfe/2022-23/exc_nat_region_la.csv")
    assert report.valid
    # Bedfordshire and Cheshire (new_la_code "x" before 2009) cannot be placed without
    # the lookup: warned about, kept under their names.
    unplaced = {p.value for p in report.warnings if "not recognised" in p.message}
    assert unplaced == {"Bedfordshire", "Cheshire"}


def test_renamed_codes_are_not_a_disagreement_without_lookup(shared_data: Path) -> None:
    report = check_file(shared_data / "dfe/2022-23/exc_nat_region_la.csv")
    assert [str(p) for p in report.warnings if "disagree" in p.message] == []


def test_early_ees_file_has_only_warnings(shared_data: Path, lookup: AreaResolver) -> None:
    path = shared_data / "dfe/2016-17/exclusions_by_reason.csv"
    report = check_file(path, lookup)
    assert report.valid
    # Lower-case levels: line 2 "national", line 6 "regional", line 46 "local authority".
    case = {(p.line, p.value) for p in report.warnings if p.code == "ees-level-case"}
    assert case == {(2, "national"), (6, "regional"), (46, "local authority")}
    # Line 6113: ...,820,.,Bedfordshire (Pre LGR 2009),... -- "." means no code, which is
    # worth a warning but is not a code missing from the lookup.
    dots = {(p.line, p.column) for p in report.warnings if p.value == "."}
    assert dots == {(6113, "new_la_code"), (6234, "new_la_code")}
    assert "ees-code" not in codes(report)


def test_legacy_symbols_are_warnings(shared_data: Path) -> None:
    # nat_summary.csv line 6: "200607","dummy","1","0","20",".","0",".","0","."
    report = check_file(shared_data / "dfe/2016-17/nat_summary.csv")
    symbols = {(p.line, p.column, p.value) for p in report.warnings if p.code == "ees-symbol"}
    assert (6, "perm_excl_rate", ".") in symbols
    # The header has no EES columns (line 1): an error per missing column.
    assert {p.column for p in report.errors} >= {"time_period", "time_identifier"}


# --- made-up files ----------------------------------------------------------------------------

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,school_type,headcount,perm_excl,suspension"
)
ROWS = [
    "202223,Academic year,National,E92000001,England,,,,,,Total,8430600,9376,786961",
    "202223,Academic year,Regional,E92000001,England,E12000002,North West,,,,Total,1141802,1775,x",
    "202223,Academic year,Local authority,E92000001,England,E12000002,North West,351,E08000002,"
    "Bury,Total,29121,26,2912",
]
META = [
    "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,"
    "filter_grouping_column",
    "school_type,Filter,School type,,,,,",
    "headcount,Indicator,Headcount,,,0,,",
    "perm_excl,Indicator,Permanent exclusions,,,0,,",
    "suspension,Indicator,Suspensions,,,0,,",
]


def write(
    folder: Path, rows: list[str], meta: list[str] | None = META, header: str = HEADER
) -> Path:
    path = folder / "exclusions.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    if meta is not None:
        (folder / "exclusions.meta.csv").write_text("\n".join(meta) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("with_lookup", [False, True])
def test_well_formed_ees_file_with_meta_passes(
    tmp_path: Path, lookup: AreaResolver, with_lookup: bool
) -> None:
    report = check_file(write(tmp_path, ROWS), lookup if with_lookup else None)
    assert report.problems == []
    assert report.valid
    assert (report.rows, report.layout) == (3, "ees")


def test_meta_describes_a_column_the_data_lacks(tmp_path: Path) -> None:
    meta = [*META, "exclusion_days,Indicator,Days lost,,,0,,"]  # line 6 of the meta file
    report = check_file(write(tmp_path, ROWS, meta))
    (p,) = [p for p in report.problems if p.code == "meta"]
    assert (p.line, p.column, p.value, p.severity) == (6, "col_name", "exclusion_days", "error")
    assert "exclusions.meta.csv" in p.message
    assert not report.valid


def test_data_column_missing_from_meta(tmp_path: Path) -> None:
    meta = [m for m in META if not m.startswith("suspension,")]
    report = check_file(write(tmp_path, ROWS, meta))
    problems = [p for p in report.problems if p.code == "meta"]
    assert [(p.line, p.column) for p in problems] == [(1, "suspension")]
    assert "does not describe" in problems[0].message
    assert not report.valid


def test_meta_rows_are_checked(tmp_path: Path) -> None:
    meta = [*META[:3], "perm_excl,Indicator,,,,two,,", META[4]]  # line 4: no label, bad dp
    report = check_file(write(tmp_path, ROWS, meta))
    found = {(p.line, p.column) for p in report.problems if p.code == "meta"}
    assert found == {(4, "label"), (4, "indicator_dp")}


def test_meta_without_required_columns(tmp_path: Path) -> None:
    report = check_file(write(tmp_path, ROWS, ["name,type", "school_type,Filter"]))
    assert "meta" in codes(report, "error")


def test_no_meta_file_is_not_a_problem(tmp_path: Path) -> None:
    report = check_file(write(tmp_path, ROWS, meta=None))
    assert report.problems == []


def test_code_name_mismatch_against_lookup(tmp_path: Path, lookup: AreaResolver) -> None:
    rows = [
        *ROWS,
        # line 5: Bolton's code with Bury's name
        "202223,Academic year,Local authority,E92000001,England,E12000002,North West,350,"
        "E08000001,Bury,Total,40000,12,1300",
        # line 6: a code no lookup has
        "202223,Academic year,Local authority,E92000001,England,E12000002,North West,999,"
        "E08999999,Nowhere,Total,100,0,1",
    ]
    path = write(tmp_path, rows)
    report = check_file(path, lookup)
    (mismatch,) = [p for p in report.problems if p.code == "ees-code-name"]
    assert (mismatch.line, mismatch.column, mismatch.value) == (5, "la_name", "Bury")
    assert "Bolton" in (mismatch.expected or "")
    (unknown,) = [p for p in report.problems if p.code == "ees-code"]
    assert (unknown.line, unknown.column, unknown.value) == (6, "new_la_code", "E08999999")
    assert not report.valid
    # The check does not teach the caller's lookup the file's codes.
    assert "E08999999" not in lookup.areas
    # Without a lookup the pairs cannot be checked against it.
    plain = check_file(path)
    assert not {"ees-code-name", "ees-code"} & codes(plain)


def test_region_name_checked_against_lookup(tmp_path: Path, lookup: AreaResolver) -> None:
    rows = [
        ROWS[0],
        "202223,Academic year,Regional,E92000001,England,E12000002,North East,,,,Total,1,1,1",
    ]
    report = check_file(write(tmp_path, rows), lookup)
    (p,) = [p for p in report.problems if p.code == "ees-code-name"]
    assert (p.line, p.column, p.value) == (3, "region_name", "North East")


def test_level_columns_and_names(tmp_path: Path) -> None:
    header = (
        "time_period,time_identifier,geographic_level,country_code,country_name,"
        "School Type,headcount"
    )
    rows = ["202223,Academic year,Local authority,E92000001,England,Total,10"]
    report = check_file(write(tmp_path, rows, meta=None, header=header))
    needed = {p.column for p in report.errors if p.code == "ees-column"}
    assert needed >= {"new_la_code", "la_name", "region_code"}
    assert all(p.line == 2 for p in report.errors if p.code == "ees-column")
    (name,) = [p for p in report.warnings if p.code == "ees-column-name"]
    assert (name.line, name.column, name.expected) == (1, "School Type", "school_type")


def test_junk_in_a_number_column_is_one_error(tmp_path: Path) -> None:
    rows = [*ROWS, ROWS[0].replace("Total,8430600", "state-funded primary,lots")]
    report = check_file(write(tmp_path, rows))
    found = [p for p in report.problems if p.column == "headcount"]
    assert [(p.code, p.line, p.value) for p in found] == [("not-a-number", 5, "lots")]


def test_lines_after_a_rejected_row_and_a_blank_line(tmp_path: Path) -> None:
    # Rows are numbered from their order in the table: a rejected row and a blank line are
    # not in it, so the rows after them must still name their own lines.
    junk = ROWS[0].replace("Total,8430600", "state-funded primary,lots")
    rows = [ROWS[0], ROWS[0][:40], ROWS[1], "", junk, ROWS[2]]
    report = check_file(write(tmp_path, rows))
    found = [(p.code, p.line) for p in report.problems if p.code in ("bad-row", "not-a-number")]
    assert found == [("bad-row", 3), ("not-a-number", 6)]
    assert [p.line for p in report.warnings if p.code == "blank-line"] == [5]


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        (b"", "empty-file", None),
        (bytes(range(256)) * 8, "not-csv", None),
        (HEADER.encode() + b"\n", "no-rows", 2),
        ((HEADER + "\n" + ROWS[0] + "\n" + ROWS[0][:40] + "\n").encode(), "bad-row", 3),
        ((HEADER + "\n" + ROWS[0] + "\n" + ROWS[0] + "\n").encode(), "duplicate-row", 3),
        (b"a,b\n1,2\n", "missing-column", 1),
    ],
)
def test_broken_files_are_reported_not_raised(
    tmp_path: Path, lookup: AreaResolver, content: bytes, code: str, line: int | None
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    for areas in (None, lookup):
        report = check_file(path, areas)
        assert not report.valid
        assert code in codes(report, "error")
        assert line in {p.line for p in report.errors if p.code == code}


def test_missing_file_is_reported(tmp_path: Path) -> None:
    report = check_file(tmp_path / "nowhere.csv")
    assert not report.valid
    assert report.errors
