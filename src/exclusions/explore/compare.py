"""The compare page: two to five areas side by side over every year.

>>> page = compare(site, ["Bury", "Bolton"], "susp")        # doctest: +SKIP
>>> [f.name for f in page.years[-1][1]]                     # doctest: +SKIP
['Bury', 'Bolton']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exclusions.errors import ExclusionsError, UnknownChoice
from exclusions.explore.figures import COUNTS, Figures, figures
from exclusions.explore.site import Site
from exclusions.facts.api import resolve_phase
from exclusions.store.queries import AreaInfo
from exclusions.story.compose import StoryChart
from exclusions.vocab.measures import canonical_measure
from exclusions.years import format_year

__all__ = ["MAX_AREAS", "MIN_AREAS", "BadAreaCount", "Compare", "compare"]

MIN_AREAS, MAX_AREAS = 2, 5


class BadAreaCount(ExclusionsError):
    """Compare needs two to five distinct areas."""

    def __init__(self, given: int) -> None:
        self.given = given
        super().__init__(f"compare needs {MIN_AREAS} to {MAX_AREAS} different areas; got {given}")


@dataclass
class Compare:
    """Areas' figures by year for one phase, and a chart of one measure's rate."""

    areas: list[AreaInfo]
    paths: list[str]
    measure: str
    phase: str
    years: list[tuple[int, list[Figures]]]  # newest first
    chart: StoryChart

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "areas": [
                {"code": a.code, "name": a.name, "level": a.level, "path": p}
                for a, p in zip(self.areas, self.paths, strict=True)
            ],
            "measure": self.measure,
            "phase": self.phase,
            "years": [
                {"year": format_year(y), "areas": [f.to_dict() for f in row]}
                for y, row in self.years
            ],
            "chart": {"name": self.chart.name, "alt": self.chart.alt},
        }


def compare(
    site: Site, areas: list[str], measure: str = "perm_excl", phase: str | None = None
) -> Compare:
    """Two to five areas (names, slugs or codes) compared year by year."""
    from exclusions.story.charts import alt_text, to_svg
    from exclusions.story.charts.compare import compare_over_time

    m = canonical_measure(measure)
    if m not in COUNTS:
        raise UnknownChoice("measure", measure, list(COUNTS))
    p = resolve_phase(phase)
    infos: list[AreaInfo] = []
    for text in areas:
        info = site.resolve(text)
        if info not in infos:
            infos.append(info)
    if not MIN_AREAS <= len(infos) <= MAX_AREAS:
        raise BadAreaCount(len(infos))
    data = site.data
    years = sorted({y for a in infos for y in data.years_by_area.get(a.code, ())}, reverse=True)
    # Every area in every column, so an area with no figure that year shows why.
    table = [(y, [figures(data, a.code, y, p) for a in infos]) for y in years]
    chart = compare_over_time(data, [a.code for a in infos], m, p)
    return Compare(
        infos,
        ["/area/" + site.path_name(a) for a in infos],
        m,
        p,
        table,
        StoryChart("compare", to_svg(chart), alt_text(chart)),
    )
