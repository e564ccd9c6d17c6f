"""League-table positions, and how far chance alone could move them.

Ranks are competition ranks ("1224"): tied values share the best place and the next value
skips, so "joint 2nd of 153" reads naturally. The plausible range of an area's rank comes from
simulating every area's rate from its Jeffreys posterior, Gamma(count + 0.5) / denominator
(as in the ranking intervals of Goldstein & Spiegelhalter 1996, Marshall & Spiegelhalter 1998).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from exclusions.stats.intervals import _confidence, _count, _denominator, _number

# A fixed default seed: the same figures must give the same sentence on every run.
SEED = 20240717


@dataclass(frozen=True, slots=True)
class Rank:
    """``key``'s competition rank among ``of_n`` values (1 = highest when ``descending``).

    ``quartile`` is 1 for the quarter of places nearest rank 1, 4 for the furthest.
    """

    key: str
    value: float
    rank: int
    of_n: int
    quartile: int
    descending: bool


def rank_of(values: Mapping[str, float], key: str, *, descending: bool = True) -> Rank:
    """Competition rank of ``values[key]`` (1 = highest; ties share the best rank: 1, 2, 2, 4).

    Raises ValueError if ``key`` is missing or any value is NaN or infinite.

    >>> r = rank_of({"Bury": 0.12, "Leeds": 0.30, "York": 0.12, "Hull": 0.05}, "York")
    >>> r.rank, r.of_n, r.quartile
    (2, 4, 2)
    >>> rank_of({"Bury": 0.12, "Leeds": 0.30}, "Bury", descending=False).rank
    1
    """
    if key not in values:
        raise ValueError(f"{key!r} is not among the values being ranked")
    checked = {k: _number(f"values[{k!r}]", v) for k, v in values.items()}
    mine = checked[key]
    ahead = sum(1 for v in checked.values() if (v > mine if descending else v < mine))
    rank, n = ahead + 1, len(checked)
    # Quartile by place: ranks 1..ceil(n/4) are quartile 1 (39, 38, 38, 38 of 153 areas);
    # integer arithmetic so that a place is never put in the wrong quarter by rounding.
    return Rank(
        key=key,
        value=mine,
        rank=rank,
        of_n=n,
        quartile=4 * (rank - 1) // n + 1,
        descending=descending,
    )


def rank_all(values: Mapping[str, float], *, descending: bool = True) -> dict[str, Rank]:
    """``rank_of`` for every key at once: one check and one sort, not a pass per key.

    >>> {k: r.rank for k, r in rank_all({"Bury": 0.12, "Leeds": 0.30, "York": 0.12}).items()}
    {'Bury': 2, 'Leeds': 1, 'York': 2}
    """
    checked = {k: _number(f"values[{k!r}]", v) for k, v in values.items()}
    ordered = sorted(checked.values())
    n = len(ordered)
    out: dict[str, Rank] = {}
    for key, mine in checked.items():
        # Values ahead: those strictly above (descending) or strictly below, as rank_of counts.
        ahead = n - bisect_right(ordered, mine) if descending else bisect_left(ordered, mine)
        rank = ahead + 1
        out[key] = Rank(key, mine, rank, n, 4 * (rank - 1) // n + 1, descending)
    return out


def _simulate(
    counts: Mapping[str, float],
    denoms: Mapping[str, float],
    draws: int,
    seed: int,
    confidence: float,
) -> tuple[list[str], np.ndarray]:
    """Validated, sorted area keys and a (draws x areas) matrix of simulated rates."""
    if set(counts) != set(denoms):
        raise ValueError("counts and denoms must have the same areas")
    if not counts:
        raise ValueError("there are no areas to rank")
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise ValueError(f"draws must be a whole number of at least 1, got {draws!r}")
    _confidence(confidence)
    # Sorted keys: the same areas in another order get the same random streams.
    keys = sorted(counts)
    shape = np.array([_count(counts[k], f"counts[{k!r}]") for k in keys]) + 0.5
    denom = np.array([_denominator(denoms[k], f"denoms[{k!r}]") for k in keys])
    rng = np.random.default_rng(seed)
    # One (draws x areas) matrix: 153 areas x 2000 draws is ~0.3 million gamma variates.
    return keys, rng.standard_gamma(shape, size=(draws, len(keys))) / denom


def _central(ranks: np.ndarray, confidence: float) -> np.ndarray:
    """The central ``confidence`` range of each column of simulated ranks, as a (2, n) array."""
    # "inverted_cdf" picks observed ranks, never a half-way rank between two draws.
    qs = [(1 - confidence) / 2, (1 + confidence) / 2]
    return np.asarray(np.quantile(ranks, qs, axis=0, method="inverted_cdf"), dtype=np.int64)


def rank_interval(
    counts: Mapping[str, float],
    denoms: Mapping[str, float],
    key: str,
    *,
    draws: int = 2000,
    seed: int = SEED,
    confidence: float = 0.95,
    descending: bool = True,
) -> tuple[int, int]:
    """The range of ranks ``key`` plausibly holds, by simulating every area's rate.

    Each area's rate is drawn ``draws`` times from Gamma(count + 0.5) / denominator (the
    Jeffreys posterior for a Poisson rate) with a fixed-seed ``numpy`` Generator; the result
    is the central ``confidence`` range of ``key``'s competition rank in those draws.
    Deterministic for the same inputs, whatever their order, and equal to
    ``rank_intervals(...)[key]``. Raises ValueError if the keys differ, ``key`` is missing,
    a count is negative or a denominator is not above 0.

    >>> counts = {"Big": 900, "Mid": 450, "Tiny": 1}
    >>> denoms = {"Big": 100_000, "Mid": 100_000, "Tiny": 200}
    >>> rank_interval(counts, denoms, "Big"), rank_interval(counts, denoms, "Tiny")
    ((1, 2), (1, 3))
    """
    if key not in counts:
        raise ValueError(f"{key!r} is not among the areas being ranked")
    keys, rates = _simulate(counts, denoms, draws, seed, confidence)
    mine = rates[:, [keys.index(key)]]
    ahead = (rates > mine) if descending else (rates < mine)
    low, high = _central(ahead.sum(axis=1, keepdims=True) + 1, confidence)[:, 0]
    return int(low), int(high)


def rank_intervals(
    counts: Mapping[str, float],
    denoms: Mapping[str, float],
    *,
    draws: int = 2000,
    seed: int = SEED,
    confidence: float = 0.95,
    descending: bool = True,
) -> dict[str, tuple[int, int]]:
    """``rank_interval`` for every area at once, from one simulation (same answers, one pass).

    >>> rank_intervals({"A": 900, "B": 450, "C": 1}, {"A": 1e5, "B": 1e5, "C": 200})
    {'A': (1, 2), 'B': (2, 3), 'C': (1, 3)}
    """
    keys, rates = _simulate(counts, denoms, draws, seed, confidence)
    draws_n, n = rates.shape
    order = np.argsort(-rates if descending else rates, axis=1, kind="stable")
    ordered = np.take_along_axis(rates, order, axis=1)
    # Competition ranks, as rank_interval counts them: a value tied with the one before it
    # takes that one's place, so a run of ties all get the place of its first member.
    place = np.arange(n)
    starts = np.ones((draws_n, n), dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    first = np.maximum.accumulate(np.where(starts, place, 0), axis=1)
    ranks = np.empty((draws_n, n), dtype=np.int64)
    np.put_along_axis(ranks, order, first + 1, axis=1)
    bounds = _central(ranks, confidence)
    return {k: (int(bounds[0, i]), int(bounds[1, i])) for i, k in enumerate(keys)}
