"""``exclusions profile`` and ``exclusions rank`` on the real data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli.conftest import run


def test_profile_text_lists_every_measure(db: Path) -> None:
    result = run("profile", "Bury", "--year", "2022/23", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Bury (E08000002) — 2022/23, all schools")
    for title in ("Permanent exclusions", "Suspensions", "Pupils with one or more suspensions"):
        assert title in result.output
    # exc_nat_region_la.csv line 10694: Bury, Total, 26 permanent exclusions of 29,121 pupils.
    assert "level: 26 rate 0.089% of 29,121 pupils on roll" in result.output


def test_profile_json_is_strict_json(db: Path) -> None:
    result = run("profile", "England", "--year", "201617", "--phase", "secondary", "--json",
                 "--db", db)  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["subject"]["area_code"] == "E92000001"
    assert data["subject"]["year"] == 2016 and data["subject"]["phase"] == "secondary"
    kinds = {f["kind"] for f in data["facts"]}
    assert {"level", "change", "history", "national_context"} <= kinds
    assert all(f["provenance"] for f in data["facts"])


def test_profile_defaults_to_the_latest_year(db: Path) -> None:
    result = run("profile", "North West", "--db", db)
    assert result.exit_code == 0, result.output
    assert "2022/23" in result.output.splitlines()[0]


def test_profile_unknown_area_and_year_exit_2(db: Path) -> None:
    area = run("profile", "Burry", "--db", db)
    assert area.exit_code == 2
    assert "did you mean 'Bury'" in area.output
    year = run("profile", "Bury", "--year", "2030/31", "--db", db)
    assert year.exit_code == 2
    assert "nearest" in year.output and "2022/23" in year.output
    phase = run("profile", "Bury", "--phase", "nursery", "--db", db)
    assert phase.exit_code == 2 and "no phase called 'nursery'" in phase.output


def test_rank_csv_is_a_full_league_table(db: Path) -> None:
    result = run("rank", "perm_excl", "--year", "2022-23", "--format", "csv", "--db", db)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 152
    top = rows[0]
    # Redcar and Cleveland: 61 permanent exclusions of 21,262 pupils, the highest rate.
    assert (top["rank"], top["name"], top["count"]) == ("1", "Redcar and Cleveland", "61")
    bury = next(r for r in rows if r["name"] == "Bury")
    assert bury["rank"] == "92" and bury["of"] == "152"


def test_rank_accepts_the_old_name_and_other_formats(db: Path) -> None:
    table = run("rank", "fixed_excl", "--phase", "secondary", "--db", db)
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].startswith("rank")
    as_json = run("rank", "one_plus_susp", "--year", "2016/17", "--format", "json", "--db", db)
    assert as_json.exit_code == 0, as_json.output
    assert len(json.loads(as_json.output)) >= 150


def test_rank_unknown_measure_exits_2(db: Path) -> None:
    result = run("rank", "detentions", "--db", db)
    assert result.exit_code == 2
    assert "no measure called 'detentions'" in result.output
