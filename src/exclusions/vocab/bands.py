"""Canonical bands of the legacy suspension-length and suspensions-per-pupil tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

from exclusions.vocab.characteristics import slugify


@dataclass(frozen=True)
class Band:
    """A band as (kind, code, plain-English label, sort order with total first, recognised?)."""

    kind: str
    code: str
    label: str
    order: int
    known: bool


# Kind → what the band counts. The legacy files say 'fixed-period exclusion'; DfE has called
# them suspensions since 2020/21, so labels use the current word.
BAND_KINDS: dict[str, str] = {
    "suspension_length_days": "Length of each suspension, in days",
    "suspensions_per_pupil": "Number of suspensions a pupil had in the year",
    "total_days_per_pupil": "Total days a pupil spent suspended in the year",
}
_UNITS: dict[str, tuple[str, str]] = {
    "suspension_length_days": ("day", "days"),
    "suspensions_per_pupil": ("suspension", "suspensions"),
    "total_days_per_pupil": ("day", "days"),
}
_TOTAL_LABELS: dict[str, str] = {
    "suspension_length_days": "All suspensions",
    "suspensions_per_pupil": "All pupils with a suspension",
    "total_days_per_pupil": "All pupils with a suspension",
}

# Orders: total first, numbers by value (10 slots per hundredth), missing and unknown last.
_ORDER_MISSING = 10**9
_ORDER_UNKNOWN = 10**9 + 1
# No real band is anywhere near this; beyond it a 'number' is a data error, not a band.
_MAX_VALUE = 10_000
_NUM = r"([0-9]{1,6}(?:\.[0-9]{1,4})?)"
_MORE = re.compile(_NUM + r"\s*(?:\+|or more|or over|and over|and above|plus)")
_RANGE = re.compile(_NUM + r"\s*(?:-|–|to)\s*" + _NUM)
_UNDER = re.compile(r"(?:less than|under|fewer than|below)\s*" + _NUM)
# Units DfE sometimes spells inside the band ('46 days or more', '1 fixed period exclusion').
_UNIT_WORDS = re.compile(r"\b(days?|suspensions?|fixed[- ]period|exclusions?|times?)\b")
_MISSING = frozenset(["missing", "unknown", "not known", "not recorded", "unclassified"])


def _fmt(value: float) -> str:
    """Write a number as DfE does: whole numbers without a decimal point."""
    return str(int(value)) if value.is_integer() else repr(value)


def _base(value: float) -> int:
    """Sort slot of a number: room either side for 'under N' and 'N or more'."""
    return 1000 + round(value * 100) * 10


def _plural(kind: str, value: float) -> str:
    """The unit for a number of this kind ('1 day', '2 days', '3 suspensions')."""
    one, many = _UNITS.get(kind, ("", ""))
    return (one if value == 1 else many) or ""


def _parse(kind: str, text: str) -> tuple[str, str, int] | None:
    """Parse a band's text into (code, label, order), or None when it is not a band."""
    if text in ("total", "all"):
        return "total", _TOTAL_LABELS.get(kind, "Total"), 0
    if text in _MISSING:
        return "missing", "Not recorded", _ORDER_MISSING
    if text in ("half day", "half a day"):
        text = "0.5"
    text = re.sub(r"\s+", " ", _UNIT_WORDS.sub(" ", text)).strip()
    if m := re.fullmatch(_NUM, text):
        n = float(m[1])
        if n == 0.5 and kind != "suspensions_per_pupil":
            return "0_5", "Half a day", _base(n)
        # Lengths of '0' days appear in early years: suspensions shorter than a whole day.
        if n == 0 and kind != "suspensions_per_pupil":
            return "0", "Under 1 day (recorded as 0)", _base(n)
        return _fmt(n).replace(".", "_"), f"{_fmt(n)} {_plural(kind, n)}".strip(), _base(n)
    if m := _MORE.fullmatch(text):
        n = float(m[1])
        code = f"{_fmt(n)}_or_more".replace(".", "_")
        return code, f"{_fmt(n)} {_plural(kind, 2)} or more".replace("  ", " "), _base(n) + 2
    if m := _RANGE.fullmatch(text):
        lo, hi = float(m[1]), float(m[2])
        if lo >= hi:
            return None
        code = f"{_fmt(lo)}_to_{_fmt(hi)}".replace(".", "_")
        return code, f"{_fmt(lo)} to {_fmt(hi)} {_plural(kind, 2)}".strip(), _base(lo) + 1
    if m := _UNDER.fullmatch(text):
        n = float(m[1])
        code = f"under_{_fmt(n)}".replace(".", "_")
        return code, f"Less than {_fmt(n)} {_plural(kind, n)}".strip(), _base(n) - 5
    return None


def _in_range(order: int) -> bool:
    """Whether an order came from a plausible number (or total / missing)."""
    return order in (0, _ORDER_MISSING) or order <= _base(_MAX_VALUE) + 2


def canonical_band(kind: str, raw: str) -> Band:
    """Map a raw band value of a given kind to its canonical code, label and sort order."""
    kind_code = slugify(kind)
    text = re.sub(r"\s+", " ", raw.strip().lower())
    parsed = _parse(kind_code, text)
    if parsed is None or not _in_range(parsed[2]):
        slug = slugify(raw)
        return Band(kind_code, slug, raw.strip() or slug, _ORDER_UNKNOWN, False)
    code, label, order = parsed
    return Band(kind_code, code, label, order, kind_code in BAND_KINDS)
