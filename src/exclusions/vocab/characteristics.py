"""Canonical pupil-characteristic codes for every DfE release's spelling of the same category."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Characteristic:
    """A characteristic as (group code, value code, plain-English label, recognised?)."""

    group: str
    value: str
    label: str
    known: bool


def slugify(text: str) -> str:
    """Turn any text into a deterministic snake_case slug matching ^[a-z0-9_]+$."""
    # Fold accents to ASCII, and split CamelCase ('FSM_NotEligible') before lower-casing.
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", ascii_text)
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.replace("&", " and ").lower()).strip("_")
    return slug or "unspecified"


def _strip(v: str, *prefixes: str) -> str:
    """Drop the first matching prefix: DfE repeats the group name inside legacy values."""
    for prefix in prefixes:
        if v.startswith(prefix) and len(v) > len(prefix):
            return v[len(prefix) :]
    return v


def _table(spec: str) -> tuple[dict[str, str], dict[str, str]]:
    """Parse 'code: Label | synonym synonym' lines into (code -> label, synonym -> code)."""
    labels: dict[str, str] = {}
    lookup: dict[str, str] = {}
    for line in spec.strip().splitlines():
        code, _, rest = line.partition(":")
        label, _, synonyms = rest.partition("|")
        labels[code.strip()] = label.strip()
        lookup |= dict.fromkeys([code.strip(), *synonyms.split()], code.strip())
    return labels, lookup


# Synonyms are slugs: every raw string is slugified before lookup.
_GROUP_LABELS, _GROUP_OF = _table("""
total: All pupils | all all_pupils overall
sex: Sex | gender pupil_sex
age: Age | age_group age_band pupil_age
nc_year: National curriculum year group | national_curriculum_year year_group nc_year_group
ethnicity_major: Ethnic group (broad) | major_ethnic_group ethnic_major
ethnicity_minor: Ethnic group (detailed) | minor_ethnic_group ethnic_minor
ethnicity_summary: Minority ethnic pupils | minority_ethnic
fsm: Free school meal eligibility | fsm_eligible fsm_eligibility free_school_meals
fsm6: Free school meal eligibility in the last six years | fsm_6 fsm_eligible_in_last_6_years
sen_provision: Special educational needs (SEN) provision | sen sen_status
sen_primary_need: Main type of special educational need | primary_need sen_type_of_need
idaci_decile: Deprivation of the pupil's home area (IDACI decile) | idaci idaci_deciles
""")
# Legacy files hold major, minor and summary ethnicity in one group: the value says which.
_GROUP_OF |= dict.fromkeys(["ethnicity", "ethnic_group", "ethnic_origin"], "ethnicity")
# Legacy files cross some groups with sex (characteristic_2), so each gets a `_by_sex` twin.
CHARACTERISTIC_GROUPS: dict[str, str] = _GROUP_LABELS | {
    f"{code}_by_sex": f"{label}, by sex"
    for code, label in _GROUP_LABELS.items()
    if code not in ("total", "sex")
}
_TOTALS = frozenset(["total", "all", "all_pupils", "all_primary_need", "all_sen"])
_UNKNOWN = frozenset(
    ["unclassified", "unknown", "not_known", "missing", "not_recorded", "not_reported"]
)
_NOT_KNOWN = " ".join(sorted(_UNKNOWN)) + " refused information_not_yet_obtained"
_SEX, _SEX_OF = _table(f"""
boys: Boys | boy male males m gender_male sex_male
girls: Girls | girl female females f gender_female sex_female
unclassified: Sex not known | {_NOT_KNOWN}
""")
_MAJOR, _MAJOR_OF = _table(f"""
white: White | white_total
mixed: Mixed ethnicity | mixed_multiple_ethnic_groups mixed_or_multiple_ethnic_groups
asian: Asian | asian_asian_british asian_or_asian_british
black: Black | black_african_caribbean_black_british black_or_black_british
chinese: Chinese
any_other_ethnic_group: Any other ethnic group | other_ethnic_group other
unclassified: Ethnicity not known | {_NOT_KNOWN}
""")
_MINOR, _MINOR_OF = _table(f"""
white_british: White British | english_welsh_scottish_northern_irish_british
white_irish: White Irish | irish
traveller_of_irish_heritage: Traveller of Irish heritage | irish_traveller
gypsy_roma: Gypsy/Roma | gypsy_or_roma gypsy_and_roma
gypsy_or_irish_traveller: Gypsy or Irish Traveller
roma: Roma
any_other_white_background: Any other White background
white_and_black_caribbean: Mixed White and Black Caribbean
white_and_black_african: Mixed White and Black African
white_and_asian: Mixed White and Asian
any_other_mixed_background: Any other Mixed background | any_other_mixed_multiple_ethnic_background
indian: Indian
pakistani: Pakistani
bangladeshi: Bangladeshi
chinese: Chinese
any_other_asian_background: Any other Asian background
black_caribbean: Black Caribbean | caribbean
black_african: Black African | african
any_other_black_background: Any other Black background | other_black
arab: Arab
any_other_ethnic_group: Any other ethnic group | other_ethnic_group other
unclassified: Ethnicity not known | {_NOT_KNOWN}
""")
# Census 2021 wording, too long for the table line.
_MINOR_OF["any_other_black_african_caribbean_background"] = "any_other_black_background"
# EES writes minor groups as 'Black - Black Caribbean'; dropping the major word finds the minor.
_MAJOR_WORDS = ("white_", "mixed_", "asian_", "black_", "chinese_", "other_")
_SUMMARY = "Pupils from minority ethnic groups (all except White British)"
_SUMMARY_EXCL_WHITE = "Pupils from minority ethnic groups (excluding White minorities)"
# Primary needs match by keyword (after '|'), first hit wins: 'profound and multiple' must beat
# 'multi'. Before 2015 DfE used 'behavioural, emotional and social', kept apart from SEMH.
_NEEDS_SPEC = """
profound_multiple_learning_difficulty: Profound and multiple learning difficulty | profound
severe_learning_difficulty: Severe learning difficulty | severe
moderate_learning_difficulty: Moderate learning difficulty | moderate
specific_learning_difficulty: Specific learning difficulty | specific
multi_sensory_impairment: Multi-sensory impairment | multi
autistic_spectrum_disorder: Autism | autis
behaviour_emotional_social_difficulties: Behavioural, emotional and social difficulties | behavio
social_emotional_mental_health: Social, emotional and mental health needs | mental_health
hearing_impairment: Hearing impairment | hearing
visual_impairment: Visual impairment | visual vision
speech_language_communication_needs: Speech, language and communication needs | speech
physical_disability: Physical disability | physical
no_specialist_assessment: SEN support, type of need not assessed | no_specialist
no_primary_need: No primary need recorded | no_primary_need
other_difficulty_disability: Other difficulty or disability | other
"""
_NEED_LABELS, _NEED_OF = _table(_NEEDS_SPEC)


def _ethnicity(group: str, v: str) -> tuple[str, str, str] | None:
    """Resolve an ethnicity value; the legacy 'Ethnicity' group mixes major, minor and summary."""
    if "minority_ethnic" in v or "ethnic_minorit" in v:
        if "excluding" in v:
            return "ethnicity_summary", "minority_ethnic_excluding_white", _SUMMARY_EXCL_WHITE
        return "ethnicity_summary", "minority_ethnic", _SUMMARY
    if v.startswith("ethnicity_major_") or group == "ethnicity_major":
        group, v = "ethnicity_major", _strip(v, "ethnicity_major_", "major_")
    elif v.startswith("ethnicity_minor_") or group == "ethnicity_minor":
        group, v = "ethnicity_minor", _strip(v, "ethnicity_minor_", "minor_")
    v = _strip(v, "ethnicity_")
    v = v[: -len("_total")] if v.endswith("_total") else v
    if group == "ethnicity":
        # Legacy 'Ethnicity_Unclassified' sits with the major groups so they sum to the total.
        group = "ethnicity_major" if v in _MAJOR_OF and v not in _MINOR_OF else "ethnicity_minor"
        group = "ethnicity_major" if v in _UNKNOWN else group
    if v in _TOTALS:
        return group, "total", "All pupils"
    if group == "ethnicity_major":
        code = _MAJOR_OF.get(v)
        return None if code is None else (group, code, _MAJOR[code])
    code = _MINOR_OF.get(v) or _MINOR_OF.get(_strip(v, *_MAJOR_WORDS))
    # An explicit summary group holds only summary values: never guess a minor group there.
    return None if code is None or group != "ethnicity_minor" else (group, code, _MINOR[code])


def _fsm(group: str, v: str) -> tuple[str, str, str] | None:
    """Resolve FSM / FSM-in-last-6-years eligibility, however DfE phrased it."""
    if "6_years" in v or "ever_6" in v or "fsm6" in v:
        group = "fsm6"
    v = re.sub(r"_?(in_(the_)?last_(6|six)_years|ever_6|fsm6)", "", v)
    v = _strip(v, "fsm_", "free_school_meals_")
    when = " in the last six years" if group == "fsm6" else ""
    tokens = set(v.split("_"))
    if v in _TOTALS:
        return group, "total", "All pupils"
    if v in _UNKNOWN or tokens & {"unclassified", "unknown"}:
        return group, "unclassified", f"Free school meal eligibility{when} not known"
    # 'Not known to be eligible' is DfE's wording for not eligible, so test 'not' after unknowns.
    if tokens & {"not", "non", "ineligible"}:
        return group, "not_eligible", f"Not eligible for free school meals{when}"
    if "eligible" in tokens or v in ("fsm", "yes"):
        return group, "eligible", f"Eligible for free school meals{when}"
    return None


def _sen(v: str) -> tuple[str, str] | None:
    """Resolve SEN provision: EHC plan (or statement), SEN support, none."""
    v = _strip(v, "sen_provision_", "provision_")
    if v in _UNKNOWN:
        return "unclassified", "SEN provision not known"
    if v.startswith("no_") or v == "none":
        return "no_sen", "Pupils with no special educational needs"
    if "without" in v or "support" in v or "school_action" in v:
        return "sen_support", "Pupils receiving SEN support (no EHC plan)"
    if "ehc" in v or "statement" in v or "education_health_and_care" in v:
        return "ehc_plan", "Pupils with an EHC plan or statement"
    if v in ("any_special_educational_need", "any_sen", "sen", "with_sen"):
        return "any_sen", "Pupils with any special educational needs"
    return None


def _primary_need(v: str) -> tuple[str, str] | None:
    """Resolve a primary type of SEN by keyword, since wording changed across releases."""
    v = _strip(v, "sen_primary_need_", "primary_need_")
    if v in _UNKNOWN:
        return "unclassified", "Type of need not known"
    for key, code in _NEED_OF.items():
        if key in v:
            return code, _NEED_LABELS[code]
    return None


def _idaci(v: str) -> tuple[str, str] | None:
    """Resolve an IDACI decile; legacy files give percentile ranges ('0_to_10pc')."""
    v = _strip(_strip(v, "idaci_decile_", "idaci_"), "decile_")
    if v in _UNKNOWN:
        return "unclassified", "Home area deprivation not known"
    n = 0
    if m := re.match(r"^(\d{1,3})_to_(\d{1,3})(_|pc|$)", v):
        lo, hi = int(m[1]), int(m[2])
        n = hi // 10 if hi - lo == 10 and hi % 10 == 0 else 0
    elif m := re.match(r"^(\d{1,2})(_|$)", v):
        n = int(m[1])
    elif v in ("most_deprived", "most_deprived_10"):
        n = 1
    elif v in ("least_deprived", "least_deprived_10"):
        n = 10
    if n == 1:
        return "decile_1_most_deprived", "Most deprived 10% of areas"
    if n == 10:
        return "decile_10_least_deprived", "Least deprived 10% of areas"
    if 1 < n < 10:
        return f"decile_{n}", f"Areas ranked {10 * (n - 1)}-{10 * n}% most deprived"
    return None


def _age(v: str) -> tuple[str, str] | None:
    """Resolve an age ('Age 10', 'Age_4_and_under', 'Age 19 and over')."""
    v = _strip(v, "aged_", "age_")
    if v in _UNKNOWN:
        return "unclassified", "Age not known"
    if m := re.fullmatch(
        r"(\d{1,2})(_and_(under|below|younger))?(_and_(over|above|older)|_plus)?", v
    ):
        if m[2] and m[4]:
            return None
        end = "_and_under" if m[2] else "_and_over" if m[4] else ""
        return f"age_{int(m[1])}{end}", f"Aged {int(m[1])}{end.replace('_', ' ')}"
    return None


def _nc_year(v: str) -> tuple[str, str] | None:
    """Resolve a national curriculum year ('NC_Year_7', 'Year 12 and above', 'Reception')."""
    v = _strip(v, "nc_year_", "national_curriculum_year_", "year_group_", "year_")
    if v in _UNKNOWN:
        return "unclassified", "Year group not known"
    if v in ("nursery", "reception"):
        return v, v.capitalize()
    if "not_follow" in v or v == "x":
        return "not_followed", "Not following the national curriculum"
    if m := re.fullmatch(r"(\d{1,2})(_and_above|_and_over|_plus)?", v):
        end = "_and_above" if m[2] else ""
        return f"year_{int(m[1])}{end}", f"Year {int(m[1])}{end.replace('_', ' ')}"
    return None


def _resolve(group: str, v: str) -> tuple[str, str, str] | None:
    """Resolve a normalised value within a base group to (group, code, label)."""
    if group.startswith("ethnicity"):
        return _ethnicity(group, v)
    if group in ("fsm", "fsm6"):
        return _fsm(group, v)
    if v in _TOTALS:
        return group, "total", "All pupils"
    if group == "sex":
        code = _SEX_OF.get(_strip(v, "gender_", "sex_"))
        return None if code is None else (group, code, _SEX[code])
    single = {
        "sen_provision": _sen,
        "sen_primary_need": _primary_need,
        "idaci_decile": _idaci,
        "age": _age,
        "nc_year": _nc_year,
    }.get(group)
    found = single(v) if single else None
    return None if found is None else (group, *found)


def _group(g: str) -> tuple[str | None, bool]:
    """Map a normalised group name to (base group, crossed with sex?)."""
    if g in _GROUP_OF:
        return _GROUP_OF[g], False
    tokens = g.split("_")
    if {"gender", "sex"} & set(tokens):
        base = _GROUP_OF.get("_".join(t for t in tokens if t not in ("gender", "sex", "and", "by")))
        if base not in (None, "total", "sex"):
            return base, True
    return None, False


def canonical_characteristic(group: str, value: str, value2: str | None = None) -> Characteristic:
    """Map a raw (group, value[, second value]) from any release to its canonical code."""
    base, by_sex = _group(slugify(group))
    v = slugify(value)
    blank2 = value2 is None or not value2.strip()
    sex = "total" if blank2 else slugify(value2 or "")
    # Without a second column the sex may be spelled inside the value itself.
    pattern = r"(.+)_(boys|girls|male|female)|(boys|girls|male|female)_(.+)"
    if by_sex and blank2 and (m := re.fullmatch(pattern, v)):
        v, sex = (m[1], m[2]) if m[1] else (m[4], m[3])
    sex_code = None if sex in _TOTALS else _SEX_OF.get(sex, sex)
    found = _resolve(base, v) if base else None
    if base == "total" and found and sex_code in _SEX:
        # 'Total' crossed with 'Male' is simply boys.
        return Characteristic("sex", sex_code, _SEX[sex_code], True)
    known = found is not None and (sex_code is None or sex_code in _SEX)
    out_group, code, label = found or (base or slugify(group), v, value.strip() or v)
    if sex_code is not None:
        sex_label = _SEX[sex_code].lower() if sex_code in _SEX else (value2 or "").strip()
        out_group, code = f"{out_group}_by_sex", f"{code}__{sex_code}"
        label = f"{label}, {sex_label}"
    # Known codes always belong to a published group ('sex_by_sex' would not).
    return Characteristic(out_group, code, label, known and out_group in CHARACTERISTIC_GROUPS)
