"""A choropleth of every LA's rate for a year, with the story's area outlined.

LAs drawn on an outline under another code (see ``boundaries``) are named in the
description, and so are LAs with a figure but no outline at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

import altair as alt
import duckdb

from exclusions.facts.data import ENGLAND, FactData
from exclusions.geography.lookups import INNER_LONDON, OUTER_LONDON
from exclusions.story.charts.boundaries import Boundaries, load_boundaries, place
from exclusions.story.charts.common import (
    INK,
    Chart,
    area,
    built_quickly,
    count_measure,
    layered,
    pct,
    phase_label,
    rate,
    rate_label,
)
from exclusions.story.numbers import join_list, number
from exclusions.years import format_year

if TYPE_CHECKING:
    from exclusions.store import Store

__all__ = ["HIGHLIGHT_LAYERS", "england_map"]

WIDTH, HEIGHT = 460, 540
NO_DATA = "#d4d4d4"
LONDON = "E12000007"
# Layer names the renderer looks for to draw the outline cheaply (see render.py).
HIGHLIGHT_LAYERS = ("halo", "outline")
SUBTITLE_MARK = "exclusions-highlight-subtitle"


@built_quickly
def england_map(
    data: FactData,
    con_or_boundaries: Boundaries | duckdb.DuckDBPyConnection | Store,
    year: int,
    measure: str,
    highlight: str | None = None,
    *,
    phase: str = "total",
) -> Chart:
    """LA rates for the year on a map of England, with ``highlight`` (LA or region) outlined."""
    count = count_measure(measure)
    bounds = load_boundaries(con_or_boundaries)
    present = data.local_authorities(year)
    values = {c: rate(data, c, year, phase, count) for c in present}
    drawn = place(data, bounds, values)
    codes = _highlighted(data, drawn, highlight)
    label = rate_label(count)
    features = ",".join(
        '{"type":"Feature","properties":'
        + json.dumps(
            {
                "code": b,
                "name": bounds.names[b],
                "rate": values.get(drawn[b]) if b in drawn else None,
            }
        )
        + ',"geometry":'
        + bounds.geometry[b]
        + "}"
        for b in bounds.geometry
    )
    # One JSON string rather than nested lists: Altair copies and validates lists item by
    # item (about a second for 150 outlines) but passes a string through untouched.
    source = alt.InlineData(
        values='{"type":"FeatureCollection","features":[' + features + "]}",
        format=alt.JsonDataFormat(type="json", property="features"),
    )
    colour = alt.Color(
        "properties.rate:Q",
        title="Per cent",
        scale=alt.Scale(scheme=alt.SchemeParams("yellowgreenblue", extent=[0.1, 0.9])),
        legend=alt.Legend(format=".2~f", orient="right", gradientLength=220),
    )
    nodata = (
        alt.Chart(source)
        .transform_filter("!isValid(datum.properties.rate)")
        .mark_geoshape(fill=NO_DATA, stroke="white", strokeWidth=0.5, aria=False)
    )
    fill = (
        alt.Chart(source)
        .transform_filter("isValid(datum.properties.rate)")
        .mark_geoshape(stroke="white", strokeWidth=0.5, aria=False)
        .encode(color=colour)
    )
    layers = [nodata, fill]
    for name, stroke, width in (("halo", "white", 6.0), ("outline", INK, 3.0)):
        if codes:
            layers.append(
                alt.Chart(source, name=name)
                .transform_filter(alt.FieldOneOfPredicate("properties.code", codes))
                .mark_geoshape(filled=False, stroke=stroke, strokeWidth=width, strokeJoin="round")
                .encode(description=alt.Description("properties.code:N"))
            )
    subtitle = [f"Per cent of pupils, {phase_label(phase)}. Grey: no published figure"]
    who = _who(data, highlight)
    if who and codes:
        subtitle.append(f"Outlined: {who}")
    elif who:
        subtitle.append(f"{who} has no boundary on this map")
    title = f"{label[0].upper()}{label[1:]} by local authority, {format_year(year)}"
    # Transverse Mercator on 2°W, the British National Grid's meridian: England as the
    # Ordnance Survey draws it. Vega-Lite fits the projection to the outlines.
    projection = alt.Projection(type="transverseMercator", rotate=[2, 0, 0])
    extra = {"usermeta": {"exclusions": {"highlight": codes, "subtitle": subtitle[-1]}}}
    return layered(
        *layers,
        width=WIDTH,
        height=HEIGHT,
        projection=projection,
        title=alt.TitleParams(title, subtitle=subtitle),
        description=_describe(
            data,
            year,
            label,
            values,
            drawn,
            highlight,
            codes,
            rate(data, ENGLAND, year, phase, count),
        ),
        **(extra if codes else {}),
    )


def _members(data: FactData, region: str) -> set[str]:
    """Region codes an LA's region_code may carry for this region (London's two halves)."""
    return {region, INNER_LONDON, OUTER_LONDON} if region == LONDON else {region}


def _highlighted(data: FactData, drawn: dict[str, str], highlight: str | None) -> list[str]:
    """Outline codes to draw thick: the LA's own, or every LA's in a region."""
    if highlight is None or highlight == ENGLAND:
        return []
    info = area(data, highlight)
    if info.level == "regional":
        regions = _members(data, highlight)
        return [b for b, c in drawn.items() if data.areas[c].region_code in regions]
    return [b for b, c in drawn.items() if c == highlight]


def _who(data: FactData, highlight: str | None) -> str | None:
    """What the outline shows, in words."""
    if highlight is None or highlight == ENGLAND:
        return None
    info = area(data, highlight)
    return f"local authorities in {info.name}" if info.level == "regional" else info.name


def _at(data: FactData, shown: dict[str, float], value: float) -> str:
    """The LAs with a rate that reads the same as ``value``, or how many there are."""
    found = _names(data, [c for c, v in shown.items() if pct(v) == pct(value)])
    return join_list(found) if len(found) <= 3 else f"{number(len(found))} local authorities"


def _names(data: FactData, codes: Iterable[str]) -> list[str]:
    return sorted({data.areas[c].name if c in data.areas else c for c in codes})


def _describe(
    data: FactData,
    year: int,
    label: str,
    values: dict[str, float | None],
    drawn: dict[str, str],
    highlight: str | None,
    codes: list[str],
    england: float | None,
) -> str:
    """The map in words: the range, England, the outlined area and what is not drawn."""
    when = format_year(year)
    shown = {c: v for c, v in values.items() if v is not None and c in drawn.values()}
    text = f"Map of local authorities in England shaded by {label} in {when}, darker for higher"
    if shown:
        low, high = min(shown.values()), max(shown.values())
        text += f": from {pct(low)} in {_at(data, shown, low)} to {pct(high)} in "
        text += _at(data, shown, high)
    text += "."
    if england is not None:
        text += f" England: {pct(england)}."
    who = _who(data, highlight)
    if who and not codes:
        text += f" {who} has no boundary on this map."
    elif highlight and highlight in shown:
        higher = sum(v > shown[highlight] for v in shown.values())
        text += (
            f" {who} (outlined): {pct(shown[highlight])}; {number(higher)} of {number(len(shown))}"
            " local authorities had a higher rate."
        )
    elif who:
        text += f" Outlined: {who}."
    moved = _names(data, {c for b, c in drawn.items() if b != c})
    if moved:
        verb = "is" if len(moved) == 1 else "are"
        text += (
            f" {join_list(moved)} {verb} drawn on December 2024 boundaries that use newer codes."
        )
    missing = _names(
        data, [c for c, v in values.items() if v is not None and c not in drawn.values()]
    )
    if missing:
        text += f" Not shown, having no boundary: {join_list(missing)}."
    grey = _names(data, {c for c in drawn.values() if values.get(c) is None})
    if grey:
        text += f" No figure published (grey): {join_list(grey)}."
    return text
