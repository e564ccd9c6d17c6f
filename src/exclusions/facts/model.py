"""The fact model: one comparison a careful analyst would make, with its uncertainty,
caveats and the provenance of every input. Facts serialise to JSON."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from operator import attrgetter
from typing import Any

# Kinds of fact, in the order a profile lists them.
KINDS = (
    "level",
    "phase_split",
    "rank",
    "versus_england",
    "versus_region",
    "versus_neighbours",
    "funnel",
    "change",
    "history",
    "national_context",
    "characteristic",
    "reason",
)

# Caveat kinds.
SUPPRESSED = "suppressed"
SMALL_NUMBERS = "small_numbers"
SERIES_BREAK = "series_break"
COVID = "covid"
REVISED = "revised"
BENCHMARK_INCLUDES_AREA = "benchmark_includes_area"
NATIONAL_ONLY = "national_only"


@dataclass(frozen=True)
class Source:
    """Where an input figure was published: release, file, line and column."""

    release: str
    file: str
    line: int
    column: str
    text: str | None = None

    def __str__(self) -> str:
        return f"{self.file} (release {self.release}), line {self.line}, column {self.column}"


@dataclass(frozen=True)
class Subject:
    """What a fact is about."""

    area_code: str
    area_name: str
    level: str
    year: int
    phase: str
    measure: str


@dataclass(frozen=True)
class Value:
    """A figure with its denominator: a count, a rate, or both."""

    count: float | None = None
    denominator: float | None = None
    denominator_label: str = "pupils on roll"
    rate: float | None = None  # per cent of the denominator
    per_10000: float | None = None
    published_rate: float | None = None  # as DfE published it


@dataclass(frozen=True)
class Comparison:
    """What the subject is compared with, and how they differ."""

    benchmark: str  # e.g. "England", "North West", "statistical neighbours", "2021/22"
    benchmark_code: str | None
    benchmark_value: Value
    ratio: float | None = None
    difference: float | None = None  # subject rate minus benchmark rate (per cent)
    percent_change: float | None = None


@dataclass(frozen=True)
class Uncertainty:
    """Interval and test behind a fact; the verdict is what the text may say."""

    lower: float | None = None
    upper: float | None = None
    confidence: float = 0.95
    method: str = ""
    test: str | None = None
    p_value: float | None = None
    verdict: str | None = None  # "higher", "lower", "no real difference", "up", "down", ...


@dataclass(frozen=True)
class Caveat:
    """A reason to read a fact with care."""

    kind: str
    text: str


@dataclass
class Fact:
    """One comparison, with everything needed to state it honestly and trace it."""

    kind: str
    subject: Subject
    value: Value
    comparison: Comparison | None = None
    uncertainty: Uncertainty | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    caveats: list[Caveat] = field(default_factory=list)
    provenance: list[Source] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (no NaN or infinity ever appears)."""
        out: dict[str, Any] = plain(self)
        return out


@dataclass
class Profile:
    """Every fact for one area, year and phase."""

    subject: Subject
    facts: list[Fact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Fact]:
        """Facts of one kind."""
        return [f for f in self.facts if f.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "subject": plain(self.subject),
            "facts": [f.to_dict() for f in self.facts],
            "notes": list(self.notes),
        }


_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[tuple[str, ...], Any]] = {}


def plain(obj: Any) -> Any:
    """``dataclasses.asdict``, same result, several times faster on facts.

    asdict looks up every dataclass's fields and deep-copies every leaf, even a float; a
    profile has tens of thousands of leaves, and the sweep tests serialise every profile.
    Leaves are immutable (str, numbers, None), so they are returned as they are.
    """
    cls = obj.__class__
    if cls in _ATOMS:
        return obj
    if cls is list:
        return [v if v.__class__ in _ATOMS else plain(v) for v in obj]
    if cls is dict:
        return {
            k if k.__class__ in _ATOMS else plain(k): v if v.__class__ in _ATOMS else plain(v)
            for k, v in obj.items()
        }
    spec = _FIELDS.get(cls)
    if spec is None:
        if not is_dataclass(obj) or isinstance(obj, type):
            return _other(obj)
        names = tuple(f.name for f in fields(obj))
        spec = _FIELDS[cls] = (names, _getter(names))
    names, values = spec
    return {
        n: v if v.__class__ in _ATOMS else plain(v) for n, v in zip(names, values(obj), strict=True)
    }


def _getter(names: tuple[str, ...]) -> Any:
    """A function giving an object's values for ``names``, as a tuple, in one call."""
    if not names:
        return lambda obj: ()
    get = attrgetter(*names)
    return get if len(names) > 1 else lambda obj: (get(obj),)


def _other(obj: Any) -> Any:
    """As asdict treats what is not a dataclass, list or dict."""
    cls = obj.__class__
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return cls(*[plain(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return cls(plain(v) for v in obj)
    if isinstance(obj, dict):
        return cls((plain(k), plain(v)) for k, v in obj.items())
    return copy.deepcopy(obj)
