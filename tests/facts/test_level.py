"""Level and phase-split facts, checked by hand against the published CSV."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

import exclusions.facts.benchmarks as benchmarks
import exclusions.facts.funnel as funnel
import exclusions.facts.level as level
import exclusions.facts.rank as rank
from exclusions.facts.context import Context
from exclusions.facts.data import FactData
from exclusions.facts.model import Fact

Withhold = Callable[..., FactData]

BURY = "E08000002"
CENTRAL_BEDS = "E06000056"
PHASES = ("total", "primary", "secondary", "special")


def facts(
    data: FactData, area: str, year: int, phase: str = "total"
) -> dict[tuple[str, str], Fact]:
    ctx = Context(data, data.areas[area], year, phase)
    return {(f.kind, f.subject.measure): f for f in level.build(ctx)}


def row(la_csv: list[dict[str, str]], code: str, period: str, school_type: str) -> dict[str, str]:
    (found,) = [
        r
        for r in la_csv
        if r["new_la_code"] == code
        and r["time_period"] == period
        and r["school_type"] == school_type
    ]
    return found


def test_bury_permanent_exclusions(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    f = facts(fact_data, BURY, 2022)[("level", "perm_excl")]
    assert f.value.count == 26
    assert f.value.denominator == 29_121
    assert f.value.rate == pytest.approx(0.0893, abs=5e-5)  # 26 / 29,121 pupils
    assert f.value.per_10000 == pytest.approx(8.928, abs=5e-4)
    assert f.value.published_rate == 0.08928
    assert f.uncertainty is not None and f.uncertainty.lower is not None
    assert f.uncertainty.lower < 0.0893 < f.uncertainty.upper  # type: ignore[operator]
    assert "Byar" in f.uncertainty.method
    assert f.caveats == []
    bury = row(la_csv, BURY, "202223", "Total")
    assert {(s.file, s.line, s.column) for s in f.provenance} == {
        ("exc_nat_region_la.csv", int(bury["line"]), c)
        for c in ("perm_excl", "headcount", "perm_excl_rate")
    }


def test_pupils_measure_uses_wilson(fact_data: FactData) -> None:
    f = facts(fact_data, BURY, 2022)[("level", "one_plus_susp")]
    assert f.value.count == 1153
    assert f.value.rate == pytest.approx(1153 / 29121 * 100)
    assert f.uncertainty is not None and f.uncertainty.method == "Wilson score interval"


def test_small_count_is_exact_and_caveated(fact_data: FactData) -> None:
    # Bury primary 2022/23: 2 permanent exclusions among 17,284 pupils.
    f = facts(fact_data, BURY, 2022, "primary")[("level", "perm_excl")]
    assert (f.value.count, f.value.denominator) == (2, 17_284)
    assert f.uncertainty is not None and "Garwood" in f.uncertainty.method
    assert [c.kind for c in f.caveats] == ["small_numbers"]
    assert ("phase_split", "perm_excl") not in facts(fact_data, BURY, 2022, "primary")


def test_phase_split_shares(fact_data: FactData) -> None:
    # Bury 2022/23: 2 primary + 24 secondary + 0 special = 26 permanent exclusions.
    f = facts(fact_data, BURY, 2022)[("phase_split", "perm_excl")]
    assert f.detail["phases"] == ["primary", "secondary", "special"]
    shares = {s["phase"]: s for s in f.detail["shares"]}
    assert shares["primary"]["count"] == 2
    assert shares["primary"]["share"] == pytest.approx(2 / 26 * 100)
    assert shares["secondary"]["share"] == pytest.approx(24 / 26 * 100)
    assert shares["special"]["share"] == 0
    assert shares["special"]["lower"] == 0 < shares["special"]["upper"]
    assert f.detail["sum_of_phases"] == 26
    assert f.detail["method"] == "Wilson score interval"
    assert {s.line for s in f.provenance} >= {10694, 10522}  # total and primary rows


def test_suppressed_input_gives_no_fact(withhold: Withhold) -> None:
    data = withhold((BURY, 2022, "special", "perm_excl"), (BURY, 2022, "total", "susp"))
    ctx = Context(data, data.areas[BURY], 2022, "total")
    found = {(f.kind, f.subject.measure): f for f in level.build(ctx)}
    assert ("level", "susp") not in found
    assert ("phase_split", "susp") not in found
    assert ("level", "perm_excl") in found
    assert {(w.phase, w.measure, w.symbol) for w in ctx.withheld} == {
        ("total", "susp", "x"),
        ("special", "perm_excl", "x"),
    }
    split = found[("phase_split", "perm_excl")]
    assert split.detail["phases"] == ["primary", "secondary"]
    assert split.detail["skipped"] == ["special"]
    assert all(s.text != "x" for s in split.provenance)


def test_zero_headcount_gives_no_fact(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    # Central Bedfordshire's first year (2008/09) was published with 0 pupils and rate 'z'.
    r = row(la_csv, CENTRAL_BEDS, "200809", "Total")
    assert (r["headcount"], r["perm_excl_rate"]) == ("0", "z")
    assert facts(fact_data, CENTRAL_BEDS, 2008) == {}
    assert facts(fact_data, CENTRAL_BEDS, 2009)  # from 2009/10 it has pupils


def test_revised_and_covid_caveats(fact_data: FactData) -> None:
    # Bury's 2008/09 primary permanent exclusions differ between the 2016/17 and 2022/23 releases.
    f = facts(fact_data, BURY, 2008, "primary")[("level", "perm_excl")]
    revised = [c.text for c in f.caveats if c.kind == "revised"]
    assert len(revised) == 1 and "2016/17" in revised[0] and "2022/23" in revised[0]
    covid = facts(fact_data, BURY, 2020)[("level", "susp")]
    assert [c.kind for c in covid.caveats] == ["covid"]
    assert "2020/21" in covid.caveats[0].text


def test_england_and_region_have_levels(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    england = [r for r in la_csv if r["geographic_level"] == "National"]
    (nat,) = [r for r in england if r["time_period"] == "202223" and r["school_type"] == "Total"]
    f = facts(fact_data, "E92000001", 2022)[("level", "susp")]
    assert f.value.count == int(nat["suspension"])
    assert f.value.denominator == int(nat["headcount"])
    assert ("level", "perm_excl") in facts(fact_data, "E13000001", 2022)


# --- every area, year and phase through all four builders ------------------------------------

BUILDERS = (level.build, rank.build, benchmarks.build, funnel.build)
KINDS = {"level", "phase_split", "rank", "versus_england", "versus_region",
         "versus_neighbours", "funnel"}  # fmt: skip


def unusable(data: FactData) -> set[tuple[str, str, int, str]]:
    """Where every withheld cell, and every headcount of 0, was published."""
    return {
        (str(row[2]), str(row[3]), int(str(row[4])), str(row[5]))
        for key, row in data.cells.items()
        if row[0] is None or (key[3] == "headcount" and float(str(row[0])) <= 0)
    }


def check(data: FactData, contexts: list[tuple[str, int, str]]) -> int:
    """Build every context; each fact must be finite JSON and rest on usable cells only."""
    bad = unusable(data)
    n = 0
    for area, year, phase in contexts:
        ctx = Context(data, data.areas[area], year, phase)
        for builder in BUILDERS:
            for fact in builder(ctx):
                n += 1
                assert fact.kind in KINDS
                json.dumps(fact.to_dict(), allow_nan=False)
                assert fact.provenance, fact
                used = {(s.release, s.file, s.line, s.column) for s in fact.provenance}
                assert not used & bad, (area, year, phase, fact.kind)
    return n


@pytest.mark.parametrize("year", range(2006, 2023))
def test_every_area_and_phase(fact_data: FactData, la_csv: list[dict[str, str]], year: int) -> None:
    # Every LA, region and England, each phase: 2008/09 has unitaries with 0 pupils, 2009/10
    # fractional counts, 2019/20 and 2020/21 COVID, the City of London and Scilly tiny counts.
    data = fact_data
    contexts = sorted(
        {k[:3] for k in data.cells if k[1] == year and k[2] in PHASES and k[0] in data.areas}
    )
    # One context per row of the 2022/23 file (every level and school type) for the year.
    period = f"{year}{(year + 1) % 100:02d}"
    assert len(contexts) == sum(1 for r in la_csv if r["time_period"] == period)
    assert check(data, contexts) > 10 * len(contexts)
