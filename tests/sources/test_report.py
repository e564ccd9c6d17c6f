"""Problem reports: every problem says where it is, what was there and what was expected."""

from __future__ import annotations

import json
from pathlib import Path

from exclusions.sources.report import MAX_PER_CODE, Problem, Report


def test_problem_names_file_line_column_value_and_expected() -> None:
    p = Problem(
        "not-a-number",
        "text in a numeric column",
        "data/exc.csv",
        line=4,
        column="perm_excl",
        value="twelve",
        expected="a number",
    )
    assert str(p) == (
        "data/exc.csv, line 4, column 'perm_excl': text in a numeric column: "
        "found 'twelve'; expected a number"
    )


def test_problem_without_location_is_just_file_and_message() -> None:
    assert str(Problem("empty-file", "the file is empty", "x.csv")) == "x.csv: the file is empty"


def test_problem_shows_an_empty_value_rather_than_hiding_it() -> None:
    p = Problem("blank", "blank", "x.csv", line=2, value="")
    assert "found ''" in str(p)


def test_problem_as_dict_drops_only_missing_fields() -> None:
    p = Problem("c", "m", "f.csv", line=3, value="")
    assert p.as_dict() == {
        "code": "c",
        "message": "m",
        "file": "f.csv",
        "line": 3,
        "value": "",
        "severity": "error",
    }


def test_empty_report_is_valid() -> None:
    r = Report(Path("a/b.csv"), rows=5, layout="ees")
    assert r.valid
    assert r.name == "b.csv"
    assert r.errors == [] and r.warnings == []
    assert r.format() == "a/b.csv: valid (5 rows, layout ees)"


def test_warnings_keep_a_report_valid_errors_do_not() -> None:
    r = Report(Path("f.csv"))
    r.add("blank-cell", "blank", severity="warning", line=3, column="perm_excl")
    assert r.valid
    assert [p.code for p in r.warnings] == ["blank-cell"]
    r.add("bad-row", "too many fields", line=4)
    assert not r.valid
    assert [p.code for p in r.errors] == ["bad-row"]
    assert r.errors[0].file == "f.csv"


def test_add_keeps_at_most_max_per_code_and_counts_the_rest() -> None:
    r = Report(Path("f.csv"))
    for n in range(MAX_PER_CODE + 7):
        r.add("not-a-number", "bad", line=n + 2)
    r.add("duplicate-row", "dupe", line=99)
    listed = [p for p in r.problems if p.code == "not-a-number"]
    assert len(listed) == MAX_PER_CODE
    assert [p.line for p in listed] == list(range(2, MAX_PER_CODE + 2))  # the first ones
    assert r.omitted == {"not-a-number": 7}
    assert "... and 7 more [not-a-number] problem(s)" in r.format()
    assert any(p.code == "duplicate-row" for p in r.problems)


def test_extend_omitted_ignores_zero_and_negative() -> None:
    r = Report(Path("f.csv"))
    r.extend_omitted("x", 0)
    r.extend_omitted("x", -3)
    assert not r.omitted
    r.extend_omitted("x", 2)
    r.extend_omitted("x", 3)
    assert r.omitted["x"] == 5


def test_format_lists_errors_before_warnings() -> None:
    r = Report(Path("f.csv"), layout="ees")
    r.add("blank-cell", "blank", severity="warning", line=2)
    r.add("bad-row", "too few fields", line=9)
    lines = r.format().splitlines()
    assert lines[0] == "f.csv: 1 error(s), 1 warning(s) (layout ees)"
    assert lines[1].startswith("  ERROR [bad-row] f.csv, line 9")
    assert lines[2].startswith("  WARNING [blank-cell] f.csv, line 2")


def test_as_dict_is_json_ready() -> None:
    r = Report(Path("f.csv"), rows=3, layout="ees")
    r.add("geographic-level", "unknown", line=3, column="geographic_level", value="Planet")
    r.extend_omitted("geographic-level", 2)
    data = json.loads(json.dumps(r.as_dict()))
    assert data["file"] == "f.csv"
    assert data["valid"] is False
    assert data["problems"][0]["value"] == "Planet"
    assert data["problems"][0]["line"] == 3
    assert data["omitted"] == {"geographic-level": 2}
