"""A choropleth of every LA's rate for a year, with the story's area outlined.

Boundaries are the store's ONS December 2024 outlines. An LA reported under a code those
outlines do not use is drawn on the outline that covers the same area (North Yorkshire's
county figure on the 2023 unitary; Cumbria's on Cumberland and Westmorland and Furness,
which together are Cumbria) and named in the description; one with no such outline is
named as not shown.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import altair as alt
import duckdb

from exclusions.facts.data import ENGLAND, FactData
from exclusions.geography.lookups import INNER_LONDON, OUTER_LONDON
from exclusions.geography.reorganisations import REORGANISATIONS
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

__all__ = ["HIGHLIGHT_LAYERS", "Boundaries", "england_map", "load_boundaries"]

WIDTH, HEIGHT = 460, 540
DECIMALS = 4  # about 10 m: far below a pixel at this size, and it halves the text
NO_DATA = "#d4d4d4"
LONDON = "E12000007"
# Layer names the renderer looks for to draw the outline cheaply (see render.py).
HIGHLIGHT_LAYERS = ("halo", "outline")
SUBTITLE_MARK = "exclusions-highlight-subtitle"


@dataclass(frozen=True)
class Boundaries:
    """ONS outlines ready to inline: name and compact GeoJSON geometry text by GSS code."""

    names: dict[str, str]
    geometry: dict[str, str]
    version: str


_loaded: dict[str, Boundaries] = {}


def load_boundaries(source: Boundaries | duckdb.DuckDBPyConnection | Store) -> Boundaries:
    """The store's boundary table, rounded and rewound once per distinct content."""
    if isinstance(source, Boundaries):
        return source
    con = source if isinstance(source, duckdb.DuckDBPyConnection) else source.con
    found = con.execute(
        "SELECT md5(coalesce(string_agg(area_code || ':' || geometry, '|' ORDER BY area_code),"
        " '')) FROM boundary"
    ).fetchone()
    version = str(found[0]) if found else ""
    if version not in _loaded:
        names: dict[str, str] = {}
        geometry: dict[str, str] = {}
        for code, name, text in con.execute(
            "SELECT area_code, name, geometry FROM boundary ORDER BY area_code"
        ).fetchall():
            shape = _prepare(json.loads(text))
            if shape is not None:
                names[str(code)] = str(name)
                geometry[str(code)] = json.dumps(shape, separators=(",", ":"))
        _loaded[version] = Boundaries(names, geometry, version)
    return _loaded[version]


def _prepare(geometry: dict[str, Any]) -> dict[str, Any] | None:
    """Round coordinates and wind rings as d3-geo expects, or None if nothing is left."""
    kind = geometry.get("type")
    if kind == "Polygon":
        rings = _polygon(geometry["coordinates"])
        return None if rings is None else {"type": "Polygon", "coordinates": rings}
    if kind == "MultiPolygon":
        parts = [p for p in (_polygon(c) for c in geometry["coordinates"]) if p is not None]
        return {"type": "MultiPolygon", "coordinates": parts} if parts else None
    return None


def _polygon(rings: list[list[list[float]]]) -> list[list[list[float]]] | None:
    out = []
    for i, ring in enumerate(rings):
        points: list[list[float]] = []
        for x, y, *_ in ring:
            p = [round(x, DECIMALS), round(y, DECIMALS)]
            if not points or points[-1] != p:
                points.append(p)
        if len(points) < 4:
            if i == 0:
                return None  # the outer ring vanished at this precision
            continue
        # d3-geo reads rings on the sphere: an outer ring must run clockwise, a hole
        # anticlockwise, or it draws the rest of the globe (RFC 7946 GeoJSON is the reverse).
        clockwise = _signed_area(points) < 0
        out.append(points if clockwise == (i == 0) else points[::-1])
    return out


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))


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
    drawn = _assign(data, bounds, values)
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
        format=alt.DataFormat(type="json", property="features"),
    )
    colour = alt.Color(
        "properties.rate:Q",
        title="Per cent",
        scale=alt.Scale(scheme=alt.SchemeParams("yellowgreenblue", extent=[0.1, 0.9])),
        legend=alt.Legend(format=".2f", orient="right", gradientLength=220),
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
                .mark_geoshape(filled=False, stroke=stroke, strokeWidth=width)
                .encode(description="properties.code:N")
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


def _assign(data: FactData, bounds: Boundaries, values: dict[str, float | None]) -> dict[str, str]:
    """Outline code -> the LA code whose figures it shows this year."""
    drawn = {b: b for b in bounds.geometry if b in values}
    # The same LA under a new code (same DfE number): the outline shows its figures.
    by_old: dict[str, list[str]] = defaultdict(list)
    for c in values:
        old = data.areas[c].old_la_code
        if old and c not in bounds.geometry:
            by_old[old].append(c)
    for b in bounds.geometry:
        info = data.areas.get(b)
        same = by_old.get(info.old_la_code or "", []) if info and b not in drawn else []
        if len(same) == 1:
            drawn[b] = same[0]
    # A county split into unitaries: the unitaries together are the county, so each shows
    # the county's figure while the county is reported (DfE may list the unitaries, empty,
    # in the same year).
    for r in REORGANISATIONS:
        county = r.predecessor_gss[0] if len(r.predecessor_gss) == 1 else ""
        if r.renumbered_only or values.get(county) is None or county in bounds.geometry:
            continue
        for b in r.successor_gss:
            if b in bounds.geometry and values.get(drawn.get(b, "")) is None:
                drawn[b] = county
    # Two LAs published together ("E09000021 / E09000027"): both outlines show the pair.
    for c in values:
        for part in c.split(" / ") if " / " in c else []:
            if part in bounds.geometry and part not in drawn:
                drawn[part] = c
    return drawn


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
