"""The facts API: ``profile`` and ``rank``, exported as ``exclusions.profile`` and
``exclusions.rank``.

>>> from exclusions import Store, profile, rank
>>> with Store() as store:                                  # doctest: +SKIP
...     p = profile(store, "Bury", year="2022/23")
...     table = rank(store, "perm_excl", year="2022/23")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exclusions.errors import UnknownChoice, UnknownYear
from exclusions.facts.data import FactData
from exclusions.facts.model import Profile
from exclusions.years import format_year, parse_year

if TYPE_CHECKING:
    from exclusions.facts.rank import LeagueRow
    from exclusions.store import Store

__all__ = ["fact_data", "profile", "rank"]

PHASES = ("total", "primary", "secondary", "special")
RANK_MEASURES = ("perm_excl", "susp", "one_plus_susp")


def fact_data(store: Store) -> FactData:
    """The store's facts data, loaded once per store and reloaded when its files change."""
    cached = getattr(store, "_fact_data", None)
    version = store.sql("SELECT string_agg(sha256, ',' ORDER BY file_id) FROM source_file")
    current = str(version[0][0]) if version else ""
    if isinstance(cached, FactData) and cached.version == current:
        return cached
    data = FactData.load(store.con)
    store._fact_data = data  # type: ignore[attr-defined]
    return data


def resolve_year(data: FactData, year: str | int | None, area: str | None = None) -> int:
    """The start year asked for, or the latest with data; UnknownYear names the nearest."""
    years = data.years_by_area.get(area, []) if area else data.years
    if not years:
        what = "nothing is loaded yet"
        if area:
            info = data.areas.get(area)
            what = f"{info.name if info else area} ({area}) has no figures in the store"
        raise UnknownYear("latest" if year is None else str(year), f"a year with data: {what}")
    if year is None:
        return years[-1]
    # An int is a start year (2022 for 2022/23); text is parsed in any of DfE's forms.
    y = year if isinstance(year, int) else parse_year(year)
    if y not in years:
        nearest = sorted(years, key=lambda v: abs(v - y))[:3]
        raise UnknownYear(
            str(year),
            f"a year with data for this area ({format_year(years[0])} to {format_year(years[-1])})",
            [format_year(v) for v in nearest],
        )
    return y


def resolve_phase(phase: str | None) -> str:
    """A canonical phase code from user input (``secondary``, ``State-funded secondary``)."""
    from exclusions.vocab.school_types import canonical_school_type

    if phase is None:
        return "total"
    code = canonical_school_type(phase)
    if code not in PHASES:
        raise UnknownChoice("phase", phase, list(PHASES))
    return code


def profile(
    store: Store, area: str, *, year: str | int | None = None, phase: str | None = None
) -> Profile:
    """Every fact for an area (LA, region or England), year (default latest) and phase."""
    from exclusions.facts.profile import build_profile

    data = fact_data(store)
    info = store.area(area)
    return build_profile(data, info, resolve_year(data, year, info.code), resolve_phase(phase))


def rank(
    store: Store, measure: str, *, year: str | int | None = None, phase: str | None = None
) -> list[LeagueRow]:
    """The league table of all LAs for a measure, year (default latest) and phase."""
    from exclusions.facts.rank import league_table
    from exclusions.vocab.measures import canonical_measure

    m = canonical_measure(measure)
    if m not in RANK_MEASURES:
        raise UnknownChoice("measure", measure, list(RANK_MEASURES))
    data = fact_data(store)
    return league_table(data, m, resolve_year(data, year), resolve_phase(phase))
