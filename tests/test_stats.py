"""exclusions.stats against published reference values, closed forms and properties.

Reference numbers, and where they come from, sit beside each test. Closed forms are computed
here with the standard library (math, statistics.NormalDist), not with SciPy, so that they
check the module rather than repeat it.
"""

from __future__ import annotations

import doctest
import math
import random
from statistics import NormalDist
from types import ModuleType

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats import binomtest, poisson

from exclusions import stats
from exclusions.stats import (
    Estimate,
    FunnelKind,
    FunnelLimits,
    Ratio,
    change_test,
    compare_to_benchmark,
    funnel_flag,
    funnel_limits,
    funnel_limits_many,
    percent_change,
    poisson_limits,
    proportion,
    rank_all,
    rank_interval,
    rank_intervals,
    rank_of,
    rate,
    rate_ratio,
)
from exclusions.stats import compare as compare_module
from exclusions.stats import funnel as funnel_module
from exclusions.stats import intervals as intervals_module
from exclusions.stats import ranks as ranks_module

Z95 = NormalDist().inv_cdf(0.975)


def _finite_fields(obj: Estimate | Ratio | FunnelLimits) -> None:
    for name in obj.__dataclass_fields__:
        value = getattr(obj, name)
        if isinstance(value, float):
            assert math.isfinite(value), (name, value)


# --- doctests: the examples in the docstrings are part of the contract -----------------------


@pytest.mark.parametrize(
    "module",
    [intervals_module, compare_module, funnel_module, ranks_module],
    ids=lambda m: m.__name__,
)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


# --- rate: exact Poisson (Garwood) below 10 events ------------------------------------------


@pytest.mark.parametrize(
    ("count", "lower", "upper"),
    [
        # Exact 95% Poisson limits, as tabulated by Garwood (1936) and reprinted in e.g.
        # Ulm (1990, Am J Epidemiol 131:373) and Breslow & Day (1987) Table; 0 -> 3.689.
        (0, 0.0, 3.6889),
        (1, 0.0253, 5.5716),
        (5, 1.6235, 11.6683),
        # R survival::cipoisson documentation example: cipoisson(4) -> 1.089865, 10.24153
        # (its upper value is printed to 7 significant figures; 10.24159 is the exact root).
        (4, 1.08987, 10.2415),
    ],
)
def test_garwood_matches_published_tables(count: int, lower: float, upper: float) -> None:
    lo, hi, method = poisson_limits(count)
    assert method == "garwood"
    assert lo == pytest.approx(lower, abs=1e-4)
    assert hi == pytest.approx(upper, abs=1.5e-4)


@pytest.mark.parametrize("count", [1, 2, 5, 9])
@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_garwood_limits_are_the_exact_poisson_roots(count: int, confidence: float) -> None:
    # The defining property (as checked in the cipoisson docs): at the upper limit, seeing
    # `count` or fewer has probability alpha/2; at the lower limit, `count` or more does.
    lo, hi, _ = poisson_limits(count, confidence)
    tail = (1 - confidence) / 2
    assert poisson.cdf(count, hi) == pytest.approx(tail, rel=1e-8)
    assert poisson.sf(count - 1, lo) == pytest.approx(tail, rel=1e-8)


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_zero_events_closed_form(confidence: float) -> None:
    # With no events, P(X = 0 | mu) = exp(-mu) = alpha/2 gives the upper limit -ln(alpha/2):
    # 3.689 per denominator at 95%, 7.601 at 99.8%.
    r = rate(0, 2_500, per=10_000, confidence=confidence)
    assert (r.value, r.lower) == (0.0, 0.0)
    assert r.upper == pytest.approx(-math.log((1 - confidence) / 2) / 2_500 * 10_000, rel=1e-12)
    assert r.method == "garwood"


# --- rate: Byar's approximation from 10 events --------------------------------------------


def _byar(x: float, z: float) -> tuple[float, float]:
    """Byar's limits as written in PHE's Technical Guide: Confidence Intervals, Appendix 1."""
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    return lower, upper


def test_phe_rate_documentation_example() -> None:
    # PHEindicatormethods' examples: byars_lower(65), byars_upper(65), and phe_rate with the
    # default multiplier of 100,000: 65 events in 100,000 -> 65.0 (50.16 to 82.85).
    r = rate(65, 100_000, per=100_000)
    lower, upper = _byar(65, Z95)
    assert r.method == "byar"
    assert r.value == pytest.approx(65.0)
    assert r.lower == pytest.approx(lower, rel=1e-12)
    assert r.upper == pytest.approx(upper, rel=1e-12)
    assert (round(r.lower, 2), round(r.upper, 2)) == (50.16, 82.85)
    # 99.8% (byars_lower(65, 99.8)): z = 3.0902
    r998 = rate(65, 100_000, per=100_000, confidence=0.998)
    lower, upper = _byar(65, NormalDist().inv_cdf(0.999))
    assert (r998.lower, r998.upper) == (pytest.approx(lower), pytest.approx(upper))


def test_byar_matches_published_ruby_byar_values() -> None:
    # The "byar" Ruby gem's documentation (z fixed at 1.96): 100 events -> upper bound
    # 121.628347271806 and lower(90) = 0.9040199067337297, i.e. lower bound 81.36179.
    # We use z = 1.959964, so agreement is to about 1e-5 relative.
    lo, hi, method = poisson_limits(100)
    assert method == "byar"
    assert hi == pytest.approx(121.628347271806, rel=2e-5)
    assert lo == pytest.approx(0.9040199067337297 * 90, rel=2e-5)


def test_byar_is_close_to_exact_from_ten_events() -> None:
    # PHE Technical Guide: for 95% limits Byar's method is within 0.2% of exact from 10 up.
    from scipy.stats import chi2

    for x in (10, 11, 25, 100, 1_000):
        lo, hi, _ = poisson_limits(x)
        assert lo == pytest.approx(chi2.ppf(0.025, 2 * x) / 2, rel=0.002)
        assert hi == pytest.approx(chi2.ppf(0.975, 2 * x + 2) / 2, rel=0.002)


def test_method_switches_at_ten_events() -> None:
    assert rate(9, 1_000).method == "garwood"
    assert rate(9.99, 1_000).method == "garwood"
    assert rate(10, 1_000).method == "byar"


def test_rate_per_multipliers_and_big_denominators() -> None:
    # England: about 8 million pupils; per cent and per 10,000 differ only by the multiplier.
    pct = rate(9_376, 8_000_000)
    per10k = rate(9_376, 8_000_000, per=10_000)
    assert pct.value == pytest.approx(0.1172)
    assert per10k.value == pytest.approx(pct.value * 100)
    assert per10k.lower == pytest.approx(pct.lower * 100)
    assert pct.lower < pct.value < pct.upper
    assert pct.upper - pct.lower < 0.005
    _finite_fields(pct)


def test_fractional_counts_work() -> None:
    # Some old DfE files hold non-whole counts (rounded averages); they must not break.
    r = rate(7.5, 1_200)
    assert r.method == "garwood"
    assert r.lower < r.value < r.upper
    assert rate(12.25, 1_200).method == "byar"
    p = proportion(2.5, 10)
    assert p.lower < p.value == 25.0 < p.upper


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 100), "negative"),
        ((1, 0), "greater than 0"),
        ((1, -5), "greater than 0"),
        ((math.nan, 100), "finite"),
        ((1, math.inf), "finite"),
    ],
)
def test_rate_rejects_invalid_input(args: tuple[float, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rate(*args)
    with pytest.raises(ValueError, match=message):
        proportion(*args)


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5, math.nan])
def test_confidence_must_be_a_fraction(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        rate(5, 100, confidence=confidence)


def test_absurd_inputs_raise_rather_than_overflow() -> None:
    with pytest.raises(ValueError, match="out of range"):
        rate(1, 1e-310)
    with pytest.raises(ValueError, match="too small"):
        rate(1e-320, 100)
    # A ratio whose reciprocal overflows is not printable: None, like a zero count.
    tiny = rate_ratio(2.3e-308, 9e6, 500, 1)
    assert tiny.ratio is None and tiny.lower == 0.0
    assert rate_ratio(500, 1, 2.3e-308, 9e6).ratio is None
    with pytest.raises(ValueError, match="per"):
        rate(1, 100, per=0)


# --- proportion: Wilson score --------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "n", "lower", "upper"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, Table II, method 3 (Wilson score).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe_1998(count: int, n: int, lower: float, upper: float) -> None:
    p = proportion(count, n, per=1)
    assert p.method == "wilson"
    assert p.lower == pytest.approx(lower, abs=5e-5)
    assert p.upper == pytest.approx(upper, abs=5e-5)


def _wilson(x: float, n: float, z: float) -> tuple[float, float]:
    """Wilson (1927) in its textbook form (p + z^2/2n +/- z sqrt(pq/n + z^2/4n^2)) / (1 + z^2/n).

    A different algebraic arrangement from PHE's (2x + z^2 +/- z sqrt(z^2 + 4xq)) / 2(n + z^2).
    """
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


@pytest.mark.parametrize(
    ("count", "n"), [(3, 40), (350, 1_000), (12_000, 8_000_000), (1, 1), (99, 100), (2.5, 7)]
)
def test_wilson_closed_form(count: float, n: float) -> None:
    for confidence in (0.95, 0.998):
        z = NormalDist().inv_cdf(0.5 + confidence / 2)
        lower, upper = _wilson(count, n, z)
        p = proportion(count, n, confidence=confidence)
        assert p.lower == pytest.approx(lower * 100, rel=1e-9)
        assert p.upper == pytest.approx(upper * 100, rel=1e-9)


def test_proportion_edges() -> None:
    none = proportion(0, 500)
    assert (none.value, none.lower) == (0.0, 0.0) and 0 < none.upper < 1
    everyone = proportion(500, 500)
    assert (everyone.value, everyone.upper) == (100.0, 100.0) and 99 < everyone.lower < 100
    # Symmetry: x of n and (n - x) of n mirror each other.
    a, b = proportion(30, 200), proportion(170, 200)
    assert a.lower == pytest.approx(100 - b.upper) and a.upper == pytest.approx(100 - b.lower)
    with pytest.raises(ValueError, match="greater than its denominator"):
        proportion(11, 10)


# --- rate_ratio: exact conditional test, Clopper-Pearson ratio interval -------------------


def test_rate_ratio_interval_is_transformed_clopper_pearson() -> None:
    # Clopper-Pearson 95% for 5 of 25: 0.068 to 0.407 (Conover 1999 tables, as quoted by
    # influentialpoints.com's "exact binomial intervals" worked example). With equal
    # denominators the ratio is pi / (1 - pi): 0.0733 to 0.686.
    r = rate_ratio(5, 1_000, 20, 1_000)
    assert r.ratio == pytest.approx(0.25)
    assert r.lower == pytest.approx(0.068 / 0.932, abs=1e-3)
    assert r.upper == pytest.approx(0.407 / 0.593, abs=2e-3)
    ci = binomtest(5, 25).proportion_ci(method="exact")
    assert r.lower == pytest.approx(ci.low / (1 - ci.low), rel=1e-12)
    assert r.verdict == "lower"


def test_rate_ratio_p_value_closed_form() -> None:
    # 10 events against none with equal pupils: P(all 10 in a) = 0.5^10, doubled: 0.001953125.
    r = rate_ratio(10, 5_000, 0, 5_000)
    assert r.p_value == pytest.approx(2 * 0.5**10, rel=1e-12)
    assert r.verdict == "higher"
    assert r.ratio is None and r.upper is None
    assert r.lower > 1
    # Unequal denominators: a's share of pupils p0 = 1/3; P(X >= 6 | 8, 1/3) doubled.
    tail = sum(math.comb(8, k) * (1 / 3) ** k * (2 / 3) ** (8 - k) for k in range(6, 9))
    assert rate_ratio(6, 1_000, 2, 2_000).p_value == pytest.approx(2 * tail, rel=1e-9)


def test_rate_ratio_uses_binomtest_tails() -> None:
    r = rate_ratio(30, 12_000, 45, 30_000)
    p0 = 12_000 / 42_000
    less = binomtest(30, 75, p0, alternative="less").pvalue
    greater = binomtest(30, 75, p0, alternative="greater").pvalue
    assert r.p_value == pytest.approx(min(1.0, 2 * min(less, greater)), rel=1e-12)
    assert r.ratio == pytest.approx((30 / 12_000) / (45 / 30_000))
    assert r.difference == pytest.approx((30 / 12_000 - 45 / 30_000) * 100)
    assert r.rate_a == pytest.approx(0.25) and r.rate_b == pytest.approx(0.15)


def test_rate_ratio_zero_counts() -> None:
    both = rate_ratio(0, 1_000, 0, 2_000)
    assert both.ratio is None and both.upper is None and both.lower == 0.0
    assert both.p_value == 1.0 and both.verdict == "no real difference"
    assert both.difference == 0.0 and both.difference_lower < 0 < both.difference_upper
    none_a = rate_ratio(0, 1_000, 3, 1_000)
    assert none_a.ratio is None and none_a.lower == 0.0 and none_a.upper is not None
    assert none_a.verdict == "no real difference"
    _finite_fields(both)
    _finite_fields(none_a)


def test_rate_ratio_difference_interval_mover() -> None:
    # MOVER (Zou & Donner 2008): each side of the difference's interval adds the two rates'
    # own distances to their limits in quadrature.
    a, b = rate(40, 10_000), rate(25, 10_000)
    r = rate_ratio(40, 10_000, 25, 10_000)
    assert r.difference_lower == pytest.approx(
        a.value - b.value - math.hypot(a.value - a.lower, b.upper - b.value)
    )
    assert r.difference_upper == pytest.approx(
        a.value - b.value + math.hypot(a.upper - a.value, b.value - b.lower)
    )


def test_rate_ratio_fractional_counts_continue_the_whole_count_test() -> None:
    # Fractional counts take the beta-function route; just off a whole count it must agree
    # with binomtest at that count.
    whole = rate_ratio(12, 1_000, 4, 1_000)
    near = rate_ratio(12 + 1e-9, 1_000, 4, 1_000)
    assert near.p_value == pytest.approx(whole.p_value, rel=1e-6)
    assert near.lower == pytest.approx(whole.lower, rel=1e-6)
    assert near.upper == pytest.approx(whole.upper, rel=1e-6)
    assert near.verdict == whole.verdict


def test_compare_to_benchmark_takes_the_area_out() -> None:
    # An LA of 20,000 pupils with 60 suspensions against England (1,000,000 and 1,000, LA
    # included): tested against the rest, 940 in 980,000.
    inside = compare_to_benchmark(60, 20_000, 1_000, 1_000_000, includes_area=True)
    rest = rate_ratio(60, 20_000, 940, 980_000)
    assert inside == rest
    assert inside.rate_b == pytest.approx(940 / 980_000 * 100)
    # Testing against a benchmark that still includes the area is conservative: the p-value
    # is larger (weaker evidence), which is why includes_area=True takes it out.
    naive = compare_to_benchmark(60, 20_000, 1_000, 1_000_000, includes_area=False)
    assert naive == rate_ratio(60, 20_000, 1_000, 1_000_000)
    assert naive.p_value > inside.p_value
    with pytest.raises(ValueError, match="smaller"):
        compare_to_benchmark(60, 20_000, 50, 1_000_000, includes_area=True)
    with pytest.raises(ValueError, match="no pupils besides"):
        compare_to_benchmark(60, 20_000, 60, 20_000, includes_area=True)


def test_change_test_and_percent_change() -> None:
    up = change_test(100, 50_000, 160, 50_000)
    assert up.verdict == "up"
    assert up.rate_a == pytest.approx(0.32) and up.rate_b == pytest.approx(0.2)
    assert up.ratio == pytest.approx(1.6)
    assert change_test(160, 50_000, 100, 50_000).verdict == "down"
    assert change_test(100, 50_000, 104, 50_000).verdict == "no real change"
    assert percent_change(80, 100) == 25.0
    assert percent_change(0.1, 0.05) == pytest.approx(-50.0)
    assert percent_change(3, 0) == -100.0
    for old, new in ((0, 5), (-1, 5), (5, -1), (math.nan, 1)):
        with pytest.raises(ValueError):
            percent_change(old, new)


def test_rate_ratio_rejects_invalid_input() -> None:
    with pytest.raises(ValueError, match="count_b"):
        rate_ratio(1, 100, -1, 100)
    with pytest.raises(ValueError, match="denom_a"):
        rate_ratio(1, 0, 1, 100)


# --- funnel limits ------------------------------------------------------------------------


def _interpolated(p: float, cdf: list[float]) -> float:
    """Spiegelhalter (2005) A.1.1 by hand from a list of cumulative probabilities."""
    r = next(i for i, f in enumerate(cdf) if f >= p)
    below = cdf[r - 1] if r > 0 else 0.0
    alpha = (cdf[r] - p) / (cdf[r] - below)
    return max(r - alpha, 0.0)


def test_poisson_funnel_by_hand_small_area() -> None:
    # 100 pupils at England's permanent exclusion rate of 0.09 per 100: 0.09 expected.
    mu = 0.09
    cdf = [sum(math.exp(-mu) * mu**k / math.factorial(k) for k in range(j + 1)) for j in range(8)]
    f = funnel_limits(100, 0.09)
    for attr, p in (("lower_998", 0.001), ("lower_95", 0.025), ("upper_95", 0.975)):
        assert getattr(f, attr) == pytest.approx(_interpolated(p, cdf) / 100 * 100, rel=1e-9)
    assert f.upper_998 == pytest.approx(_interpolated(0.999, cdf), rel=1e-9)
    assert (f.lower_998, f.lower_95) == (0.0, 0.0)


def test_binomial_funnel_by_hand() -> None:
    # 40 pupils, target 10 per 100: Binomial(40, 0.1) cumulative probabilities by math.comb.
    n, q = 40, 0.1
    cdf = [
        sum(math.comb(n, k) * q**k * (1 - q) ** (n - k) for k in range(j + 1)) for j in range(n + 1)
    ]
    f = funnel_limits(n, 10, kind="binomial")
    assert f.kind == "binomial"
    assert f.lower_95 == pytest.approx(_interpolated(0.025, cdf) / n * 100, rel=1e-9)
    assert f.upper_95 == pytest.approx(_interpolated(0.975, cdf) / n * 100, rel=1e-9)
    assert f.upper_998 == pytest.approx(_interpolated(0.999, cdf) / n * 100, rel=1e-9)


def test_funnel_converges_on_the_normal_approximation_for_big_denominators() -> None:
    # England-sized: 8 million pupils at 2.3 per 100 (a suspension-like rate).
    f = funnel_limits(8_000_000, 2.3)
    sd = math.sqrt(0.023 / 8_000_000) * 100
    assert f.upper_95 == pytest.approx(2.3 + Z95 * sd, abs=sd * 0.01)
    assert f.lower_95 == pytest.approx(2.3 - Z95 * sd, abs=sd * 0.01)
    z998 = NormalDist().inv_cdf(0.999)
    assert f.upper_998 == pytest.approx(2.3 + z998 * sd, abs=sd * 0.02)
    _finite_fields(f)


def test_funnel_flags() -> None:
    assert funnel_flag(300, 10_000, 2.0) == "above 99.8%"
    assert funnel_flag(235, 10_000, 2.0) == "above 95%"
    assert funnel_flag(200, 10_000, 2.0) == "within"
    assert funnel_flag(168, 10_000, 2.0) == "below 95%"
    assert funnel_flag(120, 10_000, 2.0) == "below 99.8%"
    assert funnel_flag(0, 100, 0.09) == "within"
    assert funnel_flag(30, 40, 10, kind="binomial") == "above 99.8%"


def test_funnel_flag_is_exact_for_few_expected_events() -> None:
    # 1 event where 0.09 are expected: the interpolated 95% line (0.74 per 100) is below the
    # point, but P(X >= 1) = 1 - exp(-0.09) = 0.086 is not below 2.5%: "within".
    assert funnel_limits(100, 0.09).upper_95 < 1
    assert funnel_flag(1, 100, 0.09) == "within"
    # 2 events: P(X >= 2) = 1 - exp(-0.09)(1.09) = 0.0038 -> above 95%, not 99.8%.
    assert 1 - math.exp(-0.09) * 1.09 == pytest.approx(0.00381, abs=1e-5)
    assert funnel_flag(2, 100, 0.09) == "above 95%"


def test_funnel_rejects_invalid_input() -> None:
    with pytest.raises(ValueError, match="above 0"):
        funnel_limits(100, 0)
    with pytest.raises(ValueError, match="between 0 and 100"):
        funnel_limits(100, 100, kind="binomial")
    with pytest.raises(ValueError, match="whole number"):
        funnel_limits(100.5, 5, kind="binomial")
    with pytest.raises(ValueError, match="kind"):
        funnel_limits(100, 5, kind="normal")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="greater than 0"):
        funnel_limits(0, 5)
    with pytest.raises(ValueError, match="negative"):
        funnel_flag(-1, 100, 5)
    with pytest.raises(ValueError, match="greater than its denominator"):
        funnel_flag(101, 100, 5, kind="binomial")


def test_funnel_limits_many_reject_any_invalid_denominator() -> None:
    with pytest.raises(ValueError, match="whole number"):
        funnel_limits_many([100, 100.5], 5, kind="binomial")


# --- ranks --------------------------------------------------------------------------------


def test_competition_ranking() -> None:
    values = {"a": 9.0, "b": 7.0, "c": 7.0, "d": 3.0}
    assert [rank_of(values, k).rank for k in "abcd"] == [1, 2, 2, 4]
    assert [rank_of(values, k, descending=False).rank for k in "abcd"] == [4, 2, 2, 1]
    r = rank_of(values, "c")
    assert (r.key, r.value, r.of_n, r.descending) == ("c", 7.0, 4, True)
    with pytest.raises(ValueError, match="not among"):
        rank_of(values, "z")
    with pytest.raises(ValueError, match="finite"):
        rank_of({"a": math.nan, "b": 1.0}, "b")


def test_quartiles_of_153_areas() -> None:
    values = {f"LA{i:03d}": float(i) for i in range(153)}
    bands = [rank_of(values, k).quartile for k in values]
    # Highest value = rank 1 = quartile 1; 39, 38, 38, 38 areas per band.
    assert rank_of(values, "LA152").quartile == 1 and rank_of(values, "LA000").quartile == 4
    assert [bands.count(q) for q in (1, 2, 3, 4)] == [39, 38, 38, 38]
    assert rank_of({"only": 1.0}, "only").quartile == 1


def _areas(n: int, seed: int) -> tuple[dict[str, float], dict[str, float]]:
    rnd = random.Random(seed)
    denoms = {f"E{i:08d}": float(rnd.randint(100, 200_000)) for i in range(n)}
    counts = {k: float(round(d * rnd.uniform(0.0002, 0.002))) for k, d in denoms.items()}
    return counts, denoms


def test_rank_interval_is_deterministic_and_order_free() -> None:
    counts, denoms = _areas(153, 1)
    key = "E00000007"
    first = rank_interval(counts, denoms, key)
    assert rank_interval(counts, denoms, key) == first
    shuffled = list(counts)
    random.Random(2).shuffle(shuffled)
    assert rank_interval({k: counts[k] for k in shuffled}, denoms, key) == first
    low, high = first
    assert 1 <= low <= high <= 153
    assert isinstance(low, int) and isinstance(high, int)


def test_rank_intervals_equal_rank_interval() -> None:
    counts, denoms = _areas(40, 3)
    every = rank_intervals(counts, denoms, draws=500)
    for key in counts:
        assert every[key] == rank_interval(counts, denoms, key, draws=500)
    ascending = rank_intervals(counts, denoms, draws=500, descending=False)
    key = "E00000003"
    assert ascending[key] == rank_interval(counts, denoms, key, draws=500, descending=False)


def test_rank_interval_brackets_a_clear_leader_and_widens_for_small_areas() -> None:
    counts = {"big_high": 2_000.0, "tiny": 3.0}
    denoms = {"big_high": 100_000.0, "tiny": 600.0}
    for i in range(10):
        counts[f"mid{i}"] = 500.0 + i
        denoms[f"mid{i}"] = 100_000.0
    assert rank_interval(counts, denoms, "big_high") == (1, 1)
    low, high = rank_interval(counts, denoms, "tiny")
    assert high - low >= 5


def test_rank_interval_rejects_invalid_input() -> None:
    with pytest.raises(ValueError, match="same areas"):
        rank_interval({"a": 1}, {"b": 10}, "a")
    with pytest.raises(ValueError, match="not among"):
        rank_interval({"a": 1}, {"a": 10}, "b")
    with pytest.raises(ValueError, match="draws"):
        rank_interval({"a": 1}, {"a": 10}, "a", draws=0)
    with pytest.raises(ValueError, match="negative"):
        rank_interval({"a": -1}, {"a": 10}, "a")
    with pytest.raises(ValueError, match="greater than 0"):
        rank_intervals({"a": 1}, {"a": 0})


def test_public_api_is_reexported() -> None:
    for name in stats.__all__:
        assert hasattr(stats, name), name


# --- properties ---------------------------------------------------------------------------

counts_ = st.one_of(
    st.integers(min_value=0, max_value=200_000).map(float),
    st.floats(min_value=0, max_value=500, allow_subnormal=False),
)
denoms_ = st.floats(min_value=1, max_value=9_000_000, allow_nan=False, allow_infinity=False)
whole_counts = st.integers(min_value=0, max_value=5_000)
kinds: st.SearchStrategy[FunnelKind] = st.sampled_from(["poisson", "binomial"])


@given(counts_, denoms_, st.sampled_from([100.0, 10_000.0]))
def test_rate_interval_properties(count: float, denom: float, per: float) -> None:
    r95 = rate(count, denom, per)
    r998 = rate(count, denom, per, confidence=0.998)
    for r in (r95, r998):
        _finite_fields(r)
        assert 0 <= r.lower <= r.value <= r.upper
    assert r998.lower <= r95.lower and r95.upper <= r998.upper


@given(st.data(), denoms_)
def test_proportion_interval_properties(data: st.DataObject, denom: float) -> None:
    count = data.draw(st.floats(min_value=0, max_value=denom, allow_subnormal=False))
    p95 = proportion(count, denom)
    p998 = proportion(count, denom, confidence=0.998)
    for p in (p95, p998):
        _finite_fields(p)
        assert 0 <= p.lower <= p.value <= p.upper <= 100
    # Nested, to the last bit: with count within ~1e-9 of the denominator both upper limits
    # are 1 - 1e-16 and either may round to 1.
    assert p998.lower <= p95.lower * (1 + 1e-12)
    assert p95.upper <= p998.upper * (1 + 1e-12)


@given(
    st.one_of(whole_counts.map(float), counts_),
    denoms_,
    st.one_of(whole_counts.map(float), counts_),
    denoms_,
)
def test_rate_ratio_is_reciprocal(a: float, da: float, b: float, db: float) -> None:
    ab, ba = rate_ratio(a, da, b, db), rate_ratio(b, db, a, da)
    for r in (ab, ba):
        _finite_fields(r)
        assert 0 <= r.p_value <= 1
        assert r.difference_lower <= r.difference <= r.difference_upper
        assert r.upper is None or r.lower <= r.upper
        if r.ratio is not None:
            assert r.lower <= r.ratio * (1 + 1e-12)
            assert r.upper is None or r.ratio <= r.upper * (1 + 1e-12)
        # The verdict and the ratio interval come from the same exact test.
        if r.verdict == "higher":
            assert r.lower > 1
        elif r.verdict == "lower":
            assert r.upper is not None and r.upper < 1
        else:
            assert r.lower <= 1 and (r.upper is None or r.upper >= 1)
    assert ab.p_value == ba.p_value
    flip = {"higher": "lower", "lower": "higher", "no real difference": "no real difference"}
    assert ba.verdict == flip[ab.verdict]
    assert (ab.ratio is None) == (ba.ratio is None)
    if ab.ratio is not None and ba.ratio is not None:
        assert ab.ratio * ba.ratio == pytest.approx(1)
    for one, other in ((ab, ba), (ba, ab)):
        if one.upper is None:
            assert other.lower == 0
        else:
            assert other.lower == pytest.approx(1 / one.upper)
    assert ba.difference == -ab.difference
    assert (ba.difference_lower, ba.difference_upper) == (
        -ab.difference_upper,
        -ab.difference_lower,
    )


@given(counts_, denoms_, counts_, denoms_)
def test_rate_ratio_never_returns_nan_or_inf(a: float, da: float, b: float, db: float) -> None:
    r = rate_ratio(a, da, b, db)
    _finite_fields(r)
    assert r.verdict in {"higher", "lower", "no real difference"}


@given(
    st.integers(min_value=1, max_value=2_000_000),
    st.floats(min_value=0.01, max_value=60, allow_nan=False),
    kinds,
)
def test_funnel_limits_nest_and_narrow(n: int, target: float, kind: FunnelKind) -> None:
    f = funnel_limits(n, target, kind=kind)
    _finite_fields(f)
    assert 0 <= f.lower_998 <= f.lower_95 <= f.upper_95 <= f.upper_998
    # The interpolated limits saw-tooth between neighbouring denominators when few events
    # are expected, but a funnel twice as wide in pupils is never wider once at least one
    # event is expected.
    assume(n * target / 100 >= 1)
    g = funnel_limits(2 * n, target, kind=kind)
    assert f.lower_998 <= g.lower_998 and f.lower_95 <= g.lower_95
    assert g.upper_95 <= f.upper_95 and g.upper_998 <= f.upper_998
    assert f.lower_95 <= target <= f.upper_95


@given(
    st.lists(st.integers(min_value=1, max_value=2_000_000), max_size=8),
    st.floats(min_value=0.01, max_value=60, allow_nan=False),
    kinds,
)
def test_funnel_limits_many_equal_one_at_a_time(
    ns: list[int], target: float, kind: FunnelKind
) -> None:
    assert funnel_limits_many(ns, target, kind=kind) == [
        funnel_limits(n, target, kind=kind) for n in ns
    ]


@given(
    st.integers(min_value=1, max_value=100_000),
    st.floats(min_value=0.01, max_value=50, allow_nan=False),
    st.data(),
)
def test_funnel_flag_agrees_with_the_drawn_lines(
    n: int, target: float, data: st.DataObject
) -> None:
    f = funnel_limits(n, target)
    count = data.draw(st.integers(min_value=0, max_value=max(1, int(n * target / 100 * 3) + 5)))
    flag = funnel_flag(count, n, target)
    value = count / n * 100
    # Exact "below" is exactly "below the line" for whole counts; exact "above" is always
    # above the line (the line may also paint one more count above: see funnel_flag).
    assert (flag == "below 99.8%") == (value < f.lower_998)
    assert flag.startswith("below") == (value < f.lower_95)
    if flag.startswith("above"):
        assert value > f.upper_95
    if flag == "above 99.8%":
        assert value > f.upper_998


@given(st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 20).map(float), min_size=1))
def test_rank_is_a_competition_rank(values: dict[str, float]) -> None:
    ordered = sorted(values.values(), reverse=True)
    for key, value in values.items():
        r = rank_of(values, key)
        # Competition rank: one more than the number of strictly higher values, i.e. the
        # first position of this value in the sorted list.
        assert r.rank == ordered.index(value) + 1
        assert r.of_n == len(values)
        assert 1 <= r.quartile <= 4
        low = rank_of(values, key, descending=False)
        assert low.rank == sorted(values.values()).index(value) + 1
    # Permutation-consistent: reordering the mapping changes no rank.
    reordered = dict(reversed(list(values.items())))
    assert all(rank_of(values, k) == rank_of(reordered, k) for k in values)
    for descending in (True, False):
        every = rank_all(values, descending=descending)
        assert every == {k: rank_of(values, k, descending=descending) for k in values}
