"""Statistics for the facts engine: rates, proportions, comparisons, funnels and ranks.

Textbook methods on SciPy's distributions, as PHE's Fingertips and PHEindicatormethods use
them. Every function is pure, raises ValueError for invalid input (negative counts,
denominators that are not above 0) and never returns NaN or infinity.
"""

from exclusions.stats.compare import (
    Ratio,
    Verdict,
    change_test,
    compare_to_benchmark,
    percent_change,
    rate_ratio,
)
from exclusions.stats.funnel import (
    FunnelFlag,
    FunnelKind,
    FunnelLimits,
    funnel_flag,
    funnel_limits,
    funnel_limits_many,
)
from exclusions.stats.intervals import Estimate, Method, poisson_limits, proportion, rate
from exclusions.stats.ranks import Rank, rank_all, rank_interval, rank_intervals, rank_of

__all__ = [
    "Estimate",
    "FunnelFlag",
    "FunnelKind",
    "FunnelLimits",
    "Method",
    "Rank",
    "Ratio",
    "Verdict",
    "change_test",
    "compare_to_benchmark",
    "funnel_flag",
    "funnel_limits",
    "funnel_limits_many",
    "percent_change",
    "poisson_limits",
    "proportion",
    "rank_all",
    "rank_interval",
    "rank_intervals",
    "rank_of",
    "rate",
    "rate_ratio",
]
