"""exclusions: England's school exclusion statistics, loaded, compared and explained."""

from exclusions.errors import (
    ExclusionsError,
    LoadError,
    StoreNotFound,
    UnknownArea,
    UnknownChoice,
    UnknownRelease,
    UnknownYear,
)
from exclusions.facts.api import profile, rank
from exclusions.store import LoadResult, Store

__version__ = "0.1.0"
__all__ = [
    "ExclusionsError",
    "LoadError",
    "LoadResult",
    "Store",
    "StoreNotFound",
    "UnknownArea",
    "UnknownChoice",
    "UnknownRelease",
    "UnknownYear",
    "profile",
    "rank",
]
