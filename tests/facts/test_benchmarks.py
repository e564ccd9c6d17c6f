"""England, region and statistical-neighbour comparisons, checked by hand against the files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from exclusions.facts.benchmarks import build
from exclusions.facts.context import Context
from exclusions.facts.data import FactData
from exclusions.facts.model import Fact
from exclusions.stats import compare_to_benchmark

Withhold = Callable[..., FactData]
BURY = "E08000002"
ENGLAND = "E92000001"


def facts(
    data: FactData, area: str, year: int = 2022, phase: str = "total"
) -> dict[tuple[str, str], Fact]:
    ctx = Context(data, data.areas[area], year, phase)
    return {(f.kind, f.subject.measure): f for f in build(ctx)}


def total_2022(la_csv: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in la_csv if r["time_period"] == "202223" and r["school_type"] == "Total"]


def test_bury_against_england(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    (england,) = [r for r in total_2022(la_csv) if r["geographic_level"] == "National"]
    f = facts(fact_data, BURY)[("versus_england", "susp")]
    c = f.comparison
    assert c is not None and c.benchmark == "England" and c.benchmark_code == ENGLAND
    assert c.benchmark_value.count == int(england["suspension"]) == 786_961
    assert c.benchmark_value.denominator == int(england["headcount"]) == 8_430_600
    assert c.ratio == pytest.approx((2912 / 29121) / (786_961 / 8_430_600))
    assert c.difference == pytest.approx(2912 / 29121 * 100 - 786_961 / 8_430_600 * 100)
    expected = compare_to_benchmark(2912, 29121, 786_961, 8_430_600, includes_area=True)
    assert f.uncertainty is not None and f.uncertainty.verdict == expected.verdict == "higher"
    assert f.uncertainty.lower == expected.lower and f.uncertainty.p_value == expected.p_value
    assert f.detail["rest_rate"] == pytest.approx((786_961 - 2912) / (8_430_600 - 29121) * 100)
    assert [k.kind for k in f.caveats] == ["benchmark_includes_area"]
    lines = {s.line for s in f.provenance}
    assert lines == {10694, int(england["line"])}
    assert len(f.provenance) == 6  # count, pupils and published rate of each


def test_bury_against_its_region(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    (nw,) = [r for r in total_2022(la_csv) if r["geographic_level"] == "Regional"
             and r["region_code"] == "E12000002"]  # fmt: skip
    f = facts(fact_data, BURY)[("versus_region", "perm_excl")]
    assert f.comparison is not None and f.comparison.benchmark == "North West"
    assert f.comparison.benchmark_value.count == int(nw["perm_excl"])
    assert f.uncertainty is not None and f.uncertainty.verdict == "lower"  # 0.089% v 0.157%


def test_london_la_is_compared_with_inner_or_outer_london(fact_data: FactData) -> None:
    hackney = facts(fact_data, "E09000012")[("versus_region", "perm_excl")]
    assert hackney.comparison is not None
    assert (hackney.comparison.benchmark_code, hackney.comparison.benchmark) == (
        "E13000001",
        "Inner London",
    )


def test_region_is_compared_with_england(fact_data: FactData) -> None:
    found = facts(fact_data, "E12000002")
    assert {k for k, _ in found} == {"versus_england", "versus_region"}
    f = found[("versus_region", "one_plus_susp")]
    assert f.comparison is not None and f.comparison.benchmark_code == ENGLAND
    assert facts(fact_data, ENGLAND) == {}


def neighbour_codes(shared_data: Path, old_code: int) -> list[str]:
    """The DfE statistical neighbours of an LA (old codes), straight from the workbook."""
    book = openpyxl.load_workbook(
        shared_data / "lookups" / "statistical_neighbours_may_2025.xlsx", read_only=True
    )
    for row in book.worksheets[0].iter_rows(values_only=True):
        if row[0] == old_code:
            return [str(row[i]) for i in range(5, 25, 2)]
    raise AssertionError(f"{old_code} not in the workbook")


def test_pooled_neighbour_rate(
    fact_data: FactData, la_csv: list[dict[str, str]], shared_data: Path
) -> None:
    old = neighbour_codes(shared_data, 351)  # Bury
    assert old[:3] == ["888", "908", "392"]  # Lancashire, Cornwall, North Tyneside
    rows = [r for r in total_2022(la_csv) if r["old_la_code"] in old]
    assert len(rows) == 10
    count = sum(int(r["perm_excl"]) for r in rows)
    pupils = sum(int(r["headcount"]) for r in rows)
    f = facts(fact_data, BURY)[("versus_neighbours", "perm_excl")]
    bench = f.comparison.benchmark_value if f.comparison else None
    assert bench is not None and (bench.count, bench.denominator) == (count, pupils)
    assert bench.rate == pytest.approx(count / pupils * 100)
    assert len(f.detail["neighbours_used"]) == 10 and f.detail["neighbours_skipped"] == []
    # Bury's rank among itself and its ten neighbours, by hand.
    rates = [int(r["perm_excl"]) / int(r["headcount"]) for r in rows]
    assert f.detail["rank"] == 1 + sum(1 for r in rates if r > 26 / 29121)
    assert f.detail["of"] == 11
    assert len(f.provenance) == 3 * 11
    assert all(k.kind != "benchmark_includes_area" for k in f.caveats)


def test_neighbours_keep_las_that_changed_code(
    fact_data: FactData, la_csv: list[dict[str, str]], shared_data: Path
) -> None:
    # Barnsley (370) published 2022/23 as E08000016; its live code is E08000038. Its pool
    # and the pools it belongs to use the code each LA published under that year.
    barnsley = [r["new_la_code"] for r in total_2022(la_csv) if r["old_la_code"] == "370"]
    assert barnsley == ["E08000016"]
    f = facts(fact_data, "E08000016")[("versus_neighbours", "perm_excl")]
    old = neighbour_codes(shared_data, 370)
    rows = [r for r in total_2022(la_csv) if r["old_la_code"] in old]
    assert f.detail["neighbours_skipped"] == [] and len(f.detail["neighbours_used"]) == len(rows)
    bench = f.comparison.benchmark_value if f.comparison else None
    assert bench is not None and bench.count == sum(int(r["perm_excl"]) for r in rows)
    # No LA of 2022/23 loses a neighbour that published that year.
    published = {r["old_la_code"]: r["new_la_code"] for r in total_2022(la_csv)}
    for la in fact_data.local_authorities(2022):
        info = fact_data.areas[la]
        pool = fact_data.neighbour_pools.get(str(info.old_la_code), [])
        expected = [published[o] for o in pool if o in published]
        assert [c for c in fact_data.neighbours(la, 2022) if c in expected] == expected, la


def test_suppressed_neighbour_is_skipped(fact_data: FactData, withhold: Withhold) -> None:
    data = withhold(("E10000017", 2022, "total", "perm_excl"))  # Lancashire
    f = facts(data, BURY)[("versus_neighbours", "perm_excl")]
    skipped = f.detail["neighbours_skipped"]
    assert skipped == [{"code": "E10000017", "name": "Lancashire", "reason": "x"}]
    assert len(f.detail["neighbours_used"]) == 9 and f.detail["of"] == 10
    full = facts(fact_data, BURY)[("versus_neighbours", "perm_excl")].comparison
    assert full is not None and f.comparison is not None
    assert full.benchmark_value.count is not None
    assert f.comparison.benchmark_value.count == full.benchmark_value.count - 440
    assert all(s.text != "x" for s in f.provenance)


def test_suppressed_benchmark_gives_no_fact(withhold: Withhold) -> None:
    data = withhold((ENGLAND, 2022, "total", "headcount"))
    ctx = Context(data, data.areas[BURY], 2022, "total")
    kinds = {f.kind for f in build(ctx)}
    assert "versus_england" not in kinds and "versus_region" in kinds
    assert ctx.withheld == []  # England's gap is not Bury's


def test_covid_year_is_caveated(fact_data: FactData) -> None:
    f = facts(fact_data, BURY, 2019)[("versus_england", "perm_excl")]
    assert "covid" in {c.kind for c in f.caveats}
