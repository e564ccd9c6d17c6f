"""Two to five areas' rates over time on one chart, for the explorer's compare page."""

from __future__ import annotations

from typing import Any

import altair as alt

from exclusions.facts.data import FactData
from exclusions.story.charts.common import (
    Chart,
    built_quickly,
    count_measure,
    layered,
    nice_top,
    pct,
    phase_label,
    rate,
    rate_label,
)
from exclusions.story.charts.trend import _covid, _x, _y
from exclusions.story.numbers import join_list
from exclusions.years import format_year

__all__ = ["compare_over_time"]

WIDTH, HEIGHT = 600, 320
# Okabe-Ito colours, each with its own dash and marker so that no line relies on colour.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
DASHES = ((1, 0), (8, 4), (2, 3), (12, 3, 2, 3), (4, 2))
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross")


def _rows(names: list[str], rates: list[dict[int, float | None]]) -> list[dict[str, Any]]:
    """Known points, numbered by unbroken run so a gap is never bridged."""
    rows: list[dict[str, Any]] = []
    for name, by_year in zip(names, rates, strict=True):
        run, previous = 0, None
        for y in sorted(y for y, v in by_year.items() if v is not None):
            if previous is not None and y != previous + 1:
                run += 1
            rows.append({"year": y, "rate": by_year[y], "series": name, "run": f"{name}|{run}"})
            previous = y
    return rows


@built_quickly
def compare_over_time(
    data: FactData, codes: list[str], measure: str, phase: str = "total"
) -> Chart:
    """Each area's rate by academic year, one styled line per area with a legend."""
    count = count_measure(measure)
    names = [data.areas[c].name for c in codes]
    years = sorted({y for c in codes for y in data.years_by_area.get(c, ())})
    first, last = (years[0], years[-1]) if years else (0, 0)
    rates = [{y: rate(data, c, y, phase, count) for y in range(first, last + 1)} for c in codes]
    rows = _rows(names, rates)
    top = nice_top(max((r["rate"] for r in rows), default=0) * 1.1)
    n = len(codes)

    def scale(values: tuple[Any, ...]) -> alt.Scale:
        return alt.Scale(domain=names, range=[list(v) if isinstance(v, tuple) else v
                                              for v in values[:n]])  # fmt: skip

    legend = alt.Legend(title=None, orient="bottom", direction="vertical", symbolStrokeWidth=3)
    x, y = _x(first, last), _y(top)
    lines = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_line(strokeWidth=3)
        .encode(
            x=x,
            y=y,
            color=alt.Color("series:N", scale=scale(COLOURS), legend=legend),
            strokeDash=alt.StrokeDash("series:N", scale=scale(DASHES), legend=legend),
            detail=alt.Detail("run:N"),
        )
    )
    points = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_point(filled=True, size=70, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color("series:N", scale=scale(COLOURS), legend=legend),
            shape=alt.Shape("series:N", scale=scale(SHAPES), legend=legend),
        )
    )
    label = rate_label(count)
    span = format_year(first) if first == last else f"{format_year(first)} to {format_year(last)}"
    return layered(
        *_covid(first, last),
        lines,
        points,
        width=WIDTH,
        height=HEIGHT,
        title=alt.TitleParams(
            f"{label[0].upper()}{label[1:]}, {span}",
            subtitle=f"Per cent of pupils, {phase_label(phase)}: {join_list(names)}",
        ),
        description=_describe(names, rates, label, last),
    )


def _describe(names: list[str], rates: list[dict[int, float | None]], label: str, last: int) -> str:
    """The chart in words: each area's latest rate, highest first."""
    latest = []
    for name, by_year in zip(names, rates, strict=True):
        known = {y: v for y, v in by_year.items() if v is not None}
        if known:
            y = max(known)
            latest.append((known[y], f"{name} {pct(known[y])} in {format_year(y)}"))
        else:
            latest.append((-1.0, f"{name}: no figure published"))
    latest.sort(key=lambda t: -t[0])
    text = f"The {label} over time. Latest figures: {join_list([t for _, t in latest])}."
    if any(v is None for by_year in rates for y, v in by_year.items() if y < last):
        text += " Gaps mark years with no published figure."
    return text
