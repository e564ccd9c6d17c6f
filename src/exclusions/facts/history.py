"""History facts: where ctx.year stands in the area's whole series up to ctx.year.

Everything is on the rate (per cent of pupils), so years with different rolls compare
fairly, and every comparison of two years carries an exact test (``change_test``):

* series: each year with a usable figure, from the first (``detail['series_start']``) to
  ctx.year, followed across renumberings as in change.py; a withheld year is a gap. No
  history facts unless ctx.year is usable and the series has at least three years.
* record: ctx.year's rate is strictly the highest (or lowest) since the series began,
  compared with the previous holder of the record.
* peak: the year with the highest rate (the earliest, if tied). The pre-peak level is the
  lowest rate in the years before the peak: the trough the rise to the peak began from.
  ctx.year is compared with it (verdict "up": still really above it). A series that peaks
  in its first year has no pre-peak level, and the comparison is None.
* steady: the run of years ending at ctx.year whose every year-on-year change (adjacent
  years, no gap) is "no real change"; stated when it spans three years or more, with a test
  of its first year against ctx.year, since small steps can add up to a real drift.
* runs: a run is consecutive year-on-year moves of the rate in one direction, significant or
  not; an unchanged rate or a gap ends it. The fact gives the run ending at ctx.year (the
  comparison) and the longest runs of rises and of falls, each tested first year to last.
* series_break: stated when the series starts late because a reorganisation created the LA,
  crosses a renumbering, or has gaps.

COVID caveats go on facts naming 2019/20 or 2020/21 or comparing years either side of them;
series-break caveats on every fact whose series crosses or starts at a reorganisation.
Provenance lists every year used: all cells of the years a fact names, and the count and
headcount of the others (records, peaks and runs rest on the whole series).
"""

from __future__ import annotations

from typing import Any

from exclusions.facts.change import (
    MEASURES,
    Point,
    breaks_of,
    caveats,
    compared,
    crossing,
    series,
    tested,
)
from exclusions.facts.context import COVID_YEARS, Context
from exclusions.facts.model import SERIES_BREAK, Caveat, Fact, Source
from exclusions.geography.reorganisations import Reorganisation
from exclusions.years import format_year

MIN_YEARS = 3

Run = tuple[int, int, int]  # index of first point, index of last point, direction (+1 / -1)


def _cite(points: list[Point], named: set[int]) -> list[Source]:
    """Named years cite all their cells; the others only the count and headcount used."""
    by_year = {p.year: p for p in points}
    return [s for y in sorted(by_year) for s in by_year[y].sources[: None if y in named else 2]]


def _created_by(ctx: Context, start: int) -> Reorganisation | None:
    """The reorganisation that created the LA, if the series starts because of it."""
    old = ctx.area.old_la_code
    if ctx.area.level != "local_authority" or not old or start <= min(ctx.data.years, default=0):
        return None
    found = [
        r
        for r in breaks_of(old)
        if not r.renumbered_only and old in r.successors and r.first_academic_year <= start
    ]
    return found[-1] if found else None


def _runs(points: list[Point]) -> list[Run]:
    """Maximal runs of adjacent-year moves in one direction."""
    out: list[Run] = []
    start, sign = 0, 0
    for i in range(1, len(points)):
        a, b = points[i - 1], points[i]
        step = (b.rate > a.rate) - (b.rate < a.rate) if b.year == a.year + 1 else 0
        if step != 0 and step == sign:
            continue
        if sign != 0:
            out.append((start, i - 1, sign))
        start, sign = i - 1, step
    if sign != 0:
        out.append((start, len(points) - 1, sign))
    return out


def _run_detail(points: list[Point], run: Run | None) -> dict[str, Any] | None:
    """A run's years, length and overall test."""
    if run is None:
        return None
    first, last, sign = run
    moved = compared(points[first], points[last])[2]
    return {"direction": "rise" if sign > 0 else "fall", "moves": last - first, **moved}


class _History:
    """The facts for one measure, sharing the series and its caveats."""

    def __init__(self, ctx: Context, measure: str, points: list[Point]) -> None:
        self.ctx, self.measure, self.points = ctx, measure, points
        self.latest, self.start = points[-1], points[0].year
        self.created = _created_by(ctx, self.start)

    def fact(
        self,
        statistic: str,
        bench: Point | None,
        named: list[Point],
        detail: dict[str, Any],
        span: list[Point] | None = None,
        pairs: list[tuple[Point, Point]] | None = None,
    ) -> Fact:
        """A history fact comparing ctx.year with ``bench`` (if any)."""
        ctx, latest = self.ctx, self.latest
        used = self.points if span is None else span
        comparison, test = compared(bench, latest)[:2] if bench is not None else (None, None)
        if pairs is None:
            pairs = [] if bench is None else [(bench, latest)]
        notes = caveats(ctx, self.measure, [latest, *named], span=used, pairs=pairs)
        if self.created is not None:
            note = f"the series starts in {format_year(self.start)}: {self.created.note}"
            notes.append(Caveat(SERIES_BREAK, note))
        return Fact(
            kind="history",
            subject=ctx.subject(self.measure),
            value=latest.value,
            comparison=comparison,
            uncertainty=test,
            detail={
                "statistic": statistic,
                "series_start": self.start,
                "series_start_reason": "area created" if self.created else "first year of data",
                "years_in_series": len(self.points),
                **detail,
            },
            caveats=notes,
            provenance=_cite([*used, latest, *named], {latest.year, *(p.year for p in named)}),
        )

    def record(self) -> Fact | None:
        """ctx.year is the highest or lowest rate since the series began."""
        before = self.points[:-1]
        high, low = max(before, key=lambda p: p.rate), min(before, key=lambda p: p.rate)
        if self.latest.rate > high.rate:
            direction, previous = "high", high
        elif self.latest.rate < low.rate:
            direction, previous = "low", low
        else:
            return None
        detail = {"direction": direction, "previous_record_year": previous.year}
        return self.fact("record", previous, [previous], detail)

    def peak(self) -> Fact:
        """The peak year, the pre-peak level and whether ctx.year is still above it."""
        rates = [p.rate for p in self.points]
        top = rates.index(max(rates))
        peak = self.points[top]
        pre = min(self.points[:top], key=lambda p: p.rate) if top else None
        detail = {
            "peak_year": peak.year,
            "peak_rate": peak.rate,
            "peak_count": peak.count,
            "pre_peak_year": None if pre is None else pre.year,
            "pre_peak_rate": None if pre is None else pre.rate,
            "latest_is_peak": peak is self.latest,
        }
        return self.fact("peak", pre, [peak] if pre is None else [peak, pre], detail)

    def steady(self) -> Fact | None:
        """Years ending at ctx.year with no real year-on-year change."""
        first = len(self.points) - 1
        while first > 0:
            a, b = self.points[first - 1], self.points[first]
            r = tested(a, b) if b.year == a.year + 1 else None
            if r is None or r.verdict != "no real change":
                break
            first -= 1
        span = self.points[first:]
        if len(span) < MIN_YEARS:
            return None
        detail = {"steady_from": span[0].year, "steady_years": len(span)}
        return self.fact("steady", span[0], [span[0]], detail, span)

    def runs(self) -> Fact | None:
        """The run ending at ctx.year and the longest runs of rises and of falls."""
        runs = _runs(self.points)
        current = runs[-1] if runs and runs[-1][1] == len(self.points) - 1 else None
        rises = [r for r in runs if r[2] > 0]
        falls = [r for r in runs if r[2] < 0]
        # The longest run, the latest if tied: the reader cares most about recent history.
        rise = max(reversed(rises), key=lambda r: r[1] - r[0], default=None)
        fall = max(reversed(falls), key=lambda r: r[1] - r[0], default=None)
        if current is None and rise is None and fall is None:
            return None
        bench = None if current is None else self.points[current[0]]
        pairs = [(self.points[r[0]], self.points[r[1]]) for r in (current, rise, fall) if r]
        named = [p for pair in pairs for p in pair]
        detail = {
            "current_run": _run_detail(self.points, current),
            "longest_rise": _run_detail(self.points, rise),
            "longest_fall": _run_detail(self.points, fall),
        }
        return self.fact("runs", bench, named, detail, pairs=pairs)

    def breaks(self) -> Fact | None:
        """Reorganisations and gaps in the series."""
        found = crossing(self.ctx, self.start, self.latest.year)
        years = {p.year for p in self.points}
        gaps = [y for y in range(self.start, self.latest.year) if y not in years]
        if not found and self.created is None and not gaps:
            return None
        detail = {
            "created": None
            if self.created is None
            else {"year": self.created.first_academic_year, "note": self.created.note},
            "breaks": [{"year": r.first_academic_year, "note": r.note} for r in found],
            "gaps": gaps,
            "covid_years": [y for y in COVID_YEARS if y in years],
        }
        return self.fact("series_break", None, [], detail, [self.points[0], self.latest])


def build(ctx: Context) -> list[Fact]:
    """Record, peak, steady run, runs of rises or falls and series breaks, per measure."""
    facts: list[Fact] = []
    for measure in MEASURES:
        points = list(series(ctx, measure).values())
        if len(points) < MIN_YEARS or points[-1].year != ctx.year:
            continue
        h = _History(ctx, measure, points)
        for fact in (h.record(), h.peak(), h.steady(), h.runs(), h.breaks()):
            if fact is not None:
                facts.append(fact)
    return facts
