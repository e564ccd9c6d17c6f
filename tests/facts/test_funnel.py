"""Funnel facts: LAs against England's rate, with limits for their number of pupils."""

from __future__ import annotations

from collections.abc import Callable

from exclusions.facts.context import Context
from exclusions.facts.data import FactData
from exclusions.facts.funnel import build
from exclusions.facts.model import Fact

Withhold = Callable[..., FactData]
REDCAR = "E06000003"
MILTON_KEYNES = "E06000042"
BURY = "E08000002"


def facts(data: FactData, area: str, year: int = 2022, phase: str = "total") -> dict[str, Fact]:
    return {f.subject.measure: f for f in build(Context(data, data.areas[area], year, phase))}


def test_extreme_la_is_above_the_998_limit(
    fact_data: FactData, la_csv: list[dict[str, str]]
) -> None:
    # Redcar and Cleveland 2022/23: 61 permanent exclusions among 21,262 pupils (0.287%),
    # against England's 9,376 among 8,430,600 (0.111%): about 23.6 expected, 61 seen.
    (row,) = [r for r in la_csv if r["new_la_code"] == REDCAR and r["time_period"] == "202223"
              and r["school_type"] == "Total"]  # fmt: skip
    assert (row["perm_excl"], row["headcount"]) == ("61", "21262")
    f = facts(fact_data, REDCAR)["perm_excl"]
    d = f.detail
    assert d["flag"] == "above 99.8%"
    assert f.uncertainty is not None and f.uncertainty.verdict == "above 99.8%"
    assert d["kind"] == "poisson" and d["denominator"] == 21_262
    assert d["target"] == 9376 / 8_430_600 * 100
    assert d["lower_998"] < d["lower_95"] < d["target"] < d["upper_95"] < d["upper_998"]
    assert d["upper_998"] < 61 / 21_262 * 100
    assert f.comparison is not None and f.comparison.benchmark == "England"
    assert "benchmark_includes_area" in {c.kind for c in f.caveats}
    assert len(f.provenance) == 6


def test_no_exclusions_is_below_the_998_limit(fact_data: FactData) -> None:
    # Milton Keynes 2022/23: no permanent exclusions among 51,021 pupils (about 57 expected).
    assert facts(fact_data, MILTON_KEYNES)["perm_excl"].detail["flag"] == "below 99.8%"


def test_bury(fact_data: FactData) -> None:
    found = facts(fact_data, BURY)
    assert found["perm_excl"].detail["flag"] == "within"  # 26 seen, 32.4 expected
    assert found["susp"].detail["flag"] == "above 99.8%"  # 10.0% against 9.33%
    pupils = found["one_plus_susp"]
    assert pupils.detail["kind"] == "binomial"
    assert pupils.uncertainty is not None and "binomial" in pupils.uncertainty.method


def test_only_local_authorities(fact_data: FactData) -> None:
    assert facts(fact_data, "E12000002") == {}
    assert facts(fact_data, "E92000001") == {}


def test_suppressed_input_gives_no_fact(withhold: Withhold) -> None:
    data = withhold((BURY, 2022, "total", "susp"), ("E92000001", 2022, "total", "perm_excl"))
    found = facts(data, BURY)
    assert set(found) == {"one_plus_susp"}
