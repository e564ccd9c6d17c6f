"""Benchmark facts: the area against England, its region and its statistical neighbours.

``comparison.ratio`` and ``difference`` set the area against the benchmark as published. The
uncertainty (rate-ratio interval, exact test, verdict) sets it against the rest of England or
of its region, the area taken out, because a test against a total that holds the area is
conservative; the neighbours' pooled rate never holds the area, so it is tested as it is.
"""

from __future__ import annotations

from dataclasses import replace

from exclusions.facts.context import Context
from exclusions.facts.data import ENGLAND, Key
from exclusions.facts.level import CONFIDENCE, MEASURES, caveats, keys
from exclusions.facts.model import Comparison, Fact, Source, Uncertainty, Value
from exclusions.stats import Ratio, compare_to_benchmark, rank_of, rate_ratio

REST_METHOD = "rate ratio against the rest of {b} (the area taken out); {m}"
NEIGHBOUR_METHOD = "rate ratio against the neighbours' pooled rate; {m}"


def _uncertainty(r: Ratio, method: str) -> Uncertainty:
    return Uncertainty(
        r.lower, r.upper, r.confidence, method, "exact conditional binomial", r.p_value, r.verdict
    )


def _comparison(name: str, code: str | None, area: Value, bench: Value) -> Comparison:
    ratio = None
    difference = None
    if area.rate is not None and bench.rate is not None:
        difference = area.rate - bench.rate  # percentage points
        ratio = area.rate / bench.rate if bench.rate > 0 else None
    return Comparison(name, code, bench, ratio=ratio, difference=difference)


def _versus(ctx: Context, kind: str, measure: str, bench_code: str | None) -> Fact | None:
    """The area against a benchmark that contains it (England, or the LA's region)."""
    if bench_code is None or bench_code == ctx.area.code:
        return None
    found = ctx.value(measure)
    bench = ctx.value(measure, area=bench_code, note=False)
    if found is None or bench is None:
        return None
    (value, sources), (bvalue, bsources) = found, bench
    assert value.count is not None and value.denominator is not None
    assert bvalue.count is not None and bvalue.denominator is not None
    info = ctx.data.areas.get(bench_code)
    name = info.name if info else bench_code
    try:
        r = compare_to_benchmark(
            value.count,
            value.denominator,
            bvalue.count,
            bvalue.denominator,
            includes_area=True,
            confidence=CONFIDENCE,
        )
    except ValueError:
        # The benchmark's published total is smaller than the area's: no honest comparison.
        return None
    inputs = keys(ctx.area.code, ctx.year, ctx.phase, measure)
    inputs += keys(bench_code, ctx.year, ctx.phase, measure)
    return Fact(
        kind,
        ctx.subject(measure),
        value,
        comparison=_comparison(name, bench_code, value, bvalue),
        uncertainty=_uncertainty(r, REST_METHOD.format(b=name, m=r.method)),
        detail={
            "rest_rate": r.rate_b,
            "ratio_to_rest": r.ratio,
            "difference_to_rest": r.difference,
            "difference_to_rest_lower": r.difference_lower,
            "difference_to_rest_upper": r.difference_upper,
        },
        caveats=caveats(ctx, value.count, inputs, benchmark=name),
        provenance=[*sources, *bsources],
    )


def _neighbours(ctx: Context, measure: str) -> Fact | None:
    """The LA against the pooled rate of its statistical neighbours (which exclude it)."""
    codes = ctx.data.neighbours(ctx.area.code, ctx.year)
    found = ctx.value(measure)
    if found is None or not codes:
        return None
    value, sources = found
    assert value.count is not None and value.denominator is not None
    used: list[dict[str, object]] = []
    skipped: list[dict[str, object]] = []
    provenance: list[Source] = list(sources)
    inputs: list[Key] = keys(ctx.area.code, ctx.year, ctx.phase, measure)
    count = pupils = 0.0
    rates: dict[str, float] = {ctx.area.code: value.count / value.denominator}
    for code in codes:
        info = ctx.data.areas.get(code)
        name = info.name if info else code
        nb = ctx.value(measure, area=code, note=False)
        if nb is None:
            cell = ctx.data.get(code, ctx.year, ctx.phase, measure)
            why = cell.symbol if cell is not None and cell.symbol else "not published"
            skipped.append({"code": code, "name": name, "reason": why})
            continue
        nvalue, nsources = nb
        assert nvalue.count is not None and nvalue.denominator is not None
        count += nvalue.count
        pupils += nvalue.denominator
        rates[code] = nvalue.count / nvalue.denominator
        used.append(
            {"code": code, "name": name, "count": nvalue.count, "pupils": nvalue.denominator,
             "rate": nvalue.rate}
        )  # fmt: skip
        provenance.extend(nsources)
        inputs.extend(keys(code, ctx.year, ctx.phase, measure))
    if not used:
        return None
    pooled_rate = count / pupils * 100
    bench = Value(count=count, denominator=pupils, rate=pooled_rate, per_10000=pooled_rate * 100)
    r = rate_ratio(value.count, value.denominator, count, pupils, confidence=CONFIDENCE)
    place = rank_of(rates, ctx.area.code)
    return Fact(
        "versus_neighbours",
        ctx.subject(measure),
        value,
        comparison=_comparison("statistical neighbours", None, value, bench),
        uncertainty=_uncertainty(r, NEIGHBOUR_METHOD.format(m=r.method)),
        detail={
            "neighbours_used": used,
            "neighbours_skipped": skipped,
            "rank": place.rank,
            "of": place.of_n,
            "difference_lower": r.difference_lower,
            "difference_upper": r.difference_upper,
        },
        caveats=caveats(ctx, value.count, inputs),
        provenance=provenance,
    )


def build(ctx: Context) -> list[Fact]:
    """Facts comparing the area with England, its region and its neighbours, per measure."""
    level = ctx.area.level
    if level not in ("local_authority", "regional"):
        return []
    facts: list[Fact] = []
    for measure in MEASURES:
        england = _versus(ctx, "versus_england", measure, ENGLAND)
        if level == "regional":
            # A region's region is England: the same comparison, listed under both kinds.
            region = None if england is None else _relabel(england, "versus_region")
        else:
            region = _versus(ctx, "versus_region", measure, ctx.area.region_code)
        neighbours = _neighbours(ctx, measure) if level == "local_authority" else None
        facts += [f for f in (england, region, neighbours) if f is not None]
    return facts


def _relabel(fact: Fact, kind: str) -> Fact:
    """A copy of a fact under another kind, sharing no mutable parts with it."""
    return replace(
        fact,
        kind=kind,
        detail=dict(fact.detail),
        caveats=list(fact.caveats),
        provenance=list(fact.provenance),
    )
