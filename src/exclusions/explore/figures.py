"""One area's headline figures for a year and phase, as the explorer's tables show them.

A rate here is the count over the headcount, as the facts engine computes it; a withheld
count keeps its symbol and has no rate, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from exclusions.facts.data import FactData
from exclusions.vocab.symbols import symbol_meaning

__all__ = ["COUNTS", "Figures", "Measure", "figures"]

COUNTS = ("perm_excl", "susp", "one_plus_susp")


@dataclass(frozen=True)
class Measure:
    """A count and its rate (per cent of pupils), or the symbol published instead."""

    count: float | None
    rate: float | None
    symbol: str | None = None

    @property
    def withheld(self) -> str | None:
        """What the symbol means, when the count was not published."""
        if self.count is not None:
            return None
        return symbol_meaning(self.symbol) if self.symbol is not None else "not published"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "count": self.count,
            "rate": self.rate,
            "symbol": self.symbol,
            "withheld": self.withheld,
        }


@dataclass(frozen=True)
class Figures:
    """An area's pupils and its three counts with rates, for one year and phase."""

    code: str
    name: str
    role: str  # "area", "region", "england", "neighbour", or "" in a plain list
    year: int
    phase: str
    pupils: float | None
    measures: dict[str, Measure] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "code": self.code,
            "name": self.name,
            "role": self.role,
            "year": self.year,
            "phase": self.phase,
            "pupils": self.pupils,
            "measures": {m: v.to_dict() for m, v in self.measures.items()},
        }


def figures(data: FactData, code: str, year: int, phase: str, role: str = "") -> Figures:
    """Pupils, counts and rates for an area, year and phase from the facts data."""
    pupils = data.value(code, year, phase, "headcount")
    measures: dict[str, Measure] = {}
    for m in COUNTS:
        count = data.value(code, year, phase, m)
        cell = data.get(code, year, phase, m)
        rate = None
        if count is not None and pupils:
            rate = count / pupils * 100
        elif count is not None:
            rate = data.value(code, year, phase, f"{m}_rate")
        measures[m] = Measure(count, rate, cell.symbol if cell is not None else None)
    info = data.areas[code]
    return Figures(code, info.name, role, year, phase, pupils, measures)
