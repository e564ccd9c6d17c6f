"""Bad input files: each gives a clear problem (file, line, column, value, what was expected)
and none leaves anything half-loaded.

Every failing case is loaded the hard way: a good file is loaded first, then another good
file together with the bad one. The load must raise LoadError, the good file of the pair
must not load either, and the store must hold exactly what it held before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from exclusions.errors import LoadError
from exclusions.sources.report import Problem, Report
from exclusions.store.core import Store
from exclusions.store.loader import LoadResult

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,school_type,headcount,perm_excl,"
    "perm_excl_rate,suspension,susp_rate"
)
N_COLUMNS = len(HEADER.split(","))
NATIONAL = "{tp},Academic year,National,E92000001,England,,,,,,Total,8000000,9000,0.11,700000,8.7"
REGIONAL = (
    "{tp},Academic year,Regional,E92000001,England,E12000002,North West,,,,Total,"
    "1000000,1200,0.12,90000,9.0"
)
BURY = (
    "{tp},Academic year,Local authority,E92000001,England,E12000002,North West,351,E08000002,"
    "Bury,Total,30000,40,0.13,2500,8.3"
)
LA = (
    "{tp},Academic year,Local authority,E92000001,England,{region},{region_name},{old},{new},"
    "{name},Total,20000,30,0.15,1500,7.5"
)


def rows(tp: str = "202223") -> list[str]:
    """National, regional and LA rows of one year; the base of every case (lines 2, 3, 4)."""
    return [NATIONAL.format(tp=tp), REGIONAL.format(tp=tp), BURY.format(tp=tp)]


def filler(count: int) -> list[str]:
    """Bury rows for made-up school types (a warning each): enough text to pass 64 KB."""
    return [BURY.format(tp="202223").replace(",Total,", f",phase {n},") for n in range(count)]


def la_row(n: int, name: str, tp: str = "202223") -> str:
    """An extra LA row with its own codes (E06 + 900000 + n)."""
    return LA.format(
        tp=tp,
        region="E12000005",
        region_name="West Midlands",
        old=str(n),
        new=f"E06{900000 + n:06d}",
        name=name,
    )


def csv_text(body: list[str] | None = None, header: str = HEADER, nl: str = "\n") -> str:
    lines = [header, *(rows() if body is None else body)]
    return nl.join(lines) + nl


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a load could change: releases, files, rows, areas and every table's size."""
    tables = [
        r[0]
        for r in store.sql(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' ORDER BY table_name"
        )
    ]
    counts = {
        t: store.sql(f'SELECT count(*) FROM "{t}"')[0][0]
        for t in tables
        if t != "latest"  # a view over the others
    }
    return {
        "releases": store.releases(),
        "files": store.files(),
        "tables": tables,
        "counts": counts,
        "areas": store.sql("SELECT * FROM area ORDER BY area_code"),
        "observations": store.sql("SELECT count(*), sum(value) FROM observation"),
    }


def report_for(result: LoadResult, path: Path) -> Report:
    found = [r for r in result.reports if r.file == path]
    assert len(found) == 1, [str(r.file) for r in result.reports]
    return found[0]


def load_bad(tmp_path: Path, data: bytes, name: str = "bad.csv") -> Report:
    """Load a good file, then a second good file with the bad one; return the bad's report."""
    first = tmp_path / "first.csv"
    first.write_text(csv_text(rows("202122")))
    second = tmp_path / "second.csv"
    second.write_text(csv_text(rows("202223")))
    bad = tmp_path / name
    bad.write_bytes(data)
    with Store(":memory:") as store:  # test_atomic reopens an on-disk store too
        store.load([first])
        before = snapshot(store)
        assert before["files"] and before["observations"][0][0] > 0
        with pytest.raises(LoadError) as info:
            store.load([second, bad])
        assert snapshot(store) == before
        assert [f["name"] for f in store.files()] == ["first.csv"]
        assert store.sql("SELECT count(*) FROM observation WHERE year = 2022") == [(0,)]
    message = str(info.value)
    assert "nothing was loaded" in message and "unchanged" in message
    assert name in message
    result = info.value.report
    assert isinstance(result, LoadResult)
    assert report_for(result, second).valid, "the good file of the pair was fine on its own"
    report = report_for(result, bad)
    assert not report.valid
    for problem in report.problems:
        assert problem.file == str(bad)
    return report


def load_good(tmp_path: Path, data: bytes, name: str = "good.csv") -> tuple[Store, Report]:
    """Load one file into an in-memory store (the caller closes it)."""
    path = tmp_path / name
    path.write_bytes(data)
    store = Store(":memory:")
    try:
        result = store.load([path])
    except BaseException:
        store.close()
        raise
    return store, report_for(result, path)


def error(report: Report, code: str) -> Problem:
    found = [p for p in report.errors if p.code == code]
    assert found, report.format()
    return found[0]


def codes(report: Report) -> set[str]:
    return {p.code for p in report.errors}


def la_text(store: Store, code: str) -> str:
    found = store.sql("SELECT DISTINCT area_name FROM observation WHERE area_code = ?", [code])
    assert len(found) == 1, found
    return str(found[0][0])


# --- files that load (with or without warnings) -----------------------------------------


def test_good_file_loads(tmp_path: Path) -> None:
    store, report = load_good(tmp_path, csv_text().encode())
    with store:
        assert report.problems == []
        assert report.rows == 3
        assert report.layout == "ees"
        assert store.sql(
            "SELECT value FROM observation WHERE area_code = 'E08000002' AND measure = 'perm_excl'"
        ) == [(40.0,)]
        assert la_text(store, "E92000001") == "England"
        assert la_text(store, "E12000002") == "North West"


def test_byte_order_mark_loads_with_a_clean_header(tmp_path: Path) -> None:
    store, report = load_good(tmp_path, b"\xef\xbb\xbf" + csv_text().encode())
    with store:
        assert report.problems == []
        assert report.rows == 3
        # time_period, the first column, was found: every row has its year.
        assert store.sql("SELECT DISTINCT year, time_period FROM observation") == [(2022, "202223")]
        cols = store.sql(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'obs_1' "
            "ORDER BY ordinal_position"
        )
        published = [c[0] for c in cols if not c[0].endswith("__text")]  # the loader's own
        assert published == ["src_line", *HEADER.split(",")]


def test_crlf_line_endings_load(tmp_path: Path) -> None:
    store, report = load_good(tmp_path, csv_text(nl="\r\n").encode())
    with store:
        assert report.problems == []
        assert report.rows == 3
        # No stray \r on the last column's values.
        assert store.sql(
            "SELECT value_text FROM observation WHERE area_code = 'E08000002' "
            "AND measure = 'susp_rate'"
        ) == [("8.3",)]


WIN_NAMES = ["Telford & Wrekin", "Sainté’s", "Bury St Edmund’s — “Quoted”"]


def check_windows_1252(store: Store, report: Report, line: int | None) -> None:
    assert report.valid, report.format()
    warnings = [p for p in report.warnings if p.code == "encoding"]
    assert len(warnings) == 1, report.format()
    assert "Windows-1252" in warnings[0].message
    assert warnings[0].expected == "UTF-8 text (the EES standard)"
    if line is not None:
        assert warnings[0].line == line
    assert store.files()[0]["encoding"] == "cp1252"
    for n, name in enumerate(WIN_NAMES, start=1):
        assert la_text(store, f"E06{900000 + n:06d}") == name
    published = {r[0] for r in store.sql("SELECT la_name FROM obs_1")}
    assert set(WIN_NAMES) <= published
    assert not any("\ufffd" in (p or "") for p in published)


def test_windows_1252_in_the_first_block_loads_with_a_warning(tmp_path: Path) -> None:
    body = rows() + [la_row(n, name) for n, name in enumerate(WIN_NAMES, start=1)]
    store, report = load_good(tmp_path, csv_text(body).encode("cp1252"))
    with store:
        check_windows_1252(store, report, None)
        assert report.rows == 6


def test_windows_1252_only_after_the_first_block_loads_with_a_warning(tmp_path: Path) -> None:
    padding = filler(700)
    body = rows() + padding + [la_row(n, name) for n, name in enumerate(WIN_NAMES, start=1)]
    data = csv_text(body).encode("cp1252")
    assert data.index("Sainté".encode("cp1252")) > 64 * 1024
    assert data[: 64 * 1024].decode("utf-8")  # the first 64 KB are plain ASCII
    store, report = load_good(tmp_path, data)
    with store:
        # Header is line 1; the Windows-1252 names come after the three rows and the filler.
        first_bad = 1 + 3 + len(padding) + 2
        check_windows_1252(store, report, first_bad)
        assert report.rows == len(body)


def test_windows_1252_with_a_byte_order_mark(tmp_path: Path) -> None:
    body = rows() + [la_row(n, name) for n, name in enumerate(WIN_NAMES, start=1)]
    store, report = load_good(tmp_path, b"\xef\xbb\xbf" + csv_text(body).encode("cp1252"))
    with store:
        check_windows_1252(store, report, None)
        assert store.sql("SELECT DISTINCT year FROM observation") == [(2022,)]


@pytest.mark.parametrize("blank", ["", '""'])
def test_blank_numeric_cell_is_a_warning_and_stays_missing(tmp_path: Path, blank: str) -> None:
    body = rows()
    body[2] = body[2].replace(",40,", f",{blank},")
    store, report = load_good(tmp_path, csv_text(body).encode())
    with store:
        assert report.valid
        warning = report.warnings[0]
        assert (warning.code, warning.line, warning.column) == ("blank-cell", 4, "perm_excl")
        assert "never as 0" in warning.message
        found = store.sql(
            "SELECT value, value_text FROM observation "
            "WHERE area_code = 'E08000002' AND measure = 'perm_excl'"
        )
        assert found == [(None, None)]
        assert store.sql(
            "SELECT count(*) FROM observation WHERE measure = 'perm_excl' AND value = 0"
        ) == [(0,)]


def test_suppression_symbols_load_as_missing(tmp_path: Path) -> None:
    body = rows()
    body[2] = body[2].replace(",40,0.13,", ",c,x,")
    store, report = load_good(tmp_path, csv_text(body).encode())
    with store:
        assert report.problems == []
        found = store.sql(
            "SELECT measure, value, symbol FROM observation WHERE area_code = 'E08000002' "
            "AND measure IN ('perm_excl', 'perm_excl_rate') ORDER BY measure"
        )
        assert found == [("perm_excl", None, "c"), ("perm_excl_rate", None, "x")]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ((HEADER + "\r\n" + "\n".join(rows()) + "\n").encode(), 2),  # CRLF header, LF rows
        (("\n".join([HEADER, *rows()]) + "\r\n").encode(), 4),  # a last line added in Notepad
        (("\r\n".join([HEADER, *rows()[:2]]) + "\n" + rows()[2] + "\r\n").encode(), 3),
    ],
    ids=["crlf header", "last line crlf", "one lf line"],
)
def test_mixed_line_endings_load_with_a_warning(tmp_path: Path, data: bytes, line: int) -> None:
    # DuckDB's strict parser fails such a file outright (aborting the transaction), so it is
    # checked on a cursor first and read with its line endings unified.
    store, report = load_good(tmp_path, data)
    with store:
        assert report.valid, report.format()
        assert [(p.code, p.line) for p in report.warnings] == [("line-endings", line)]
        assert report.rows == 3
        assert store.sql(
            "SELECT value_text FROM observation WHERE area_code = 'E08000002' "
            "AND measure = 'susp_rate'"
        ) == [("8.3",)]


# --- files that fail, each with a clear problem --------------------------------------


@dataclass
class Case:
    """A bad file and the problem it must produce."""

    data: Callable[[], bytes]
    code: str
    line: int | None = None
    column: str | None = None
    value: str | None = None  # a substring of the problem's value
    expected: str | None = None  # a substring of what was expected
    message: str | None = None  # a substring of the message


def replaced(line: int, old: str, new: str) -> Callable[[], bytes]:
    """The base file with ``old`` replaced by ``new`` on one line (the header is line 1)."""

    def make() -> bytes:
        body = rows()
        assert old in body[line - 2]
        body[line - 2] = body[line - 2].replace(old, new, 1)
        return csv_text(body).encode()

    return make


def without(column: str) -> Callable[[], bytes]:
    def make() -> bytes:
        lines = csv_text().splitlines()
        k = HEADER.split(",").index(column)
        return "".join(
            ",".join(c for i, c in enumerate(x.split(",")) if i != k) + "\n" for x in lines
        ).encode()

    return make


def appended(text: str) -> Callable[[], bytes]:
    return lambda: (csv_text() + text).encode()


NUMBERS = "a number or one of the symbols"
TRUNCATED_ROW = (
    "202223,Academic year,Local authority,E92000001,England,E12000002,North West,352,E08000003,"
)

CASES: dict[str, Case] = {
    "extra unquoted comma": Case(
        replaced(4, "Bury", "Herefordshire, County of"),
        "bad-row",
        line=4,
        value="Herefordshire, County of",
        expected=f"{N_COLUMNS} comma-separated fields",
        message="too many fields",
    ),
    "a field missing": Case(
        replaced(3, ",North West,", ","),
        "bad-row",
        line=3,
        column="susp_rate",
        value="E12000002,,,,Total",
        expected=f"{N_COLUMNS} comma-separated fields",
        message="too few fields",
    ),
    "no time_period": Case(
        without("time_period"),
        "missing-column",
        line=1,
        column="time_period",
        expected="a column named time_period (header was: time_identifier, geographic_level",
    ),
    "no geographic_level": Case(
        without("geographic_level"),
        "missing-column",
        line=1,
        column="geographic_level",
        expected="a column named geographic_level",
    ),
    "no time_identifier": Case(
        without("time_identifier"),
        "missing-column",
        line=1,
        column="time_identifier",
    ),
    "unknown geographic level": Case(
        replaced(3, "Regional", "Planet"),
        "geographic-level",
        line=3,
        column="geographic_level",
        value="Planet",
        expected="a level of the EES standard",
    ),
    "unknown symbol q": Case(
        replaced(4, ",40,", ",q,"),
        "not-a-number",
        line=4,
        column="perm_excl",
        value="q",
        expected=NUMBERS,
        message="unknown symbol",
    ),
    "n/a in a numeric column": Case(
        replaced(2, ",0.11,", ",n/a,"),
        "not-a-number",
        line=2,
        column="perm_excl_rate",
        value="n/a",
        expected=NUMBERS,
    ),
    "text in a numeric column": Case(
        replaced(3, ",90000,", ",twelve,"),
        "not-a-number",
        line=3,
        column="suspension",
        value="twelve",
        expected=NUMBERS,
        message="text in a numeric column",
    ),
    "duplicate row": Case(
        lambda: csv_text([*rows(), rows()[2]]).encode(),
        "duplicate-row",
        line=5,
        expected="one row per year, area and breakdown",
        message="also appears on line(s) 4",
    ),
    "duplicate row with other figures": Case(
        lambda: csv_text([*rows(), rows()[1].replace(",1200,", ",1300,")]).encode(),
        "duplicate-row",
        line=5,
        message="also appears on line(s) 3",
    ),
    "empty file": Case(lambda: b"", "empty-file", expected="a header row and data rows"),
    "whitespace only": Case(lambda: b"  \r\n\n\t \n", "empty-file"),
    "header only": Case(lambda: (HEADER + "\n").encode(), "no-rows", line=2),
    "header only, no newline": Case(lambda: HEADER.encode(), "no-rows", line=2),
    "header and blank lines": Case(lambda: (HEADER + "\n\n\n").encode(), "no-rows", line=2),
    "unterminated quote on the last line": Case(
        appended(TRUNCATED_ROW + '"Manchester'),
        "bad-row",
        line=5,
        value='"Manchester',
        message="never closed",
    ),
    "last line cut mid-row": Case(
        appended(TRUNCATED_ROW + "Manch"),
        "bad-row",
        line=5,
        column="school_type",
        value=TRUNCATED_ROW + "Manch",
        expected=f"{N_COLUMNS} comma-separated fields",
        message="too few fields",
    ),
    "xlsx (zip) signature": Case(
        lambda: b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(range(256)) * 4,
        "not-csv",
        message="zip archive (an .xlsx",
    ),
    "pdf": Case(lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\n", "not-csv", message="PDF"),
    "random binary": Case(
        lambda: bytes((n * 7919 + 13) % 256 for n in range(3000)), "not-csv", message="binary"
    ),
    "html page": Case(
        lambda: (
            b"<!DOCTYPE html>\n<html><head><title>Explore education statistics</title>"
            b"</head>\n<body><p>Sorry, page not found, try again</p></body></html>\n"
        ),
        "not-csv",
        line=1,
        value="<!DOCTYPE html>",
        message="HTML",
    ),
    "one-column text": Case(
        lambda: b"Permanent exclusions\nBury\nBolton\n",
        "not-csv",
        line=1,
        value="Permanent exclusions",
        expected="comma-separated column names",
    ),
    "2016 with Academic year": Case(
        replaced(2, "202223", "2016"),
        "time-period",
        line=2,
        column="time_period",
        value="2016 (Academic year)",
        expected="six digits",
        message="does not match time_identifier",
    ),
    "201618": Case(
        replaced(4, "202223", "201618"),
        "time-period",
        line=4,
        column="time_period",
        value="201618",
        expected="follow each other",
    ),
    "unknown time_identifier": Case(
        replaced(3, "Academic year", "Sometime"),
        "time-period",
        line=3,
        column="time_period",
        value="Sometime",
        expected="time_identifier of the EES standard",
    ),
    "column with no name": Case(
        lambda: csv_text(header=HEADER + ",", body=[r + "," for r in rows()]).encode(),
        "blank-column",
        line=1,
        message="column 17",
    ),
    "duplicate column, different case": Case(
        lambda: csv_text(header=HEADER.replace("susp_rate", "Suspension")).encode(),
        "duplicate-column",
        line=1,
        column="Suspension",
    ),
    "a lone carriage return in a value": Case(
        replaced(3, "North West", "North\rWest"),
        "bad-row",
        line=3,
        column="old_la_code",
        value="North",
        message="too few fields",
    ),
    "a column named like the loader's text columns": Case(
        lambda: csv_text(header=HEADER.replace("susp_rate", "perm_excl__text")).encode(),
        "reserved-column",
        line=1,
        column="perm_excl__text",
    ),
    "a column named src_line": Case(
        lambda: csv_text(header=HEADER.replace("susp_rate", "src_line")).encode(),
        "reserved-column",
        line=1,
        column="src_line",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_bad_file_gives_a_clear_problem_and_loads_nothing(tmp_path: Path, case: Case) -> None:
    report = load_bad(tmp_path, case.data())
    problem = error(report, case.code)
    assert problem.file == str(tmp_path / "bad.csv")
    assert problem.line == case.line
    if case.column is not None:
        assert problem.column == case.column
    if case.value is not None:
        assert problem.value is not None and case.value in problem.value
    if case.expected is not None:
        assert problem.expected is not None and case.expected in problem.expected
    if case.message is not None:
        assert case.message in problem.message
    shown = str(problem)
    assert shown.startswith(str(tmp_path / "bad.csv"))
    if case.line is not None:
        assert f"line {case.line}" in shown
    assert report.format().splitlines()[0].startswith(f"{tmp_path / 'bad.csv'}: ")


def test_bad_rows_are_reported_once_per_line(tmp_path: Path) -> None:
    # A row cut short is rejected by DuckDB once per missing column; one problem is enough.
    report = load_bad(tmp_path, appended(TRUNCATED_ROW[:30] + "\n" + TRUNCATED_ROW + "Manch\n")())
    assert [(p.code, p.line) for p in report.errors] == [("bad-row", 5), ("bad-row", 6)]


def test_many_bad_rows_are_summarised(tmp_path: Path) -> None:
    body = [la_row(n, f"LA {n}").replace(",30,", ",q,") for n in range(100, 160)]
    report = load_bad(tmp_path, csv_text(body).encode())
    listed = [p for p in report.errors if p.code == "not-a-number"]
    assert [p.line for p in listed] == list(range(2, 22))
    assert report.omitted["not-a-number"] == 40
    assert "... and 40 more [not-a-number] problem(s)" in report.format()


def test_windows_1252_after_the_first_block_with_a_bad_row(tmp_path: Path) -> None:
    # The file is read twice (as UTF-8, then as Windows-1252): the bad row is reported once.
    shifted = rows()[2].replace("Bury", "Herefordshire, County of")
    body = [*rows()[:2], shifted, *filler(700), la_row(1, "Sainté’s")]
    report = load_bad(tmp_path, csv_text(body).encode("cp1252"))
    assert [(p.code, p.line) for p in report.errors] == [("bad-row", 4)]
    assert [p.code for p in report.warnings] == ["encoding"]


def test_unterminated_quote_before_a_control_character(tmp_path: Path) -> None:
    # Found by Hypothesis: valid UTF-8 (U+0080) after a quoted value with commas, which
    # DuckDB calls invalid unicode whichever way the file is read. A bad row, not a crash.
    row = (
        "2016,Calendar year,Planet,E92000001,England,E12000002,North West,351,E08000002,"
        '"Bury,phase 0,q,q,0,0,"\u0080,0'
    )
    report = load_bad(tmp_path, csv_text([row]).encode("utf-8"))
    assert "bad-row" in codes(report) and {p.line for p in report.errors} >= {2}


def test_several_bad_files_are_all_reported(tmp_path: Path) -> None:
    bad1 = tmp_path / "planet.csv"
    bad1.write_bytes(replaced(3, "Regional", "Planet")())
    bad2 = tmp_path / "empty.csv"
    bad2.write_bytes(b"")
    good = tmp_path / "good.csv"
    good.write_text(csv_text())
    with Store(":memory:") as store, pytest.raises(LoadError) as info:
        store.load([bad1, good, bad2])
    result = info.value.report
    assert isinstance(result, LoadResult)
    assert codes(report_for(result, bad1)) == {"geographic-level"}
    assert codes(report_for(result, bad2)) == {"empty-file"}
    assert report_for(result, good).valid
    assert "2 file(s) have errors" in str(info.value)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    report = load_bad(tmp_path, b"", name="bad.csv")  # the setup still works for a real file
    assert codes(report) == {"empty-file"}
    with Store(":memory:") as store, pytest.raises(LoadError) as info:
        store.load([tmp_path / "nowhere.csv"])
    result = info.value.report
    assert isinstance(result, LoadResult)
    assert codes(report_for(result, tmp_path / "nowhere.csv")) == {"missing-file"}


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_line_numbers_after_blank_lines(tmp_path: Path, nl: str) -> None:
    # DuckDB skips blank lines without counting them; problems still name the true line.
    body = rows()
    body[2] = body[2].replace(",40,", ",twelve,")
    lines = [HEADER, body[0], "", body[1], "", "", body[2]]
    report = load_bad(tmp_path, (nl.join(lines) + nl).encode())
    problem = error(report, "not-a-number")
    assert (problem.line, problem.value) == (7, "twelve")
    assert [(p.code, p.line) for p in report.warnings] == [("blank-line", 3)]


def test_blank_lines_keep_provenance_true(tmp_path: Path) -> None:
    lines = [HEADER, rows()[0], "", "", rows()[1], "", rows()[2], "", ""]
    store, report = load_good(tmp_path, "\n".join(lines).encode())
    with store:
        assert report.valid
        found = store.sql("SELECT DISTINCT level, src_line FROM observation ORDER BY src_line")
        assert found == [("national", 2), ("regional", 5), ("local_authority", 7)]


def test_bad_row_after_a_blank_line(tmp_path: Path) -> None:
    shifted = rows()[2].replace("Bury", "Herefordshire, County of")
    data = "\n".join([HEADER, rows()[0], "", rows()[1], shifted]) + "\n"
    report = load_bad(tmp_path, data.encode())
    assert [(p.code, p.line) for p in report.errors] == [("bad-row", 5)]


def test_failed_load_result_does_not_claim_files_were_loaded(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(csv_text())
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    with Store(":memory:") as store, pytest.raises(LoadError) as info:
        store.load([good, bad])
    result = info.value.report
    assert isinstance(result, LoadResult)
    assert result.loaded == []
    assert result.rows == 0
    assert result.releases == []
