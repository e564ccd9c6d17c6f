"""Everything the facts engine reads, pulled from the store once and kept in memory.

One query fetches every headline figure (about 100,000 cells for the shared data), so a
profile is pure Python over dictionaries: fast enough for every LA in a year in well under
a second, and the same numbers for the story, the web app and users' scripts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

from exclusions.facts.model import Source
from exclusions.store.queries import AreaInfo

if TYPE_CHECKING:
    from exclusions.facts.context import Figure

COUNTS = ("perm_excl", "susp", "one_plus_susp")
AREA_LEVELS = ("national", "regional", "local_authority")
ENGLAND = "E92000001"


@dataclass(frozen=True)
class Cell:
    """One published figure: its value or symbol, and where it was published."""

    value: float | None
    symbol: str | None
    source: Source

    @property
    def missing(self) -> bool:
        return self.value is None


Key = tuple[str, int, str, str]  # area_code, year, phase, measure
Row = tuple[object, ...]  # value, symbol, release, file, line, column, text


@dataclass
class FactData:
    """Headline figures, breakdowns and geography for every area and year in the store."""

    areas: dict[str, AreaInfo] = field(default_factory=dict)
    # Rows are kept as the tuples DuckDB returns; a Cell is built only when asked for.
    cells: dict[Key, Row] = field(default_factory=dict)
    # (area, year, phase, group, value, measure) for pupil characteristics
    characteristics: dict[tuple[str, int, str, str, str, str], Row] = field(default_factory=dict)
    # (area, year, phase, reason, measure) for reasons
    reasons: dict[tuple[str, int, str, str, str], Row] = field(default_factory=dict)
    # DfE's 3-digit LA code -> its statistical neighbours' 3-digit codes, in rank order
    neighbour_pools: dict[str, list[str]] = field(default_factory=dict)
    # 3-digit LA code -> every area code it has had, the live one first
    codes_by_old: dict[str, list[str]] = field(default_factory=dict)
    years_by_area: dict[str, list[int]] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)
    revised: dict[Key, tuple[str, str]] = field(default_factory=dict)  # -> (old, new) release
    version: str = ""
    # Results worth keeping between profiles (rank intervals per measure, year and phase).
    cache: dict[object, object] = field(default_factory=dict)
    _built: dict[Key, Cell] = field(default_factory=dict, init=False, repr=False)
    # Usable figures, worked out once: a profile asks for the same figure from several
    # builders, and a year's profiles for England's, the regions' and the neighbours' figures
    # again and again (see Context.figure).
    figures: dict[Key, Figure] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> FactData:
        """Read every headline figure, breakdown and neighbour list from the store."""
        data = cls()
        rows = con.execute(
            """SELECT area_code, name, level, old_la_code, region_code, status FROM area
               WHERE level IN ('national', 'regional', 'local_authority')"""
        ).fetchall()
        data.areas = {r[0]: AreaInfo(*r) for r in rows}
        years: dict[str, set[int]] = defaultdict(set)
        rows = con.execute(
            """SELECT area_code, year, school_type, char_group, char_value, reason, measure,
                      value, symbol, release, file, src_line, source_column, value_text
               FROM fact_cell"""
        ).fetchall()
        for area, year, phase, group, cvalue, reason, measure, *rest in rows:
            row = tuple(rest)
            if group == "total" and reason == "total":
                data.cells[(area, year, phase, measure)] = row
                years[area].add(year)
            elif reason == "total":
                data.characteristics[(area, year, phase, group, cvalue, measure)] = row
            elif measure in ("perm_excl", "susp"):
                data.reasons[(area, year, phase, reason, measure)] = row
        for area, year, phase, measure, old, new in con.execute(
            "SELECT area_code, year, school_type, measure, old_release, release FROM fact_revision"
        ).fetchall():
            data.revised[(area, year, phase, measure)] = (old, new)
        data.years_by_area = {a: sorted(ys) for a, ys in years.items()}
        data.years = sorted({y for ys in years.values() for y in ys})
        data.neighbour_pools = _neighbour_pools(con)
        data.codes_by_old = _codes_by_old(data.areas)
        found = con.execute(
            "SELECT string_agg(sha256, ',' ORDER BY file_id) FROM source_file"
        ).fetchone()
        data.version = str(found[0]) if found else ""
        return data

    @staticmethod
    def to_cell(row: Row) -> Cell:
        """Build a Cell from a stored row (of ``cells``, ``characteristics`` or ``reasons``)."""
        return to_cell(row)

    def get(self, area: str, year: int, phase: str, measure: str) -> Cell | None:
        """One headline cell, or None if not published."""
        key = (area, year, phase, measure)
        cell = self._built.get(key)
        if cell is None:
            row = self.cells.get(key)
            if row is None:
                return None
            cell = self._built[key] = to_cell(row)
        return cell

    def value(self, area: str, year: int, phase: str, measure: str) -> float | None:
        """A headline value, or None if missing or suppressed."""
        row = self.cells.get((area, year, phase, measure))
        return None if row is None or row[0] is None else number(row[0])

    def neighbours(self, area: str, year: int) -> list[str]:
        """An LA's statistical neighbours in rank order, each under its code in that year.

        The neighbour model lists DfE's 3-digit codes. An LA that kept its boundary but
        changed its 9-character code (Barnsley and Sheffield in 2024, Somerset and North
        Yorkshire becoming unitary in 2023) publishes each year under the code of the day:
        a neighbour is the code with figures that year, else its live code.

        Example: ``data.neighbours("E08000002", 2022)[:1] == ["E10000017"]`` (Bury: Lancashire)
        """
        info = self.areas.get(area)
        if info is None or info.level != "local_authority" or not info.old_la_code:
            return []
        out = []
        for old in self.neighbour_pools.get(info.old_la_code, []):
            codes = self.codes_by_old.get(old)
            if codes:
                had = [c for c in codes if year in self.years_by_area.get(c, ())]
                out.append(had[0] if had else codes[0])
        return out

    def local_authorities(self, year: int) -> list[str]:
        """LA codes with any figure in that year."""
        return sorted(
            a
            for a, info in self.areas.items()
            if info.level == "local_authority" and year in self.years_by_area.get(a, ())
        )

    def phases(self, area: str, year: int) -> list[str]:
        """School types with figures for an area and year, total first."""
        index = self.cache.get("phases")
        if not isinstance(index, dict):
            built: dict[tuple[str, int], set[str]] = defaultdict(set)
            for a, y, p, _ in self.cells:
                built[(a, y)].add(p)
            index = self.cache["phases"] = built
        found = index.get((area, year), set())
        order = {"total": 0, "primary": 1, "secondary": 2, "special": 3}
        return sorted(found, key=lambda p: (order.get(p, 9), p))


def to_cell(row: Row) -> Cell:
    """Build a Cell from a stored row."""
    value, symbol = row[0], row[1]
    return Cell(
        None if value is None else number(value),
        None if symbol is None else str(symbol),
        source_of(row),
    )


def number(value: object) -> float:
    """A stored value as a float (DuckDB gives floats; anything else goes through its text)."""
    return value if type(value) is float else float(str(value))


def as_published(value: float) -> str:
    """A count in a caveat's text: every digit, never rounded, never in exponent form.

    >>> as_published(1234567.0), as_published(659.079)
    ('1,234,567', '659.079')
    """
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def source_of(row: Row) -> Source:
    """Where a stored row's figure was published."""
    _, _, release, file, line, column, text = row
    return Source(str(release), str(file), line if type(line) is int else int(str(line)),
                  str(column), None if text is None else str(text))  # fmt: skip


def _neighbour_pools(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = defaultdict(list)
    rows = con.execute(
        "SELECT old_la_code, neighbour_old_code FROM neighbour ORDER BY old_la_code, rank"
    ).fetchall()
    for la, nb in rows:
        pools[str(la)].append(str(nb))
    return dict(pools)


def _codes_by_old(areas: dict[str, AreaInfo]) -> dict[str, list[str]]:
    codes: dict[str, list[str]] = defaultdict(list)
    for code, info in sorted(areas.items(), key=lambda a: (a[1].status != "live", a[0])):
        if info.level == "local_authority" and info.old_la_code:
            codes[info.old_la_code].append(code)
    return dict(codes)
