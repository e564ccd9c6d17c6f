"""Page models for the web explorer: what each page shows, built from the facts and the
story, ready to render as HTML or serve as JSON. No rendering happens here.

>>> from exclusions.explore import Site, area_page, rankings   # doctest: +SKIP
>>> site = Site()                                              # doctest: +SKIP
>>> area_page(site, "bury").story.headline.text                # doctest: +SKIP
"""

from exclusions.explore.area import AreaPage, area_csv, area_figures, area_page
from exclusions.explore.compare import BadAreaCount, Compare, compare
from exclusions.explore.home import Home, home
from exclusions.explore.methods import Methods, methods
from exclusions.explore.rankings import Rankings, rankings
from exclusions.explore.search import Match, search
from exclusions.explore.site import Site, slug
from exclusions.explore.topics import Topic, characteristics, reasons

__all__ = [
    "AreaPage",
    "BadAreaCount",
    "Compare",
    "Home",
    "Match",
    "Methods",
    "Rankings",
    "Site",
    "Topic",
    "area_csv",
    "area_figures",
    "area_page",
    "characteristics",
    "compare",
    "home",
    "methods",
    "rankings",
    "reasons",
    "search",
    "slug",
]
