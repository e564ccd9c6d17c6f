"""Read-side queries over the store: areas, figures by phase and year, revisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from exclusions.errors import UnknownArea, UnknownRelease
from exclusions.geography.names import Area, AreaMatcher
from exclusions.vocab.measures import RATES

SHOW_MEASURES = (
    "headcount",
    "perm_excl",
    "perm_excl_rate",
    "susp",
    "susp_rate",
    "one_plus_susp",
    "one_plus_susp_rate",
)
PHASE_ORDER = {"total": 0, "primary": 1, "secondary": 2, "special": 3, "ap": 4}


@dataclass(frozen=True)
class AreaInfo:
    """An area the store knows, with its codes."""

    code: str
    name: str
    level: str
    old_la_code: str | None = None
    region_code: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class Figure:
    """One published figure with its provenance: release, file, line and column."""

    area_code: str
    year: int
    school_type: str
    measure: str
    value: float | None
    symbol: str | None
    text: str | None
    release: str
    file: str
    line: int
    column: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass
class PhaseYear:
    """One row of ``show``: an area's figures for one year and phase."""

    year: int
    school_type: str
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def release(self) -> str:
        return max((f.release for f in self.figures.values()), default="")


@dataclass(frozen=True)
class Revision:
    """A figure that changed between two releases."""

    area_code: str
    year: int
    school_type: str
    measure: str
    old: Figure
    new: Figure
    kind: str  # "revised", "suppression lifted", "now published" or "newly withheld"


def area_matcher(con: duckdb.DuckDBPyConnection) -> AreaMatcher:
    """Name matcher over every area in the store (LAs, regions, England)."""
    rows = con.execute(
        "SELECT area_code, name, start_date, end_date FROM area WHERE level <> 'school'"
    ).fetchall()
    codes = {r[0] for r in rows}
    aliases = [
        (a, c)
        for a, c in con.execute("SELECT alias, area_code FROM area_alias").fetchall()
        if c in codes
    ]
    return AreaMatcher([Area(*r) for r in rows], aliases)


def find_area(con: duckdb.DuckDBPyConnection, text: str) -> AreaInfo:
    """The area named by a code (E08000002, 351) or a name in any usual spelling."""
    q = text.strip()
    sql = "SELECT area_code, name, level, old_la_code, region_code, status FROM area "
    row = con.execute(sql + "WHERE upper(area_code) = upper(?)", [q]).fetchone()
    if row is None and q.isdigit():
        row = con.execute(
            sql + "WHERE old_la_code = ? ORDER BY end_date IS NULL DESC, start_date DESC", [q]
        ).fetchone()
    if row is None:
        matcher = area_matcher(con)
        code = matcher.match(q)
        if code is None:
            raise UnknownArea(q, matcher.suggest(q))
        row = con.execute(sql + "WHERE area_code = ?", [code]).fetchone()
    assert row is not None
    info = AreaInfo(*row)
    if info.old_la_code and q.upper() != info.code:
        # Asked by name or DfE number: an LA that was recoded (Barnsley in 2025, Somerset in
        # 2023) is the code its latest loaded figures were published under.
        found = con.execute(_PUBLISHED_UNDER, [info.old_la_code]).fetchone()
        if found is not None:
            return AreaInfo(*found)
    return info


# An LA's codes with figures in the store: the latest release first, then the live code.
_PUBLISHED_UNDER = """
    SELECT a.area_code, a.name, a.level, a.old_la_code, a.region_code, a.status FROM area a
    JOIN (SELECT d.area_code, max(r.start_year) AS last FROM dim_area d
          JOIN source_file f USING (file_id) JOIN release r USING (release_id)
          WHERE d.level = 'local_authority' GROUP BY d.area_code) p USING (area_code)
    WHERE a.old_la_code = ? AND a.level = 'local_authority'
    ORDER BY p.last DESC, a.status = 'live' DESC, a.area_code LIMIT 1"""


def list_areas(con: duckdb.DuckDBPyConnection, level: str | None = None) -> list[AreaInfo]:
    """Areas with data in the store, England first, then regions, then LAs by name."""
    rows = con.execute(
        """SELECT a.area_code, a.name, a.level, a.old_la_code, a.region_code, a.status
           FROM area a WHERE (? IS NULL OR a.level = ?)
             AND a.area_code IN (SELECT DISTINCT area_code FROM observation)
           ORDER BY CASE a.level WHEN 'national' THEN 0 WHEN 'regional' THEN 1 ELSE 2 END,
                    a.name, a.area_code""",
        [level, level],
    ).fetchall()
    return [AreaInfo(*r) for r in rows]


def _source(release: str | None) -> tuple[str, list[Any]]:
    if release is None:
        return "latest", []
    # As in the ``latest`` view, one row per figure: a release can publish the same figure in
    # several files (national totals in clean_la_data, nat_summary and nat_char_prep), and the
    # file whose topic has the highest priority wins.
    return (
        "(SELECT o.*, r.name AS release FROM observation o "
        "JOIN release r USING (release_id) JOIN source_file f USING (file_id) WHERE r.name = ? "
        "QUALIFY row_number() OVER (PARTITION BY o.year, o.term, o.level, o.area_code, "
        "o.school_type, o.char_group, o.char_value, o.reason, o.band_kind, o.band, o.measure "
        "ORDER BY f.priority, o.file_id DESC) = 1)",
        [release],
    )


def _figure(row: tuple[Any, ...]) -> Figure:
    return Figure(*row)


_FIG_COLS = (
    "area_code, year, school_type, measure, value, symbol, value_text, release, "
    "(SELECT name FROM source_file f WHERE f.file_id = s.file_id), src_line, source_column"
)


def figures(
    con: duckdb.DuckDBPyConnection,
    area_code: str,
    *,
    measures: tuple[str, ...] = SHOW_MEASURES,
    year: int | None = None,
    release: str | None = None,
) -> list[Figure]:
    """Headline figures (all pupils, all reasons) for an area, from the latest release or one.

    Only rows of files without a band breakdown are headline figures: the Total band of a
    banded table (pupils by number of suspensions, by days excluded) repeats a headline count,
    sometimes with a different value, and must not stand in for it.
    """
    check_release(con, release)
    src, params = _source(release)
    marks = ", ".join("?" for _ in measures)
    rows = con.execute(
        f"""SELECT {_FIG_COLS} FROM {src} s
            WHERE area_code = ? AND char_group = 'total' AND reason = 'total'
              AND band_kind = 'none' AND band = 'total' AND term IS NULL
              AND measure IN ({marks})
              AND (? IS NULL OR year = ?)
            ORDER BY year, school_type, measure""",
        [*params, area_code, *measures, year, year],
    ).fetchall()
    return [_figure(r) for r in rows]


def show(
    con: duckdb.DuckDBPyConnection,
    area_code: str,
    *,
    year: int | None = None,
    release: str | None = None,
) -> list[PhaseYear]:
    """An area's counts and rates by year and phase, each with the release it came from."""
    table: dict[tuple[int, str], PhaseYear] = {}
    for f in figures(con, area_code, year=year, release=release):
        key = (f.year, f.school_type)
        table.setdefault(key, PhaseYear(f.year, f.school_type)).figures[f.measure] = f
    return sorted(table.values(), key=lambda p: (p.year, PHASE_ORDER.get(p.school_type, 9)))


def derived_rate(row: PhaseYear, rate: str) -> float | None:
    """A rate worked out from the count and headcount (per cent), or None if either is missing."""
    count, denominator = RATES[rate]
    c, d = row.figures.get(count), row.figures.get(denominator)
    if c is None or d is None or c.value is None or not d.value:
        return None
    return c.value / d.value * 100


def check_release(con: duckdb.DuckDBPyConnection, release: str | None) -> None:
    """Raise UnknownRelease unless the release is loaded (None means latest)."""
    if release is None:
        return
    names = [r[0] for r in con.execute("SELECT name FROM release ORDER BY start_year").fetchall()]
    if release not in names:
        raise UnknownRelease(
            f"no release {release!r} is loaded; loaded: {', '.join(names) or 'none'}"
        )
