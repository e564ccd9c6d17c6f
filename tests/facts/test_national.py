"""National context facts on the real data."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import exclusions.facts.national as national
from exclusions.facts.context import Context
from exclusions.facts.data import ENGLAND, FactData
from exclusions.facts.model import Fact

Withhold = Callable[..., FactData]
BURY, GATESHEAD = "E08000002", "E08000037"


def facts(data: FactData, area: str, year: int, phase: str = "total") -> dict[str, Fact]:
    ctx = Context(data, data.areas[area], year, phase)
    return {f.subject.measure: f for f in national.build(ctx)}


def test_england_context_for_an_la(fact_data: FactData) -> None:
    f = facts(fact_data, BURY, 2022)["perm_excl"]
    assert f.kind == "national_context" and f.subject.area_code == BURY
    assert f.detail["is_self"] is False and f.detail["area_code"] == ENGLAND
    assert (f.value.count, f.value.denominator) == (9376, 8_430_600)
    assert f.comparison is not None and f.comparison.benchmark == "2021/22"
    assert f.comparison.benchmark_value.count == 6495
    assert f.comparison.percent_change == pytest.approx(2881 / 6495 * 100)
    assert f.detail["change"]["count_change"] == 2881 and f.detail["change"]["to_year"] == 2022
    assert f.uncertainty is not None and f.uncertainty.verdict == "up"
    assert len(f.provenance) == 6  # count, headcount and rate, for each year


def test_england_itself(fact_data: FactData) -> None:
    found = facts(fact_data, ENGLAND, 2022)
    assert set(found) == {"perm_excl", "susp", "one_plus_susp"}
    assert all(f.detail["is_self"] for f in found.values())


def test_first_year_has_level_only(fact_data: FactData) -> None:
    f = facts(fact_data, ENGLAND, 2006, "secondary")["susp"]
    assert f.comparison is None and f.uncertainty is None and f.value.count
    assert "change" not in f.detail


def test_la_breaks_do_not_leak_into_england(fact_data: FactData) -> None:
    f = facts(fact_data, GATESHEAD, 2013)["susp"]  # Gateshead was renumbered in 2013/14
    assert f.caveats == []


def test_covid_year(fact_data: FactData) -> None:
    f = facts(fact_data, BURY, 2021)["susp"]
    assert [c.kind for c in f.caveats] == ["covid"] and "2020/21" in f.caveats[0].text


def test_withheld_previous_year(fact_data: FactData, withhold: Withhold) -> None:
    data = withhold((ENGLAND, 2021, "total", "headcount"))
    found = facts(data, BURY, 2022)
    assert all(f.comparison is None for f in found.values())
    bad = data.get(ENGLAND, 2021, "total", "headcount")
    assert bad is not None and bad.value is None
    cited = {(s.file, s.line, s.column) for f in found.values() for s in f.provenance}
    assert (bad.source.file, bad.source.line, bad.source.column) not in cited
