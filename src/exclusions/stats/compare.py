"""Is one rate really different from another? Exact comparisons of two Poisson rates.

Given ``a + b`` events in all, equal rates would make ``a`` Binomial(a + b, da / (da + db)):
the exact conditional test (Przyborowski & Wilenski 1940; Armitage, Berry & Matthews,
*Statistical Methods in Medical Research*, 4th edn, §5.3), run with ``scipy.stats.binomtest``.

* p-value: twice the smaller one-sided exact tail (the "central" two-sided test), capped at 1.
  It is the test the Clopper-Pearson interval inverts, so the verdict and the ratio interval
  always agree (SciPy's default two-sided p-value can disagree with that interval).
* Rate ratio interval: the Clopper-Pearson interval for the binomial share ``pi``, mapped by
  ``ratio = pi / (1 - pi) * db / da``.
* Difference of rates interval: MOVER (Zou & Donner 2008; Newcombe's square-and-add) from each
  rate's own Garwood/Byar limits, so it stays sensible with 0 or a few events.

All functions raise ValueError for negative or non-finite counts, denominators that are not
greater than 0, and confidence levels outside (0, 1); none returns NaN or infinity.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Literal

from exclusions.stats._dist import beta_cdf, beta_ppf, beta_sf
from exclusions.stats.intervals import (
    _confidence,
    _count,
    _denominator,
    _number,
    _per,
    _poisson_limits,
    _require_finite,
)

Verdict = Literal["higher", "lower", "no real difference", "up", "down", "no real change"]

METHOD = (
    "exact conditional binomial test, two-sided by doubling the smaller tail; "
    "ratio interval: Clopper-Pearson, transformed; difference interval: MOVER"
)


@dataclass(frozen=True, slots=True)
class Ratio:
    """Area (or year) ``a`` against ``b``: rate ratio, rate difference, exact test, verdict.

    ``ratio`` is ``None`` when either count is 0 (0 or unbounded: nothing to print), and
    ``upper`` is ``None`` when the interval has no finite upper end (``b`` had no events).
    ``difference`` and its limits are rate a minus rate b, per ``per`` pupils.
    ``verdict`` is ``"higher"``/``"lower"``/``"no real difference"`` (``change_test`` says
    ``"up"``/``"down"``/``"no real change"``), from ``p_value < 1 - confidence``.
    """

    ratio: float | None
    lower: float
    upper: float | None
    difference: float
    difference_lower: float
    difference_upper: float
    p_value: float
    verdict: Verdict
    rate_a: float
    rate_b: float
    per: float
    confidence: float
    method: str = METHOD

    def __post_init__(self) -> None:
        _require_finite("Ratio", self.__slots__, _values(self))


_values = attrgetter(*Ratio.__slots__)


def _binomial(k: float, n: float, p0: float, confidence: float) -> tuple[float, float, float]:
    """Central two-sided exact p-value and Clopper-Pearson limits for ``k`` out of ``n > 0``."""
    # The binomial tails and the Clopper-Pearson limits are beta distribution functions:
    # P(X >= k) = I_p0(k, n - k + 1) and P(X <= k) = 1 - I_p0(k + 1, n - k). They equal
    # binomtest's at whole counts (tested), are continuous in between (old DfE files have
    # fractional counts, which binomtest refuses), and cost microseconds where binomtest's
    # root-finding costs milliseconds: a profile makes dozens of these comparisons.
    alpha = 1 - confidence
    high_tail = 1.0 if k == 0 else beta_cdf(p0, k, n - k + 1)
    low_tail = 1.0 if k == n else beta_sf(p0, k + 1, n - k)
    lo = 0.0 if k == 0 else beta_ppf(alpha / 2, k, n - k + 1)
    # For a tiny fractional k the true quantile underflows and Boost returns the smallest
    # normal float instead of 0, which could sit above the observed share.
    lo = 0.0 if lo <= sys.float_info.min else lo
    hi = 1.0 if k == n else beta_ppf(1 - alpha / 2, k + 1, n - k)
    return min(1.0, 2 * min(low_tail, high_tail)), lo, hi


def _odds(share: float, scale: float) -> float | None:
    """``share / (1 - share) * scale``, or None where it is unbounded or overflows."""
    if share >= 1:
        return None
    value = share / (1 - share) * scale
    return value if math.isfinite(value) else None


Fields = list[Any]  # a Ratio's fields in order, less ``method``
_NAMES = (
    "ratio", "lower", "upper", "difference", "difference_lower", "difference_upper",
    "p_value", "verdict", "rate_a", "rate_b", "per", "confidence",
)  # fmt: skip


def _compare(a: float, da: float, b: float, db: float, conf: float, per: float) -> Fields:
    """rate_ratio's fields on validated inputs, in one fixed order (see rate_ratio for why)."""
    ra, rb = a / da * per, b / db * per
    la, ua, _ = _poisson_limits(a, conf)
    lb, ub, _ = _poisson_limits(b, conf)
    la, ua, lb, ub = la / da * per, ua / da * per, lb / db * per, ub / db * per
    diff = ra - rb
    n = a + b
    if n == 0:
        # No events anywhere: no evidence either way, and the ratio could be anything.
        p_value, lower, upper = 1.0, 0.0, None
    else:
        # p0 is a's share of the pupils; dividing denominators keeps it in [0, 1].
        p0 = da / (da + db)
        p_value, lo, hi = _binomial(a, n, p0, conf)
        scale = db / da
        low_end = _odds(lo, scale)
        if low_end is None:
            raise ValueError("the rate ratio is out of range for these denominators")
        lower, upper = low_end, _odds(hi, scale)
    if p_value < 1 - conf:
        verdict: Verdict = "higher" if a * db > b * da else "lower"
    else:
        verdict = "no real difference"
    ratio = None if a == 0 or b == 0 else (a * db) / (b * da)
    return [
        _printable(ratio), lower, upper, diff, diff - math.hypot(ra - la, ub - rb),
        diff + math.hypot(ua - ra, rb - lb), p_value, verdict, ra, rb, per, conf,
    ]  # fmt: skip


def _printable(ratio: float | None) -> float | None:
    """The ratio, or None where it or its reciprocal is 0 or infinite (absurd inputs only)."""
    if ratio is None or not 0 < ratio < math.inf or not math.isfinite(1 / ratio):
        return None
    return ratio


def _flipped_bounds(lower: float, upper: float | None) -> tuple[float, float | None]:
    """The interval of 1 / ratio from that of the ratio; None is an unbounded upper end."""
    if upper is None:
        new_lower = 0.0
    else:
        new_lower = 1 / upper
        if not math.isfinite(new_lower):
            raise ValueError("the rate ratio is out of range for these denominators")
    # A lower end of 0, or one so near 0 that its reciprocal overflows, leaves no upper end.
    new_upper = None if lower == 0 or not math.isfinite(1 / lower) else 1 / lower
    return new_lower, new_upper


_FLIP: dict[Verdict, Verdict] = {
    "higher": "lower",
    "lower": "higher",
    "no real difference": "no real difference",
}
_SAME: dict[Verdict, Verdict] = {v: v for v in _FLIP}


def _swap(f: Fields) -> Fields:
    """The same comparison seen from the other side (b against a)."""
    # Checked before it is turned round, so that an overflow names the field it arose in.
    _require_finite("Ratio", _NAMES, f)
    ratio, lower, upper, diff, diff_lower, diff_upper, p_value, verdict, ra, rb, per, conf = f
    lower, upper = _flipped_bounds(lower, upper)
    ratio = None if ratio is None else _printable(1 / ratio)
    return [
        ratio, lower, upper, -diff, -diff_upper, -diff_lower, p_value, _FLIP[verdict], rb, ra,
        per, conf,
    ]  # fmt: skip


def _ratio(
    a: float,
    da: float,
    b: float,
    db: float,
    conf: float,
    per: float,
    verdicts: dict[Verdict, Verdict],
) -> Ratio:
    """a against b, computed in one canonical order; verdicts renames the verdict."""
    # Always compute in one canonical order and mirror the result, so that swapping a and b
    # gives exactly reciprocal ratios and opposite verdicts, not ones that differ by rounding.
    # The Ratio is built once, from its final fields: building and replacing it cost more
    # than the statistics.
    if (a, da) > (b, db):
        f = _swap(_compare(b, db, a, da, conf, per))
    else:
        f = _compare(a, da, b, db, conf, per)
    f[7] = verdicts[f[7]]
    return Ratio(*f)


def rate_ratio(
    count_a: float,
    denom_a: float,
    count_b: float,
    denom_b: float,
    *,
    confidence: float = 0.95,
    per: float = 100,
) -> Ratio:
    """Compare rate a with rate b: ratio, difference and an exact test's verdict.

    If b includes a (an LA against England), the two are not independent and the test is
    conservative: it finds "no real difference" more often than it should. Use
    ``compare_to_benchmark(..., includes_area=True)``, which tests a against the rest.
    Raises ValueError for negative counts or denominators that are not greater than 0.

    >>> r = rate_ratio(30, 10_000, 15, 10_000)
    >>> r.ratio, r.verdict, round(r.difference, 2)
    (2.0, 'higher', 0.15)
    >>> rate_ratio(3, 1_000, 2, 1_000).verdict
    'no real difference'
    """
    a, da = _count(count_a, "count_a"), _denominator(denom_a, "denom_a")
    b, db = _count(count_b, "count_b"), _denominator(denom_b, "denom_b")
    return _ratio(a, da, b, db, _confidence(confidence), _per(per), _SAME)


def compare_to_benchmark(
    count: float,
    denom: float,
    bench_count: float,
    bench_denom: float,
    *,
    includes_area: bool,
    confidence: float = 0.95,
    per: float = 100,
) -> Ratio:
    """Compare an area with a benchmark (England, its region), leaving the area out of it.

    When ``includes_area`` the area's own pupils and events are taken out of the benchmark
    first, so the test is area against the rest and not conservative; ``rate_b``, ``ratio``
    and ``difference`` then describe the rest of the benchmark. Raises ValueError if the
    benchmark is smaller than the area or has no other pupils.

    >>> compare_to_benchmark(60, 20_000, 1_000, 1_000_000, includes_area=True).verdict
    'higher'
    """
    x, n = _count(count), _denominator(denom, "denom")
    bx, bn = _count(bench_count, "bench_count"), _denominator(bench_denom, "bench_denom")
    if includes_area:
        bx, bn = bx - x, bn - n
        if bx < 0:
            raise ValueError(
                f"benchmark count {bench_count!r} is smaller than the area's {count!r}"
            )
        if bn <= 0:
            raise ValueError(f"benchmark has no pupils besides the area's ({bench_denom!r})")
    return rate_ratio(x, n, bx, bn, confidence=confidence, per=per)


_CHANGE: dict[Verdict, Verdict] = {
    "higher": "up",
    "lower": "down",
    "no real difference": "no real change",
}


def change_test(
    count_old: float,
    denom_old: float,
    count_new: float,
    denom_new: float,
    *,
    confidence: float = 0.95,
    per: float = 100,
) -> Ratio:
    """Test new against old (rate ratio new/old) with verdict "up", "down" or "no real change".

    ``rate_a`` is the new rate, ``rate_b`` the old. Raises ValueError as ``rate_ratio``.

    >>> change_test(100, 50_000, 160, 50_000).verdict
    'up'
    """
    a, da = _count(count_new, "count_a"), _denominator(denom_new, "denom_a")
    b, db = _count(count_old, "count_b"), _denominator(denom_old, "denom_b")
    return _ratio(a, da, b, db, _confidence(confidence), _per(per), _CHANGE)


def percent_change(old: float, new: float) -> float:
    """Per cent change from ``old`` to ``new``; ValueError if old is not above 0 or new < 0.

    >>> percent_change(80, 100), percent_change(0.10, 0.05)
    (25.0, -50.0)
    """
    o, n = _number("old", old), _number("new", new)
    if o <= 0:
        raise ValueError(f"a per cent change needs an old value above 0, got {old!r}")
    if n < 0:
        raise ValueError(f"new must not be negative, got {new!r}")
    change = (n - o) / o * 100
    if not math.isfinite(change):
        raise ValueError(f"the change from {old!r} to {new!r} is out of range")
    return change
