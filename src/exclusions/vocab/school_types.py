"""Canonical school types (phases) across DfE's spellings from release to release."""

from __future__ import annotations

from exclusions.vocab.measures import slug

LABELS: dict[str, str] = {
    "total": "all schools",
    "primary": "state-funded primary schools",
    "secondary": "state-funded secondary schools",
    "special": "special schools",
    "ap": "alternative provision",
    "unknown": "school type not stated",
    "maintained": "maintained schools",
    "academies": "academies",
}

# Keys are slugs of the published text.
_SPELLINGS: dict[str, str] = {
    "total": "total",
    "all_schools": "total",
    "all": "total",
    "primary": "primary",
    "state_funded_primary": "primary",
    "secondary": "secondary",
    "state_funded_secondary": "secondary",
    "special": "special",
    "special_school": "special",
    "special_schools": "special",
    "state_funded_special": "special",
    "state_funded_special_school": "special",
    "ap": "ap",
    "alternative_provision": "ap",
    "state_funded_ap_school": "ap",
    "state_funded_ap": "ap",
    "pupil_referral_unit": "ap",
    "pru": "ap",
    # A 2016/17 characteristics table labels its special-school rows "NA"; the 2015/16
    # release labels the same rows "special", but we do not guess: it stays unknown.
    "na": "unknown",
    # Review-panel tables name the sectors they cover.
    "maintained_primary_secondary_and_special_schools_and_academies": "total",
    "maintained_primary_secondary_and_special_schools": "maintained",
    "academies": "academies",
}


def canonical_school_type(raw: str | None) -> str:
    """Canonical code for a published school type; unknown spellings keep their slug.

    >>> canonical_school_type("State-funded special"), canonical_school_type("Total")
    ('special', 'total')
    """
    if raw is None or not raw.strip():
        return "total"
    key = slug(raw)
    return _SPELLINGS.get(key, key)


def school_type_label(code: str) -> str:
    """Plain-English label for a school type code."""
    return LABELS.get(code, code.replace("_", " "))


def is_known_school_type(raw: str | None) -> bool:
    """Whether a published school type maps to one of the canonical codes."""
    return canonical_school_type(raw) in LABELS
