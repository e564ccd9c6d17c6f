"""``Store``: the Python API over the DuckDB file.

>>> from exclusions import Store
>>> with Store("exclusions.duckdb") as store:            # doctest: +SKIP
...     store.load(["../shared/data"])
...     store.show("Bury", year="2022/23")
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from exclusions.config import default_db_path, setting
from exclusions.errors import StoreBusy, StoreNotFound
from exclusions.store import loader, queries, views
from exclusions.store.loader import LoadResult
from exclusions.store.queries import AreaInfo, Figure, PhaseYear, Revision
from exclusions.store.revisions import revisions
from exclusions.store.schema import ensure_schema
from exclusions.years import parse_year


def busy_message(path: Path, error: str, read_only: bool) -> str:
    """Say which process holds the store and what to do, from DuckDB's lock error."""
    pid = re.search(r"\(PID (\d+)\)", error)
    who = f"process {pid.group(1)}" if pid else "another process"
    if read_only:
        return (
            f"the store {path} is being written by {who} (an `exclusions load` or `fetch`?); "
            "try again when it has finished"
        )
    return (
        f"the store {path} is open in {who} (an `exclusions serve`, or another load?); "
        "stop it and try again, or use another store with --db PATH"
    )


class Store:
    """A DuckDB store of every loaded release.

    ``Store()`` opens the default store (``EXCLUSIONS_DB`` or the user data directory);
    ``Store(":memory:")`` makes a throwaway one.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        memory = str(self.path) == ":memory:"
        if read_only and not memory and not self.path.exists():
            raise StoreNotFound(
                f"no store at {self.path}; load data first with `exclusions load PATH`"
            )
        if not memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(
                ":memory:" if memory else str(self.path),
                read_only=read_only,
                config={"memory_limit": setting("EXCLUSIONS_MEMORY_LIMIT")},
            )
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            raise StoreBusy(busy_message(self.path, str(exc), read_only)) from exc
        # No progress bar unless a command asks for one (load does, on a terminal).
        self.con.execute("SET enable_progress_bar = false")
        if not read_only:
            ensure_schema(self.con)
            if not self._has("fact_cell"):
                # A new store: create the (empty) views so queries work before any load.
                self.con.execute("BEGIN TRANSACTION")
                views.rebuild(self.con, loader.all_layouts(self.con))
                self.con.execute("COMMIT")

    def _has(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection."""
        self.con.close()

    def load(
        self,
        paths: Iterable[str | Path],
        *,
        release: str | int | None = None,
        on_file: Callable[[Path, str], None] | None = None,
    ) -> LoadResult:
        """Load files and folders atomically; raises LoadError (store unchanged) on any error.

        >>> store.load(["../shared/data/dfe/2022-23"]).rows     # doctest: +SKIP
        11000
        """
        start = parse_year(release) if release is not None else None
        return loader.load(self.con, [Path(p) for p in paths], release=start, on_file=on_file)

    def releases(self) -> list[dict[str, Any]]:
        """Loaded releases, oldest first, with how many files and rows each holds."""
        rows = self.con.execute(
            """SELECT r.name, r.publication, r.published, count(f.file_id), sum(f.rows)
               FROM release r LEFT JOIN source_file f USING (release_id)
               GROUP BY r.name, r.publication, r.published, r.start_year ORDER BY r.start_year"""
        ).fetchall()
        keys = ("name", "publication", "published", "files", "rows")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def files(self) -> list[dict[str, Any]]:
        """Loaded files with their release, layout, rows and SHA-256."""
        rows = self.con.execute(
            """SELECT f.file_id, r.name, f.name, f.layout, f.topic, f.rows, f.sha256, f.encoding
               FROM source_file f JOIN release r USING (release_id) ORDER BY f.file_id"""
        ).fetchall()
        keys = ("file_id", "release", "name", "layout", "topic", "rows", "sha256", "encoding")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def area(self, name_or_code: str) -> AreaInfo:
        """The area for a name or code; raises UnknownArea with suggestions.

        >>> store.area("Bristol").name                       # doctest: +SKIP
        'Bristol, City of'
        """
        return queries.find_area(self.con, name_or_code)

    def areas(self, level: str | None = None) -> list[AreaInfo]:
        """Areas with data, England first, then regions, then local authorities."""
        return queries.list_areas(self.con, level)

    def show(
        self, area: str, *, year: str | int | None = None, release: str | None = None
    ) -> list[PhaseYear]:
        """An area's counts and rates by year and phase, each with its release."""
        code = self.area(area).code
        y = parse_year(year) if year is not None else None
        return queries.show(self.con, code, year=y, release=release)

    def figure(
        self,
        area: str,
        year: str | int,
        measure: str,
        *,
        school_type: str = "total",
        release: str | None = None,
    ) -> Figure | None:
        """One headline figure with its provenance, or None if not published."""
        code = self.area(area).code
        found = queries.figures(
            self.con, code, measures=(measure,), year=parse_year(year), release=release
        )
        return next((f for f in found if f.school_type == school_type), None)

    def revisions(self, area: str) -> list[Revision]:
        """Figures for an area that changed between releases (rounding aside)."""
        return revisions(self.con, self.area(area).code)

    def sql(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run read-only SQL against the store's tables and views (``observation``, ``latest``)."""
        return self.con.execute(query, list(params)).fetchall()
