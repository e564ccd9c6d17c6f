"""Canonical measure names across DfE's change of vocabulary.

In 2020/21 DfE renamed fixed-period exclusions to suspensions, so ``fixed_excl`` and
``suspension`` are the same measure. Unknown indicator columns keep their own name, so a
future release with new measures still loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A measure: its code, plain-English label, unit and, for rates, the count behind it."""

    code: str
    label: str
    unit: str  # "count", "percent" or "other"
    numerator: str | None = None


MEASURES: dict[str, Measure] = {
    m.code: m
    for m in (
        Measure("perm_excl", "permanent exclusions", "count"),
        Measure("perm_excl_rate", "permanent exclusion rate", "percent", "perm_excl"),
        Measure("susp", "suspensions", "count"),
        Measure("susp_rate", "suspension rate", "percent", "susp"),
        Measure("one_plus_susp", "pupils with one or more suspensions", "count"),
        Measure(
            "one_plus_susp_rate",
            "rate of pupils with one or more suspensions",
            "percent",
            "one_plus_susp",
        ),
        Measure("headcount", "pupils on roll", "count"),
        Measure("num_schools", "schools", "count"),
    )
}

# Every spelling DfE has used, lower-cased, mapped to the canonical code.
ALIASES: dict[str, str] = {
    "perm_excl": "perm_excl",
    "perm_excl_rate": "perm_excl_rate",
    "fixed_excl": "susp",
    "fixed_excl_rate": "susp_rate",
    "suspension": "susp",
    "suspensions": "susp",
    "susp": "susp",
    "susp_rate": "susp_rate",
    "suspension_rate": "susp_rate",
    "one_plus_fixed": "one_plus_susp",
    "one_plus_fixed_rate": "one_plus_susp_rate",
    "one_or_more_fixed_excl": "one_plus_susp",
    "one_or_more_fixed_excl_rate": "one_plus_susp_rate",
    "one_plus_susp": "one_plus_susp",
    "one_plus_susp_rate": "one_plus_susp_rate",
    "one_or_more_susp": "one_plus_susp",
    "one_or_more_susp_rate": "one_plus_susp_rate",
    "headcount": "headcount",
    "num_schools": "num_schools",
}

# The rates DfE publishes, and the count and denominator each is derived from.
RATES: dict[str, tuple[str, str]] = {
    "perm_excl_rate": ("perm_excl", "headcount"),
    "susp_rate": ("susp", "headcount"),
    "one_plus_susp_rate": ("one_plus_susp", "headcount"),
}


def canonical_measure(column: str) -> str:
    """Canonical code for an indicator column; unknown names become a stable slug.

    >>> canonical_measure("fixed_excl"), canonical_measure("One_Plus_Fixed_Rate")
    ('susp', 'one_plus_susp_rate')
    """
    key = slug(column)
    return ALIASES.get(key, key)


def is_known_measure(column: str) -> bool:
    """Whether the column is one of DfE's exclusion measures under any of its names."""
    return slug(column) in ALIASES


def slug(text: str) -> str:
    """Lower-case snake_case identifier for any text (``'AP school'`` → ``ap_school``)."""
    s = re.sub(r"[^0-9a-z]+", "_", text.strip().lower()).strip("_")
    return s or "blank"
