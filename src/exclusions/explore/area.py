"""The area page: its story with charts, every published figure by year and phase, and how
it compares with its region, England and its DfE statistical neighbours.

>>> page = area_page(site, "Bury", year="2022/23")         # doctest: +SKIP
>>> page.story.headline.text                               # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from exclusions.explore.figures import Figures, figures
from exclusions.explore.site import Site
from exclusions.facts.api import resolve_phase, resolve_year
from exclusions.facts.data import ENGLAND
from exclusions.facts.model import Fact
from exclusions.facts.profile import build_profile
from exclusions.store.queries import SHOW_MEASURES, AreaInfo, PhaseYear
from exclusions.story.compose import Story, compose_profile
from exclusions.story.render import to_json
from exclusions.vocab.symbols import symbol_meaning
from exclusions.years import format_year

__all__ = ["AreaPage", "area_csv", "area_figures", "area_page", "history"]

BENCHMARK_KINDS = ("versus_region", "versus_england", "versus_neighbours")


@dataclass
class AreaPage:
    """Everything on an area's page."""

    area: AreaInfo
    path: str
    year: int
    phase: str
    years: list[int]
    phases: list[str]
    story: Story
    history: list[PhaseYear]
    comparison: list[Figures]  # the area, its region, England, then its neighbours
    verdicts: list[Fact]  # the area against its region, England and neighbours

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the story with its facts, the tables and the comparisons."""
        return {
            "area": _area_dict(self.area, self.path),
            "year": format_year(self.year),
            "phase": self.phase,
            "years": [format_year(y) for y in self.years],
            "phases": self.phases,
            "story": json.loads(to_json(self.story)),
            "history": [_history_dict(row) for row in self.history],
            "comparison": [f.to_dict() for f in self.comparison],
            "verdicts": [f.to_dict() for f in self.verdicts],
        }


def _area_dict(info: AreaInfo, path: str) -> dict[str, Any]:
    return {
        "code": info.code,
        "name": info.name,
        "level": info.level,
        "old_la_code": info.old_la_code,
        "region_code": info.region_code,
        "path": path,
    }


def _history_dict(row: PhaseYear) -> dict[str, Any]:
    return {
        "year": format_year(row.year),
        "phase": row.school_type,
        "release": row.release,
        "figures": {
            m: {
                "value": f.value,
                "symbol": f.symbol,
                "text": f.text,
                "release": f.release,
                "file": f.file,
                "line": f.line,
                "column": f.column,
            }
            for m, f in row.figures.items()
        },
    }


def history(site: Site, info: AreaInfo) -> list[PhaseYear]:
    """Every headline figure published for the area, by year and phase, latest release."""
    with site.lock:
        return site.store.show(info.code)


def area_page(
    site: Site, area: str, *, year: str | int | None = None, phase: str | None = None
) -> AreaPage:
    """The area page for an area (slug, code or name), year (default latest) and phase."""
    info = site.resolve(area)
    data = site.data
    y = resolve_year(data, year, info.code)
    p = resolve_phase(phase)
    profile = build_profile(data, info, y, p)
    story = compose_profile(profile, data, charts=True, bounds=site.boundaries)
    rows = [figures(data, info.code, y, p, "area")]
    region = info.region_code if info.level != "national" else None
    if region and region in data.areas and y in data.years_by_area.get(region, ()):
        rows.append(figures(data, region, y, p, "region"))
    if info.level != "national":
        rows.append(figures(data, ENGLAND, y, p, "england"))
    for code in data.neighbours(info.code, y):
        if y in data.years_by_area.get(code, ()):
            rows.append(figures(data, code, y, p, "neighbour"))
    return AreaPage(
        area=info,
        path="/area/" + site.path_name(info),
        year=y,
        phase=p,
        years=data.years_by_area.get(info.code, []),
        phases=data.phases(info.code, y),
        story=story,
        history=history(site, info),
        comparison=rows,
        verdicts=[f for f in profile.facts if f.kind in BENCHMARK_KINDS],
    )


def area_figures(site: Site, area: str) -> dict[str, Any]:
    """Every headline figure for the area as JSON: the CSV download's twin."""
    info = site.resolve(area)
    return {
        "area": _area_dict(info, "/area/" + site.path_name(info)),
        "rows": [_history_dict(r) for r in history(site, info)],
    }


CSV_COLUMNS = (
    "area_code",
    "area_name",
    "old_la_code",
    "time_period",
    "school_type",
    "measure",
    "value",
    "symbol",
    "symbol_meaning",
    "release",
    "file",
    "line",
    "column",
)


def area_csv(site: Site, area: str) -> tuple[AreaInfo, str]:
    """Every headline figure for the area as tidy CSV, one row per published cell.

    A withheld figure has an empty value and its symbol, never 0; ``file``, ``line`` and
    ``column`` say where DfE published it.
    """
    info = site.resolve(area)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in history(site, info):
        for m in SHOW_MEASURES:
            f = row.figures.get(m)
            if f is None:
                continue
            writer.writerow(
                [
                    info.code,
                    info.name,
                    info.old_la_code or "",
                    format_year(row.year),
                    row.school_type,
                    m,
                    _exact(f.value),
                    f.symbol or "",
                    symbol_meaning(f.symbol) if f.symbol is not None else "",
                    f.release,
                    f.file,
                    f.line,
                    f.column,
                ]
            )
    return info, out.getvalue()


def _exact(value: float | None) -> str:
    """A stored number as DfE would print it: whole numbers without a decimal point."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
