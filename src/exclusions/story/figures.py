"""Every figure a sentence may print from a fact, with the notes of the cells it came from.

Each kind of fact lists its figures in the order its sentences print them (``cite`` matches
numbers to the first unused figure that prints as them): a count with its count cell, a rate
with its count and headcount cells, a ratio or a change with both sides' cells, a year with
the count cell of that year's row; what rests on more than two rows (a run of years, the
series, the pooled neighbours, a league table) with one grouped note.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from exclusions.facts.model import Fact, Source
from exclusions.story.angles import reversal
from exclusions.story.area import Area
from exclusions.story.cells import Builder, Figure, same, side, subject, value_of
from exclusions.story.notes import Note
from exclusions.story.phrasing import academic_year, join_list


def level(b: Builder) -> None:
    """The count, year and rate; for a phase split, each phase's count and rate too."""
    subject(b)
    for share in b.fact.detail.get("shares", []) if b.fact.kind == "phase_split" else []:
        found = b.cells.pair(share.get("count"), share.get("pupils"))
        count: tuple[Note, ...]
        rate: tuple[Note, ...]
        if found is None:
            count = rate = (b.cells.everything(),)
        else:
            count, rate = (Note.cell(found[0]),), (Note.cell(found[0]), Note.cell(found[1]))
        b.add("count", share.get("count"), *count)
        b.add("rate", share.get("rate"), *rate)


def rank(b: Builder) -> None:
    """The rate, then its place among England's LAs and the region's, from the league table."""
    f, d = b.fact, b.fact.detail
    count, rate = side(b.cells, f.value)
    b.add("rate", f.value.rate, *rate)
    name, year = b.area.rate_name(f.subject.measure), academic_year(f.subject.year)
    # The fact cites only the area's own row; the others are in the same files.
    rows = [f"each one's row for {year} in {x}" for x in d.get("ranked_from", [])]
    r, n, tied = d.get("rank"), d.get("of_n"), int(d.get("tied_with", 0))
    if isinstance(r, int) and isinstance(n, int):
        label = f"England's {n} local authorities ranked by {name}"
        league = Note.group(label, (), rows)
        b.add("ordinal", r, league)
        b.add("ordinal", n - r - tied + 1, league)
        b.add("count", n, league)
    rr, rn, region = d.get("region_rank"), d.get("region_of_n"), d.get("region_name")
    if isinstance(rr, int) and isinstance(rn, int) and isinstance(region, str):
        the = Area(Area.display(region), "regional").the
        label = f"The {rn} local authorities in {the} ranked by {name}"
        regional = Note.group(label, (), rows)
        b.add("ordinal", rr, regional)
        b.add("ordinal", rn - rr + 1, regional)
        b.add("count", rn, regional)
    b.add("year", f.subject.year, *count)


def versus(b: Builder) -> None:
    """The rate, the ratio to the benchmark's rate, and the benchmark's rate."""
    f, c = b.fact, b.fact.comparison
    if c is None:
        subject(b)
        return
    count, rate = side(b.cells, f.value)
    if f.kind == "versus_neighbours":
        bench: tuple[Note, ...] = (_neighbours(b),)
    else:
        bench = side(b.cells, c.benchmark_value)[1]
    b.add("rate", f.value.rate, *rate)
    b.add("ratio", c.ratio, *rate, *bench)
    b.add("rate", c.benchmark_value.rate, *bench)
    b.add("count", f.value.count, *count)
    b.add("year", f.subject.year, *count)


def _neighbours(b: Builder) -> Note:
    """One note for the pooled neighbours: their names, then their rows."""
    used = b.fact.detail.get("neighbours_used", [])
    cells: list[Source] = []
    for nb in used:
        cells += b.cells.pair(nb.get("count"), nb.get("pupils")) or ()
    names = join_list([Area.display(str(nb.get("name"))) for nb in used])
    what = b.what(b.fact.subject.measure, whose=False)
    year = academic_year(b.fact.subject.year)
    label = f"The statistical neighbours' {what} and pupils on roll in {year} ({names})"
    return Note.group(label, cells)


def change(b: Builder, years: dict[str, Any] | None = None) -> None:
    """The change, the years apart, each year, and each year's count and rate."""
    f, c = b.fact, b.fact.comparison
    d = b.fact.detail if years is None else years
    if c is None:
        subject(b)
        return
    now_count, now_rate = side(b.cells, f.value)
    then_count, then_rate = side(b.cells, c.benchmark_value)
    b.add("change", c.percent_change, *then_count, *now_count)
    b.add("number", d.get("years_apart"), *then_count, *now_count)
    b.add("year", d.get("from_year"), *then_count)
    b.add("year", d.get("to_year"), *now_count)
    b.add("count", c.benchmark_value.count, *then_count)
    b.add("count", f.value.count, *now_count)
    b.add("rate", c.benchmark_value.rate, *then_rate)
    b.add("rate", f.value.rate, *now_rate)


def national(b: Builder) -> None:
    """England's change, with the years from the fact's change detail."""
    d = b.fact.detail
    change(b, d["change"] if isinstance(d.get("change"), dict) else d)


def history(b: Builder) -> None:
    """Records and series lengths from the series; runs from their years; the peak's year."""
    f, d = b.fact, b.fact.detail
    rows = b.cells.rows()
    # One row per year of the series: runs end at the story's year, so count from the end.
    aligned = len(rows) == d.get("years_in_series")
    stat = d.get("statistic")
    if stat == "record":
        series = _span(b, rows, d.get("series_start"), f.subject.year)
        b.add("number", d.get("years_in_series"), series)
        b.add("year", d.get("series_start"), series)
    current = d.get("current_run")
    if stat == "runs" and isinstance(current, dict):
        moves = int(current.get("moves", 0))
        turned = reversal(f)
        run = _span(b, rows[-(moves + 1) :] if aligned else rows, current.get("from_year"),
                    f.subject.year)  # fmt: skip
        b.add("number", moves, run)
        if turned is None or moves > 1:  # a one-year turn says only the story's year
            b.add("year", current.get("from_year"), run)
        b.add("year", f.subject.year, run)
        if turned is not None:
            broken, first = turned[1], len(rows) - moves - int(turned[1]["moves"]) - 1
            span = rows[first : len(rows) - moves] if aligned and first >= 0 else rows
            before = _span(b, span, broken.get("from_year"), broken.get("to_year"))
            b.add("number", broken.get("moves"), before)
            b.add("year", broken.get("from_year"), before)
            b.add("year", broken.get("to_year"), before)
    if stat == "peak":
        count, rate = _peak(b, rows, d.get("peak_count"), d.get("peak_rate"))
        b.add("year", d.get("peak_year"), *count)
        b.add("rate", d.get("peak_rate"), *rate)
    subject(b)


def _span(b: Builder, rows: Sequence[Sequence[Source]], first: object, last: object) -> Note:
    """A grouped note for a run of years: the count and headcount cells of each."""
    years = ""
    if isinstance(first, int) and isinstance(last, int):
        years = f", {academic_year(first)} to {academic_year(last)}"
    label = f"{b.what(b.fact.subject.measure)} and pupils on roll{years}"
    return Note.group(label[0].upper() + label[1:], [c for row in rows for c in row[:2]])


def _peak(
    b: Builder, rows: Sequence[Sequence[Source]], count: object, rate: object
) -> tuple[tuple[Note, ...], tuple[Note, ...]]:
    """The peak year's count cell, and its count and headcount cells."""
    everything = (b.cells.everything(),)
    if not isinstance(rate, float):
        return everything, everything
    for row in rows:
        n, pupils = (value_of(row[0].text), value_of(row[1].text)) if len(row) > 1 else (0, 0)
        if n is not None and pupils and same(n, count) and math.isclose(n / pupils * 100, rate):
            return (Note.cell(row[0]),), (Note.cell(row[0]), Note.cell(row[1]))
    return everything, everything


def characteristic(b: Builder) -> None:
    """The year, the group's rate, the ratio, and the rate it is compared with."""
    f, c = b.fact, b.fact.comparison
    count, rate = side(b.cells, f.value)
    b.add("year", f.detail.get("data_year"), *count)
    b.add("rate", f.value.rate, *rate)
    if c is not None:
        bench = side(b.cells, c.benchmark_value)[1]
        b.add("ratio", c.ratio, *rate, *bench)
        b.add("rate", c.benchmark_value.rate, *bench)


def reason(b: Builder) -> None:
    """The year, the reason's count, the total it is a share of, and the share."""
    f, v, cells = b.fact, b.fact.value, b.cells
    first = cells.cells[0] if cells.cells and cells.values[0] == v.count else cells.one(v.count)
    count = (Note.cell(first),) if first is not None else (cells.everything(),)
    # The headline total follows the reason's cell when some reasons were withheld;
    # otherwise the total is the sum of every reason on the reason's line.
    if len(cells.cells) > 1 and cells.values[1] == v.denominator:
        total: tuple[Note, ...] = (Note.cell(cells.cells[1]),)
    elif first is not None:
        year = academic_year(int(f.detail.get("data_year", f.subject.year)))
        label = f"The sum of every reason published for {b.area.the} in {year}"
        line = f"{first.file} (release {first.release}), line {first.line}"
        total = (Note.group(label, (), [line]),)
    else:
        total = count
    b.add("year", f.detail.get("data_year"), *count)
    b.add("count", v.count, *count)
    b.add("count", v.denominator, *total)
    b.add("rate", v.rate, *count, *total)


KINDS: dict[str, Callable[[Builder], None]] = {
    "level": level,
    "phase_split": level,
    "rank": rank,
    "versus_england": versus,
    "versus_region": versus,
    "versus_neighbours": versus,
    "funnel": versus,
    "change": change,
    "history": history,
    "national_context": national,
    "characteristic": characteristic,
    "reason": reason,
}


def figures(fact: Fact) -> list[Figure]:
    """Every figure a sentence may print from ``fact``, with the notes of its cells."""
    # Kept on the fact: a year's stories cite the same England and region facts many times.
    cached = fact.__dict__.get("_figures")
    if isinstance(cached, list):
        return cached
    b = Builder(fact)
    KINDS.get(fact.kind, subject)(b)
    b.releases()
    fact.__dict__["_figures"] = b.figures
    return b.figures
