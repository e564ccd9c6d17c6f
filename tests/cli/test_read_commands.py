"""``releases``, ``areas``, ``show`` and ``revisions`` against the loaded real data.

Figures are read from the CSVs (file and line beside each) and must appear as DfE wrote
them: counts with thousands separators, rates to 2 dp, symbols as published.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.conftest import run

# --- releases ---------------------------------------------------------------------------------


def test_releases(db: Path) -> None:
    result = run("releases", "--db", db)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["release", "publication", "published", "files", "rows"]
    assert any(
        line.startswith("2022/23") and "Suspensions and permanent exclusions in England" in line
        and line.split()[-2:] == ["1", "11,000"]
        for line in lines
    )  # fmt: skip
    assert any(
        line.startswith("2016/17") and line.split()[-2:] == ["4", "18,728"] for line in lines
    )
    assert any(
        line.startswith("2015/16") and line.split()[-2:] == ["6", "15,298"] for line in lines
    )
    # The file table: one line per file with its release, layout, rows and hash prefix.
    assert sum(".csv" in line for line in lines) == 11
    (nat,) = [line for line in lines if "exc_nat_region_la.csv" in line]
    assert nat.split()[:4] == ["2022/23", "exc_nat_region_la.csv", "ees", "11,000"]


def test_no_store_exits_2(tmp_path: Path) -> None:
    for command in (["releases"], ["areas"], ["show", "Bury"], ["revisions", "Bury"]):
        result = run(*command, "--db", tmp_path / "none.duckdb")
        assert result.exit_code == 2, command
        assert "exclusions load" in result.stderr
        assert not (tmp_path / "none.duckdb").exists()


# --- areas ------------------------------------------------------------------------------------


def test_areas_table(db: Path) -> None:
    result = run("areas", "--db", db)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["code", "old", "code", "name", "level", "region", "status"]
    assert lines[2].split()[:2] == ["E92000001", "England"]
    assert lines[-1] == "172 areas"  # England, 10 regions, 161 LAs
    (bury,) = [line for line in lines if " Bury " in line]
    assert bury.split() == ["E08000002", "351", "Bury", "local_authority", "E12000002", "live"]


def test_areas_csv(db: Path) -> None:
    result = run("areas", "--format", "csv", "--db", db)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 172
    assert rows[0] == {
        "code": "E92000001",
        "old code": "",
        "name": "England",
        "level": "national",
        "region": "",
        "status": "live",
    }
    by_code = {r["code"]: r for r in rows}
    assert by_code["E06000023"]["name"] == "Bristol, City of"
    assert by_code["E10000009"]["status"] == "terminated"  # Dorset County, to March 2019


def test_areas_json_and_level(db: Path) -> None:
    result = run("areas", "--format", "json", "--level", "regional", "--db", db)
    assert result.exit_code == 0
    regions = json.loads(result.stdout)
    assert len(regions) == 10
    assert {r["level"] for r in regions} == {"regional"}
    assert "Inner London" in {r["name"] for r in regions}
    result = run("areas", "--level", "national", "--db", db)
    assert result.stdout.splitlines()[-1] == "1 areas"


def test_areas_bad_level_exits_2(db: Path) -> None:
    result = run("areas", "--level", "county", "--db", db)
    assert result.exit_code == 2
    assert "local_authority" in result.stderr


# --- show -------------------------------------------------------------------------------------


def test_show_table(db: Path) -> None:
    result = run("show", "Bury", "--year", "2022/23", "--db", db)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Bury (E08000002, 351)"
    assert lines[1].split()[:2] == ["year", "phase"]
    # exc_nat_region_la.csv line 10694:
    # ...,Bury,Total,81,29121,26,0.08928,2912,9.99966,1153,3.95934
    assert lines[3].split() == [
        "2022/23", "total", "29,121", "26", "0.09", "2,912", "10.00", "1,153", "3.96", "2022/23",
    ]  # fmt: skip
    # line 10385: ...,Bury,special,3,478,0,0,14,2.92887,9,1.88285
    assert lines[6].split() == [
        "2022/23", "special", "478", "0", "0.00", "14", "2.93", "9", "1.88", "2022/23",
    ]  # fmt: skip
    assert [line.split()[1] for line in lines[3:7]] == ["total", "primary", "secondary", "special"]
    assert any(line.startswith("phases: ") for line in lines)


def test_show_csv(db: Path) -> None:
    result = run("show", "Bury", "--year", "2022/23", "--format", "csv", "--db", db)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["phase"] for r in rows] == ["total", "primary", "secondary", "special"]
    # exc_nat_region_la.csv line 10523: Bury state-funded secondary 11359, 24, 2723
    secondary = rows[2]
    assert (secondary["pupils"], secondary["perm excl"], secondary["suspensions"]) == (
        "11,359",
        "24",
        "2,723",
    )
    assert {r["release"] for r in rows} == {"2022/23"}


def test_show_json_has_provenance(db: Path) -> None:
    result = run("show", "Bury", "--year", "2022/23", "--format", "json", "--db", db)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["area"]["code"] == "E08000002"
    total = data["rows"][0]
    assert (total["year"], total["school_type"]) == ("2022/23", "total")
    # exc_nat_region_la.csv line 10694, column suspension: 2912
    assert total["figures"]["susp"] == {
        "value": 2912,
        "symbol": None,
        "published": "2912",
        "release": "2022/23",
        "file": "exc_nat_region_la.csv",
        "line": 10694,
        "column": "suspension",
    }


@pytest.mark.parametrize("year", ["2016/17", "2016-17", "201617"])
def test_show_year_forms(db: Path, year: str) -> None:
    result = run("show", "Kent", "--year", year, "--format", "csv", "--db", db)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["year"] for r in rows} == {"2016/17"}
    # exc_nat_region_la.csv line 6491: 201617 Kent Total headcount 228507, perm_excl 54
    assert (rows[0]["phase"], rows[0]["pupils"], rows[0]["perm excl"]) == ("total", "228,507", "54")


def test_show_release(db: Path) -> None:
    # Kent 2016/17 perm_excl_rate: 0.02363 (exc_nat_region_la.csv line 6491, shown 0.02) by
    # default; from the 2016/17 release, clean_la_data.csv line 546: 0.02.
    latest = run("show", "Kent", "--year", "2016/17", "--format", "json", "--db", db)
    old = run("show", "Kent", "--year", "2016/17", "--release", "2016/17", "--format", "json",
              "--db", db)  # fmt: skip
    assert latest.exit_code == old.exit_code == 0
    new_rate = json.loads(latest.stdout)["rows"][0]["figures"]["perm_excl_rate"]
    old_rate = json.loads(old.stdout)["rows"][0]["figures"]["perm_excl_rate"]
    assert (new_rate["published"], new_rate["release"], new_rate["line"]) == (
        "0.02363",
        "2022/23",
        6491,
    )
    assert (old_rate["published"], old_rate["release"], old_rate["file"], old_rate["line"]) == (
        "0.02",
        "2016/17",
        "clean_la_data.csv",
        546,
    )


def test_show_suppressed_cell_with_symbol_note(db: Path) -> None:
    # clean_la_data.csv line 6641: "200607","Local authority","Newham","Special","2","70","x","x"
    result = run("show", "Newham", "--year", "2006/07", "--release", "2016/17", "--db", db)
    assert result.exit_code == 0
    (special,) = [line for line in result.stdout.splitlines() if line.startswith("2006/07  spec")]
    assert special.split()[:5] == ["2006/07", "special", "70", "x", "x"]
    assert "  x = not available or withheld to protect pupils' privacy" in result.stdout


def test_show_area_by_code_and_old_code(db: Path) -> None:
    for area in ("E08000002", "351", "bury"):
        result = run("show", area, "--year", "2022/23", "--db", db)
        assert result.exit_code == 0
        assert result.stdout.startswith("Bury (E08000002, 351)")


def test_show_unknown_area_suggests(db: Path) -> None:
    result = run("show", "Burry", "--db", db)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no area called 'Burry'; did you mean 'Bury'" in result.stderr


@pytest.mark.parametrize("year", ["2022", "2022/24", "last year"])
def test_show_bad_year_exits_2(db: Path, year: str) -> None:
    result = run("show", "Bury", "--year", year, "--db", db)
    assert result.exit_code == 2
    assert "2016/17, 2016-17 or 201617" in result.stderr


def test_show_bad_year_suggests_the_academic_year(db: Path) -> None:
    result = run("show", "Bury", "--year", "2022", "--db", db)
    assert "did you mean 2022/23?" in result.stderr


def test_show_unknown_release_exits_2(db: Path) -> None:
    result = run("show", "Bury", "--release", "2019/20", "--db", db)
    assert result.exit_code == 2
    assert "loaded: 2015/16, 2016/17, 2022/23" in result.stderr


def test_show_year_with_no_figures(db: Path) -> None:
    result = run("show", "Bury", "--year", "2030/31", "--db", db)
    assert result.exit_code == 0
    assert "no figures for 2030/31" in result.stdout


# --- revisions --------------------------------------------------------------------------------


def test_revisions_newham(db: Path) -> None:
    result = run("revisions", "Newham", "--db", db)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Newham: 24 figure(s) changed between releases"
    # clean_la_data.csv line 6641 "x" -> exc_nat_region_la.csv line 38: 2 (2006/07 special)
    assert [
        "2006/07", "special", "perm_excl", "x", "2016/17", "2", "2022/23", "suppression", "lifted",
    ] in [line.split() for line in lines]  # fmt: skip
    assert sum("suppression lifted" in line for line in lines) == 24


def test_revisions_csv_and_json(db: Path) -> None:
    result = run("revisions", "Newham", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 24
    assert {r["change"] for r in rows} == {"suppression lifted"}
    assert {r["old"] for r in rows} == {"x"}
    result = run("revisions", "Newham", "--format", "json", "--db", db)
    data = json.loads(result.stdout)
    first = data[0]
    assert (first["year"], first["phase"], first["measure"]) == ("2006/07", "special", "perm_excl")
    assert first["old_source"] == "clean_la_data.csv line 6641 column perm_excl"
    assert first["new_source"] == "exc_nat_region_la.csv line 38 column perm_excl"


def test_revisions_rounding_only(db: Path) -> None:
    # England 2006/07: 8680 (2016/17, to the nearest 5) vs 8678 (2022/23): not a revision.
    result = run("revisions", "England", "--db", db)
    assert result.exit_code == 0
    assert result.stdout.strip() == "England: 0 figure(s) changed between releases"


def test_revisions_unknown_area(db: Path) -> None:
    result = run("revisions", "Newhamm", "--db", db)
    assert result.exit_code == 2
    assert "did you mean 'Newham'" in result.stderr
