"""The explorer's view of one store: opened read-only, its facts data and outlines in memory.

Every page model in this package takes a ``Site``. It holds the store's one read-only
connection behind a lock (a DuckDB connection must not be used by two threads at once) and
the content version that keys the web app's page cache: the SHA-256 of every loaded file.

>>> site = Site("exclusions.duckdb")                        # doctest: +SKIP
>>> site.resolve("burry")                                  # doctest: +SKIP
Traceback (most recent call last):
UnknownArea: no area called 'burry'; did you mean 'Bury'?
"""

from __future__ import annotations

import hashlib
import re
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from exclusions.errors import UnknownArea
from exclusions.facts.api import fact_data
from exclusions.store import Store
from exclusions.store.queries import AreaInfo, area_matcher
from exclusions.vocab.characteristics import canonical_characteristic

if TYPE_CHECKING:
    from exclusions.facts.data import FactData
    from exclusions.geography.names import AreaMatcher
    from exclusions.story.charts import Boundaries

__all__ = ["Site", "slug"]

LEVEL_ORDER = {"national": 0, "regional": 1, "local_authority": 2}


def slug(name: str) -> str:
    """A URL-friendly form of an area name.

    >>> slug("Bristol, City of")
    'bristol-city-of'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class Site:
    """A store opened read-only for serving, with what every page needs kept in memory."""

    def __init__(self, path: str | Path | None = None) -> None:
        """Open the store at ``path`` (default: the user's store) read-only."""
        self.store = Store(path, read_only=True)
        self.lock = threading.RLock()
        # Results worth keeping across pages (the movers list costs a profile per LA).
        self.memo: dict[object, object] = {}

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    @cached_property
    def data(self) -> FactData:
        """Every headline figure and breakdown, loaded once."""
        with self.lock:
            return fact_data(self.store)

    @cached_property
    def version(self) -> str:
        """A short digest of the loaded files' SHA-256s: changes whenever the data do."""
        return hashlib.sha256(self.data.version.encode()).hexdigest()[:16]

    @cached_property
    def cache_version(self) -> str:
        """``version`` plus the lookups' SHA-256s: what keys the web app's page cache.

        A new LA list or neighbours lookup changes names and comparisons without changing
        ``version`` (which pages show, so it stays as it was).
        """
        with self.lock:
            rows = self.store.sql("SELECT name, sha256 FROM lookup_file ORDER BY ALL")
        lookups = ",".join(f"{name}:{sha}" for name, sha in rows)
        return hashlib.sha256(f"{self.data.version};{lookups}".encode()).hexdigest()[:16]

    @cached_property
    def boundaries(self) -> Boundaries:
        """ONS outlines for the maps."""
        from exclusions.story.charts import load_boundaries

        with self.lock:
            return load_boundaries(self.store)

    @cached_property
    def matcher(self) -> AreaMatcher:
        """Name matching over every area, aliases included."""
        with self.lock:
            return area_matcher(self.store.con)

    @cached_property
    def areas(self) -> list[AreaInfo]:
        """Areas with figures: England, then regions, then LAs, each by name."""
        found = [a for a in self.data.areas.values() if self.data.years_by_area.get(a.code)]
        return sorted(found, key=lambda a: (LEVEL_ORDER.get(a.level, 9), a.name, a.code))

    @cached_property
    def slugs(self) -> dict[str, str]:
        """Area code by URL slug; a name two areas shared belongs to the one still running."""
        out: dict[str, str] = {}
        for a in sorted(self.areas, key=lambda a: a.status == "live"):
            out[slug(a.name)] = a.code
        return out

    @cached_property
    def characteristic_labels(self) -> dict[tuple[str, str], str]:
        """Plain-English label of each (group, value) characteristic in the store."""
        with self.lock:
            rows = self.store.sql(
                "SELECT DISTINCT g, v, v2, char_group, char_value FROM dim_char ORDER BY ALL"
            )
        out: dict[tuple[str, str], str] = {}
        for g, v, v2, group, value in rows:
            out.setdefault((group, value), canonical_characteristic(g, v, v2).label)
        return out

    def warm(self) -> None:
        """Load everything kept in memory now, rather than on a first request.

        On Python 3.11 a ``cached_property`` being computed blocks that property for every
        Site, so a site warmed in the background must not leave any for requests to load.
        """
        _ = self.data, self.version, self.cache_version, self.boundaries, self.matcher
        _ = self.areas, self.slugs, self.characteristic_labels

    def path_name(self, info: AreaInfo) -> str:
        """The name an area's URL uses: its slug, or its code if the slug means another."""
        name = slug(info.name)
        return name if self.slugs.get(name) == info.code else info.code

    def resolve(self, text: str) -> AreaInfo:
        """The area for a slug, code or name in any usual spelling; UnknownArea otherwise."""
        code = self.slugs.get(slug(text))
        if code is not None:
            return self.data.areas[code]
        with self.lock:
            info = self.store.area(text)
        if info.code not in self.data.areas or not self.data.years_by_area.get(info.code):
            raise UnknownArea(text, self.matcher.suggest(text))
        return info
