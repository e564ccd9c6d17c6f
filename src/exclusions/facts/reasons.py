"""Reason facts: the leading reasons for exclusion, their shares, ranks and change in share.

For permanent exclusions and suspensions (DfE publishes no reasons for pupils with one or
more suspensions). The year is ctx.year or, failing that, the latest earlier year with
reasons for the area (``detail['data_year']``, with an ``earlier_year`` caveat).

* total: the sum of the reasons when none was withheld (the same file, so shares add up to
  100); when some were withheld, the area's published headline total, provided it is at
  least the sum of the published reasons (else no facts: the releases disagree), with a
  ``suppressed`` caveat. Withheld reasons are never stated or ranked.
* rank: 1 + the number of published reasons with more exclusions (ties share a rank).
  ``detail['rank_certain']`` is False when the withheld reasons together could outnumber it.
* share: count over total, with a Wilson interval (the fact's uncertainty).
* change in share since the previous year with reasons (followed across renumberings, with
  a ``series_break`` caveat; never across a reorganisation that changed the area): the
  difference in percentage points, tested with the exact Poisson comparison of the two
  shares (``change_test``). That treats the total as fixed exposure, which is conservative
  for a large share (a binomial varies less than a Poisson), so "no real change" is said
  more often than a two-proportion test would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exclusions.facts.change import (
    caveats,
    change_test,
    changed_area,
    crossing,
    family,
    point,
    proportion,
)
from exclusions.facts.context import COVID_YEARS, Context, measure_label
from exclusions.facts.data import FactData, Row, as_published, number, to_cell
from exclusions.facts.model import (
    COVID,
    REVISED,
    SERIES_BREAK,
    SUPPRESSED,
    Caveat,
    Comparison,
    Fact,
    Source,
    Uncertainty,
    Value,
)
from exclusions.stats.compare import Ratio
from exclusions.vocab.reasons import REASONS
from exclusions.years import format_year

MEASURES = ("perm_excl", "susp")
LEADING = 3
EARLIER_YEAR = "earlier_year"
ORDER = {code: i for i, code in enumerate(REASONS)}  # DfE's order breaks ties in count


@dataclass(frozen=True)
class Table:
    """The reasons published for one area, year, phase and measure."""

    year: int
    code: str
    counts: dict[str, float]
    rows: dict[str, Row]
    withheld: list[str]
    total: float
    total_sources: tuple[Source, ...]

    def share(self, reason: str) -> float:
        """Per cent of the total."""
        return self.counts[reason] / self.total * 100

    def source(self, reason: str) -> Source:
        """Where a reason's count was published."""
        # Built when asked: only the leading reasons are cited, of twenty or so.
        return to_cell(self.rows[reason]).source


Index = dict[tuple[str, str], dict[int, dict[str, Row]]]


def _index(data: FactData, phase: str) -> Index:
    """A phase's reasons by (area, measure) then year (built once per FactData and phase)."""
    # One phase at a time: the first profile of a phase indexes a quarter of the rows.
    key = ("reasons_index", phase)
    found = data.cache.get(key)
    if isinstance(found, dict):
        return found
    index: Index = {}
    for (area, year, p, reason, measure), row in data.reasons.items():
        if p == phase:
            index.setdefault((area, measure), {}).setdefault(year, {})[reason] = row
    data.cache[key] = index
    return index


def _table(ctx: Context, measure: str, code: str, year: int) -> Table | None:
    """The usable reasons for a year, or None if there are none or no usable total."""
    # Kept: every later year's profile of the area falls back on the same year's reasons.
    key = ("reasons", ctx.area.code, code, ctx.phase, measure, year)
    if key not in ctx.data.cache:
        ctx.data.cache[key] = _read(ctx, measure, code, year)
    found = ctx.data.cache[key]
    return found if isinstance(found, Table) else None


def _read(ctx: Context, measure: str, code: str, year: int) -> Table | None:
    rows = _index(ctx.data, ctx.phase).get((code, measure), {}).get(year)
    if not rows:
        return None
    # As to_cell reads a value, without building a cell for every reason.
    counts = {r: number(row[0]) for r, row in rows.items() if row[0] is not None}
    withheld = sorted(r for r, row in rows.items() if row[0] is None)
    total, total_sources = sum(counts.values()), tuple[Source, ...]()
    if withheld:
        # The headline file may hold the year under the LA's new code (see _latest).
        headline = point(ctx, measure, year, code) or point(ctx, measure, year)
        if headline is None or headline.count < total:
            return None
        total, total_sources = headline.count, headline.sources
    if total <= 0:
        return None
    return Table(year, code, counts, {r: rows[r] for r in counts}, withheld, total, total_sources)


def _latest(ctx: Context, measure: str, before: int | None = None) -> Table | None:
    """The latest usable table up to ctx.year (or before a year) in the area's series."""
    # DfE's reasons file keeps an LA's old GSS code after a renumbering (Gateshead is
    # E08000020 to 2016/17 there, E08000037 in the headline file), so try every code.
    index = _index(ctx.data, ctx.phase)
    codes = family(ctx)
    found = {y: c for c in reversed(codes) for y in index.get((c, measure), {})}
    last = ctx.year if before is None else before - 1
    for year in sorted((y for y in found if y <= last), reverse=True):
        if before is not None and changed_area(ctx, year, before):
            return None  # a different area before the reorganisation: see docstring
        for code in codes:
            if (table := _table(ctx, measure, code, year)) is not None:
                return table
    return None


def _value(table: Table, reason: str, measure: str) -> Value:
    """A reason's count as a share of the total."""
    share = table.share(reason)
    label = measure_label(measure)
    return Value(table.counts[reason], table.total, label, rate=share, per_10000=share * 100)


def _notes(ctx: Context, measure: str, now: Table, before: Table | None) -> list[Caveat]:
    """Caveats for the year used, withheld reasons, the total and any series break."""
    notes: list[Caveat] = []
    if now.year != ctx.year:
        notes.append(
            Caveat(
                EARLIER_YEAR,
                f"reasons are for {format_year(now.year)}, the latest year with reasons for "
                f"this area, not {format_year(ctx.year)}",
            )
        )
    if now.withheld:
        notes.append(
            Caveat(
                SUPPRESSED,
                _withheld_text(len(now.withheld), now.total),
            )
        )
    for t in (now, before):
        p = None if t is None or not t.total_sources else point(ctx, measure, t.year)
        if p is not None:
            notes += [c for c in caveats(ctx, measure, [p], own=False) if c.kind == REVISED]
    covid = [format_year(t.year) for t in (before, now) if t and t.year in COVID_YEARS]
    if covid:
        notes.append(Caveat(COVID, f"{' and '.join(covid)} disrupted by COVID-19"))
    if before is not None:
        for r in crossing(ctx, before.year, now.year):
            notes.append(Caveat(SERIES_BREAK, f"{format_year(r.first_academic_year)}: {r.note}"))
    return notes


def _tested(old: float, old_total: float, new: float, new_total: float) -> Ratio | None:
    """The change in share, or None if the figures are out of the test's range."""
    try:
        return change_test(old, old_total, new, new_total)
    except ValueError:
        return None


def _fact(
    ctx: Context, measure: str, tables: tuple[Table, Table | None], notes: list[Caveat], reason: str
) -> Fact:
    """One leading reason; ``notes`` are the caveats all the measure's reasons share."""
    now, before = tables
    count = now.counts[reason]
    rank = 1 + sum(1 for c in now.counts.values() if c > count)
    share = proportion(count, now.total)
    detail: dict[str, Any] = {
        "reason": reason,
        "label": REASONS.get(reason, reason),
        "rank": rank,
        "rank_certain": count >= now.total - sum(now.counts.values()),
        "data_year": now.year,
        "data_area": now.code,
        "withheld_reasons": now.withheld,
        "previous_year": None if before is None else before.year,
    }
    comparison, r = None, None
    provenance = [now.source(reason), *now.total_sources]
    if before is not None and reason in before.counts:
        was = proportion(before.counts[reason], before.total)
        r = _tested(before.counts[reason], before.total, count, now.total)
        comparison = Comparison(
            benchmark=format_year(before.year),
            benchmark_code=before.code,
            benchmark_value=_value(before, reason, measure),
            ratio=None if r is None else r.ratio,
            difference=now.share(reason) - before.share(reason),
        )
        detail["previous_share_interval"] = [was.lower, was.upper]
        provenance += [before.source(reason), *before.total_sources]
    return Fact(
        kind="reason",
        subject=ctx.subject(measure),
        value=_value(now, reason, measure),
        comparison=comparison,
        uncertainty=Uncertainty(
            lower=share.lower,
            upper=share.upper,
            method="wilson (share); change_test (change in share)",
            test=None if r is None else "change_test",
            p_value=None if r is None else r.p_value,
            verdict=None if r is None else r.verdict,
        ),
        detail=detail,
        caveats=notes + ctx.small_number_caveat(count),
        provenance=provenance,
    )


def build(ctx: Context) -> list[Fact]:
    """The leading reasons for permanent exclusion and suspension."""
    facts: list[Fact] = []
    for measure in MEASURES:
        now = _latest(ctx, measure)
        if now is None:
            continue
        before = _latest(ctx, measure, now.year)
        ranked = sorted(now.counts, key=lambda r: (-now.counts[r], ORDER.get(r, 99), r))
        notes = _notes(ctx, measure, now, before)
        for reason in [r for r in ranked if now.counts[r] > 0][:LEADING]:
            facts.append(_fact(ctx, measure, (now, before), notes, reason))
    return facts


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _withheld_text(n: int, total: float) -> str:
    """Caveat text for reasons withheld to protect pupils' privacy (read in stories)."""
    count = _WORDS[n] if n < len(_WORDS) else f"{n:,}"
    verb = "was" if n == 1 else "were"
    plural = "reason" if n == 1 else "reasons"
    return (
        f"{count.capitalize()} {plural} {verb} withheld for small numbers, so shares are of "
        f"the published total of {as_published(total)} and ranks are among the published reasons"
    )
