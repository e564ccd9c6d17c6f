"""The data and methods page: what is loaded, what DfE revised, and what every term and
symbol means.

>>> page = methods(site)                                    # doctest: +SKIP
>>> page.releases[0]["name"]                                # doctest: +SKIP
'2015/16'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from exclusions.explore.site import Site
from exclusions.vocab.symbols import SYMBOLS
from exclusions.years import format_year

__all__ = ["DEFINITIONS", "METHODS", "Methods", "methods"]

# Plain-English definitions, as DfE's methodology gives them.
DEFINITIONS: dict[str, str] = {
    "Permanent exclusion": (
        "A pupil is removed from the school roll and may not return: the most serious "
        "sanction a head teacher can impose."
    ),
    "Suspension": (
        "A pupil is removed from school for a fixed number of days (at most 45 in a school "
        "year). Called a fixed-period exclusion before 2020/21: the same measure."
    ),
    "Pupils with one or more suspensions": (
        "Each pupil counted once however many suspensions they had: a measure of how many "
        "children are affected, where the suspension count measures how often it happened."
    ),
    "Rate": (
        "The count as a percentage of pupils on roll (headcount) in January of the school "
        "year, in state-funded primary, secondary and special schools. The explorer "
        "computes it from the count and headcount, shown to two decimal places as DfE "
        "publishes it; 0.28 per cent is 28 in every 10,000 pupils."
    ),
    "Statistical neighbours": (
        "The ten local authorities most like an area in the DfE model (May 2025), used to "
        "compare like with like."
    ),
    "Phase": "Primary, secondary or special schools; total is all state-funded schools.",
}

# How the numbers are compared: the statistics behind every verdict.
METHODS: dict[str, str] = {
    "Intervals for rates": "95% Poisson limits (exact or Byar's approximation).",
    "Against England, region and neighbours": (
        "Rate ratio against the rest of the benchmark, the area taken out, with an exact "
        "conditional binomial test. A difference within noise is reported as broadly in line."
    ),
    "Change between years": "Exact conditional test on the two years' counts and pupils.",
    "Ranks": (
        "1 is the highest rate; ties share the best rank. The plausible range comes from "
        "simulating every LA's rate from its Jeffreys posterior."
    ),
    "Funnel plot": (
        "Spiegelhalter's exact limits around England's rate for the area's number of pupils, "
        "at 95% and 99.8%."
    ),
    "Suppression": (
        "A withheld figure is kept as its symbol and never treated as 0; no comparison uses it."
    ),
}


@dataclass
class Methods:
    """Releases and files loaded, revisions, definitions and symbols."""

    releases: list[dict[str, Any]]
    files: list[dict[str, Any]]
    revisions: int
    revised_by: list[tuple[str, str, int]]  # (old release, new release, figures)
    revised_areas: list[tuple[str, str, str, int]]  # (code, name, path, figures), most first
    years: list[int]
    version: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "version": self.version,
            "years": [format_year(y) for y in self.years],
            "releases": self.releases,
            "files": self.files,
            "revisions": {
                "figures": self.revisions,
                "by_release": [{"from": a, "to": b, "figures": n} for a, b, n in self.revised_by],
                "areas": [
                    {"code": c, "name": n, "path": p, "figures": k}
                    for c, n, p, k in self.revised_areas
                ],
            },
            "definitions": DEFINITIONS,
            "methods": METHODS,
            "symbols": {s or "(blank)": m for s, m in SYMBOLS.items()},
        }


def methods(site: Site) -> Methods:
    """The data and methods page."""
    data = site.data
    with site.lock:
        releases = site.store.releases()
        files = site.store.files()
    by_release = Counter(data.revised.values())
    by_area = Counter(k[0] for k in data.revised)
    areas = [
        (c, data.areas[c].name, "/area/" + site.path_name(data.areas[c]), n)
        for c, n in sorted(by_area.items(), key=lambda t: (-t[1], data.areas[t[0]].name))
        if c in data.areas
    ]
    return Methods(
        releases,
        files,
        len(data.revised),
        [(a, b, n) for (a, b), n in sorted(by_release.items())],
        areas,
        data.years,
        site.version,
    )
