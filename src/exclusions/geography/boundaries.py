"""Read ONS upper-tier local authority boundaries (counties and unitaries) from GeoJSON.

The file is a FeatureCollection in WGS84 whose features carry only CTYUA24CD (GSS code) and
CTYUA24NM (name). Boundaries are dated (December 2024), so LAs whose GSS code changed since,
such as Barnsley and Sheffield in May 2025, have none under their new code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["CODE_PROPERTY", "NAME_PROPERTY", "Boundary", "missing_boundaries", "read_boundaries"]

CODE_PROPERTY = "CTYUA24CD"
NAME_PROPERTY = "CTYUA24NM"


@dataclass(frozen=True)
class Boundary:
    """One authority's outline: GSS code, name and GeoJSON geometry."""

    code: str
    name: str
    geometry: dict[str, Any]


def read_boundaries(
    path: Path, code_property: str = CODE_PROPERTY, name_property: str = NAME_PROPERTY
) -> list[Boundary]:
    """Every feature of a GeoJSON FeatureCollection as a Boundary, in file order."""
    with path.open(encoding="utf-8-sig") as handle:
        document = json.load(handle)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValueError(f"{path.name}: not a GeoJSON FeatureCollection")
    boundaries: list[Boundary] = []
    for index, feature in enumerate(document.get("features") or []):
        properties = feature.get("properties") or {}
        code, name = properties.get(code_property), properties.get(name_property)
        geometry = feature.get("geometry")
        if not isinstance(code, str) or not isinstance(name, str) or not isinstance(geometry, dict):
            raise ValueError(
                f"{path.name}: feature {index} lacks {code_property}, {name_property} or geometry"
            )
        boundaries.append(Boundary(code, name, geometry))
    return boundaries


def missing_boundaries(codes: Iterable[str], boundaries: Sequence[Boundary]) -> list[str]:
    """Codes from `codes` (in their order, once each) that have no boundary."""
    have = {b.code for b in boundaries}
    missing: list[str] = []
    for code in codes:
        if code not in have and code not in missing:
            missing.append(code)
    return missing
