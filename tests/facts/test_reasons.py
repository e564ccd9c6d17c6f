"""Reason facts on the real data, checked by hand against exclusions_by_reason.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import exclusions.facts.reasons as reasons
from exclusions.facts.context import Context
from exclusions.facts.data import ENGLAND, FactData
from exclusions.facts.model import Fact

GATESHEAD, OLD_GATESHEAD, BURY = "E08000037", "E08000020", "E08000002"


def facts(data: FactData, area: str, year: int, phase: str = "total") -> list[Fact]:
    return reasons.build(Context(data, data.areas[area], year, phase))


@pytest.fixture(scope="module")
def england_2016(shared_data: Path) -> dict[str, str]:
    path = shared_data / "dfe" / "2016-17" / "exclusions_by_reason.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        (row,) = [
            r
            for r in csv.DictReader(f)
            if r["time_period"] == "201617"
            and r["geographic_level"] == "national"
            and r["school_type"] == "Total"
        ]
    return row


def test_england_leading_reason_2016(fact_data: FactData, england_2016: dict[str, str]) -> None:
    perm = {k: int(v) for k, v in england_2016.items() if k.startswith("perm_")}
    assert perm["perm_persistent_disruptive"] == 2755 and sum(perm.values()) == 7720
    assert max(perm, key=perm.__getitem__) == "perm_persistent_disruptive"
    found = [f for f in facts(fact_data, ENGLAND, 2016) if f.subject.measure == "perm_excl"]
    assert [f.detail["reason"] for f in found] == [
        "persistent_disruption",
        "other",
        "physical_assault_pupil",
    ]
    f = found[0]
    assert f.kind == "reason" and f.detail["rank"] == 1 and f.detail["rank_certain"]
    assert (f.value.count, f.value.denominator) == (2755, 7720)
    assert f.value.rate == pytest.approx(2755 / 7720 * 100)  # 35.7%
    assert f.value.denominator_label == "permanent exclusions"
    assert f.uncertainty is not None and "wilson" in f.uncertainty.method
    assert f.uncertainty.lower < f.value.rate < f.uncertainty.upper  # type: ignore[operator]
    assert f.comparison is not None and f.comparison.benchmark == "2015/16"
    assert f.detail["data_year"] == 2016 and f.detail["withheld_reasons"] == []
    first = f.provenance[0]
    assert (first.file, first.line, first.column) == (
        "exclusions_by_reason.csv",
        2,
        "perm_persistent_disruptive",
    )


def test_later_year_uses_latest_reasons(fact_data: FactData) -> None:
    found = facts(fact_data, ENGLAND, 2022)
    assert {f.detail["data_year"] for f in found} == {2016}
    assert all("earlier_year" in {c.kind for c in f.caveats} for f in found)
    assert {f.subject.measure for f in found} == {"perm_excl", "susp"}


def test_withheld_reasons(fact_data: FactData) -> None:
    found = [f for f in facts(fact_data, GATESHEAD, 2014) if f.subject.measure == "perm_excl"]
    assert found and found[0].detail["withheld_reasons"]
    withheld = set(found[0].detail["withheld_reasons"])
    assert not withheld & {f.detail["reason"] for f in found}
    assert all("suppressed" in {c.kind for c in f.caveats} for f in found)
    # The shares are of the published headline total, which is therefore cited.
    assert all(f.provenance[1].file == "exc_nat_region_la.csv" for f in found)
    # DfE's reasons file keeps Gateshead's old code after the 2013/14 renumbering.
    assert found[0].detail["data_area"] == OLD_GATESHEAD and found[0].detail["data_year"] == 2014


def test_no_reasons_before_data_or_for_pupils(fact_data: FactData) -> None:
    assert facts(fact_data, "E06000059", 2022) == []  # Dorset 838: created after 2016/17
    assert all(f.subject.measure != "one_plus_susp" for f in facts(fact_data, BURY, 2016))
