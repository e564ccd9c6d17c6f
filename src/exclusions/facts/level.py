"""Level facts: how many, out of how many pupils, at what rate, and how each phase shares it."""

from __future__ import annotations

from collections.abc import Iterable

from exclusions.facts.context import COVID_YEARS, DENOMINATOR, EVENTS, RATE_OF, Context
from exclusions.facts.data import Key
from exclusions.facts.model import (
    BENCHMARK_INCLUDES_AREA,
    COVID,
    REVISED,
    Caveat,
    Fact,
    Source,
    Uncertainty,
)
from exclusions.stats import Estimate, proportion, rate
from exclusions.years import format_year

MEASURES = ("perm_excl", "susp", "one_plus_susp")
PHASES = ("primary", "secondary", "special")
CONFIDENCE = 0.95
SHOWN = 4  # revised figures named in a caveat
METHODS = {
    "garwood": "exact Poisson limits (Garwood)",
    "byar": "Poisson limits, Byar's approximation",
    "wilson": "Wilson score interval",
}


def estimate(measure: str, count: float, denominator: float, per: float = 100) -> Estimate:
    """The rate with its interval: Poisson for events, Wilson for pupils (a proportion)."""
    if EVENTS.get(measure, True):
        return rate(count, denominator, per, confidence=CONFIDENCE)
    return proportion(count, denominator, per, confidence=CONFIDENCE)


def keys(area: str, year: int, phase: str, measure: str) -> list[Key]:
    """The cells one usable value is built from: count, headcount and published rate."""
    return [
        (area, year, phase, measure),
        (area, year, phase, DENOMINATOR),
        (area, year, phase, RATE_OF.get(measure, measure)),
    ]


def caveats(
    ctx: Context,
    count: float | None,
    inputs: Iterable[Key],
    *,
    benchmark: str | None = None,
    rest: bool = True,
) -> list[Caveat]:
    """Small-number, revision, COVID and benchmark-overlap caveats for a fact's inputs.

    ``benchmark`` names a benchmark that includes the area; ``rest`` says the test took the
    area out of it (area against the rest), as ``compare_to_benchmark`` does.
    """
    out = ctx.small_number_caveat(count)
    revised: dict[tuple[str, str], list[str]] = {}
    for key in dict.fromkeys(inputs):
        found = ctx.data.revised.get(key)
        if found is not None:
            info = ctx.data.areas.get(key[0])
            label = f"{info.name if info else key[0]} {key[2]} {key[3]} {format_year(key[1])}"
            revised.setdefault(found, []).append(label)
    for (old, new), labels in revised.items():
        # A rank rests on every LA: name a few revised figures, count the rest.
        named = ", ".join(labels[:SHOWN])
        more = f" and {len(labels) - SHOWN} more" if len(labels) > SHOWN else ""
        out.append(
            Caveat(
                REVISED,
                f"revised since first published in the {old} release; the {new} release's "
                f"figures are used ({named}{more})",
            )
        )
    if ctx.year in COVID_YEARS:
        out.append(
            Caveat(
                COVID,
                f"{format_year(ctx.year)}: schools were closed to most pupils for part of the "
                "year, so figures are not comparable with other years",
            )
        )
    if benchmark is not None:
        text = f"{benchmark}'s figure includes {ctx.area.name}"
        if rest:
            text += f"; the test compares {ctx.area.name} with the rest of {benchmark}"
        out.append(Caveat(BENCHMARK_INCLUDES_AREA, text))
    return out


def interval(est: Estimate) -> Uncertainty:
    """The uncertainty of a rate, with the method named."""
    return Uncertainty(est.lower, est.upper, est.confidence, METHODS[est.method])


def _level(ctx: Context, measure: str) -> Fact | None:
    found = ctx.value(measure)
    if found is None:
        return None
    value, sources = found
    assert value.count is not None and value.denominator is not None
    try:
        est = estimate(measure, value.count, value.denominator)
    except ValueError:
        # A count above its headcount (pupils) cannot be a proportion: state nothing.
        return None
    detail: dict[str, object] = {
        "per_10000_lower": est.lower * 100,
        "per_10000_upper": est.upper * 100,
        "events": EVENTS.get(measure, True),
    }
    if value.published_rate is not None and value.rate is not None:
        detail["published_minus_computed"] = value.published_rate - value.rate
    return Fact(
        "level",
        ctx.subject(measure),
        value,
        uncertainty=interval(est),
        detail=detail,
        caveats=caveats(ctx, value.count, keys(ctx.area.code, ctx.year, ctx.phase, measure)),
        provenance=sources,
    )


def _phase_split(ctx: Context, measure: str) -> Fact | None:
    found = ctx.value(measure)
    if found is None:
        return None
    value, sources = found
    total = value.count
    if total is None or total <= 0:
        return None  # shares of nothing are undefined
    provenance: list[Source] = list(sources)
    inputs = keys(ctx.area.code, ctx.year, ctx.phase, measure)
    phases: list[dict[str, object]] = []
    skipped: list[str] = []
    summed = 0.0
    for phase in PHASES:
        part = ctx.value(measure, phase=phase)
        if part is None or part[0].count is None:
            skipped.append(phase)
            continue
        pv, psources = part
        assert pv.count is not None
        summed += pv.count
        if pv.count > total:
            # Phases rounded separately can exceed the total; a share over 100% is no share.
            skipped.append(phase)
            continue
        share = proportion(pv.count, total, confidence=CONFIDENCE)
        phases.append(
            {
                "phase": phase,
                "count": pv.count,
                "pupils": pv.denominator,
                "rate": pv.rate,
                "share": share.value,
                "lower": share.lower,
                "upper": share.upper,
            }
        )
        provenance.extend(psources)
        inputs.extend(keys(ctx.area.code, ctx.year, phase, measure))
    if not phases:
        return None
    detail: dict[str, object] = {
        "phases": [p["phase"] for p in phases],
        "shares": phases,
        "skipped": skipped,
        "sum_of_phases": summed,
        "method": METHODS["wilson"],
    }
    return Fact(
        "phase_split",
        ctx.subject(measure),
        value,
        detail=detail,
        caveats=caveats(ctx, total, inputs),
        provenance=provenance,
    )


def build(ctx: Context) -> list[Fact]:
    """Level facts for each measure, and the phase split when the phase is the total."""
    facts = [f for m in MEASURES if (f := _level(ctx, m)) is not None]
    if ctx.phase == "total":
        facts += [f for m in MEASURES if (f := _phase_split(ctx, m)) is not None]
    return facts
