"""read_boundaries on ONS's December 2024 county and unitary boundaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exclusions.geography import Boundary, missing_boundaries, read_boundaries, read_lookups

FILE = "ctyua_dec2024_england.geojson"


@pytest.fixture(scope="module")
def boundaries(shared_data: Path) -> list[Boundary]:
    return read_boundaries(shared_data / "boundaries" / FILE)


def test_all_153_authorities(boundaries: list[Boundary]) -> None:
    assert len(boundaries) == 153
    assert len({b.code for b in boundaries}) == 153
    assert {b.geometry["type"] for b in boundaries} == {"Polygon", "MultiPolygon"}
    bury = next(b for b in boundaries if b.code == "E08000002")
    assert bury.name == "Bury"
    assert bury.geometry["coordinates"]


def test_against_the_la_list(boundaries: list[Boundary], shared_data: Path) -> None:
    lookups = read_lookups(shared_data / "lookups")
    live = [
        la.new_code
        for la in lookups.las
        if la.status == "live" and not la.is_combined and la.new_code != "z"
    ]
    # Barnsley and Sheffield were recoded in May 2025, after these boundaries.
    assert missing_boundaries(live, boundaries) == ["E08000038", "E08000039"]
    names = {la.new_code: la.name for la in lookups.las}
    assert all(names[b.code] == b.name for b in boundaries)
    stale = sorted(b.code for b in boundaries if b.code not in live)
    assert stale == ["E08000016", "E08000019"]


def test_missing_boundaries_keeps_order_once() -> None:
    shapes = [Boundary("E1", "One", {"type": "Polygon", "coordinates": []})]
    assert missing_boundaries(["E3", "E1", "E2", "E3"], shapes) == ["E3", "E2"]


def test_malformed_files(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "Feature"}))
    with pytest.raises(ValueError, match="not a GeoJSON FeatureCollection"):
        read_boundaries(path)
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}
        )
    )
    with pytest.raises(ValueError, match="feature 0 lacks CTYUA24CD"):
        read_boundaries(path)
