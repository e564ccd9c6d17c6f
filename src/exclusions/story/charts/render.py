"""Render charts to SVG or PNG with vl-convert: offline, cached in-process, and accessible.

Nothing is fetched: a spec naming any http(s) URL is refused, and vl-convert is told to
allow no base URL at all. Text is measured with the Liberation Sans vl-convert bundles.

Maps with an outlined area are drawn cheaply: the map without an outline (but with every
outline present and invisible) is rendered once per year, measure and phase, and each
area's SVG is that one with its outlines made visible and the others removed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from xml.sax.saxutils import escape

import altair as alt

from exclusions.story.charts.common import Chart
from exclusions.story.charts.maps import HIGHLIGHT_LAYERS, SUBTITLE_MARK

__all__ = ["alt_text", "clear_cache", "spec", "svg_to_png", "to_png", "to_svg", "to_svgs"]

CACHE_SIZE = 512  # a year's stories: about 150 LAs and three charts each, plus the maps' bases
_URL = re.compile(r"https?://[^\s\"'<>]*")
_cache: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()
_version: list[str | None] = []


def spec(chart: Chart) -> dict[str, Any]:
    """The chart's Vega-Lite spec, without ``$schema``; ValueError if it names a URL."""
    return _spec(chart)[0]


def _spec(chart: Chart) -> tuple[dict[str, Any], str]:
    """The spec and its canonical JSON text (hashed for the cache, searched for URLs)."""
    # Altair validates against the schema on every to_dict; the charts here are validated
    # in the tests, and skipping it saves a third of a small chart's time.
    out = chart.to_dict(validate=False)
    out.pop("$schema", None)
    text = json.dumps(out, sort_keys=True, separators=(",", ":"))
    found = _URL.search(text)
    if found:
        raise ValueError(f"chart spec refers to {found.group()}: charts must be self-contained")
    return out, text


def alt_text(chart: Chart) -> str:
    """The chart's description, which is also its SVG's accessible text."""
    description = chart.description
    return str(description) if isinstance(description, str) and description else _title(spec(chart))


def to_svg(chart: Chart) -> str:
    """The chart as a standalone SVG with a <title> and <desc>, rendered once per spec."""
    vl, text = _spec(chart)
    key = _key("svg", text)
    found = _get(key)
    if found is not None:
        return found
    meta = vl.get("usermeta", {}).get("exclusions", {})
    svg = _outlined(vl, meta) if meta.get("highlight") else None
    if svg is None:
        svg = _render(text)
    svg = _accessible(svg, _title(vl), str(vl.get("description") or ""), key)
    _put(key, svg)
    return svg


def to_svgs(charts: list[Chart]) -> list[str]:
    """Several charts as SVG, rendered side by side: vl-convert lets go of the GIL."""
    if len(charts) < 2:
        return [to_svg(c) for c in charts]
    return list(_pool().map(to_svg, charts))


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="chart")


def to_png(chart: Chart, scale: float = 2) -> bytes:
    """The chart as PNG, rasterised from its (cached) SVG."""
    return svg_to_png(to_svg(chart), scale)


def svg_to_png(svg: str, scale: float = 2) -> bytes:
    """A rendered SVG as PNG, at ``scale`` times its size (2 for sharp text on most screens)."""
    import vl_convert as vlc

    return bytes(vlc.svg_to_png(svg, scale=scale))


def clear_cache() -> None:
    """Forget every rendered SVG."""
    with _lock:
        _cache.clear()


def _render(vl: dict[str, Any] | str) -> str:
    import vl_convert as vlc

    # An empty allow-list makes vl-convert refuse any data URL instead of fetching it.
    return str(vlc.vegalite_to_svg(vl, vl_version=_vl_version(), allowed_base_urls=[]))


def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes for, if vl-convert has it (else its latest)."""
    if not _version:
        import vl_convert as vlc

        wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
        _version.append(wanted if wanted in vlc.get_vegalite_versions() else None)
    return _version[0]


def _key(kind: str, text: str) -> str:
    return f"{kind}:{hashlib.sha256(text.encode()).hexdigest()}"


def _get(key: str) -> str | None:
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


def _put(key: str, svg: str) -> None:
    with _lock:
        _cache[key] = svg
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def _title(vl: dict[str, Any]) -> str:
    title = vl.get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else str(text)


def _accessible(svg: str, title: str, description: str, key: str) -> str:
    """Give the SVG role=img with a <title> and <desc>: what screen readers and alt text use."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    ids = f"chart-{key.split(':')[1][:12]}"
    head = f' role="img" aria-labelledby="{ids}-title {ids}-desc"'
    parts = (
        f'<title id="{ids}-title">{escape(title)}</title>'
        f'<desc id="{ids}-desc">{escape(description)}</desc>'
    )
    return svg[:end] + head + ">" + parts + svg[end + 1 :]


def _outlined(vl: dict[str, Any], meta: dict[str, Any]) -> str | None:
    """A highlighted map from its cached base, or None to render it in full."""
    codes = {str(c) for c in meta["highlight"]}
    base = _base(vl)
    key = _key("base", json.dumps(base, sort_keys=True, separators=(",", ":")))
    svg = _get(key)
    if svg is None:
        svg = _render(base)
        _put(key, svg)
    kept = 0

    def keep(group: re.Match[str]) -> str:
        nonlocal kept
        paths = []
        for path in re.findall(r"<path\b[^>]*/>", group.group(2)):
            label = re.search(r'aria-label="([^"]*)"', path)
            if label and label.group(1) in codes and ' opacity="0"' in path:
                paths.append(path.replace(' opacity="0"', "", 1))
                kept += 1
        return group.group(1) + "".join(paths) + group.group(3)

    names = "|".join(f"{n}_marks" for n in HIGHLIGHT_LAYERS)
    pattern = rf'(<g class="mark-shape role-mark (?:{names})"[^>]*>)(.*?)(</g>)'
    svg = re.sub(pattern, keep, svg, flags=re.S)
    mark = escape(SUBTITLE_MARK)
    if kept != len(codes) * len(HIGHLIGHT_LAYERS) or mark not in svg:
        return None  # Vega's SVG was not as expected: draw the map in full instead
    return svg.replace(mark, escape(str(meta["subtitle"]), {'"': "&quot;"}))


def _base(vl: dict[str, Any]) -> dict[str, Any]:
    """The map every area shares: outlines all present but invisible, a marked subtitle."""
    base = {k: v for k, v in vl.items() if k not in ("description", "usermeta")}
    layers = []
    for layer in vl["layer"]:
        if layer.get("name") in HIGHLIGHT_LAYERS:
            mark = layer["mark"] if isinstance(layer["mark"], dict) else {"type": layer["mark"]}
            layer = {k: v for k, v in layer.items() if k != "transform"}
            layer["mark"] = {**mark, "opacity": 0}
        layers.append(layer)
    base["layer"] = layers
    title = dict(vl["title"])
    title["subtitle"] = [*title["subtitle"][:-1], SUBTITLE_MARK]
    base["title"] = title
    return base
