"""Loading files into the store: atomic per call, idempotent per file."""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from exclusions.errors import LoadError
from exclusions.sources.layouts import Indicator, Layout
from exclusions.sources.meta import is_meta_file
from exclusions.sources.report import Report
from exclusions.sources.textfile import fingerprint as scan
from exclusions.store import geo, views
from exclusions.store.areas import AreaResolver
from exclusions.store.ingest import Ingested, Unreadable, ingest, settle_lines
from exclusions.years import format_year

DATA_SUFFIXES = (".csv",)
LOOKUP_SUFFIXES = (".csv", ".xlsx", ".geojson")
_RELEASE_DIR = re.compile(r"(?:^|\D)(\d{4})[-_ ]?(\d{2})$")


@dataclass
class FileSummary:
    """One file's part in a load."""

    path: Path
    # "loaded", "unchanged", "failed", "rolled back" (another file failed) or "not checked"
    # (the load stopped at a file DuckDB could not read at all)
    status: str
    release: str | None = None
    rows: int = 0
    years: list[int] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    areas: int = 0
    layout: str | None = None


@dataclass
class LoadResult:
    """What a load did, file by file, with every file's problem report."""

    files: list[FileSummary] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files if f.status == "loaded")

    @property
    def releases(self) -> list[str]:
        return sorted({f.release for f in self.files if f.release and f.status == "loaded"})

    @property
    def loaded(self) -> list[FileSummary]:
        return [f for f in self.files if f.status == "loaded"]


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the CSV, XLSX and GeoJSON files inside folders named, in order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in LOOKUP_SUFFIXES
                and not is_meta_file(f)
                and not f.name.startswith(".")
            )
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def release_from_path(path: Path) -> int | None:
    """Start year of the release a file belongs to, from a folder named like ``2022-23``."""
    for part in reversed(path.parent.parts):
        m = _RELEASE_DIR.search(part)
        if m and (int(m.group(1)) + 1) % 100 == int(m.group(2)):
            return int(m.group(1))
    return None


def publication_for(start_year: int) -> str:
    """The title DfE gave the release (fixed-period exclusions became suspensions in 2020/21)."""
    if start_year >= 2020:
        return "Suspensions and permanent exclusions in England"
    return "Permanent and fixed-period exclusions in England"


def layout_to_json(layout: Layout) -> str:
    """Serialise a layout for the source_file table."""
    return json.dumps(dataclasses.asdict(layout))


def layout_from_json(text: str) -> Layout:
    """Inverse of layout_to_json."""
    data = json.loads(text)
    data["indicators"] = [Indicator(**i) for i in data["indicators"]]
    data["required"] = tuple(data["required"])
    return Layout(**data)


def all_layouts(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[int, str, Layout]]:
    """Every loaded file's (release, table, layout), for rebuilding the views."""
    rows = con.execute("SELECT file_id, release_id, table_name, layout_json FROM source_file")
    return {fid: (rid, table, layout_from_json(lj)) for fid, rid, table, lj in rows.fetchall()}


def load(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[Path],
    *,
    release: int | None = None,
    on_file: Callable[[Path, str], None] | None = None,
) -> LoadResult:
    """Load files and folders in one transaction; any file with errors loads nothing."""
    files = expand(paths)
    result = LoadResult()
    lookups = [f for f in files if geo.is_lookup(f)]
    data = [f for f in files if f not in lookups]
    row = con.execute("SELECT coalesce(max(file_id), 0) FROM source_file").fetchone()
    known = int(row[0]) if row else 0
    con.execute("BEGIN TRANSACTION")
    try:
        with tempfile.TemporaryDirectory(prefix="exclusions-") as tmp:
            result.lookups = geo.load_lookups(con, lookups, result.reports)
            resolver = AreaResolver.from_store(con)
            for n, path in enumerate(ordered := _codes_first(data)):
                try:
                    summary = _load_one(con, path, Path(tmp), release, resolver, result, on_file)
                except Unreadable:
                    # The transaction is aborted: nothing more can be checked in it.
                    result.files.append(FileSummary(path, "failed"))
                    for rest in ordered[n + 1 :]:
                        result.files.append(FileSummary(rest, "not checked"))
                    break
                result.files.append(summary)
            failed = [r for r in result.reports if not r.valid]
            if failed:
                # The transaction is rolled back: no file of this load is in the store.
                for f in result.files:
                    if f.status == "loaded":
                        f.status = "rolled back"
                raise LoadError(_failure_message(failed), result)
            resolver.write_learned(con)
            views.rebuild(con, all_layouts(con))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    if result.loaded:
        # After the load, not part of it: should this never run, lines are only found slower.
        con.execute("BEGIN TRANSACTION")
        for file_id, (_, table, layout) in all_layouts(con).items():
            if file_id > known:
                settle_lines(con, table, layout)
        con.execute("COMMIT")
    return result


def _codes_first(paths: list[Path]) -> list[Path]:
    # Files with LA codes teach the resolver names it can then match in files without codes.
    def has_codes(p: Path) -> bool:
        try:
            with p.open("rb") as fh:
                return b"new_la_code" in fh.readline()
        except OSError:
            return False

    return sorted(paths, key=lambda p: not has_codes(p))


def _load_one(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    tmp: Path,
    release: int | None,
    resolver: AreaResolver,
    result: LoadResult,
    on_file: Callable[[Path, str], None] | None,
) -> FileSummary:
    report = Report(path)
    result.reports.append(report)
    if not path.exists():
        report.add("missing-file", "no such file")
        return FileSummary(path, "failed")
    fingerprint = scan(path)
    sha = fingerprint.sha256
    start = release if release is not None else release_from_path(path)
    existing = con.execute(
        "SELECT r.name, f.rows, f.layout FROM source_file f JOIN release r USING (release_id) "
        "WHERE f.sha256 = ?" + (" AND r.start_year = ?" if start is not None else ""),
        [sha] + ([start] if start is not None else []),
    ).fetchone()
    if existing:
        report.layout = existing[2]
        report.rows = int(existing[1])
        return FileSummary(path, "unchanged", existing[0], layout=existing[2])
    if on_file:
        on_file(path, "reading")
    row = con.execute("SELECT coalesce(max(file_id), 0) + 1 FROM source_file").fetchone()
    file_id = int(row[0]) if row else 1
    staged = ingest(
        con,
        path,
        file_id=file_id,
        tmpdir=tmp,
        report=report,
        resolver=resolver,
        on_progress=(lambda msg: on_file(path, msg)) if on_file else None,
        fingerprint=fingerprint,
    )
    if staged is None:
        return FileSummary(path, "failed", layout=report.layout)
    start = start if start is not None else max(staged.years, default=0)
    release_id = _release_id(con, start)
    _record_file(con, staged, release_id)
    return FileSummary(
        path,
        "loaded",
        format_year(start),
        staged.rows,
        staged.years,
        staged.levels,
        staged.areas,
        staged.layout.name,
    )


def _release_id(con: duckdb.DuckDBPyConnection, start: int) -> int:
    name = format_year(start)
    row = con.execute("SELECT release_id FROM release WHERE name = ?", [name]).fetchone()
    if row:
        return int(row[0])
    nxt = con.execute("SELECT coalesce(max(release_id), 0) + 1 FROM release").fetchone()
    release_id = int(nxt[0]) if nxt else 1
    con.execute(
        "INSERT INTO release VALUES (?, ?, ?, ?, ?, current_timestamp)",
        [release_id, name, start, publication_for(start), start + 2],
    )
    return release_id


def _record_file(con: duckdb.DuckDBPyConnection, staged: Ingested, release_id: int) -> None:
    layout = staged.layout
    con.execute(
        "INSERT INTO source_file VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp)",
        [staged.file_id, release_id, staged.path.name, str(staged.path.resolve()), staged.sha256,
         staged.size, layout.name, layout.topic, layout.priority, staged.rows, staged.encoding,
         staged.table, layout_to_json(layout)],
    )  # fmt: skip
    cols: list[tuple[str, str, str | None, str | None]] = [
        (i.column, "indicator", i.measure, i.reason) for i in layout.indicators
    ]
    cols += [(c, "filter", None, None) for c in layout.extra_filters]
    if cols:
        con.executemany(
            "INSERT INTO file_column VALUES (?, ?, ?, ?, ?)",
            [[staged.file_id, *c] for c in cols],
        )


def _failure_message(failed: list[Report]) -> str:
    n = sum(len(r.errors) + sum(r.omitted.values()) for r in failed)
    names = ", ".join(r.name for r in failed[:5])
    return (
        f"nothing was loaded: {len(failed)} file(s) have errors ({n:,} problem(s)) — {names}. "
        "The store is unchanged."
    )
