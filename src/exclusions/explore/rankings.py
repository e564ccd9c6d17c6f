"""The rankings page: every LA's rate for a measure, year and phase, sortable and filterable.

>>> page = rankings(site, "perm_excl", year="2022/23", sort="name")   # doctest: +SKIP
>>> page.rows[0].name                                                 # doctest: +SKIP
'Barking and Dagenham'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from exclusions.errors import UnknownChoice
from exclusions.explore.site import Site, slug
from exclusions.facts.api import RANK_MEASURES, resolve_phase, resolve_year
from exclusions.facts.rank import METHOD, LeagueRow, league_table
from exclusions.vocab.measures import canonical_measure
from exclusions.years import format_year

__all__ = ["SORTS", "Rankings", "rankings"]

# Sort keys a user may ask for; rows without a value (withheld) always come last.
SORTS = ("rank", "name", "count", "pupils", "rate", "region")
ORDERS = ("asc", "desc")


@dataclass
class Rankings:
    """A league table as the page shows it."""

    measure: str
    year: int
    phase: str
    sort: str
    order: str
    region: str | None
    years: list[int]
    regions: list[tuple[str, str]]  # (code, name)
    rows: list[LeagueRow]
    of_n: int
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "measure": self.measure,
            "year": format_year(self.year),
            "phase": self.phase,
            "sort": self.sort,
            "order": self.order,
            "region": self.region,
            "years": [format_year(y) for y in self.years],
            "regions": [{"code": c, "name": n} for c, n in self.regions],
            "of_n": self.of_n,
            "method": self.method,
            "rows": [asdict(r) for r in self.rows],
        }


def _key(sort: str, region_names: dict[str, str]) -> Any:
    def key(r: LeagueRow) -> Any:
        return {
            "rank": r.rank,
            "name": r.name,
            "count": r.count,
            "pupils": r.denominator,
            "rate": r.rate,
            "region": region_names.get(r.region_code or "", ""),
        }[sort]

    return key


def rankings(
    site: Site,
    measure: str = "perm_excl",
    *,
    year: str | int | None = None,
    phase: str | None = None,
    sort: str = "rank",
    order: str | None = None,
    region: str | None = None,
) -> Rankings:
    """The league table of all LAs (or one region's), sorted as asked."""
    m = canonical_measure(measure)
    if m not in RANK_MEASURES:
        raise UnknownChoice("measure", measure, list(RANK_MEASURES))
    if sort not in SORTS:
        raise UnknownChoice("sort", sort, list(SORTS))
    # Names and ranks read best from the top; counts and rates highest first.
    order = order or ("asc" if sort in ("rank", "name", "region") else "desc")
    if order not in ORDERS:
        raise UnknownChoice("order", order, list(ORDERS))
    data = site.data
    y = resolve_year(data, year)
    p = resolve_phase(phase)
    rows = league_table(data, m, y, p)
    # Regions with LAs in the table: London counts though DfE reports it in two halves.
    in_table = {r.region_code for r in rows}
    regions = sorted(
        ((c, a.name) for c, a in data.areas.items() if a.level == "regional" and c in in_table),
        key=lambda r: r[1],
    )
    region_code = None
    if region:
        wanted = slug(region)
        region_code = next((c for c, n in regions if wanted in (slug(n), c.lower())), None)
        if region_code is None:
            raise UnknownChoice("region", region, [n for _, n in regions])
        rows = [r for r in rows if r.region_code == region_code]
    key = _key(sort, dict(regions))
    known = sorted((r for r in rows if key(r) is not None), key=key, reverse=order == "desc")
    rows = known + [r for r in rows if key(r) is None]
    years = [v for v in data.years if data.local_authorities(v)]
    n = rows[0].of_n if rows else 0
    return Rankings(m, y, p, sort, order, region_code, years, regions, rows, n)
