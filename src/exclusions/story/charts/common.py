"""What every chart shares: fonts, colours, the measure asked for and the rate of a cell."""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

import altair as alt
from altair.utils.schemapi import debug_mode

from exclusions.errors import UnknownArea, UnknownChoice
from exclusions.facts.data import COUNTS, FactData
from exclusions.store.queries import AreaInfo
from exclusions.story.numbers import percent
from exclusions.vocab.measures import MEASURES, RATES, canonical_measure
from exclusions.vocab.school_types import school_type_label

Chart = alt.Chart | alt.LayerChart

# vl-convert bundles Liberation Sans and measures text with it; a browser showing the SVG
# falls back to Arial, which has the same metrics, so labels still fit where Vega put them.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
# Okabe-Ito colours, told apart with every common colour-vision deficiency.
BLUE, VERMILLION, GREY = "#0072B2", "#D55E00", "#404040"
INK = "#222222"
COVID_YEARS = (2019, 2020)


# The house look: large fonts, titles at the left, no frame around the plot. Passed whole
# when the chart is made: each configure_* call would deep-copy the chart again.
CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    "padding": 12,
    "title": {
        "fontSize": 18,
        "subtitleFontSize": 14,
        "anchor": "start",
        "color": INK,
        "subtitleColor": "#444444",
        "offset": 12,
    },
    "axis": {"labelFontSize": 13, "titleFontSize": 14, "labelColor": INK, "titleColor": INK},
    "legend": {"labelFontSize": 13, "titleFontSize": 13, "symbolSize": 120},
    "view": {"stroke": None},
}


F = TypeVar("F", bound=Callable[..., Any])
_building = threading.RLock()  # re-entrant: a builder may call another


def built_quickly(build: F) -> F:
    """Run a chart builder without Altair validating every object as it is made."""

    # Altair's debug mode validates each channel, scale and mark on creation: half the cost
    # of a chart. The finished spec is validated by the tests instead. The flag is global,
    # so builders take turns (they hold the GIL anyway) and it is always put back.
    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _building, debug_mode(False):
            return build(*args, **kwargs)

    return cast(F, wrapper)


def layered(*layers: alt.Chart, **properties: Any) -> alt.LayerChart:
    """The layers as one chart in the house style, with its top-level properties."""
    return alt.LayerChart(layer=list(layers), config=CONFIG, **properties)


def count_measure(measure: str) -> str:
    """The count a measure is about (``perm_excl_rate`` -> ``perm_excl``)."""
    code = canonical_measure(measure)
    if code in RATES:
        code = RATES[code][0]
    if code not in COUNTS:
        raise UnknownChoice("measure", measure, list(COUNTS))
    return code


def is_rate(measure: str) -> bool:
    """Whether a measure asks for a rate rather than a count."""
    return canonical_measure(measure) in RATES


def rate_label(count: str) -> str:
    """Plain-English name of the rate of a count: ``permanent exclusion rate``."""
    return MEASURES[f"{count}_rate"].label


def count_label(count: str) -> str:
    """Plain-English name of a count: ``permanent exclusions``."""
    return MEASURES[count].label


def phase_label(phase: str) -> str:
    """Plain-English name of a phase, ``all state-funded schools`` for the total."""
    return "all state-funded schools" if phase == "total" else school_type_label(phase)


def area(data: FactData, code: str) -> AreaInfo:
    """An area by code, or UnknownArea naming areas with similar codes."""
    found = data.areas.get(code)
    if found is None:
        raise UnknownArea(code, sorted(c for c in data.areas if c[:3] == code[:3])[:3])
    return found


def rate(data: FactData, code: str, year: int, phase: str, count: str) -> float | None:
    """Per cent of pupils, from the count and headcount as the facts compute it; else None."""
    n = data.value(code, year, phase, count)
    if n is None:
        # A withheld count means the published rate is withheld too: leave a gap.
        return None
    pupils = data.value(code, year, phase, "headcount")
    if pupils is not None:
        return n / pupils * 100 if pupils > 0 else None
    return data.value(code, year, phase, f"{count}_rate")


def possessive(name: str) -> str:
    """``Bury's``, ``St Helens'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def pct(value: float) -> str:
    """A rate in words as the story writes it: ``0.09 per cent``."""
    return percent(value)


def nice_top(value: float) -> float:
    """A round number at or above ``value`` for the top of an axis."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    scale = 10.0 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * scale * (1 + 1e-9):
            return step * scale
    return 10 * scale
