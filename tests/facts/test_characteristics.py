"""Characteristic facts on the real data, checked by hand against nat_char_prep.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import exclusions.facts.characteristics as characteristics
from exclusions.facts.context import Context
from exclusions.facts.data import ENGLAND, FactData
from exclusions.facts.model import Fact

BURY = "E08000002"


def facts(
    data: FactData, area: str, year: int, phase: str = "total"
) -> dict[tuple[str, str], Fact]:
    ctx = Context(data, data.areas[area], year, phase)
    return {(f.subject.measure, f.detail["comparison"]): f for f in characteristics.build(ctx)}


@pytest.fixture(scope="module")
def nat_char(shared_data: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    """nat_char_prep.csv rows for 2016/17 by (school type, description, characteristic)."""
    path = shared_data / "dfe" / "2016-17" / "nat_char_prep.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {
            (r["school_type"], r["characteristic_desc"], r["characteristic_1"]): r
            for r in csv.DictReader(f)
            if r["year"] == "201617" and r["characteristic_2"] == "Total"
        }


def test_fsm_rate_ratio_2016(
    fact_data: FactData, nat_char: dict[tuple[str, str, str], dict[str, str]]
) -> None:
    fsm = nat_char[("Total", "FSM_eligible", "FSM eligible")]
    non = nat_char[("Total", "FSM_eligible", "FSM not eligible")]
    assert (fsm["perm_excl"], fsm["headcount"]) == ("3085", "1118465")
    assert (non["perm_excl"], non["headcount"]) == ("4630", "6906170")
    by_hand = (3085 / 1_118_465) / (4630 / 6_906_170)  # 4.11
    f = facts(fact_data, ENGLAND, 2016)[("perm_excl", "fsm")]
    assert f.comparison is not None and f.uncertainty is not None
    assert f.comparison.ratio == pytest.approx(by_hand)
    assert f.comparison.ratio == pytest.approx(4.114, abs=5e-4)
    assert f.uncertainty.lower < by_hand < f.uncertainty.upper  # type: ignore[operator]
    assert f.uncertainty.verdict == "higher" and f.uncertainty.test == "rate_ratio"
    assert f.comparison.benchmark == "pupils not eligible for free school meals"
    assert f.detail["data_year"] == 2016 and f.caveats == []
    share = f.detail["share"]  # of England's published total, 7,719 in the 2022/23 release
    assert share["percent"] == pytest.approx(3085 / 7719 * 100)
    assert share["lower"] < share["percent"] < share["upper"] and share["method"] == "wilson"
    assert share["share_of_pupils"] == pytest.approx(1_118_465 / 8_025_073 * 100)
    lines = {(s.file, s.line) for s in f.provenance}
    assert {("nat_char_prep.csv", 173), ("nat_char_prep.csv", 174)} <= lines


def test_sen_sex_and_ethnicity(fact_data: FactData) -> None:
    found = facts(fact_data, ENGLAND, 2016)
    ehc = found[("susp", "ehc_plan")]
    assert ehc.comparison is not None
    assert ehc.comparison.ratio == pytest.approx((36005 / 225_950) / (210_280 / 6_880_450))
    boys = found[("one_plus_susp", "sex")]
    assert boys.comparison is not None
    assert boys.comparison.ratio == pytest.approx((133_810 / 4_090_190) / (49_665 / 3_934_445))
    black = found[("perm_excl", "ethnicity_black")]  # against all other pupils
    assert black.comparison is not None and black.comparison.benchmark == "all other pupils"
    rest = (7719 - 620) / (8_025_073 - 452_570)
    assert black.comparison.ratio == pytest.approx((620 / 452_570) / rest)
    assert black.detail["test"] == "compare_to_benchmark"
    assert black.uncertainty is not None and black.uncertainty.verdict == "higher"
    # Chinese pupils' permanent exclusions were withheld ('x'): no fact; suspensions are there.
    assert ("perm_excl", "ethnicity_chinese") not in found
    assert found[("susp", "ethnicity_chinese")].detail["group"] == "ethnicity_minor:chinese"


def test_too_few_is_recorded(fact_data: FactData) -> None:
    # Special schools, 2016/17: 0 permanent exclusions of the 210 pupils with no SEN.
    f = facts(fact_data, ENGLAND, 2016, "special")[("perm_excl", "ehc_plan")]
    assert f.comparison is None and f.uncertainty is None
    assert "fewer than 10" in f.detail["skipped"]


def test_la_gets_england_figures_with_caveats(fact_data: FactData) -> None:
    found = facts(fact_data, BURY, 2022)
    f = found[("perm_excl", "fsm")]
    assert f.subject.area_code == BURY and f.detail["data_area"] == ENGLAND
    assert f.detail["data_year"] == 2016
    assert [c.kind for c in f.caveats] == ["national_only", "earlier_year"]
    assert "England" in f.caveats[0].text and "2016/17" in f.caveats[1].text
    same = facts(fact_data, ENGLAND, 2016)[("perm_excl", "fsm")]
    assert f.comparison == same.comparison


def test_no_breakdown_before_2011(fact_data: FactData) -> None:
    assert facts(fact_data, BURY, 2010) == {}
    assert facts(fact_data, BURY, 2013)[("susp", "fsm")].detail["data_year"] == 2013
