"""The rate over time: an area against its region and England, year by year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt

from exclusions.facts.change import series_codes
from exclusions.facts.context import Context
from exclusions.facts.data import ENGLAND, FactData
from exclusions.geography.reorganisations import Reorganisation, series_breaks
from exclusions.story.charts.common import (
    BLUE,
    COVID_YEARS,
    GREY,
    INK,
    VERMILLION,
    Chart,
    area,
    built_quickly,
    count_measure,
    layered,
    nice_top,
    pct,
    phase_label,
    possessive,
    rate,
    rate_label,
)
from exclusions.story.numbers import join_list
from exclusions.years import format_year

WIDTH, HEIGHT = 600, 320
LABEL_GAP = 17  # pixels between direct labels, so that neighbouring names never overlap


@dataclass(frozen=True)
class Style:
    """How one series is drawn: told apart by dash and marker as well as by colour."""

    colour: str
    dash: tuple[int, int]
    width: float
    shape: str
    glyph: str  # the marker as text, so each direct label carries its line's key


STYLES = {
    "area": Style(BLUE, (1, 0), 3.5, "circle", "\u25cf"),
    "region": Style(VERMILLION, (8, 4), 2.5, "square", "\u25a0"),
    "england": Style(GREY, (2, 3), 2.5, "triangle-up", "\u25b2"),
}


@dataclass
class Series:
    """One line: its role, name and each shown year's rate (None for a gap)."""

    role: str
    name: str
    rates: dict[int, float | None]

    @property
    def known(self) -> dict[int, float]:
        return {y: v for y, v in self.rates.items() if v is not None}


@built_quickly
def rate_over_time(
    data: FactData, area_code: str, measure: str, phase: str = "total", *, year: int | None = None
) -> Chart:
    """The area's rate by academic year (to ``year``) against its region and England."""
    count = count_measure(measure)
    info = area(data, area_code)
    last = year if year is not None else max(data.years)
    codes = _codes(data, area_code, last, phase)
    shown = [
        (role, code)
        for role, code in (
            ("region", info.region_code if info.level == "local_authority" else None),
            ("england", ENGLAND if info.level != "national" else None),
        )
        # A comparator with no figures at all (London as a whole: DfE reports its two
        # halves) would be a name in the legend with no line.
        if code and code in data.areas and data.years_by_area.get(code)
    ]
    spans = [codes] + [{y: c for y in data.years_by_area.get(c, ())} for _, c in shown]
    years = sorted({y for s in spans for y in s if y <= last})
    first = years[0] if years else last
    span = range(first, last + 1)

    def line(role: str, by_year: dict[int, str], name: str) -> Series:
        rates = {y: rate(data, by_year[y], y, phase, count) if y in by_year else None for y in span}
        return Series(role, name, rates)

    series = [line("area", codes, info.name)]
    series += [line(role, {y: c for y in span}, data.areas[c].name) for role, c in shown]
    breaks = _breaks(info.old_la_code if info.level == "local_authority" else None, first, last)
    top = nice_top(max((v for s in series for v in s.known.values()), default=0) * 1.1)
    label = rate_label(count)
    title = f"{label[0].upper()}{label[1:]} in {info.name}, {_years(first, last)}"
    others = join_list([s.name for s in series[1:]]) if len(series) > 1 else ""
    subtitle = f"Per cent of pupils, {phase_label(phase)}" + (
        f", compared with {others}" if others else ""
    )
    x, y = _x(first, last), _y(top)
    return layered(
        *_covid(first, last),
        *_break_marks(breaks),
        _lines(series).encode(x=x, y=y),
        _points(series).encode(x=x, y=y),
        _labels(series, top).encode(x=x, y=y),
        width=WIDTH,
        height=HEIGHT,
        title=alt.TitleParams(title, subtitle=subtitle),
        description=_describe(series, label, first, last, breaks),
    )


def _codes(data: FactData, code: str, last: int, phase: str) -> dict[int, str]:
    """Year -> code the area's figures were published under, across renumberings."""
    info = data.areas[code]
    return series_codes(Context(data, info, last, phase))


def _years(first: int, last: int) -> str:
    return format_year(first) if first == last else f"{format_year(first)} to {format_year(last)}"


def _x(first: int, last: int) -> alt.X:
    """Academic years on a linear scale, so a missing year keeps its place on the axis."""
    return alt.X(
        "year:Q",
        title="Academic year",
        scale=alt.Scale(domain=[first - 0.5, last + 0.5], nice=False, zero=False),
        axis=alt.Axis(
            values=_ticks(first, last),
            labelExpr="datum.value + '/' + format((datum.value + 1) % 100, '02d')",
            grid=False,
        ),
    )


def _y(top: float) -> alt.Y:
    return alt.Y(
        "rate:Q",
        title="Per cent of pupils",
        scale=alt.Scale(domain=[0, top], nice=False),
        axis=alt.Axis(format=".2~f", tickCount=5),
    )


def _ticks(first: int, last: int) -> list[int]:
    """Every year, or every other year counting back from the last when there are many."""
    step = 1 if last - first < 10 else 2
    return list(range(last, first - 1, -step))[::-1]


def _scale(series: list[Series], channel: str) -> alt.Scale:
    """One scale per style channel, so colour, dash, width and marker agree for each name."""
    styles = [STYLES[s.role] for s in series]
    ranges: dict[str, list[Any]] = {
        "colour": [st.colour for st in styles],
        "dash": [list(st.dash) for st in styles],
        "width": [st.width for st in styles],
        "shape": [st.shape for st in styles],
    }
    return alt.Scale(domain=[s.name for s in series], range=ranges[channel])


def _rows(series: list[Series]) -> list[dict[str, object]]:
    """Every known point, numbered by unbroken run so a gap is never bridged."""
    rows: list[dict[str, object]] = []
    for s in series:
        run, previous = 0, None
        for y, v in s.known.items():
            if previous is not None and y != previous + 1:
                run += 1
            rows.append({"year": y, "rate": v, "series": s.name, "run": f"{s.name}|{run}"})
            previous = y
    return rows


def _lines(series: list[Series]) -> alt.Chart:
    # No legend: the direct labels name every line (with its marker), and a legend costs
    # a third of the chart's rendering time.
    legend = None
    chart: alt.Chart = (
        alt.Chart(alt.InlineData(values=_rows(series)))
        .mark_line()
        .encode(
            color=alt.Color("series:N", scale=_scale(series, "colour"), legend=legend),
            strokeDash=alt.StrokeDash("series:N", scale=_scale(series, "dash"), legend=legend),
            strokeWidth=alt.StrokeWidth("series:N", scale=_scale(series, "width"), legend=None),
            detail=alt.Detail("run:N"),
        )
    )
    return chart


def _points(series: list[Series]) -> alt.Chart:
    chart: alt.Chart = (
        alt.Chart(alt.InlineData(values=_rows(series)))
        .mark_point(filled=True, size=70, opacity=1)
        .encode(
            color=alt.Color("series:N", scale=_scale(series, "colour"), legend=None),
            shape=alt.Shape("series:N", scale=_scale(series, "shape"), legend=None),
        )
    )
    return chart


def _labels(series: list[Series], top: float) -> alt.Chart:
    """Each series named at its last point, nudged apart so that no two labels overlap."""
    ends = [(s, max(s.known)) for s in series if s.known]
    wanted = sorted(((s.known[y], s, y) for s, y in ends), key=lambda t: t[0])
    gap = LABEL_GAP * top / HEIGHT
    placed: list[float] = []
    for value, _, _ in wanted:
        placed.append(max(value, placed[-1] + gap) if placed else value)
    if placed and placed[-1] > top:
        # Pushed off the top: shift the stack down, keeping the spacing.
        shift = placed[-1] - top
        placed = [p - shift for p in placed]
    rows = [
        {
            "year": y,
            "rate": p,
            "series": s.name,
            "text": f"{STYLES[s.role].glyph} {s.name} {value:.2f}%",
        }
        for (value, s, y), p in zip(wanted, placed, strict=True)
    ]
    chart: alt.Chart = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_text(align="left", baseline="middle", dx=10, fontSize=13, fontWeight="bold")
        .encode(
            text=alt.Text("text:N"),
            color=alt.Color("series:N", scale=_scale(series, "colour"), legend=None),
        )
    )
    return chart


def _covid(first: int, last: int) -> list[alt.Chart]:
    """A shaded band over the COVID years that are shown, with its label."""
    lo, hi = max(min(COVID_YEARS), first), min(max(COVID_YEARS), last)
    if lo > hi:
        return []
    band = alt.InlineData(
        values=[{"x": lo - 0.5, "x2": hi + 0.5, "mid": (lo + hi) / 2, "text": "COVID-19"}]
    )
    rect = (
        alt.Chart(band)
        .mark_rect(color="#000000", opacity=0.08, y=0, y2=HEIGHT)
        .encode(x=alt.X("x:Q"), x2=alt.X2("x2"))
    )
    text = (
        alt.Chart(band)
        .mark_text(fontSize=12, color="#444444", baseline="top", dy=4, y=0)
        .encode(x=alt.X("mid:Q"), text=alt.Text("text:N"))
    )
    return [rect, text]


def _breaks(old: str | None, first: int, last: int) -> list[tuple[int, str, Reorganisation]]:
    """Reorganisations of the LA within the years shown: (first year after, label, details)."""
    if not old:
        return []
    out = []
    for r in series_breaks(old):
        y = r.first_academic_year
        if first < y <= last:
            if r.renumbered_only:
                text = f"New code {format_year(y)}"
            elif old in r.successors:
                text = f"Series starts {format_year(y)}"
            else:
                text = f"Series ends {format_year(y - 1)}"
            out.append((y, text, r))
    return out


def _break_marks(breaks: list[tuple[int, str, Reorganisation]]) -> list[alt.Chart]:
    if not breaks:
        return []
    data = alt.InlineData(values=[{"x": y - 0.5, "text": t} for y, t, _ in breaks])
    rule = (
        alt.Chart(data)
        .mark_rule(color=INK, strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x=alt.X("x:Q"))
    )
    text = (
        alt.Chart(data)
        .mark_text(align="right", baseline="top", dx=-4, dy=22, fontSize=12, color=INK, y=0)
        .encode(x=alt.X("x:Q"), text=alt.Text("text:N"))
    )
    return [rule, text]


def _describe(
    series: list[Series],
    label: str,
    first: int,
    last: int,
    breaks: list[tuple[int, str, Reorganisation]],
) -> str:
    """The chart in words: the area's first and last rates, the comparators, gaps and breaks."""
    main, others = series[0], series[1:]
    known = main.known
    if not known:
        text = f"No {label} was published for {main.name} from {_years(first, last)}."
    else:
        y0, y1 = min(known), max(known)
        v0, v1 = known[y0], known[y1]
        subject = f"{possessive(main.name)} {label}"
        if y0 == y1:
            text = f"{subject} was {pct(v1)} in {format_year(y1)}"
        elif pct(v0) == pct(v1):
            text = f"{subject} was {pct(v1)} in both {format_year(y0)} and {format_year(y1)}"
        else:
            verb = "rose" if v1 > v0 else "fell"
            text = f"{subject} {verb} from {pct(v0)} in {format_year(y0)} to {pct(v1)} in "
            text += format_year(y1)
        compared = [f"{s.name} {pct(v)}" for s in others if (v := s.rates.get(y1)) is not None]
        text += f"; {join_list(compared)}." if compared else "."
        peak = max(known, key=lambda y: known[y])
        if pct(known[peak]) not in (pct(v0), pct(v1)):
            text += f" The highest was {pct(known[peak])} in {format_year(peak)}."
        gaps = [y for y in range(y0, y1 + 1) if y not in known]
        if gaps:
            years = join_list([format_year(y) for y in gaps])
            text += f" No figure was published for {years}: the line has a gap there."
    for y, _, r in breaks:
        text += f" From {format_year(y)}: {r.note}"
    covid = [format_year(y) for y in COVID_YEARS if first <= y <= last]
    if covid:
        text += f" Shaded: {join_list(covid)}, years disrupted by COVID-19."
    return text
