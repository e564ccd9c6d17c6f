"""``exclusions load``: what it prints, idempotence, and atomic refusal of a bad file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from exclusions import Store
from tests.cli.conftest import LoadedDb, run


def counts(path: Path) -> tuple[object, ...]:
    with Store(path, read_only=True) as store:
        return store.sql(
            """SELECT (SELECT count(*) FROM observation), (SELECT count(*) FROM source_file),
                      (SELECT count(*) FROM release), (SELECT count(*) FROM area)"""
        )[0]


def test_load_reports_releases_years_levels_areas_and_rows(loaded_db: LoadedDb) -> None:
    out = loaded_db.result.stdout
    lines = out.splitlines()
    # exc_nat_region_la.csv: 11,000 data rows, 2006/07 to 2022/23, three levels.
    assert (
        "loaded  exc_nat_region_la.csv: release 2022/23, 11,000 rows, 2006/07 to 2022/23, "
        "levels local_authority, national, regional, 172 areas (ees)"
    ) in lines
    # clean_la_data.csv: 7,122 rows of names only, 2006/07 to 2016/17.
    assert any(
        line.startswith(
            "loaded  clean_la_data.csv: release 2016/17, 7,122 rows, 2006/07 to 2016/17"
        )
        for line in lines
    )
    # SFR35_2017_review_panels.csv: national only, from 1997/98.
    assert any(
        line.startswith("loaded  SFR35_2017_review_panels.csv: release 2015/16, 275 rows, 1997/98")
        for line in lines
    )
    assert sum(line.startswith("loaded  ") for line in lines) == 11
    assert any(line.startswith("lookup  LA lookup:") for line in lines)
    assert lines[-1].startswith(
        "11 file(s) loaded, 0 unchanged; 45,026 rows; releases 2015/16, 2016/17, 2022/23;"
    )
    # Progress goes to stderr, one line per file.
    assert loaded_db.result.stderr.count("  reading ") == 11


def test_second_load_says_unchanged(loaded_db: LoadedDb, shared_data: Path, tmp_path: Path) -> None:
    path = loaded_db.copy_to(tmp_path)
    before = counts(path)
    result = run("load", shared_data, "--db", path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "same    exc_nat_region_la.csv: already loaded (release 2022/23)" in lines
    assert sum(line.startswith("same    ") for line in lines) == 11
    assert lines[-1].startswith("0 file(s) loaded, 11 unchanged; 0 rows; releases none new")
    assert "reading" not in result.stderr
    assert counts(path) == before


def test_bad_file_exits_1_and_leaves_the_store_unchanged(
    loaded_db: LoadedDb, tmp_path: Path
) -> None:
    path = loaded_db.copy_to(tmp_path)
    before = counts(path)
    bad = tmp_path / "2023-24" / "bad.csv"
    bad.parent.mkdir()
    bad.write_text(
        "time_period,time_identifier,geographic_level,country_code,country_name,school_type,"
        "headcount,perm_excl\n"
        "202324,Academic year,National,E92000001,England,Total,8500000,9000\n"
        "202324,Academic year,National,E92000001,England,state-funded primary,many,1200\n"
    )
    good = tmp_path / "2023-24" / "good.csv"
    good.write_text(
        "time_period,time_identifier,geographic_level,country_code,country_name,school_type,"
        "headcount,perm_excl\n"
        "202324,Academic year,National,E92000001,England,special,160000,120\n"
    )
    result = run("load", bad.parent, "--db", path)
    assert result.exit_code == 1
    # The report names the file, the line (header = 1), the column and the value.
    assert "line 3, column 'headcount'" in result.stderr
    assert "'many'" in result.stderr
    assert "The store is unchanged" in result.stderr
    assert result.stdout == ""
    # Atomic: the good file in the same load was not kept either.
    assert counts(path) == before
    with Store(path, read_only=True) as store:
        assert [r["name"] for r in store.releases()] == ["2015/16", "2016/17", "2022/23"]


def test_missing_path_exits_1(tmp_path: Path) -> None:
    result = run("load", tmp_path / "nowhere.csv", "--db", tmp_path / "s.duckdb")
    assert result.exit_code == 1
    assert "nowhere.csv" in result.stderr


def test_release_option_and_quiet(tmp_path: Path) -> None:
    # A file outside a release folder takes its release from --release.
    csv = tmp_path / "exclusions.csv"
    csv.write_text(
        "time_period,time_identifier,geographic_level,country_code,country_name,school_type,"
        "headcount,perm_excl\n"
        "202122,Academic year,National,E92000001,England,Total,8300000,6495\n"
    )
    db = tmp_path / "s.duckdb"
    result = run("load", csv, "--release", "2021-22", "--db", db, "--quiet")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""
    with Store(db, read_only=True) as store:
        assert [r["name"] for r in store.releases()] == ["2021/22"]
        f = store.figure("England", "2021/22", "perm_excl")
        assert f is not None and (f.value, f.line) == (6495, 2)
    result = run("load", csv, "--release", "2021", "--db", tmp_path / "t.duckdb")
    assert result.exit_code == 2
    assert "2021/22" in result.stderr  # did you mean
    assert not (tmp_path / "t.duckdb").exists()


def test_store_open_in_another_process_is_a_clear_error(
    loaded_db: LoadedDb, tmp_path: Path
) -> None:
    # `exclusions serve` holds the store open; loading meanwhile used to end in a traceback.
    db = loaded_db.copy_to(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = run("load", tmp_path / "nothing-here.csv", "--db", db)
        assert result.exit_code == 1
        assert f"the store {db} is open in process {holder.pid}" in result.stderr
        assert "Traceback" not in result.output + result.stderr
        shown = run("show", "Bury", "--db", db)
        assert shown.exit_code == 0 and "2022/23" in shown.stdout  # readers may share it
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


HOLD = """import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
time.sleep(60)
"""
