"""``exclusions check``: exit 0 for a valid EES file, 1 with a report naming line and column."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run

EES = "dfe/2022-23/exc_nat_region_la.csv"
LEGACY = "dfe/2016-17/clean_la_data.csv"


def test_valid_ees_file(shared_data: Path, db: Path) -> None:
    result = run("check", shared_data / EES, "--db", db)
    assert result.exit_code == 0
    assert result.stdout.strip() == f"{shared_data / EES}: valid (11,000 rows, layout ees)"


def test_valid_without_a_store(shared_data: Path, tmp_path: Path) -> None:
    # With no store there is no LA lookup: still no errors (Bedfordshire and Cheshire, with
    # no GSS code before 2009, are only warned about).
    result = run("check", shared_data / EES, "--db", tmp_path / "none.duckdb")
    assert result.exit_code == 0
    assert "exc_nat_region_la.csv: 0 error(s)" in result.stdout
    assert "ERROR" not in result.stdout
    assert not (tmp_path / "none.duckdb").exists()


def test_legacy_file_exits_1(shared_data: Path, db: Path) -> None:
    result = run("check", shared_data / LEGACY, "--db", db)
    assert result.exit_code == 1
    out = result.stdout
    assert "clean_la_data.csv: 9 error(s)" in out
    assert "ERROR [ees-column]" in out
    assert "line 1, column 'time_period'" in out
    # clean_la_data.csv line 46 is its first Local authority row, which lacks region columns.
    assert "line 46, column 'region_code'" in out


def test_broken_file_exits_1(tmp_path: Path, db: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "time_period,time_identifier,geographic_level,country_code,country_name,school_type,"
        "headcount,perm_excl\n"
        "202223,Academic year,National,E92000001,England,Total,8430600,9376\n"
        "202223,Academic year,National,E92000001,England,special,152578\n"
    )
    result = run("check", bad, "--db", db)
    assert result.exit_code == 1
    assert "ERROR [bad-row]" in result.stdout
    assert "line 3" in result.stdout


def test_json_report(shared_data: Path, tmp_path: Path, db: Path) -> None:
    result = run("check", shared_data / EES, shared_data / LEGACY, "--json", "--db", db)
    assert result.exit_code == 1  # one of the two is invalid
    reports = json.loads(result.stdout)
    assert [(Path(r["file"]).name, r["valid"], r["rows"]) for r in reports] == [
        ("exc_nat_region_la.csv", True, 11000),
        ("clean_la_data.csv", False, 7122),
    ]
    assert reports[0]["problems"] == []
    legacy = reports[1]
    assert legacy["layout"] == "dfe_legacy"
    first = legacy["problems"][0]
    assert {"code", "message", "file", "line", "column", "severity"} <= set(first)
    assert {(p["line"], p["column"]) for p in legacy["problems"] if p["severity"] == "error"} >= {
        (1, "time_period"),
        (1, "geographic_level"),
    }


def test_json_valid_exits_0(shared_data: Path, db: Path) -> None:
    result = run("check", shared_data / EES, "--json", "--db", db)
    assert result.exit_code == 0
    (report,) = json.loads(result.stdout)
    assert report["valid"] is True


def test_code_checked_against_the_store_lookup(tmp_path: Path, db: Path) -> None:
    bad = tmp_path / "codes.csv"
    bad.write_text(
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
        "region_name,old_la_code,new_la_code,la_name,school_type,headcount\n"
        "202223,Academic year,Local authority,E92000001,England,E12000002,North West,351,"
        "E08000002,Bury,Total,29121\n"
        "202223,Academic year,Local authority,E92000001,England,E12000002,North West,350,"
        "E08000001,Bury,Total,40000\n"
    )
    result = run("check", bad, "--db", db)
    assert result.exit_code == 1
    assert "ERROR [ees-code-name]" in result.stdout
    assert "line 3, column 'la_name'" in result.stdout
    assert "'Bolton'" in result.stdout
