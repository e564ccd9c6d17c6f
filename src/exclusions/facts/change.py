"""Change facts: a measure this year against the previous year and five years before.

Each fact gives both counts, the per cent change of the count, the change of the rate in
percentage points and an exact test of the two rates (``change_test``): "up", "down" or
"no real change". A comparison is skipped when either year has no usable figure.

Series breaks: an LA's series follows its DfE 3-digit code across a renumbering (the same
area, give or take a sliver, under a new GSS code: Gateshead and Northumberland 2013/14,
Buckinghamshire 2021/22), and a comparison across one carries a ``series_break`` caveat.
A comparison across a reorganisation that changed the area (Dorset and BCP 2019/20, North
and West Northamptonshire 2021/22) is skipped: the earlier figures are another area's.

The series, caveat and memoised-statistics helpers here are shared by the other builders.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import Any

from exclusions.facts.context import COVID_YEARS, DENOMINATOR, RATE_OF, Context
from exclusions.facts.data import FactData
from exclusions.facts.model import (
    COVID,
    REVISED,
    SERIES_BREAK,
    Caveat,
    Comparison,
    Fact,
    Source,
    Uncertainty,
    Value,
)
from exclusions.geography.reorganisations import Reorganisation, breaks_between, series_breaks
from exclusions.stats.compare import Ratio, percent_change
from exclusions.stats.compare import change_test as _change_test
from exclusions.stats.compare import compare_to_benchmark as _compare_to_benchmark
from exclusions.stats.compare import rate_ratio as _rate_ratio
from exclusions.stats.intervals import proportion as _proportion
from exclusions.years import format_year

MEASURES = ("perm_excl", "susp", "one_plus_susp")
LOOKBACKS = {1: "previous_year", 5: "five_years_before"}


class Point:
    """One usable year of a series: count, denominator, rate and where they were published.

    ``code`` is the GSS code the figure was published under (a predecessor's, if renumbered);
    ``rate`` is per cent of the denominator.
    """

    # A plain class, not a frozen dataclass: a year's profiles build some 8,000 points, and a
    # frozen dataclass takes three times as long to build. The rate is worked out once:
    # finding records, peaks and runs reads every year's rate many times.
    __slots__ = ("code", "count", "denominator", "rate", "sources", "value", "year")

    def __init__(
        self,
        year: int,
        code: str,
        count: float,
        denominator: float,
        value: Value,
        sources: tuple[Source, ...],
    ) -> None:
        self.year, self.code, self.count, self.denominator = year, code, count, denominator
        self.value, self.sources = value, sources
        self.rate = count / denominator * 100

    def __repr__(self) -> str:
        return f"Point({self.year}, {self.code!r}, {self.count:g} / {self.denominator:g})"


_year = attrgetter("year")


def family(ctx: Context) -> list[str]:
    """The area's code, then any predecessor's it took over by a renumbering."""
    return list(_codes(ctx)[0])


def series_codes(ctx: Context) -> dict[int, str]:
    """Year -> code the area's figures were published under, followed across renumberings."""
    return dict(_codes(ctx)[1])


def _codes(ctx: Context) -> tuple[list[str], dict[int, str]]:
    """family and series_codes, worked out once per area (every builder asks for them)."""
    area = ctx.area
    key = ("series_codes", area.code)
    found = ctx.data.cache.get(key)
    if isinstance(found, tuple):
        return found
    codes = [area.code]
    years = ctx.data.years_by_area.get(area.code, ())
    old = area.old_la_code
    # Only a renumbering (same DfE code) first reported in this code's first year joins the
    # predecessor on: after a split or merger the earlier area is a different one.
    if (
        area.level == "local_authority"
        and old
        and years
        and any(r.renumbered_only and r.first_academic_year == years[0] for r in breaks_of(old))
    ):
        codes += sorted(
            code
            for code, info in ctx.data.areas.items()
            if code != area.code and info.level == area.level and info.old_la_code == old
        )
    by_year: dict[int, str] = {}
    for code in codes:
        for y in ctx.data.years_by_area.get(code, ()):
            by_year.setdefault(y, code)
    result = (codes, dict(sorted(by_year.items())))
    ctx.data.cache[key] = result
    return result


def point(ctx: Context, measure: str, year: int, code: str | None = None) -> Point | None:
    """The usable figure for a year (None if withheld, missing or without pupils)."""
    area = code or _codes(ctx)[1].get(year)
    if area is None:
        return None
    key = (area, year, ctx.phase, measure)
    if key in ctx.points:
        return ctx.points[key]
    # Another area's years (England's, for national context) serve every profile: keep them.
    found = ctx.figure(key, keep=area not in _codes(ctx)[0])
    value, p = found.value, None
    if value is not None and value.count is not None and value.denominator is not None:
        p = Point(year, area, value.count, value.denominator, value, found.sources)
    ctx.points[key] = p
    return p


def series(ctx: Context, measure: str) -> dict[int, Point]:
    """Every usable year of the area's series up to ctx.year."""
    out: dict[int, Point] = {}
    for year, area in _codes(ctx)[1].items():
        if year <= ctx.year and (p := point(ctx, measure, year, area)) is not None:
            out[year] = p
    return out


# Remembered (the functions are pure): every LA's profile asks the same questions about
# England's breakdowns and series. One-plus-suspension counts are pupils (a proportion); the
# Poisson test treats them as events, which is conservative (a binomial varies less).
change_test = lru_cache(maxsize=500_000)(_change_test)
rate_ratio = lru_cache(maxsize=100_000)(_rate_ratio)
compare_to_benchmark = lru_cache(maxsize=100_000)(_compare_to_benchmark)
proportion = lru_cache(maxsize=100_000)(_proportion)


def tested(old: Point, new: Point) -> Ratio | None:
    """change_test of new against old, or None if the figures are out of its range."""
    try:
        return change_test(old.count, old.denominator, new.count, new.denominator)
    except ValueError:
        return None


# The reorganisation table is fixed: look each LA up once, not in every fact's caveats.
@lru_cache(maxsize=4096)
def breaks_of(old: str) -> tuple[Reorganisation, ...]:
    """``series_breaks``, remembered."""
    return tuple(series_breaks(old))


@lru_cache(maxsize=100_000)
def _breaks_between(old: str, a: int, b: int) -> tuple[Reorganisation, ...]:
    return tuple(breaks_between(old, a, b))


def crossing(ctx: Context, a: int, b: int) -> list[Reorganisation]:
    """Reorganisations of the area first reported in a year in (a, b]."""
    old = ctx.area.old_la_code
    return list(_breaks_between(old, a, b)) if ctx.area.level == "local_authority" and old else []


def changed_area(ctx: Context, a: int, b: int) -> bool:
    """Whether a reorganisation between the years changed the area itself (not just codes)."""
    return any(not r.renumbered_only for r in crossing(ctx, a, b))


def caveats(
    ctx: Context,
    measure: str,
    points: Iterable[Point],
    *,
    span: Iterable[Point] = (),
    own: bool = True,
    pairs: Iterable[tuple[Point, Point]] | None = None,
) -> list[Caveat]:
    """COVID, revision, series-break and small-number caveats for the years a fact names.

    COVID counts when a named year is 2019/20 or 2020/21, or lies between two years compared
    (``pairs``; by default the first and last named): a change from 2016/17 to 2021/22 is no
    steady trend. ``span`` adds years the fact rests on without naming them: they count for
    series breaks and revisions, not for COVID (a record set in 2022/23 is not about 2020/21).
    ``own`` is False for another area's (England's) points: the LA's reorganisations don't apply.
    """
    named = sorted({p.year: p for p in points}.values(), key=_year)
    named_years = [p.year for p in named]
    used = {p.year: p.code for p in chain(named, span)}  # each year the fact rests on
    out: list[Caveat] = []
    if pairs is None:
        between = [(named_years[0], named_years[-1])] if named else []
    else:
        between = [(a.year, b.year) for a, b in pairs]
    covid = [y for y in COVID_YEARS if y in named_years or any(a < y < b for a, b in between)]
    if covid:
        said = " and ".join(format_year(y) for y in covid)
        text = f"{said} disrupted by COVID-19: schools were closed to most pupils for a time"
        if all(y not in named_years for y in covid):
            text = f"the years between include {text}, so the change is no steady trend"
        out.append(Caveat(COVID, text + "; not comparable with other years"))
    index = _revisions(ctx.data)
    inputs = (measure, DENOMINATOR, RATE_OF.get(measure, ""))
    revised = {
        (year, *found)
        for area in set(used.values())  # one code, or two across a renumbering
        if (by_year := index.get((area, ctx.phase)))
        for year, code in used.items()
        if code == area and (by_measure := by_year.get(year))
        for m in inputs
        if (found := by_measure.get(m))
    }
    for old, new in sorted({(o, n) for _, o, n in revised}):
        years = ", ".join(
            format_year(y) for y in sorted({y for y, o, n in revised if (o, n) == (old, new)})
        )
        text = f"{years} figures were revised between the {old} and {new} releases"
        out.append(Caveat(REVISED, f"{text}; the {new} figures are used"))
    if used and own:
        for r in crossing(ctx, min(used), max(used)):
            out.append(Caveat(SERIES_BREAK, f"{format_year(r.first_academic_year)}: {r.note}"))
    if named:
        out.extend(ctx.small_number_caveat(min(p.count for p in named)))
    return out


Revisions = dict[tuple[str, str], dict[int, dict[str, tuple[str, str]]]]


def _revisions(data: FactData) -> Revisions:
    """``data.revised`` by area and phase, then year and measure: most years have none."""
    found = data.cache.get("revisions")
    if isinstance(found, dict):
        return found
    index: Revisions = {}
    for (area, year, phase, measure), releases in data.revised.items():
        index.setdefault((area, phase), {}).setdefault(year, {})[measure] = releases
    data.cache["revisions"] = index
    return index


def compared(old: Point, new: Point) -> tuple[Comparison, Uncertainty | None, dict[str, Any]]:
    """Comparison, test and details (count, per cent and rate changes) of two years."""
    r = tested(old, new)
    pct = percent_change(old.count, new.count) if old.count > 0 else None
    comparison = Comparison(
        format_year(old.year), old.code, old.value, None if r is None else r.ratio,
        new.rate - old.rate, pct,
    )  # fmt: skip
    detail: dict[str, Any] = {
        "from_year": old.year, "to_year": new.year, "count_change": new.count - old.count,
        "percent_change": pct, "rate_change_pp": new.rate - old.rate,
        "verdict": None if r is None else r.verdict,
    }  # fmt: skip
    if r is None:
        return comparison, None, detail
    detail["rate_change_interval_pp"] = [r.difference_lower, r.difference_upper]
    test = Uncertainty(
        r.lower, r.upper, r.confidence, r.method, "change_test", r.p_value, r.verdict
    )
    return comparison, test, detail


def build(ctx: Context) -> list[Fact]:
    """Change on the previous year and on five years before, for each measure."""
    facts: list[Fact] = []
    for measure in MEASURES:
        now = point(ctx, measure, ctx.year)
        for back, versus in LOOKBACKS.items():
            then = point(ctx, measure, ctx.year - back)
            # Skipped across a reorganisation that changed the area: see the module docstring.
            if now is None or then is None or changed_area(ctx, then.year, now.year):
                continue
            comparison, test, detail = compared(then, now)
            facts.append(
                Fact(
                    kind="change",
                    subject=ctx.subject(measure),
                    value=now.value,
                    comparison=comparison,
                    uncertainty=test,
                    detail={"versus": versus, "years_apart": back, **detail},
                    caveats=caveats(ctx, measure, [then, now]),
                    provenance=[*then.sources, *now.sources],
                )
            )
    return facts
