"""The pupil characteristics and reasons pages: the facts (rate ratios, leading reasons) and
the full published table behind them, for an area and year.

Pupil characteristics are published only for England in the shared data, so the page says
whose figures it shows; reasons are published by LA up to 2016/17.

>>> page = characteristics(site, "England", year="2016/17", group="fsm")  # doctest: +SKIP
>>> page = reasons(site, "Bury", year="2016/17")                          # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from exclusions.errors import UnknownChoice, UnknownYear
from exclusions.explore.site import Site
from exclusions.facts.api import resolve_phase
from exclusions.facts.data import ENGLAND
from exclusions.facts.model import Fact
from exclusions.facts.profile import build_profile
from exclusions.store.queries import AreaInfo
from exclusions.vocab.characteristics import CHARACTERISTIC_GROUPS
from exclusions.vocab.reasons import REASONS
from exclusions.years import format_year, parse_year

__all__ = ["Row", "Topic", "characteristics", "reasons"]

COUNTS = ("perm_excl", "susp", "one_plus_susp")


@dataclass(frozen=True)
class Row:
    """One line of a published breakdown: its label and each measure's value or symbol."""

    code: str
    label: str
    values: dict[str, float | None]
    symbols: dict[str, str | None]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"code": self.code, "label": self.label, "values": self.values,
                "symbols": self.symbols}  # fmt: skip


@dataclass
class Topic:
    """A characteristics or reasons page."""

    topic: str  # "characteristics" or "reasons"
    area: AreaInfo
    data_area: AreaInfo  # whose figures the table shows (England for characteristics)
    year: int | None  # None when the area has no such breakdown at all
    phase: str
    years: list[int]
    facts: list[Fact]
    group: str | None = None
    groups: list[tuple[str, str]] = field(default_factory=list)  # (code, label)
    rows: list[Row] = field(default_factory=list)
    measures: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "topic": self.topic,
            "area": {"code": self.area.code, "name": self.area.name},
            "data_area": {"code": self.data_area.code, "name": self.data_area.name},
            "year": format_year(self.year) if self.year is not None else None,
            "phase": self.phase,
            "years": [format_year(y) for y in self.years],
            "group": self.group,
            "groups": [{"code": c, "label": n} for c, n in self.groups],
            "measures": list(self.measures),
            "rows": [r.to_dict() for r in self.rows],
            "facts": [f.to_dict() for f in self.facts],
        }


def _cell(row: tuple[object, ...]) -> tuple[float | None, str | None]:
    """A stored (value, symbol, ...) row as a number or None, and the symbol."""
    value, symbol = row[0], row[1]
    return (None if value is None else float(str(value)), None if symbol is None else str(symbol))


def _row(code: str, label: str, cells: dict[str, tuple[float | None, str | None]]) -> Row:
    return Row(code, label, {m: c[0] for m, c in cells.items()},
               {m: c[1] for m, c in cells.items()})  # fmt: skip


def _year(years: list[int], year: str | int | None) -> int | None:
    if not years:
        return None
    if year is None:
        return years[-1]
    y = year if isinstance(year, int) else parse_year(year)
    if y not in years:
        raise UnknownYear(
            str(year),
            f"a year with this breakdown ({format_year(years[0])} to {format_year(years[-1])})",
            [format_year(v) for v in sorted(years, key=lambda v: abs(v - y))[:3]],
        )
    return y


def _facts(site: Site, info: AreaInfo, year: int | None, phase: str, kind: str) -> list[Fact]:
    data = site.data
    if year is None or year not in data.years_by_area.get(info.code, ()):
        return []
    return build_profile(data, info, year, phase).of_kind(kind)


def characteristics(
    site: Site,
    area: str = "England",
    *,
    year: str | int | None = None,
    phase: str | None = None,
    group: str | None = None,
) -> Topic:
    """Rate ratios by pupil group for an area and year, and the published table of a group."""
    info = site.resolve(area)
    p = resolve_phase(phase)
    data = site.data
    source = info.code if any(k[0] == info.code for k in data.characteristics) else ENGLAND
    table: dict[tuple[str, str], dict[str, tuple[float | None, str | None]]] = defaultdict(dict)
    years = sorted({k[1] for k in data.characteristics if k[0] == source})
    y = _year(years, year)
    for (a, yr, ph, g, v, m), row in data.characteristics.items():
        if a == source and yr == y and ph == p:
            table[(g, v)][m] = _cell(row)
    groups = sorted({g for g, _ in table}, key=lambda g: list(CHARACTERISTIC_GROUPS).index(g)
                    if g in CHARACTERISTIC_GROUPS else 99)  # fmt: skip
    chosen = group or ("fsm" if "fsm" in groups else (groups[0] if groups else None))
    if group is not None and group not in groups:
        raise UnknownChoice("group", group, groups)
    labels = site.characteristic_labels
    rows = []
    for (g, v), measures in sorted(table.items()):
        if g != chosen:
            continue
        rows.append(_row(v, labels.get((g, v), v.replace("_", " ")), measures))
    return Topic(
        "characteristics", info, data.areas[source], y, p, years,
        _facts(site, info, y, p, "characteristic"), chosen,
        [(g, CHARACTERISTIC_GROUPS.get(g, g)) for g in groups], rows,
        ("headcount", *COUNTS),
    )  # fmt: skip


def reasons(
    site: Site, area: str = "England", *, year: str | int | None = None, phase: str | None = None
) -> Topic:
    """Every reason's count for an area and year, with the leading reasons as facts."""
    info = site.resolve(area)
    p = resolve_phase(phase)
    data = site.data
    years = sorted({k[1] for k in data.reasons if k[0] == info.code})
    y = _year(years, year)
    table: dict[str, dict[str, tuple[float | None, str | None]]] = defaultdict(dict)
    for (a, yr, ph, r, m), row in data.reasons.items():
        if a == info.code and yr == y and ph == p:
            table[r][m] = _cell(row)
    order = list(REASONS)
    ordered = sorted(table.items(), key=lambda t: order.index(t[0]) if t[0] in order else 99)
    rows = [_row(r, REASONS.get(r, r.replace("_", " ")), ms) for r, ms in ordered]
    return Topic(
        "reasons", info, info, y, p, years, _facts(site, info, y, p, "reason"),
        rows=rows, measures=("perm_excl", "susp"),
    )  # fmt: skip
