"""ONS boundaries for the map: loaded from the store once, and matched to the LAs reported.

The outlines are December 2024's. An LA reported under a code they do not use is drawn on
the outline covering the same area: the same LA renumbered (North Yorkshire's county figure
on the 2023 unitary, same DfE number), a county split into unitaries (Cumbria's figure on
Cumberland and Westmorland and Furness, which together are Cumbria) or two LAs published
together. Coordinates are rounded to 4 decimal places (about 10 m, far below a pixel) and
rings rewound for d3-geo.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import duckdb

from exclusions.facts.data import FactData
from exclusions.geography.reorganisations import REORGANISATIONS

if TYPE_CHECKING:
    from exclusions.store import Store

__all__ = ["Boundaries", "load_boundaries", "place"]

DECIMALS = 4  # about 10 m: far below a pixel on the map, and it halves the text


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


def place(data: FactData, bounds: Boundaries, values: dict[str, float | None]) -> dict[str, str]:
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
