"""Areas of England: LA and region lookups, name matching, reorganisations, neighbours, maps."""

from exclusions.geography.boundaries import Boundary, missing_boundaries, read_boundaries
from exclusions.geography.lookups import (
    ENGLAND,
    INNER_LONDON,
    OUTER_LONDON,
    LocalAuthority,
    Lookups,
    Region,
    read_lookups,
)
from exclusions.geography.names import Area, AreaMatcher, academic_year_span, normalise_name
from exclusions.geography.neighbours import (
    Neighbour,
    NeighbourTable,
    neighbours_of,
    read_neighbours,
)
from exclusions.geography.reorganisations import (
    REORGANISATIONS,
    Reorganisation,
    breaks_between,
    series_breaks,
)

__all__ = [
    "ENGLAND",
    "INNER_LONDON",
    "OUTER_LONDON",
    "REORGANISATIONS",
    "Area",
    "AreaMatcher",
    "Boundary",
    "LocalAuthority",
    "Lookups",
    "Neighbour",
    "NeighbourTable",
    "Region",
    "Reorganisation",
    "academic_year_span",
    "breaks_between",
    "missing_boundaries",
    "neighbours_of",
    "normalise_name",
    "read_boundaries",
    "read_lookups",
    "read_neighbours",
    "series_breaks",
]
