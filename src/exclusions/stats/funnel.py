"""Funnel plot control limits around a target rate (Spiegelhalter 2005), and where a point falls.

The limits are exact: the ``p`` quantile ``r`` of the count's distribution under the target
(``scipy.stats.poisson`` or ``binom``), made continuous by Spiegelhalter's interpolation
(Statistics in Medicine 24:1185-1202, appendix A.1.1, step 4), its continuity adjustment:

    alpha = (F(r) - p) / (F(r) - F(r - 1)),    limit = (r - alpha) / denominator

Raises ValueError for a denominator that is not greater than 0, a target outside
(0, 100) per 100 (binomial) or not above 0 (Poisson), or a negative count; never NaN/inf.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy import special
from scipy.special import cython_special as scalar
from scipy.stats import beta, binom, gamma, poisson

from exclusions.stats.intervals import _count, _denominator, _number, _require_finite

FunnelKind = Literal["poisson", "binomial"]
FunnelFlag = Literal["above 99.8%", "above 95%", "within", "below 95%", "below 99.8%"]

# Two-sided 95% and 99.8% limits: the 2.5%/97.5% and 0.1%/99.9% quantiles.
_P95 = (0.025, 0.975)
_P998 = (0.001, 0.999)


@dataclass(frozen=True, slots=True)
class FunnelLimits:
    """95% and 99.8% control limits, as rates per 100, for one denominator and target."""

    denominator: float
    target: float
    kind: FunnelKind
    lower_998: float
    lower_95: float
    upper_95: float
    upper_998: float

    def __post_init__(self) -> None:
        _require_finite("FunnelLimits", self.__slots__, (getattr(self, n) for n in self.__slots__))


def _checked(denominator: float, target: float, kind: FunnelKind) -> tuple[float, float]:
    """Validated (denominator, target share) for a funnel of ``kind``."""
    n = _denominator(denominator)
    share = _number("target_rate_per_100", target) / 100
    if kind == "poisson":
        if share <= 0:
            raise ValueError(f"the target rate must be above 0, got {target!r}")
    elif kind == "binomial":
        if not 0 < share < 1:
            raise ValueError(f"a binomial target must be between 0 and 100 per 100, got {target!r}")
        if not n.is_integer():
            raise ValueError(f"a binomial denominator must be a whole number, got {denominator!r}")
    else:
        raise ValueError(f"kind must be 'poisson' or 'binomial', got {kind!r}")
    return n, share


# All four quantiles in one vectorised call each: a frozen distribution per limit cost ~3 ms.
_PS = np.array([_P998[0], _P95[0], _P95[1], _P998[1]])


def _ppf(inverse: Any, cdf: Any, *args: Any) -> Any:
    """The discrete quantile at ``_PS``, as ``scipy.stats`` computes it, minus its overhead.

    ``poisson.ppf``/``binom.ppf`` run this same rule (round the continuous inverse up, step
    back one if that still reaches the level) behind argument checks that cost ~0.5 ms a
    call; the league table asks for every LA of a year.
    """
    vals = np.ceil(inverse(_PS, *args))
    below = np.maximum(vals - 1, 0)
    return np.where(cdf(below, *args) >= _PS, below, vals)


def _limits(ns: list[float], share: float, kind: FunnelKind) -> list[list[float]]:
    """The interpolated limits at ``_PS`` for each denominator, as rates per 100 (clamped)."""
    # One row of quantiles per denominator: the special functions work element by element, so
    # each row is what a call for that denominator alone would give. ``_pmf`` is the hook a
    # scipy.stats distribution defines its mass with; ``pmf`` wraps it in argument checks
    # (~50 us a call) and clips it to [0, 1], as here.
    if kind == "poisson":
        mu = share * np.array(ns)[:, None]
        r = _ppf(special.pdtrik, special.pdtr, mu)
        mass, cdf = np.clip(poisson._pmf(r, mu), 0, 1), special.pdtr(r, mu)
    else:
        whole = np.array([int(n) for n in ns])[:, None]
        r = _ppf(special.bdtrik, special.bdtr, whole, share)
        mass = np.clip(binom._pmf(r, whole, share), 0, 1)
        cdf = special.bdtr(r, whole, share)
    ps = _PS.tolist()
    out = []
    for n, rs, masses, cdfs in zip(ns, r.tolist(), mass.tolist(), cdf.tolist(), strict=True):
        row = []
        # mass is F(r) - F(r - 1), without the cancellation of subtracting two F's near 1.
        for p, r_p, m, f in zip(ps, rs, masses, cdfs, strict=True):
            # alpha is in [0, 1) in exact arithmetic; pin it there against rounding in F.
            alpha = min(max((f - p) / m, 0.0), 1.0) if m > 0 else 0.0
            # With r = 0 the interpolation dips below 0 events: the limit is then 0, so that
            # even a single event counts as above it (P(X >= 1) is then below 1 - p, as it
            # should be).
            limit = max(r_p - alpha, 0.0) / n * 100
            row.append(min(limit, 100.0) if kind == "binomial" else limit)
        out.append(row)
    return out


def funnel_limits(
    denominator: float, target_rate_per_100: float, *, kind: FunnelKind = "poisson"
) -> FunnelLimits:
    """Spiegelhalter's exact 95% and 99.8% funnel limits (per 100) for one denominator.

    ``kind="poisson"`` for rates (exclusions per 100 pupils, can pass 100), ``"binomial"`` for
    proportions (pupils with one or more suspension; a whole-number denominator).
    With few expected events the interpolated limits are liberal, like a mid-p test: a count
    just above the upper limit may have an exact one-sided p-value above 2.5%.

    >>> f = funnel_limits(10_000, 2.0)
    >>> round(f.lower_95, 3), round(f.upper_95, 3)
    (1.723, 2.277)
    """
    return funnel_limits_many([denominator], target_rate_per_100, kind=kind)[0]


def funnel_limits_many(
    denominators: Sequence[float], target_rate_per_100: float, *, kind: FunnelKind = "poisson"
) -> list[FunnelLimits]:
    """``funnel_limits`` for each denominator around one target, worked out together.

    The same limits as one call each, at a fraction of the cost (a league table asks for
    every LA of a year). Raises ValueError as ``funnel_limits`` if any input is invalid.

    >>> [round(f.upper_95, 3) for f in funnel_limits_many([10_000, 40_000], 2.0)]
    [2.277, 2.139]
    """
    checked = [_checked(d, target_rate_per_100, kind) for d in denominators]
    if not checked:
        return []
    share = checked[0][1]
    ns = [n for n, _ in checked]
    return [
        FunnelLimits(
            denominator=n,
            target=share * 100,
            kind=kind,
            lower_998=lower_998,
            lower_95=lower_95,
            upper_95=upper_95,
            upper_998=upper_998,
        )
        for n, (lower_998, lower_95, upper_95, upper_998) in zip(
            ns, _limits(ns, share, kind), strict=True
        )
    ]


def _tails(x: float, n: float, share: float, kind: FunnelKind) -> tuple[float, float]:
    """Exact P(X >= x) and P(X <= x) for the count under the target."""
    if x.is_integer():
        # The special functions scipy.stats calls, without its per-call argument checks (in
        # their scalar cython_special form: see _dist.py).
        if kind == "poisson":
            mu = share * n
            upper = 1.0 if x == 0 else float(scalar.pdtrc(x - 1, mu))
            return upper, float(scalar.pdtr(x, mu))
        upper = 1.0 if x == 0 else float(scalar.bdtrc(x - 1, int(n), share))
        return upper, float(scalar.bdtr(x, int(n), share))
    # Fractional counts (old DfE files): the gamma and beta forms of the same tails, equal to
    # them at whole counts and continuous in between.
    if kind == "poisson":
        mu = share * n
        return float(gamma.cdf(mu, x)), float(gamma.sf(mu, x + 1))
    # A fractional x lies strictly between 0 and the whole-number n, so both shapes are > 0.
    return float(beta.cdf(share, x, n - x + 1)), float(beta.sf(share, x + 1, n - x))


def funnel_flag(
    count: float, denominator: float, target: float, *, kind: FunnelKind = "poisson"
) -> FunnelFlag:
    """Where ``count`` out of ``denominator`` falls against the funnel around ``target`` per 100.

    Decided by the exact one-sided tail probabilities that the funnel draws (below 2.5% and
    0.1% for the 95% and 99.8% limits). For whole counts this matches the drawn limits except
    a count just under the upper line: the interpolation paints it above, but its exact tail
    probability is over the nominal level (1 exclusion where 0.09 are expected: P = 0.086), so
    it is "within" here. Raises ValueError as ``funnel_limits``, and for a negative count (or,
    binomial, a count above the denominator).

    >>> funnel_flag(300, 10_000, 2.0), funnel_flag(200, 10_000, 2.0)
    ('above 99.8%', 'within')
    """
    x = _count(count)
    n, share = _checked(denominator, target, kind)
    if kind == "binomial" and x > n:
        raise ValueError(f"count {count!r} is greater than its denominator {denominator!r}")
    up, down = _tails(x, n, share, kind)
    if up < _P998[0]:
        return "above 99.8%"
    if up < _P95[0]:
        return "above 95%"
    if down < _P998[0]:
        return "below 99.8%"
    if down < _P95[0]:
        return "below 95%"
    return "within"
