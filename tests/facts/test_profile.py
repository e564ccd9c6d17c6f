"""Every profile for every area, year and phase in the shared data: honest and well-formed."""

from __future__ import annotations

import json

import pytest

from exclusions.facts.context import COVID_YEARS
from exclusions.facts.data import FactData
from exclusions.facts.profile import build_profile
from exclusions.geography.reorganisations import breaks_between

PHASES = ("total", "primary", "secondary", "special")


def _suppressed_sources(data: FactData) -> set[tuple[str, str, int, str]]:
    rows = [*data.cells.values(), *data.characteristics.values(), *data.reasons.values()]
    return {(str(r[2]), str(r[3]), int(str(r[4])), str(r[5])) for r in rows if r[0] is None}


def _years_compared(detail: dict[str, object]) -> tuple[int, int] | None:
    a, b = detail.get("from_year"), detail.get("to_year")
    if isinstance(a, int) and isinstance(b, int):
        return min(a, b), max(a, b)
    return None


def test_every_profile_is_honest(fact_data: FactData) -> None:
    suppressed = _suppressed_sources(fact_data)
    areas = [a for a in fact_data.areas.values() if a.code in fact_data.years_by_area]
    checked = 0
    for area in areas:
        for year in fact_data.years_by_area[area.code]:
            for phase in PHASES:
                if phase not in fact_data.phases(area.code, year):
                    continue
                profile = build_profile(fact_data, area, year, phase)
                text = json.dumps(profile.to_dict(), allow_nan=False)  # no NaN or inf
                assert "NaN" not in text and "Infinity" not in text
                for fact in profile.facts:
                    for src in fact.provenance:
                        key = (src.release, src.file, src.line, src.column)
                        assert key not in suppressed, (area.name, year, phase, fact.kind, src)
                    span = _years_compared(fact.detail)
                    if span is None:
                        continue
                    kinds = {c.kind for c in fact.caveats}
                    lo, hi = span
                    if any(lo <= y <= hi for y in COVID_YEARS):
                        assert "covid" in kinds, (area.name, year, phase, fact.kind, span)
                    if area.old_la_code and breaks_between(area.old_la_code, lo, hi):
                        assert "series_break" in kinds, (area.name, year, phase, fact.kind, span)
                checked += 1
    assert checked > 8_000  # ~155 areas x 17 years x 4 phases


@pytest.mark.parametrize("name", ["England", "North West", "Bury", "Dorset"])
def test_profile_kinds_for_real_areas(fact_data: FactData, name: str) -> None:
    area = next(a for a in fact_data.areas.values() if a.name == name and a.status != "terminated")
    year = fact_data.years_by_area[area.code][-1]
    kinds = {f.kind for f in build_profile(fact_data, area, year).facts}
    assert {"level", "change", "history", "national_context"} <= kinds
    if area.level == "local_authority":
        assert {"rank", "versus_england", "versus_region", "funnel"} <= kinds


def test_area_without_figures_has_no_year(fact_data: FactData) -> None:
    # Barnsley's live code has no figures yet: no year, rather than England's years.
    from exclusions.errors import UnknownYear
    from exclusions.facts.api import resolve_year

    assert resolve_year(fact_data, None, "E08000016") == 2022
    with pytest.raises(UnknownYear, match=r"Barnsley \(E08000038\) has no figures"):
        resolve_year(fact_data, None, "E08000038")
    with pytest.raises(UnknownYear, match="has no figures"):
        resolve_year(fact_data, "2022/23", "E08000038")
