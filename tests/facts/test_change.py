"""Change facts on the real data, checked by hand against the published CSV; and every
builder of change, history, national, characteristic and reason facts run on every LA, year
and phase."""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import pytest

import exclusions.facts.change as change
import exclusions.facts.characteristics as characteristics
import exclusions.facts.history as history
import exclusions.facts.national as national
import exclusions.facts.reasons as reasons
from exclusions.facts.context import Context
from exclusions.facts.data import ENGLAND, FactData
from exclusions.facts.model import Fact

Withhold = Callable[..., FactData]
PHASES = ("total", "primary", "secondary", "special")
DORSET, OLD_DORSET, GATESHEAD, OLD_GATESHEAD = "E06000059", "E10000009", "E08000037", "E08000020"


def build(data: FactData, area: str, year: int, phase: str = "total") -> list[Fact]:
    return change.build(Context(data, data.areas[area], year, phase))


def pick(facts: list[Fact], measure: str, versus: str) -> Fact:
    (found,) = [f for f in facts if f.subject.measure == measure and f.detail["versus"] == versus]
    return found


def england(la_csv: list[dict[str, str]], period: str) -> dict[str, str]:
    (row,) = [
        r
        for r in la_csv
        if r["geographic_level"] == "National"
        and r["time_period"] == period
        and r["school_type"] == "Total"
    ]
    return row


def test_england_permanent_exclusions_on_the_previous_year(
    fact_data: FactData, la_csv: list[dict[str, str]]
) -> None:
    new, old = england(la_csv, "202223"), england(la_csv, "202122")
    assert (new["perm_excl"], old["perm_excl"]) == ("9376", "6495")
    f = pick(build(fact_data, ENGLAND, 2022), "perm_excl", "previous_year")
    assert f.kind == "change" and f.comparison is not None and f.uncertainty is not None
    assert f.comparison.benchmark == "2021/22"
    assert (f.value.count, f.comparison.benchmark_value.count) == (9376, 6495)
    assert f.detail["count_change"] == 2881
    assert f.comparison.percent_change == pytest.approx(2881 / 6495 * 100)  # 44.4%
    rate_new, rate_old = 9376 / 8_430_600 * 100, 6495 / 8_368_293 * 100
    assert f.comparison.difference == pytest.approx(rate_new - rate_old)  # +0.034 points
    assert f.comparison.ratio == pytest.approx(rate_new / rate_old)
    assert f.uncertainty.verdict == "up" and f.uncertainty.test == "change_test"
    assert f.uncertainty.lower < f.comparison.ratio < f.uncertainty.upper  # type: ignore[operator]
    lines = {(s.file, s.line) for s in f.provenance}
    assert lines == {("exc_nat_region_la.csv", int(r["line"])) for r in (new, old)}
    assert f.caveats == []


def test_five_years_before_and_covid(fact_data: FactData) -> None:
    f = pick(build(fact_data, ENGLAND, 2022), "susp", "five_years_before")
    assert f.comparison is not None and f.comparison.benchmark == "2017/18"
    assert f.detail["years_apart"] == 5
    assert f.uncertainty is not None and f.uncertainty.verdict == "up"
    covid = pick(build(fact_data, ENGLAND, 2020), "perm_excl", "previous_year")
    assert {c.kind for c in covid.caveats} == {"covid"}
    assert "2019/20 and 2020/21" in covid.caveats[0].text
    across = pick(build(fact_data, ENGLAND, 2021), "susp", "five_years_before")  # from 2016/17
    assert [c.kind for c in across.caveats] == ["covid"]
    assert across.caveats[0].text.startswith("the years between include 2019/20 and 2020/21")


def test_dorset_reorganisation_is_skipped(fact_data: FactData) -> None:
    # Dorset (838) starts in 2019/20; the county (835, a different area) ends in 2018/19.
    assert build(fact_data, DORSET, 2019) == []
    facts = build(fact_data, DORSET, 2022)
    assert {f.detail["versus"] for f in facts} == {"previous_year"}  # 2017/18: not Dorset 838
    assert all(f.comparison and f.comparison.benchmark_code == DORSET for f in facts)
    assert build(fact_data, OLD_DORSET, 2018)  # the county compares with its own past


def test_gateshead_renumbering_is_caveated(fact_data: FactData) -> None:
    # 2013/14: Gateshead's GSS code changed with a sliver of boundary; DfE code 390 kept.
    f = pick(build(fact_data, GATESHEAD, 2013), "susp", "previous_year")
    assert f.comparison is not None and f.comparison.benchmark_code == OLD_GATESHEAD
    assert [c.kind for c in f.caveats] == ["series_break"]
    assert "Gateshead" in f.caveats[0].text
    later = pick(build(fact_data, GATESHEAD, 2015), "susp", "previous_year")
    assert later.caveats == []


def test_revised_input_is_caveated(fact_data: FactData) -> None:
    key = ("E06000017", 2006, "primary", "one_plus_susp")  # Rutland, revised in 2022/23
    assert key in fact_data.revised
    f = pick(build(fact_data, "E06000017", 2007, "primary"), "one_plus_susp", "previous_year")
    assert "revised" in {c.kind for c in f.caveats}


def test_withheld_earlier_year_is_skipped(fact_data: FactData, withhold: Withhold) -> None:
    data = withhold((ENGLAND, 2021, "total", "perm_excl"))
    facts = build(data, ENGLAND, 2022)
    assert [f.detail["versus"] for f in facts if f.subject.measure == "perm_excl"] == [
        "five_years_before"
    ]


BUILDERS = (change, history, national, characteristics, reasons)


def check(facts: list[Fact], withheld: set[tuple[str, int, str]]) -> int:
    """Every fact serialises without NaN and cites no withheld cell."""
    for f in facts:
        json.dumps(f.to_dict(), allow_nan=False)
        for s in f.provenance:
            assert (s.file, s.line, s.column) not in withheld, (f.kind, f.subject, s)
        for v in (f.value.count, f.value.rate):
            assert v is None or math.isfinite(v)
    return len(facts)


def withheld_sources(data: FactData) -> set[tuple[str, int, str]]:
    rows = [*data.cells.values(), *data.characteristics.values(), *data.reasons.values()]
    return {(str(r[3]), int(str(r[4])), str(r[5])) for r in rows if r[0] is None}


def test_every_la_year_and_phase(fact_data: FactData, withhold: Withhold) -> None:
    # Blank a few real cells as DfE would, so the grid meets suppressed headline figures too.
    data = withhold(
        ("E08000002", 2021, "total", "perm_excl"),
        ("E08000002", 2018, "secondary", "headcount"),
        (ENGLAND, 2015, "special", "susp"),
        (GATESHEAD, 2016, "total", "susp"),
    )
    bad = withheld_sources(data)
    n, kinds = 0, set()
    for year in data.years:
        for la in data.local_authorities(year):
            for phase in PHASES:
                ctx = Context(data, data.areas[la], year, phase)
                for module in BUILDERS:
                    facts = module.build(ctx)
                    n += check(facts, bad)
                    kinds |= {f.kind for f in facts}
    assert kinds == {"change", "history", "national_context", "characteristic", "reason"}
    assert n > 300_000
