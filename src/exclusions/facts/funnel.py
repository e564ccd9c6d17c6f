"""Funnel facts: where an LA's rate lies against England's, given how many pupils it has."""

from __future__ import annotations

from dataclasses import dataclass

from exclusions.facts.context import EVENTS, Context
from exclusions.facts.data import ENGLAND, FactData
from exclusions.facts.level import MEASURES, caveats, keys
from exclusions.facts.model import Comparison, Fact, Uncertainty
from exclusions.stats import (
    FunnelKind,
    FunnelLimits,
    funnel_flag,
    funnel_limits,
    funnel_limits_many,
)

METHOD = "Spiegelhalter's exact funnel limits around England's rate ({kind})"


@dataclass(frozen=True)
class Position:
    """An LA's place on the funnel: the limits for its headcount and the flag."""

    limits: FunnelLimits
    flag: str


def kind_of(measure: str) -> FunnelKind:
    """Events (exclusions) sit on a Poisson funnel; pupils (a proportion) on a binomial one."""
    return "poisson" if EVENTS.get(measure, True) else "binomial"


def _usable(data: FactData, area: str, year: int, phase: str, measure: str) -> tuple[float, float]:
    count = data.value(area, year, phase, measure)
    pupils = data.value(area, year, phase, "headcount")
    if count is None or pupils is None or pupils <= 0:
        raise ValueError("no usable count and headcount")
    return count, pupils


def position(data: FactData, area: str, year: int, phase: str, measure: str) -> Position | None:
    """The LA's funnel position against England, memoised on the data; None if not usable."""
    # The league table and every profile of the year ask for the same exact quantiles: work
    # them out once per measure, year and phase, for every LA at once.
    key = ("funnel", measure, year, phase)
    memo = data.cache.get(key)
    if not isinstance(memo, dict):
        memo = data.cache[key] = _positions(data, year, phase, measure)
    if area not in memo:
        memo[area] = _position(data, area, year, phase, measure)
    found: Position | None = memo[area]
    return found


def _position(data: FactData, area: str, year: int, phase: str, measure: str) -> Position | None:
    try:
        count, pupils = _usable(data, area, year, phase, measure)
        total, everyone = _usable(data, ENGLAND, year, phase, measure)
        target = total / everyone * 100
        kind = kind_of(measure)
        return Position(
            funnel_limits(pupils, target, kind=kind),
            funnel_flag(count, pupils, target, kind=kind),
        )
    except ValueError:
        # England missing, a target of 0, or a fractional headcount on a binomial funnel.
        return None


def _positions(data: FactData, year: int, phase: str, measure: str) -> dict[str, Position | None]:
    """Every LA's position in the year, the limits worked out together (see _position)."""
    try:
        total, everyone = _usable(data, ENGLAND, year, phase, measure)
        usable = {}
        for code in data.local_authorities(year):
            try:
                usable[code] = _usable(data, code, year, phase, measure)
            except ValueError:
                continue
        target = total / everyone * 100
        kind = kind_of(measure)
        limits = funnel_limits_many([p for _, p in usable.values()], target, kind=kind)
        flags = [funnel_flag(c, p, target, kind=kind) for c, p in usable.values()]
    except ValueError:
        return {}  # England missing, or an LA's figures out of range: one area at a time
    return {c: Position(lim, flag) for c, lim, flag in zip(usable, limits, flags, strict=True)}


def _funnel(ctx: Context, measure: str) -> Fact | None:
    found = ctx.value(measure)
    england = ctx.value(measure, area=ENGLAND, note=False)
    if found is None or england is None:
        return None
    pos = position(ctx.data, ctx.area.code, ctx.year, ctx.phase, measure)
    if pos is None:
        return None
    (value, sources), (evalue, esources) = found, england
    lim = pos.limits
    ratio = None
    difference = None
    if value.rate is not None and evalue.rate:
        ratio = value.rate / evalue.rate
        difference = value.rate - evalue.rate
    inputs = keys(ctx.area.code, ctx.year, ctx.phase, measure)
    inputs += keys(ENGLAND, ctx.year, ctx.phase, measure)
    return Fact(
        "funnel",
        ctx.subject(measure),
        value,
        comparison=Comparison("England", ENGLAND, evalue, ratio=ratio, difference=difference),
        uncertainty=Uncertainty(
            confidence=0.998,
            method=METHOD.format(kind=lim.kind),
            test="funnel plot",
            verdict=pos.flag,
        ),
        detail={
            "flag": pos.flag,
            "kind": lim.kind,
            "target": lim.target,
            "denominator": lim.denominator,
            "lower_95": lim.lower_95,
            "upper_95": lim.upper_95,
            "lower_998": lim.lower_998,
            "upper_998": lim.upper_998,
        },
        caveats=caveats(ctx, value.count, inputs, benchmark="England", rest=False),
        provenance=[*sources, *esources],
    )


def build(ctx: Context) -> list[Fact]:
    """Funnel facts for an LA, one per measure."""
    if ctx.area.level != "local_authority":
        return []
    return [f for m in MEASURES if (f := _funnel(ctx, m)) is not None]
