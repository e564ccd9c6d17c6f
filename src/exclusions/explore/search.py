"""Area search for the explorer's type-ahead: names, aliases and forgiven typos.

>>> [m.name for m in search(site, "burry")]                # doctest: +SKIP
['Bury']
>>> [m.name for m in search(site, "Bristol")]              # doctest: +SKIP
['Bristol, City of']
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from exclusions.explore.site import Site
from exclusions.geography.names import normalise_name
from exclusions.years import format_year

__all__ = ["Match", "search"]

LEVEL_LABELS = {"national": "country", "regional": "region", "local_authority": "local authority"}


@dataclass(frozen=True)
class Match:
    """An area found by a search, with the path of its page."""

    code: str
    name: str
    level: str
    path: str
    how: str  # "exact", "starts", "contains" or "close"
    years: str  # the span of years with figures, telling apart namesakes

    @property
    def level_label(self) -> str:
        """``local authority``, ``region`` or ``country``."""
        return LEVEL_LABELS.get(self.level, self.level)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self) | {"level_label": self.level_label}


def search(site: Site, query: str, limit: int = 10) -> list[Match]:
    """Areas matching ``query``: exact name or alias first, then prefixes, then near spellings."""
    key = normalise_name(query)
    if not key:
        return []
    found: dict[str, str] = {}

    def add(code: str | None, how: str) -> None:
        if code and code not in found and site.data.years_by_area.get(code):
            found[code] = how

    add(site.matcher.match(query), "exact")
    add(site.slugs.get(query.strip().lower()), "exact")
    word = re.compile(r"\b" + re.escape(key))
    for how, test in (("starts", lambda k: k.startswith(key)), ("contains", word.search)):
        for a in site.areas:
            if test(normalise_name(a.name)):
                add(a.code, how)
    # Near spellings only when nothing matched as typed: "Bury" should not offer "Surrey".
    if not found:
        for name in site.matcher.suggest(query, n=limit):
            add(site.matcher.match(name), "close")
    out = []
    for code, how in list(found.items())[:limit]:
        info = site.data.areas[code]
        ys = site.data.years_by_area[code]
        span = (
            format_year(ys[0]) if len(ys) == 1 else f"{format_year(ys[0])} to {format_year(ys[-1])}"
        )
        path = "/area/" + site.path_name(info)
        out.append(Match(code, info.name, info.level, path, how, span))
    return out
