"""Characteristic facts: which pupils are excluded most, from DfE's pupil breakdowns.

One fact per comparison (``detail['comparison']``) and measure:

* ``fsm``: eligible for free school meals against not; ``sex``: boys against girls;
* ``ehc_plan``, ``sen_support``: EHC plan (or statement), SEN support, each against no SEN;
* ``ethnicity_<group>``: each broad ethnic group published against all other pupils (the
  area's published total less the group, via ``compare_to_benchmark``), so a group is never
  tested against a total that includes it; the plain ratio to all pupils is in detail.

Each has the rate ratio and its exact interval, and ``detail['share']``: the group's share
of the exclusions (Wilson interval) beside its share of pupils. Pupils with one or more
suspensions are compared with the same exact test, treating pupils as events: conservative
for a proportion (binomial variance is smaller) and close at rates of a few per cent.

Rules: a withheld or missing input means no fact. A group with fewer than ``MIN_COUNT`` of
the measure gets a fact with no comparison and ``detail['skipped']`` saying why. The area's
own breakdown is used if the store has one, else England's, with a ``national_only`` caveat
for any other area; the year is the latest with a breakdown up to ctx.year
(``detail['data_year']``), with an ``earlier_year`` caveat when it is not ctx.year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exclusions.facts.change import (
    MEASURES,
    Point,
    caveats,
    compare_to_benchmark,
    point,
    proportion,
    rate_ratio,
)
from exclusions.facts.context import COVID_YEARS, RATE_OF, Context
from exclusions.facts.data import ENGLAND, FactData, as_published, to_cell
from exclusions.facts.model import (
    COVID,
    NATIONAL_ONLY,
    REVISED,
    Caveat,
    Comparison,
    Fact,
    Source,
    Uncertainty,
    Value,
    plain,
)
from exclusions.stats.compare import Ratio
from exclusions.years import format_year

MIN_COUNT = 10
EARLIER_YEAR = "earlier_year"
# (comparison, group, value, label, versus value, versus label)
PAIRS = (
    ("fsm", "fsm", "eligible", "pupils eligible for free school meals", "not_eligible",
     "pupils not eligible for free school meals"),
    ("ehc_plan", "sen_provision", "ehc_plan", "pupils with an EHC plan or statement",
     "no_sen", "pupils with no special educational needs"),
    ("sen_support", "sen_provision", "sen_support", "pupils receiving SEN support",
     "no_sen", "pupils with no special educational needs"),
    ("sex", "sex", "boys", "boys", "girls", "girls"),
)  # fmt: skip
ETHNIC = {
    "white": "White pupils",
    "mixed": "pupils of mixed ethnicity",
    "asian": "Asian pupils",
    "black": "Black pupils",
    "chinese": "Chinese pupils",
    "any_other_ethnic_group": "pupils of any other ethnic group",
}
# Broad groups of one detailed group each, which DfE's files list only among the detailed.
SINGLE = ("chinese", "any_other_ethnic_group")


@dataclass(frozen=True)
class Group:
    """A group's count of the measure, its pupils, and where they were published."""

    count: float
    pupils: float
    value: Value
    sources: tuple[Source, ...]


def _years(data: FactData, area: str, phase: str) -> list[int]:
    """Years with a breakdown for an area and phase (indexed once per FactData)."""
    index = data.cache.get("characteristic_years")
    if not isinstance(index, dict):
        found: dict[tuple[str, str], set[int]] = {}
        for a, y, p, *_ in data.characteristics:
            found.setdefault((a, p), set()).add(y)
        index = data.cache["characteristic_years"] = {k: sorted(v) for k, v in found.items()}
    years: list[int] = index.get((area, phase), [])
    return years


def _group(ctx: Context, at: tuple[str, int], group: str, value: str, measure: str) -> Group | None:
    """A group's count, headcount and published rate, or None if any is withheld."""
    area, year = at
    cells = []
    for m in (measure, "headcount", RATE_OF[measure]):
        row = ctx.data.characteristics.get((area, year, ctx.phase, group, value, m))
        cells.append(None if row is None else to_cell(row))
    count, head, rate = cells
    if count is None or head is None or count.value is None or head.value is None:
        return None
    if head.value <= 0 or count.value > head.value:
        return None
    pct = count.value / head.value * 100
    published = None if rate is None else rate.value
    v = Value(count.value, head.value, rate=pct, per_10000=pct * 100, published_rate=published)
    sources = [count.source, head.source] + ([rate.source] if rate and published else [])
    return Group(count.value, head.value, v, tuple(sources))


def _rest(everyone: Point, a: Group) -> Group | None:
    """All pupils less the group, from the published total."""
    count, pupils = everyone.count - a.count, everyone.denominator - a.pupils
    if count < 0 or pupils <= 0:
        return None
    pct = count / pupils * 100
    v = Value(count, pupils, rate=pct, per_10000=pct * 100)
    return Group(count, pupils, v, everyone.sources)


def _share(a: Group, everyone: Point | None) -> dict[str, Any] | None:
    """The group's share of the measure (Wilson) beside its share of pupils."""
    if everyone is None or a.count > everyone.count or a.pupils > everyone.denominator:
        return None  # no total, or releases disagree: no share rather than a wrong one
    s = proportion(a.count, everyone.count)
    return {
        "percent": s.value,
        "lower": s.lower,
        "upper": s.upper,
        "method": s.method,
        "of_total": everyone.count,
        "share_of_pupils": a.pupils / everyone.denominator * 100,
    }


def _test(a: Group, b: Group, everyone: Point | None) -> Ratio:
    """The group against the other or, with ``everyone``, against all other pupils."""
    if everyone is not None:
        total = (everyone.count, everyone.denominator)
        return compare_to_benchmark(a.count, a.pupils, *total, includes_area=True)
    return rate_ratio(a.count, a.pupils, b.count, b.pupils)


def _fact(
    ctx: Context,
    measure: str,
    pair: tuple[Group, Group],
    detail: dict[str, Any],
    notes: list[Caveat],
    everyone: Point | None,
) -> Fact:
    """Test group a against group b, unless either has too few of the measure."""
    a, b = pair
    r = None
    if min(a.count, b.count) < MIN_COUNT:
        detail["skipped"] = (
            f"fewer than {MIN_COUNT} in a group ({detail['label']}: {as_published(a.count)}, "
            f"{detail['versus_label']}: {as_published(b.count)}): too few for a reliable comparison"
        )
    else:
        try:
            r = _test(a, b, everyone if detail["versus"] == "rest" else None)
        except ValueError as e:
            detail["skipped"] = f"the published figures do not add up: {e}"
    detail["share"] = _share(a, everyone)
    sources = [*a.sources, *b.sources]
    notes = notes + ctx.small_number_caveat(min(a.count, b.count))
    if everyone is not None:
        detail["all_pupils"] = plain(everyone.value)
        sources += [s for s in everyone.sources if s not in sources]
        notes += [c for c in caveats(ctx, measure, [everyone], own=False) if c.kind == REVISED]
    return Fact(
        kind="characteristic",
        subject=ctx.subject(measure),
        value=a.value,
        comparison=None
        if r is None
        else Comparison(detail["versus_label"], None, b.value, r.ratio, r.rate_a - r.rate_b),
        uncertainty=None
        if r is None
        else Uncertainty(
            r.lower, r.upper, r.confidence, r.method, detail["test"], r.p_value, r.verdict
        ),
        detail=detail,
        caveats=notes,
        provenance=sources,
    )


def _measure(ctx: Context, measure: str, at: tuple[str, int], notes: list[Caveat]) -> list[Fact]:
    """Every comparison for one measure."""
    everyone = point(ctx, measure, at[1], at[0])
    base = {"data_area": at[0], "data_year": at[1]}
    facts: list[Fact] = []
    for comparison, group, val, label, vs, vs_label in PAIRS:
        a, b = _group(ctx, at, group, val, measure), _group(ctx, at, group, vs, measure)
        if a is not None and b is not None:
            detail = {**base, "comparison": comparison, "group": f"{group}:{val}",
                      "label": label, "versus": f"{group}:{vs}", "versus_label": vs_label,
                      "test": "rate_ratio"}  # fmt: skip
            facts.append(_fact(ctx, measure, (a, b), detail, notes, everyone))
    for val, label in ETHNIC.items():
        known = (at[0], at[1], ctx.phase, "ethnicity_major", val, measure)
        single = val in SINGLE and known not in ctx.data.characteristics
        grp = "ethnicity_minor" if single else "ethnicity_major"
        a = _group(ctx, at, grp, val, measure)
        rest = None if a is None or everyone is None else _rest(everyone, a)
        if a is not None and rest is not None and everyone is not None:
            detail = {**base, "comparison": f"ethnicity_{val}", "label": label,
                      "group": f"{grp}:{val}", "versus": "rest",
                      "versus_label": "all other pupils", "test": "compare_to_benchmark",
                      "ratio_to_all_pupils": a.count / a.pupils / everyone.count
                      * everyone.denominator if everyone.count > 0 else None}  # fmt: skip
            facts.append(_fact(ctx, measure, (a, rest), detail, notes, everyone))
    return facts


def _notes(ctx: Context, area: str, year: int) -> list[Caveat]:
    """Caveats for using another area's or year's breakdown."""
    notes: list[Caveat] = []
    if area != ctx.area.code:
        text = "figures are for England: pupil characteristics are published only nationally"
        notes.append(Caveat(NATIONAL_ONLY, f"{text}, not for {ctx.area.name}"))
    if year != ctx.year:
        text = f"figures are for {format_year(year)}, the latest year with a breakdown by"
        notes.append(Caveat(EARLIER_YEAR, f"{text} pupil characteristics"))
    if year in COVID_YEARS:
        notes.append(Caveat(COVID, f"{format_year(year)} was disrupted by COVID-19"))
    return notes


def build(ctx: Context) -> list[Fact]:
    """Rate ratios and shares by pupil characteristic, for each measure."""
    area = ctx.area.code
    years = [y for y in _years(ctx.data, area, ctx.phase) if y <= ctx.year]
    if not years:
        area = ENGLAND
        years = [y for y in _years(ctx.data, area, ctx.phase) if y <= ctx.year]
    if not years:
        return []
    notes = _notes(ctx, area, years[-1])
    if area == ctx.area.code:
        return [f for m in MEASURES for f in _measure(ctx, m, (area, years[-1]), notes)]
    # England's breakdown serves every area that has none of its own: work it out once per
    # year and phase, then give each area its own subject and caveats (it names the area).
    key = ("characteristics", area, years[-1], ctx.year, ctx.phase)
    cached = ctx.data.cache.get(key)
    if not isinstance(cached, list):
        own = {NATIONAL_ONLY, EARLIER_YEAR, COVID}
        # Each fact with the caveats that are not the area's own, to put after the area's.
        cached = [
            (f, [c for c in f.caveats if c.kind not in own])
            for m in MEASURES
            for f in _measure(ctx, m, (area, years[-1]), notes)
        ]
        ctx.data.cache[key] = cached
    # Built directly: dataclasses.replace costs several times as much, for every LA's ~50.
    return [
        Fact(
            f.kind,
            ctx.subject(f.subject.measure),
            f.value,
            f.comparison,
            f.uncertainty,
            dict(f.detail),
            notes + kept,
            f.provenance,
        )
        for f, kept in cached
    ]
