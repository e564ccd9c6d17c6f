"""One year's figure split by phase: primary, secondary and special schools."""

from __future__ import annotations

import altair as alt

from exclusions.facts.data import FactData
from exclusions.story.charts.common import (
    BLUE,
    INK,
    Chart,
    area,
    built_quickly,
    count_label,
    count_measure,
    is_rate,
    layered,
    nice_top,
    pct,
    possessive,
    rate,
    rate_label,
)
from exclusions.story.numbers import join_list
from exclusions.story.phrasing import count_phrase, number
from exclusions.years import format_year

PHASES = {"primary": "Primary", "secondary": "Secondary", "special": "Special"}
WIDTH, BAR = 480, 46
MISSING = "not published"


@built_quickly
def phase_split(data: FactData, area_code: str, year: int, measure: str) -> Chart:
    """Bars of the measure (count, or rate if a rate is asked for) by phase, each labelled."""
    count = count_measure(measure)
    as_rate = is_rate(measure)
    info = area(data, area_code)
    values = {
        p: rate(data, area_code, year, p, count)
        if as_rate
        else data.value(area_code, year, p, count)
        for p in PHASES
    }
    rows = [
        {"phase": PHASES[p], "value": v or 0, "text": MISSING if v is None else _label(v, as_rate)}
        for p, v in values.items()
    ]
    top = nice_top(max((v for v in values.values() if v is not None), default=0) * 1.25)
    what = rate_label(count) if as_rate else count_label(count)
    axis_title = "Per cent of pupils" if as_rate else f"Number of {what}"
    y = alt.Y("phase:N", sort=list(PHASES.values()), title=None, axis=alt.Axis(labelFontSize=14))
    x = alt.X(
        "value:Q",
        title=axis_title,
        scale=alt.Scale(domain=[0, top], nice=False),
        axis=alt.Axis(format=".2~f" if as_rate else ",~r", tickCount=5),
    )
    bars = alt.Chart(alt.InlineData(values=rows)).mark_bar(color=BLUE, height=BAR * 0.6)
    labels = alt.Chart(alt.InlineData(values=rows)).mark_text(
        align="left", baseline="middle", dx=6, fontSize=14, fontWeight="bold", color=INK
    )
    title = f"{what[0].upper()}{what[1:]} by type of school in {info.name}, {format_year(year)}"
    return layered(
        bars.encode(x=x, y=y),
        labels.encode(x=x, y=y, text=alt.Text("text:N")),
        width=WIDTH,
        height=BAR * len(PHASES),
        title=alt.TitleParams(title, subtitle=_subtitle(as_rate)),
        description=_describe(info.name, year, count, as_rate, values, data, area_code),
    )


def _label(value: float, as_rate: bool) -> str:
    if as_rate:
        return f"{value:.2f}%"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _subtitle(as_rate: bool) -> str:
    what = "Per cent of pupils" if as_rate else "Number"
    return f"{what} in state-funded primary and secondary schools and in special schools"


def _describe(
    name: str,
    year: int,
    count: str,
    as_rate: bool,
    values: dict[str, float | None],
    data: FactData,
    code: str,
) -> str:
    """The bars in words, in phase order, saying which figures were not published."""
    known = [(p, v) for p, v in values.items() if v is not None]
    missing = [PHASES[p].lower() for p, v in values.items() if v is None]
    when = format_year(year)
    if not known:
        text = f"No {count_label(count)} figures by type of school were published for {name}"
        return text + f" in {when}."
    parts = []
    for i, (p, v) in enumerate(known):
        where = f"in {PHASES[p].lower()} schools"
        if as_rate:
            parts.append(f"{pct(v)} {where}")
        elif i == 0:
            parts.append(f"{count_phrase(v, _singular(count), count_label(count))} {where}")
        else:
            parts.append(f"{number(v)} {where}")
    if as_rate:
        text = f"In {when} {possessive(name)} {rate_label(count)} was {join_list(parts)}"
    else:
        text = f"In {when} {name} had {join_list(parts)}"
    total = data.value(code, year, "total", count)
    if not as_rate and total is not None:
        text += f" ({number(total)} in all schools)"
    text += "."
    if missing:
        text += f" The figure for {join_list(missing)} schools was not published."
    return text


def _singular(count: str) -> str:
    """The noun for one of a count: ``permanent exclusion``."""
    label = count_label(count)
    return label.replace("pupils with", "pupil with") if "pupils" in label else label[:-1]
