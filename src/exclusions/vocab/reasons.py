"""Canonical reasons for exclusion, from legacy wide columns and modern EES long values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from exclusions.vocab.characteristics import slugify


@dataclass(frozen=True)
class Reason:
    """A reason for exclusion as (code, plain-English label, recognised?)."""

    code: str
    label: str
    known: bool


# DfE's order (school census reason codes PP, PA, VP, VA, OW, BU, RA, LG, DS, SM, DA, DM, TH, MT,
# DB, PH, OT). Labels are lower case so they read mid-sentence: "excluded for bullying".
REASONS: dict[str, str] = {
    "physical_assault_pupil": "physical assault against a pupil",
    "physical_assault_adult": "physical assault against an adult",
    "verbal_abuse_pupil": "verbal abuse or threatening behaviour against a pupil",
    "verbal_abuse_adult": "verbal abuse or threatening behaviour against an adult",
    "offensive_weapon": "use or threat of use of an offensive weapon or prohibited item",
    "bullying": "bullying",
    "racist_abuse": "racist abuse",
    "abuse_sexual_orientation_gender_identity": (
        "abuse against sexual orientation or gender identity"
    ),
    "abuse_disability": "abuse relating to disability",
    "sexual_misconduct": "sexual misconduct",
    "drug_alcohol": "drug and alcohol related",
    "damage": "damage to property",
    "theft": "theft",
    "social_media_online": "inappropriate use of social media or online technology",
    "persistent_disruption": "persistent disruptive behaviour",
    "public_health_breach": "wilfully and repeatedly breaking public health measures",
    "other": "other reasons",
    "total": "all reasons",
}

# Keyword rules, first hit wins, because DfE reworded reasons between releases
# ('Verbal abuse / threatening behaviour' vs 'Verbal abuse/ threatening behaviour').
# 'weapon' precedes 'threat' (the weapon reason says 'threat of use'), and sexual orientation
# precedes sexual misconduct.
_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("offensive_weapon", ("weapon", "prohibited_item"), ()),
    ("physical_assault_pupil", ("physical",), ("pupil",)),
    ("physical_assault_adult", ("physical",), ("adult",)),
    ("verbal_abuse_pupil", ("verbal", "threatening"), ("pupil",)),
    ("verbal_abuse_adult", ("verbal", "threatening"), ("adult",)),
    ("bullying", ("bully",), ()),
    ("racist_abuse", ("racis",), ()),
    ("abuse_sexual_orientation_gender_identity", ("orientation", "gender_identity", "lgb"), ()),
    ("abuse_disability", ("disabilit",), ()),
    ("sexual_misconduct", ("sexual",), ()),
    ("drug_alcohol", ("drug", "alcohol"), ()),
    ("damage", ("damage",), ()),
    ("theft", ("theft", "stealing"), ()),
    ("social_media_online", ("social_media", "online"), ()),
    ("persistent_disruption", ("persistent", "disrupt"), ()),
    ("public_health_breach", ("public_health", "protective_measures", "covid"), ()),
)
_OTHER = re.compile(r"(any_)?other(_reasons?)?")
_TOTAL = frozenset(["total", "all", "all_reasons", "total_reasons"])

# Wide-column prefixes → canonical measure. Longest first so 'perm_excl_' wins over 'perm_'.
_MEASURES: tuple[tuple[str, str], ...] = (
    ("permanent_exclusions_", "perm_excl"),
    ("perm_excl_", "perm_excl"),
    ("perm_", "perm_excl"),
    ("fixed_period_exclusions_", "susp"),
    ("fixed_excl_", "susp"),
    ("fixed_", "susp"),
    ("suspensions_", "susp"),
    ("suspension_", "susp"),
    ("susp_", "susp"),
)
# Suffixes that make a column a rate or share of a reason, not a count of it.
_NOT_COUNTS = frozenset(["rate", "rates", "percent", "pct", "prop", "proportion", "share"])


def _reason_code(slug: str) -> str | None:
    """Match a slugified reason against the keyword rules."""
    if slug in REASONS:
        return slug
    if slug in _TOTAL:
        return "total"
    if _OTHER.fullmatch(slug):
        return "other"
    for code, any_of, all_of in _RULES:
        if any(key in slug for key in any_of) and all(key in slug for key in all_of):
            return code
    return None


def canonical_reason(raw: str) -> Reason:
    """Map a raw reason value (legacy column suffix or EES label) to its canonical code."""
    slug = slugify(raw)
    code = _reason_code(slug)
    if code is None:
        return Reason(slug, raw.strip() or slug, False)
    return Reason(code, REASONS[code], True)


def reason_column(column: str) -> tuple[str, str] | None:
    """Split a wide reason column ('perm_physical_pupils') into (measure, reason code)."""
    slug = slugify(column)
    found = next(((p, m) for p, m in _MEASURES if slug.startswith(p)), None)
    if found is None:
        return None
    prefix, measure = found
    rest = slug[len(prefix) :]
    # 'perm_excl' and 'fixed_excl_rate' are headline measures, not reasons.
    if not rest or rest in ("excl", "exclusions") or _NOT_COUNTS & set(rest.split("_")):
        return None
    code = _reason_code(rest)
    return None if code is None else (measure, code)
