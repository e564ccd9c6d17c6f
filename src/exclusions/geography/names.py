"""Match area names as DfE, ONS and users spell them to area codes.

The same authority is written "Bristol, City of" (ONS), "Bristol City of" (DfE 2016/17),
"City of Bristol" or just "Bristol"; "Dorset" names two different authorities either side of
April 2019. `normalise_name` folds the spellings onto one key and `AreaMatcher` uses dates of
operation to choose between areas that share a key.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

__all__ = ["Area", "AreaMatcher", "academic_year_span", "normalise_name"]

# Rewrites on the space-separated key, applied until nothing changes so that the key is
# idempotent. Each either shortens the key or produces a form no rule matches again.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    # DfE tags authorities abolished by local-government reorganisation: "Poole (Pre LG)",
    # "Cheshire (Pre LGR 2009)"; the tag is not part of the name.
    (re.compile(r"(?<=\S) pre lgr?(?: \d{4})?$"), ""),
    # ONS sorts by the distinctive word: "Bristol, City of", "Herefordshire, County of".
    (re.compile(r"(?<=\S) (?:city|county) of$"), ""),
    # "City of London" is that authority's real name; elsewhere "City of X" means X.
    (re.compile(r"^city of (?!london$)(?=\S)"), ""),
    (re.compile(r"^county of (?=\S)"), ""),
    # DfE uses "Durham" for County Durham.
    (re.compile(r"^county (?=\S)"), ""),
    # DfE's benchmarking tool says "Bedford Borough" for Bedford.
    (re.compile(r"(?<=\S) borough$"), ""),
    (re.compile(r"^kingston upon hull$"), "hull"),
    # The statistical-neighbour file writes the London sub-regions back to front.
    (re.compile(r"^london (inner|outer)$"), r"\1 london"),
    (re.compile(r"\bsaint\b"), "st"),
)


def _fold_characters(text: str) -> str:
    """Case-fold and strip accents until stable; one pass can expose new upper case."""
    for _ in range(4):
        decomposed = unicodedata.normalize("NFKD", text).casefold()
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        if folded == text:
            break
        text = folded
    return text


def normalise_name(name: str) -> str:
    """Key for comparing area names regardless of case, punctuation and known variants."""
    text = _fold_characters(name).replace("&", " and ")
    key = " ".join("".join(c if c.isalnum() else " " for c in text).split())
    while True:
        new = key
        for pattern, replacement in _REWRITES:
            new = pattern.sub(replacement, new)
        if new == key:
            return key
        key = new


@dataclass(frozen=True)
class Area:
    """One area a name can resolve to, with its dates of operation (None = open-ended)."""

    code: str
    name: str
    start: date | None = None
    end: date | None = None


def academic_year_span(year: int) -> tuple[date, date]:
    """First and last day of academic year `year` (2018 means 1 Sep 2018 to 31 Aug 2019)."""
    return date(year, 9, 1), date(year + 1, 8, 31)


def _exact_key(name: str) -> str:
    """Name with only case and runs of whitespace ignored."""
    return " ".join(name.casefold().split())


def _overlap_days(area: Area, first: date, last: date) -> int:
    """Days of the span [first, last] during which the area was in operation."""
    start = max(area.start or first, first)
    end = min(area.end or last, last)
    return max((end - start).days + 1, 0)


def _distance_days(area: Area, first: date, last: date) -> int:
    """Days between the span [first, last] and the area's period of operation."""
    if area.start is not None and area.start > last:
        return (area.start - last).days
    if area.end is not None and area.end < first:
        return (first - area.end).days
    return 0


def _latest_first(area: Area) -> tuple[bool, date]:
    """Sort key preferring live areas, then the most recently created."""
    return area.end is None, area.start or date.min


class AreaMatcher:
    """Resolve area names (in any known spelling) to codes, using dates to split namesakes."""

    def __init__(
        self,
        areas: Iterable[Area | tuple[str, str, date | None, date | None]],
        aliases: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Index `areas` by normalised name; each alias is an (extra name, code) pair."""
        self._by_key: dict[str, list[Area]] = {}
        # Spelling as given (case and spacing aside), so a tagged alias such as "Dorset (Pre
        # LG)" keeps pointing at the old authority after normalising drops the tag.
        self._exact: dict[str, list[Area]] = {}
        by_code: dict[str, list[Area]] = {}
        for item in areas:
            area = item if isinstance(item, Area) else Area(*item)
            self._add(area.name, area)
            by_code.setdefault(area.code, []).append(area)
        for alias, code in aliases:
            if code not in by_code:
                raise KeyError(f"alias {alias!r} points at unknown code {code!r}")
            for area in by_code[code]:
                self._add(alias, area)

    def _add(self, name: str, area: Area) -> None:
        """Record `area` under `name`'s exact and normalised keys, once each."""
        for index, key in ((self._exact, _exact_key(name)), (self._by_key, normalise_name(name))):
            bucket = index.setdefault(key, [])
            if area not in bucket:
                bucket.append(area)

    def candidates(self, name: str) -> list[Area]:
        """Every area whose name or alias normalises like `name`."""
        return list(self._by_key.get(normalise_name(name), []))

    def match(self, name: str, year: int | None = None) -> str | None:
        """Code for `name` in academic year `year` (start year), or None if unknown."""
        exact = self._exact.get(_exact_key(name), [])
        if len({a.code for a in exact}) == 1:
            return exact[0].code
        areas = self._by_key.get(normalise_name(name))
        if not areas:
            return None
        if len(areas) == 1:
            return areas[0].code
        if year is None:
            return max(areas, key=_latest_first).code
        first, last = academic_year_span(year)
        # Reorganisations take effect mid-year (1 April; 1 May in 2025), leaving two namesakes
        # in one academic year: DfE reports the year under the one that ran most of it. With
        # no overlap at all (years before GSS codes began in 2009) the nearest in time wins.
        best = max(
            areas,
            key=lambda a: (_overlap_days(a, first, last), -_distance_days(a, first, last)),
        )
        return best.code

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Up to `n` display names closest to `name`, best first, for 'did you mean'."""
        key = normalise_name(name)
        if not key:
            return []
        # Exact key first, then names containing the words typed ("Kingston" for
        # "Kingston upon Thames"), then spelling slips ("Burry" for "Bury").
        starts_word = re.compile(r"\b" + re.escape(key))
        partial = [k for k in self._by_key if k != key and starts_word.search(k)]
        partial.sort(key=lambda k: -difflib.SequenceMatcher(None, key, k).ratio())
        ranked = ([key] if key in self._by_key else []) + partial
        ranked += difflib.get_close_matches(key, list(self._by_key), n=max(n, 1) * 2, cutoff=0.6)
        names: list[str] = []
        for found in ranked:
            for area in sorted(self._by_key[found], key=_latest_first, reverse=True):
                if area.name not in names:
                    names.append(area.name)
        return names[:n]
