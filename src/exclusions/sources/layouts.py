"""Layouts: which column of a file plays which part (year, area, phase, measure...).

Every DfE exclusions file since 2006/07 is described by a ``Layout``. Files in the EES
open-data standard (and the older DfE files that differ from it only in column names) get
their layout worked out from the header, so a future release loads with no code change;
the few legacy tables whose header cannot be read that way have a layout written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exclusions.vocab.measures import canonical_measure, is_known_measure, slug
from exclusions.vocab.reasons import reason_column

# Standard EES columns, and the older names DfE used for them (lower-cased).
TIME = ("time_period", "year")
TIME_ID = ("time_identifier",)
LEVEL = ("geographic_level", "level")
CODES = {
    "country": ("country_code",),
    "region": ("region_code",),
    "new_la": ("new_la_code", "la_code_new"),
    "old_la": ("old_la_code", "la_code", "la_code_old"),
    "school": ("school_urn", "urn"),
}
NAMES = {
    "country": ("country_name", "country"),
    "region": ("region_name",),
    "la": ("la_name",),
    "school": ("school_name",),
}
OTHER_GEOGRAPHY = ("school_laestab", "laestab", "estab")
SCHOOL_TYPE = ("school_type", "education_phase", "phase_type_grouping", "phase")
CHAR_GROUP = ("characteristic_group", "breakdown_topic", "characteristic_desc")
CHAR_VALUE = ("characteristic", "breakdown", "characteristic_1")
CHAR_VALUE2 = ("characteristic_2",)
REASON = ("exclusion_reason", "reason", "reason_for_exclusion")
# Topics, with the priority used when one release publishes the same figure twice.
TOPICS = {
    "totals": 1,
    "characteristics": 3,
    "reasons": 4,
    "suspension_lengths": 5,
    "suspensions_per_pupil": 5,
    "days_per_pupil": 5,
    "reviews": 6,
}


@dataclass(frozen=True)
class Indicator:
    """An indicator column and what it holds."""

    column: str
    measure: str
    reason: str = "total"


@dataclass
class Layout:
    """Which column of a file plays which part."""

    name: str
    topic: str
    time: str
    time_identifier: str | None = None
    level: str | None = None
    const_level: str = "national"
    codes: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    school_type: str | None = None
    char_group: str | None = None
    char_value: str | None = None
    char_value2: str | None = None
    reason: str | None = None
    band: str | None = None
    band_kind: str | None = None
    measure_column: str | None = None  # long format: a column naming the measure...
    value_column: str | None = None  # ...and a column holding its value
    indicators: list[Indicator] = field(default_factory=list)
    extra_filters: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)  # filter or indicator: data decides
    split: list[str] = field(default_factory=list)  # stored as number + sparse text columns
    skipped_lines: list[int] = field(default_factory=list)  # blank or rejected: not in the table
    required: tuple[str, ...] = ()

    @property
    def priority(self) -> int:
        return TOPICS.get(self.topic, 9)

    @property
    def key_columns(self) -> list[str]:
        """Columns that identify a row: codes where a file has them, names where it has not."""
        cols = [self.time, self.time_identifier, self.level, *self.codes.values()]
        cols += [c for role, c in self.names.items() if not self._has_code(role)]
        cols += [self.school_type, self.char_group, self.char_value, self.char_value2]
        cols += [self.reason, self.band, self.measure_column, *self.extra_filters]
        return list(dict.fromkeys(c for c in cols if c))

    def _has_code(self, role: str) -> bool:
        if role == "la":
            return "new_la" in self.codes or "old_la" in self.codes
        return role in self.codes

    @property
    def dimension_columns(self) -> list[str]:
        """Columns that together identify a row (for the duplicate check)."""
        cols = [self.time, self.time_identifier, self.level, *self.codes.values()]
        cols += list(self.names.values())
        cols += [self.school_type, self.char_group, self.char_value, self.char_value2]
        cols += [self.reason, self.band, self.measure_column, *self.extra_filters]
        return list(dict.fromkeys(c for c in cols if c))


def _pick(header: dict[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        if name in header:
            return header[name]
    return None


# Legacy national tables whose header does not say what the columns hold. The 2015/16
# "number of fixed-period exclusions" table is shifted: the column headed ``fixed_excl``
# holds the band (how many suspensions a pupil had) and ``headcount`` holds the pupils.
_BAND_TABLES: dict[tuple[str, ...], tuple[str, str, str, str, str]] = {
    (
        "year", "level", "country_code", "country_name", "school_type",
        "duration_days_fixed_exclusions", "fixed_excl",
    ): ("dfe_suspension_length", "suspension_lengths", "duration_days_fixed_exclusions",
        "fixed_excl", "susp"),
    (
        "year", "level", "country_code", "country_name", "school_type", "fixed_excl",
        "headcount",
    ): ("dfe_suspensions_per_pupil", "suspensions_per_pupil", "fixed_excl", "headcount",
        "one_plus_susp"),
    (
        "year", "level", "country_code", "country_name", "school_type",
        "total_length_days_fixed_exclusions", "headcount",
    ): ("dfe_days_per_pupil", "days_per_pupil", "total_length_days_fixed_exclusions",
        "headcount", "one_plus_susp"),
}  # fmt: skip
_BAND_KINDS = {
    "suspension_lengths": "suspension_length_days",
    "suspensions_per_pupil": "suspensions_per_pupil",
    "days_per_pupil": "total_days_per_pupil",
}
_REVIEWS = ("year", "measure", "school_type", "indicator", "count")


def detect(header: list[str], meta: dict[str, str] | None = None) -> Layout:
    """Work out a file's layout from its header (and its EES ``.meta.csv`` types, if any).

    ``meta`` maps column name to ``"Filter"`` or ``"Indicator"``.
    """
    lower = {h.lower(): h for h in header}
    key = tuple(h.lower() for h in header)
    if key in _BAND_TABLES:
        name, topic, band, value, measure = _BAND_TABLES[key]
        return Layout(
            name=name,
            topic=topic,
            time=lower["year"],
            level=lower["level"],
            codes={"country": lower["country_code"]},
            names={"country": lower["country_name"]},
            school_type=lower["school_type"],
            band=lower[band],
            band_kind=_BAND_KINDS[topic],
            indicators=[Indicator(lower[value], measure)],
            required=key,
        )
    if key == _REVIEWS:
        return Layout(
            name="dfe_review_panels",
            topic="reviews",
            time=lower["year"],
            school_type=lower["school_type"],
            # The "Measure" column (reviews or appeals) is implied by the indicator text.
            measure_column=lower["indicator"],
            value_column=lower["count"],
            required=key,
        )
    return _standard(header, lower, meta or {})


def _standard(header: list[str], lower: dict[str, str], meta: dict[str, str]) -> Layout:
    time = _pick(lower, TIME)
    layout = Layout(name="ees", topic="totals", time=time or "time_period")
    layout.time_identifier = _pick(lower, TIME_ID)
    layout.level = _pick(lower, LEVEL)
    for role, options in CODES.items():
        if col := _pick(lower, options):
            layout.codes[role] = col
    for role, options in NAMES.items():
        if col := _pick(lower, options):
            layout.names[role] = col
    layout.school_type = _pick(lower, SCHOOL_TYPE)
    layout.char_group = _pick(lower, CHAR_GROUP)
    layout.char_value = _pick(lower, CHAR_VALUE)
    layout.char_value2 = _pick(lower, CHAR_VALUE2)
    layout.reason = _pick(lower, REASON)
    used = {c for c in layout.dimension_columns}
    used.update(_pick(lower, (o,)) or "" for o in OTHER_GEOGRAPHY)
    for col in header:
        if col in used:
            continue
        kind = meta.get(col, "").lower()
        as_reason = reason_column(col)
        if kind == "filter":
            layout.extra_filters.append(col)
        elif as_reason is not None and kind != "filter":
            layout.indicators.append(Indicator(col, as_reason[0], as_reason[1]))
        elif kind == "indicator" or is_known_measure(col):
            layout.indicators.append(Indicator(col, canonical_measure(col)))
        else:
            layout.undecided.append(col)
    if layout.char_group or layout.char_value:
        layout.topic = "characteristics"
    elif layout.reason or any(i.reason != "total" for i in layout.indicators):
        layout.topic = "reasons"
    if time is not None and time.lower() == "year" and layout.level is None and not layout.codes:
        layout.name = "dfe_national_summary"
    elif time is not None and time.lower() == "year":
        layout.name = "dfe_legacy"
    layout.required = tuple(c for c in (time, layout.level) if c)
    return layout


def decide(layout: Layout, numeric: dict[str, bool]) -> None:
    """Settle undecided columns: all-numeric columns are indicators, the rest filters."""
    for col in layout.undecided:
        if numeric.get(col, False):
            layout.indicators.append(Indicator(col, canonical_measure(col)))
        else:
            layout.extra_filters.append(col)
    layout.undecided = []


def missing_required(layout: Layout, header: list[str]) -> list[str]:
    """Required columns the file lacks: a time column and, for EES files, the level."""
    missing = []
    lower = {h.lower() for h in header}
    if layout.time.lower() not in lower:
        missing.append("time_period")
    if layout.name == "ees" and layout.level is None:
        missing.append("geographic_level")
    if layout.name == "ees" and layout.time_identifier is None:
        missing.append("time_identifier")
    if not layout.indicators and not layout.undecided and layout.value_column is None:
        missing.append("at least one indicator column")
    return missing


def measure_for(layout: Layout, column: str) -> str:
    """Canonical measure for an indicator column of this layout."""
    for ind in layout.indicators:
        if ind.column == column:
            return ind.measure
    return slug(column)
