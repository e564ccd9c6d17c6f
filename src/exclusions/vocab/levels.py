"""Geographic levels of the EES open-data standard, and the older spellings DfE used."""

from __future__ import annotations

from exclusions.vocab.measures import slug

# Canonical codes for every level the EES standard allows.
LEVELS: dict[str, str] = {
    "national": "National",
    "regional": "Regional",
    "local_authority": "Local authority",
    "school": "School",
    "local_authority_district": "Local authority district",
    "parliamentary_constituency": "Parliamentary constituency",
    "ward": "Ward",
    "local_skills_improvement_plan_area": "Local skills improvement plan area",
    "english_devolved_area": "English devolved area",
    "opportunity_area": "Opportunity area",
    "mayoral_combined_authority": "Mayoral combined authority",
    "local_enterprise_partnership": "Local enterprise partnership",
    "multi_academy_trust": "MAT",
    "sponsor": "Sponsor",
    "provider": "Provider",
    "institution": "Institution",
    "planning_area": "Planning area",
    "rsc_region": "RSC region",
    "police_force_area": "Police force area",
}

_SPELLINGS: dict[str, str] = {code: code for code in LEVELS} | {
    "region": "regional",
    "la": "local_authority",
    "mat": "multi_academy_trust",
}

# Levels this project reads into areas; others load but are not areas of the explorer.
AREA_LEVELS = ("national", "regional", "local_authority", "school")


def canonical_level(raw: str) -> str | None:
    """Canonical level code for a published geographic_level, or None when unknown.

    >>> canonical_level("NATIONAL"), canonical_level("Local authority"), canonical_level("Region")
    ('national', 'local_authority', 'regional')
    """
    return _SPELLINGS.get(slug(raw))
