"""Put the geography lookups (LAs, regions, neighbours, boundaries) into the store."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from exclusions.geography import ENGLAND, read_boundaries, read_lookups, read_neighbours
from exclusions.sources.report import Report
from exclusions.sources.textfile import sha256_of
from exclusions.store.sql import bulk_insert

LOOKUP_FILES = {
    "las.csv": "las",
    "region_la_hierarchy.csv": "hierarchy",
    "la_code_list.xlsx": "la_code_list",
}
NEIGHBOURS_PREFIX = "statistical_neighbours"
BOUNDARY_SUFFIX = ".geojson"


def is_lookup(path: Path) -> bool:
    """Whether a file is one of the geography lookups rather than exclusions data."""
    name = path.name.lower()
    return (
        name in LOOKUP_FILES
        or (name.startswith(NEIGHBOURS_PREFIX) and name.endswith(".xlsx"))
        or name.endswith(BOUNDARY_SUFFIX)
    )


def load_lookups(
    con: duckdb.DuckDBPyConnection, files: list[Path], reports: list[Report]
) -> list[str]:
    """Load lookup files into the geography tables; returns what was loaded."""
    done: list[str] = []
    hashes = {f: sha256_of(f) for f in files}  # each lookup read once, however it is used
    files = [f for f in files if not _unchanged(con, f, hashes[f])]
    folders = sorted({f.parent for f in files if f.name.lower() == "las.csv"})
    for folder in folders:
        lookups = read_lookups(folder)
        report = Report(folder / "las.csv", layout="lookup")
        for problem in lookups.problems:
            report.add("lookup", problem, severity="warning")
        reports.append(report)
        con.execute("DELETE FROM area WHERE source = 'lookup'")
        con.execute(
            "INSERT INTO area VALUES (?, 'national', 'England', NULL, NULL, NULL, NULL, "
            "'live', 'lookup') ON CONFLICT DO NOTHING",
            [ENGLAND],
        )
        for r in lookups.regions:
            if r.code == ENGLAND:
                continue
            con.execute(
                "INSERT INTO area VALUES (?, 'regional', ?, NULL, NULL, NULL, NULL, 'live', "
                "'lookup') ON CONFLICT DO UPDATE SET name = excluded.name",
                [r.code, r.name],
            )
        codes = [la.new_code for la in lookups.las]
        con.execute("DELETE FROM area WHERE area_code IN (SELECT unnest(?))", [codes])
        bulk_insert(
            con,
            "area",
            [(la.new_code, "local_authority", la.name, la.old_code,
              lookups.london_subregions.get(la.old_code or "", la.region_code),
              la.start, la.end, la.status, "lookup") for la in lookups.las],
        )  # fmt: skip
        con.execute("DELETE FROM area_alias")
        by_old = {la.old_code: la.new_code for la in lookups.las if la.old_code}
        bulk_insert(
            con,
            "area_alias",
            [(alias, by_old[old]) for old, alias in lookups.dfe_names.items() if old in by_old],
        )
        _record(con, folder / "las.csv", "lookups", hashes[folder / "las.csv"])
        done.append(
            f"LA lookup: {len(lookups.las)} local authorities, {len(lookups.regions)} regions"
        )
    for f in files:
        name = f.name.lower()
        if name.startswith(NEIGHBOURS_PREFIX):
            table = read_neighbours(f)
            report = Report(f, layout="neighbours")
            for problem in table.problems:
                report.add("lookup", problem, severity="warning")
            reports.append(report)
            model = f.stem.removeprefix("statistical_neighbours").strip("_") or "unknown"
            con.execute("DELETE FROM neighbour WHERE model = ?", [model])
            bulk_insert(
                con,
                "neighbour",
                [(n.la_old_code, n.neighbour_old_code, n.rank, n.closeness, model)
                 for n in table.neighbours],
            )  # fmt: skip
            _record(con, f, "neighbours", hashes[f])
            done.append(f"statistical neighbours ({model}): {len(table.neighbours)} pairs")
        elif name.endswith(BOUNDARY_SUFFIX):
            bounds = read_boundaries(f)
            con.execute("DELETE FROM boundary")
            bulk_insert(con, "boundary", [(b.code, b.name, json.dumps(b.geometry)) for b in bounds])
            _record(con, f, "boundaries", hashes[f])
            done.append(f"boundaries: {len(bounds)} areas")
    return done


def _unchanged(con: duckdb.DuckDBPyConnection, path: Path, sha: str) -> bool:
    # An unchanged lookup is skipped so that reloading a folder is a no-op.
    row = con.execute(
        "SELECT count(*) FROM lookup_file WHERE name = ? AND sha256 = ?", [path.name, sha]
    ).fetchone()
    return bool(row and row[0])


def _record(con: duckdb.DuckDBPyConnection, path: Path, kind: str, sha: str) -> None:
    con.execute("DELETE FROM lookup_file WHERE kind = ?", [kind])
    con.execute("INSERT INTO lookup_file VALUES (?, ?, ?)", [path.name, sha, kind])
