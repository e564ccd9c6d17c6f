"""A profile: every fact for one area, year and phase, in the order a reader wants them."""

from __future__ import annotations

from collections.abc import Callable

from exclusions.facts import (
    benchmarks,
    change,
    characteristics,
    funnel,
    history,
    level,
    national,
    rank,
    reasons,
)
from exclusions.facts.context import Context
from exclusions.facts.data import FactData
from exclusions.facts.model import Fact, Profile, Subject
from exclusions.store.queries import AreaInfo
from exclusions.vocab.symbols import symbol_meaning
from exclusions.years import format_year

# Builders in the order facts are listed; each returns facts for all three measures.
BUILDERS: tuple[Callable[[Context], list[Fact]], ...] = (
    level.build,
    rank.build,
    benchmarks.build,
    funnel.build,
    change.build,
    history.build,
    national.build,
    characteristics.build,
    reasons.build,
)


def build_profile(data: FactData, area: AreaInfo, year: int, phase: str = "total") -> Profile:
    """Every fact for an area, year and phase; withheld figures are listed in ``notes``."""
    ctx = Context(data, area, year, phase)
    profile = Profile(Subject(area.code, area.name, area.level, year, phase, "all"))
    for builder in BUILDERS:
        profile.facts.extend(builder(ctx))
    seen = set()
    for w in ctx.withheld:
        key = (w.year, w.phase, w.measure)
        if key in seen or w.year != year:
            continue
        seen.add(key)
        why = symbol_meaning(w.symbol) if w.symbol else "not published"
        where = f" ({w.source})" if w.source else ""
        profile.notes.append(
            f"{w.measure} for {w.phase} in {format_year(w.year)} was withheld: {why}{where}"
        )
    return profile
