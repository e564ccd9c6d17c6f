"""The home page: England's headline figures for the latest year, a map of every LA's rate,
and the LAs whose rate moved most since the year before.

>>> page = home(site, "susp")                               # doctest: +SKIP
>>> page.movers[0].name                                     # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from exclusions.errors import UnknownChoice
from exclusions.explore.site import Site
from exclusions.facts import change
from exclusions.facts.api import resolve_year
from exclusions.facts.context import Context
from exclusions.facts.data import ENGLAND
from exclusions.facts.model import Fact
from exclusions.facts.profile import build_profile
from exclusions.story.compose import StoryChart
from exclusions.years import format_year

__all__ = ["MAP_MEASURES", "Home", "Mover", "home", "movers"]

MAP_MEASURES = ("perm_excl", "susp")
MOVERS = 5  # rises and falls listed


@dataclass(frozen=True)
class Mover:
    """An LA whose rate changed significantly since the previous year."""

    code: str
    name: str
    path: str
    fact: Fact  # the change fact: from and to values, interval, verdict

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"code": self.code, "name": self.name, "path": self.path} | {
            "change": self.fact.to_dict()
        }


@dataclass
class Home:
    """What the home page shows."""

    year: int
    measure: str
    england: list[Fact]  # level facts, one per measure
    changes: list[Fact]  # England's change on the previous year, one per measure
    map: StoryChart
    rises: list[Mover] = field(default_factory=list)
    falls: list[Mover] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; the map is named and described, its SVG left to the page."""
        return {
            "year": format_year(self.year),
            "measure": self.measure,
            "england": [f.to_dict() for f in self.england],
            "changes": [f.to_dict() for f in self.changes],
            "map": {"name": self.map.name, "alt": self.map.alt},
            "rises": [m.to_dict() for m in self.rises],
            "falls": [m.to_dict() for m in self.falls],
        }


def _previous_year(facts: list[Fact], measure: str) -> Fact | None:
    for f in facts:
        if (
            f.kind == "change"
            and f.subject.measure == measure
            and f.detail.get("versus") == "previous_year"
        ):
            return f
    return None


def movers(site: Site, year: int, measure: str) -> tuple[list[Mover], list[Mover]]:
    """The LAs with the largest significant rises and falls in rate on the previous year."""
    key = ("movers", site.version, year, measure)
    found = site.memo.get(key)
    if found is None:
        data = site.data
        changed: list[Mover] = []
        for code in data.local_authorities(year):
            info = data.areas[code]
            # Only the change facts are needed: the profile's own builder, without the rest.
            f = _previous_year(change.build(Context(data, info, year, "total")), measure)
            if f is not None and f.uncertainty and f.uncertainty.verdict in ("up", "down"):
                changed.append(Mover(code, info.name, "/area/" + site.path_name(info), f))
        changed.sort(key=lambda m: -abs(float(m.fact.detail.get("rate_change_pp") or 0)))
        rises = [m for m in changed if m.fact.detail.get("rate_change_pp", 0) > 0][:MOVERS]
        falls = [m for m in changed if m.fact.detail.get("rate_change_pp", 0) < 0][:MOVERS]
        found = site.memo[key] = (rises, falls)
    return found  # type: ignore[return-value]


def home(site: Site, measure: str = "perm_excl", year: str | int | None = None) -> Home:
    """The home page for a map measure (permanent exclusions or suspensions)."""
    from exclusions.story.charts import alt_text, england_map, to_svg

    if measure not in MAP_MEASURES:
        raise UnknownChoice("measure", measure, list(MAP_MEASURES))
    data = site.data
    y = resolve_year(data, year, ENGLAND)
    p = build_profile(data, data.areas[ENGLAND], y, "total")
    england = [f for f in p.facts if f.kind == "level"]
    changes = [
        c for m in ("perm_excl", "susp", "one_plus_susp") if (c := _previous_year(p.facts, m))
    ]
    chart = england_map(data, site.boundaries, y, measure)
    rises, falls = movers(site, y, measure)
    return Home(
        y, measure, england, changes, StoryChart("england-map", to_svg(chart), alt_text(chart)),
        rises, falls,
    )  # fmt: skip
