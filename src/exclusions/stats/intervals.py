"""Rates and proportions with confidence intervals, by the methods PHE's Fingertips uses.

* Rates (events per pupil): exact Poisson limits (Garwood 1936) for fewer than 10 events and
  Byar's approximation (Breslow & Day 1987) from 10 up, as PHEindicatormethods' ``phe_rate``.
* Proportions (pupils with one or more suspension out of all pupils; a reason's share of
  exclusions): Wilson score limits, as PHEindicatormethods' ``phe_proportion``.

Every function raises ValueError for a negative or non-finite count, a denominator that is not
greater than 0, or a confidence level outside (0, 1); none returns NaN or infinity.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Literal

from exclusions.stats._dist import chi2_ppf, norm_ppf

Method = Literal["garwood", "byar", "wilson"]

# PHE's threshold: Byar's approximation is within 0.2% of the exact limits from 10 events up
# (PHE Technical Guide: Confidence Intervals), and much cheaper; below 10 it drifts.
BYAR_FROM = 10.0


@dataclass(frozen=True, slots=True)
class Estimate:
    """A rate or proportion per ``per`` of the denominator, with its confidence interval.

    ``method`` is ``"garwood"`` (exact Poisson), ``"byar"`` or ``"wilson"``.
    """

    value: float
    lower: float
    upper: float
    method: Method
    count: float
    denominator: float
    per: float
    confidence: float

    def __post_init__(self) -> None:
        _require_finite("Estimate", self.__slots__, _values(self))


def _require_finite(kind: str, names: Iterable[str], values: Iterable[object]) -> None:
    """Refuse to build a result (a ``kind``) holding NaN or infinity.

    Valid inputs never produce one; absurd ones can (a count of 1 over a denominator of
    1e-310 overflows), and a ValueError is better than an infinity printed in a sentence.
    """
    for name, value in zip(names, values, strict=True):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{kind}.{name} would be {value}: the inputs are out of range")


# Every field at once, in C: the check runs on each of the thousands of results a profile makes.
_values = attrgetter(*Estimate.__slots__)


def _number(name: str, x: float) -> float:
    """The input as a float, refusing NaN and infinity (they would leak into every result)."""
    v = float(x)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {x!r}")
    return v


def _count(x: float, name: str = "count") -> float:
    """A count of events: finite and at least 0 (fractions allowed: old DfE files have them)."""
    v = _number(name, x)
    if v < 0:
        raise ValueError(f"{name} must not be negative, got {x!r}")
    if 0 < v < sys.float_info.min:
        # Subnormal floats (below ~2.2e-308) send SciPy's gamma and beta routines to NaN or
        # OverflowError; no real count is that small, so say so rather than compute nonsense.
        raise ValueError(f"{name} is too small to compute with, got {x!r}")
    return v


def _denominator(x: float, name: str = "denominator") -> float:
    """A denominator (pupil headcount): finite and greater than 0."""
    v = _number(name, x)
    if v <= 0:
        raise ValueError(f"{name} must be greater than 0, got {x!r}")
    return v


def _confidence(c: float) -> float:
    """A confidence level strictly between 0 and 1 (0.95, 0.998)."""
    v = _number("confidence", c)
    if not 0 < v < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {c!r}")
    return v


def _per(per: float) -> float:
    """The multiplier: 100 for per cent, 10_000 for per 10,000 pupils."""
    v = _number("per", per)
    if v <= 0:
        raise ValueError(f"per must be greater than 0, got {per!r}")
    return v


_Z: dict[float, float] = {}


def _z(confidence: float) -> float:
    """The two-sided standard normal quantile for a confidence level (1.96 for 0.95)."""
    # Only a handful of levels are ever asked for (0.95, 0.998), thousands of times each.
    z = _Z.get(confidence)
    if z is None:
        z = _Z[confidence] = norm_ppf(0.5 + confidence / 2)
    return z


def poisson_limits(count: float, confidence: float = 0.95) -> tuple[float, float, Method]:
    """Confidence limits for a Poisson count of events, and which method gave them.

    Exact (Garwood) below 10 events, Byar's approximation from 10, as ``phe_rate``.

    >>> lo, hi, method = poisson_limits(0)
    >>> lo, round(hi, 4), method
    (0.0, 3.6889, 'garwood')
    """
    return _poisson_limits(_count(count), _confidence(confidence))


def _poisson_limits(x: float, conf: float) -> tuple[float, float, Method]:
    """``poisson_limits`` on a validated count and confidence level."""
    alpha = 1 - conf
    if x < BYAR_FROM:
        # chi-squared with 0 degrees of freedom is degenerate at 0: no events, lower limit 0.
        lower = 0.0 if x == 0 else chi2_ppf(alpha / 2, 2 * x) / 2
        upper = chi2_ppf(1 - alpha / 2, 2 * x + 2) / 2
        return lower, upper, "garwood"
    z = _z(conf)
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    # At x >= 10 the cube is positive for any z below ~9 (confidence 1 - 1e-19); the guard
    # keeps a negative count of events out of the result if someone asks for more.
    return max(lower, 0.0), upper, "byar"


def rate(
    count: float, denominator: float, per: float = 100, *, confidence: float = 0.95
) -> Estimate:
    """A rate per ``per`` pupils with its exact-Poisson (< 10 events) or Byar (>= 10) interval.

    Raises ValueError for a negative count or a denominator that is not greater than 0.

    >>> r = rate(65, 100_000, per=100_000)
    >>> round(r.value, 2), round(r.lower, 2), round(r.upper, 2), r.method
    (65.0, 50.16, 82.85, 'byar')
    >>> rate(0, 2_500, per=10_000).upper > 0
    True
    """
    x = _count(count)
    n = _denominator(denominator)
    k = _per(per)
    conf = _confidence(confidence)
    lower, upper, method = _poisson_limits(x, conf)
    return Estimate(
        value=x / n * k,
        lower=lower / n * k,
        upper=upper / n * k,
        method=method,
        count=x,
        denominator=n,
        per=k,
        confidence=conf,
    )


def proportion(
    count: float, denominator: float, per: float = 100, *, confidence: float = 0.95
) -> Estimate:
    """A proportion per ``per`` (per cent by default) with its Wilson score interval.

    Raises ValueError for a negative count, a count above the denominator, or a denominator
    that is not greater than 0.

    >>> p = proportion(81, 263)
    >>> round(p.value, 2), round(p.lower, 2), round(p.upper, 2), p.method
    (30.8, 25.53, 36.62, 'wilson')
    """
    x = _count(count)
    n = _denominator(denominator)
    k = _per(per)
    conf = _confidence(confidence)
    if x > n:
        raise ValueError(f"count {count!r} is greater than its denominator {denominator!r}")
    z = _z(conf)
    share = x / n
    # Wilson (1927): PHE's (2x + z^2 +/- z sqrt(z^2 + 4x(1 - x/n))) / 2(n + z^2), halved
    # through, with n - x in place of n(1 - x/n): exact when x is near n, where 1 - x/n loses
    # the digits that tell a 95% limit from a 99.8% one.
    spread = z * math.sqrt(x * (n - x) / n + z * z / 4)
    lower = (x + z * z / 2 - spread) / (n + z * z)
    upper = (x + z * z / 2 + spread) / (n + z * z)
    # The interval always holds the observed share; rounding can nudge a limit past it by an
    # ulp (z*z - z*sqrt(z*z) need not be exactly 0), so pin the limits to the truth at the ends.
    lower = 0.0 if x == 0 else min(max(lower, 0.0), share)
    upper = 1.0 if x == n else max(min(upper, 1.0), share)
    return Estimate(
        value=share * k,
        lower=lower * k,
        upper=upper * k,
        method="wilson",
        count=x,
        denominator=n,
        per=k,
        confidence=conf,
    )
