"""Charts for the local story, rendered server-side to SVG or PNG with no network access.

>>> from exclusions.story.charts import rate_over_time, to_svg      # doctest: +SKIP
>>> svg = to_svg(rate_over_time(fact_data(store), "E08000002", "perm_excl"))
"""

from exclusions.story.charts.boundaries import Boundaries, load_boundaries
from exclusions.story.charts.common import Chart
from exclusions.story.charts.maps import england_map
from exclusions.story.charts.phases import phase_split
from exclusions.story.charts.render import (
    alt_text,
    clear_cache,
    spec,
    svg_to_png,
    to_png,
    to_svg,
    to_svgs,
)
from exclusions.story.charts.trend import rate_over_time

__all__ = [
    "Boundaries",
    "Chart",
    "alt_text",
    "clear_cache",
    "england_map",
    "load_boundaries",
    "phase_split",
    "rate_over_time",
    "spec",
    "svg_to_png",
    "to_png",
    "to_svg",
    "to_svgs",
]
