"""Charts on the real data: each renders offline to SVG and PNG, accessibly, and honestly."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from html import escape
from pathlib import Path

import pytest

from exclusions import Store, UnknownArea, UnknownChoice
from exclusions.facts.data import FactData
from exclusions.story.charts import (
    Boundaries,
    Chart,
    alt_text,
    england_map,
    load_boundaries,
    phase_split,
    rate_over_time,
    spec,
    to_png,
    to_svg,
)
from exclusions.story.charts import render as render_module
from exclusions.story.charts.maps import SUBTITLE_MARK

BURY, NORTH_WEST, ENGLAND = "E08000002", "E12000002", "E92000001"
NORTH_NORTHANTS = "E06000061"
YEAR = 2022  # 2022/23
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[Store]:
    """Every shared file loaded once into a temporary store."""
    with Store(tmp_path_factory.mktemp("charts") / "charts.duckdb") as s:
        s.load([shared_data])
        yield s


@pytest.fixture(scope="session")
def data(store: Store) -> FactData:
    return FactData.load(store.con)


@pytest.fixture(scope="session")
def bounds(store: Store) -> Boundaries:
    return load_boundaries(store)


Make = Callable[[FactData, Boundaries, str], Chart]
KINDS: dict[str, Make] = {
    "trend": lambda d, b, a: rate_over_time(d, a, "perm_excl"),
    "phases": lambda d, b, a: phase_split(d, a, YEAR, "perm_excl"),
    "map": lambda d, b, a: england_map(d, b, YEAR, "perm_excl", a),
}


def _urls(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]*", text)


def _description(chart: Chart) -> str:
    return str(spec(chart)["description"])


@pytest.mark.parametrize("area", [BURY, NORTH_WEST, ENGLAND])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_chart_renders_with_title_and_description(
    data: FactData, bounds: Boundaries, kind: str, area: str
) -> None:
    chart = KINDS[kind](data, bounds, area)
    chart.to_dict()  # validates against the Vega-Lite schema (rendering skips it for speed)
    svg = to_svg(chart)
    title = spec(chart)["title"]["text"]
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert f">{escape(title, quote=False)}</title>" in svg
    assert f">{escape(_description(chart), quote=False)}</desc>" in svg
    assert alt_text(chart) == _description(chart)
    name = data.areas[area].name
    assert name in _description(chart) or (kind == "map" and area == ENGLAND)
    assert 'font-family="Liberation Sans, Arial, Helvetica, sans-serif"' in svg
    assert len(svg) < 1_500_000


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_no_url_in_spec_or_svg(data: FactData, bounds: Boundaries, kind: str) -> None:
    chart = KINDS[kind](data, bounds, BURY)
    full = chart.to_dict()
    full.pop("$schema")  # the only URL Altair writes; it is never fetched
    assert _urls(json.dumps(full)) == []
    assert [u for u in _urls(to_svg(chart)) if u not in NAMESPACES] == []


def test_spec_naming_a_url_is_refused(data: FactData) -> None:
    chart = phase_split(data, BURY, YEAR, "perm_excl").properties(
        usermeta={"link": "https://example.com/data.json"}
    )
    with pytest.raises(ValueError, match=r"example\.com"):
        to_svg(chart)


def test_bury_trend_describes_the_numbers(data: FactData) -> None:
    text = _description(rate_over_time(data, BURY, "perm_excl"))
    assert text.startswith(
        "Bury's permanent exclusion rate fell from 0.28 per cent in 2006/07 to 0.09 per cent"
        " in 2022/23; North West 0.16 per cent and England 0.11 per cent."
    )
    assert "2019/20 and 2020/21" in text and "COVID-19" in text


def _rows(chart: Chart, series: str) -> list[dict[str, object]]:
    """The trend's line points for one series, from the spec's inline datasets."""
    vl = spec(chart)
    rows = [r for values in vl.get("datasets", {}).values() for r in values if "run" in r]
    return [r for r in rows if r["series"] == series]


def _withhold(data: FactData, area: str, year: int, phase: str, measure: str) -> FactData:
    """A copy of the data with one figure suppressed, as DfE marks it ('x')."""
    cells = dict(data.cells)
    row = cells[(area, year, phase, measure)]
    cells[(area, year, phase, measure)] = (None, "x", *row[2:])
    return replace(data, cells=cells, cache={})


def test_missing_year_is_a_gap_not_zero(data: FactData) -> None:
    chart = rate_over_time(_withhold(data, BURY, 2015, "total", "perm_excl"), BURY, "perm_excl")
    rows = _rows(chart, "Bury")
    assert [r["year"] for r in rows if r["year"] in (2014, 2015, 2016)] == [2014, 2016]
    runs = {r["year"]: r["run"] for r in rows}
    assert runs[2014] != runs[2016]  # separate lines: nothing joins across the gap
    assert all(r["rate"] != 0 for r in rows)
    assert "No figure was published for 2015/16" in _description(chart)
    to_svg(chart)


def test_unbroken_series_is_one_line(data: FactData) -> None:
    rows = _rows(rate_over_time(data, BURY, "perm_excl"), "Bury")
    assert len(rows) == 17 and len({r["run"] for r in rows}) == 1


def test_reorganised_la_shows_where_its_series_starts(data: FactData) -> None:
    chart = rate_over_time(data, NORTH_NORTHANTS, "perm_excl")
    text = json.dumps(spec(chart))
    assert "Series starts 2021/22" in text
    assert [r["year"] for r in _rows(chart, "North Northamptonshire")] == [2021, 2022]
    assert "Northamptonshire county split" in _description(chart)
    assert "Series starts 2021/22" in to_svg(chart)


def test_phase_split_labels_values_and_withheld_figures(data: FactData) -> None:
    chart = phase_split(data, BURY, YEAR, "perm_excl")
    assert _description(chart) == (
        "In 2022/23 Bury had two permanent exclusions in primary schools, 24 in secondary"
        " schools and zero in special schools (26 in all schools)."
    )
    svg = to_svg(chart)
    assert ">24</text>" in svg and ">Secondary</text>" in svg
    held = phase_split(_withhold(data, BURY, YEAR, "special", "perm_excl"), BURY, YEAR, "perm_excl")
    assert "not published" in to_svg(held)
    assert "special schools was not published" in _description(held)


def test_phase_split_of_a_rate_is_in_per_cent(data: FactData) -> None:
    text = _description(phase_split(data, BURY, YEAR, "susp_rate"))
    assert "suspension rate was 1.01 per cent in primary schools" in text


def test_map_names_las_drawn_on_newer_boundaries(data: FactData, bounds: Boundaries) -> None:
    assert len(bounds.geometry) == 153
    text = _description(england_map(data, bounds, YEAR, "perm_excl", BURY))
    assert "Bury (outlined): 0.09 per cent" in text
    assert "Cumbria, North Yorkshire and Somerset are drawn on December 2024 boundaries" in text
    old = _description(england_map(data, bounds, 2008, "perm_excl", None))
    assert "Not shown, having no boundary: Bournemouth, Dorset and Poole." in old


def test_map_outline_drawn_from_shared_base_matches_full_render(
    data: FactData, bounds: Boundaries
) -> None:
    def outlines(svg: str) -> list[str]:
        pattern = r'<g class="mark-shape role-mark outline_marks"[^>]*>(.*?)</g>'
        group = re.search(pattern, svg, re.S)
        assert group is not None
        return re.findall(r'\sd="([^"]+)"', group.group(1))

    chart = england_map(data, bounds, YEAR, "perm_excl", BURY)
    fast = to_svg(chart)
    full = render_module._render(spec(chart))
    assert outlines(fast) == outlines(full) and len(outlines(fast)) == 1
    assert "Outlined: Bury" in fast and SUBTITLE_MARK not in fast
    region = to_svg(england_map(data, bounds, YEAR, "perm_excl", NORTH_WEST))
    assert len(outlines(region)) == sum(
        1 for c, a in data.areas.items() if a.region_code == NORTH_WEST and c in bounds.geometry
    )


def test_map_of_store_connection_and_store_agree(data: FactData, store: Store) -> None:
    a = england_map(data, store, YEAR, "perm_excl", BURY)
    b = england_map(data, store.con, YEAR, "perm_excl", BURY)
    assert spec(a) == spec(b)


def test_svg_is_cached_by_spec(data: FactData) -> None:
    chart = phase_split(data, NORTH_WEST, YEAR, "susp")
    assert to_svg(chart) is to_svg(phase_split(data, NORTH_WEST, YEAR, "susp"))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_png_renders(data: FactData, bounds: Boundaries, kind: str) -> None:
    png = to_png(KINDS[kind](data, bounds, BURY), scale=1)
    assert png.startswith(PNG_MAGIC) and len(png) > 1000


def test_unknown_measure_and_area_are_refused(data: FactData) -> None:
    with pytest.raises(UnknownChoice):
        rate_over_time(data, BURY, "headcount")
    with pytest.raises(UnknownArea):
        phase_split(data, "E99999999", YEAR, "perm_excl")


def test_trend_lines_differ_without_colour(data: FactData) -> None:
    vl = spec(rate_over_time(data, BURY, "perm_excl"))
    layers = vl["layer"]
    scales = {
        channel: enc[channel]["scale"]
        for layer in layers
        for channel, enc in [(c, layer.get("encoding", {})) for c in ("strokeDash", "shape")]
        if channel in enc
    }
    assert set(scales) == {"strokeDash", "shape"}
    for scale in scales.values():
        assert scale["domain"] == ["Bury", "North West", "England"]
        assert len({json.dumps(r) for r in scale["range"]}) == 3
    labels = {r.get("text") for rows in vl["datasets"].values() for r in rows}
    assert {"\u25cf Bury 0.09%", "\u25a0 North West 0.16%", "\u25b2 England 0.11%"} <= labels
