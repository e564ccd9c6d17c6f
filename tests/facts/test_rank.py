"""Rank facts and the league table, checked against ranks computed straight from the CSV."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from exclusions.facts.context import Context
from exclusions.facts.data import FactData
from exclusions.facts.funnel import position
from exclusions.facts.model import Fact
from exclusions.facts.rank import build, league_table

Withhold = Callable[..., FactData]
BURY = "E08000002"
NORTH_WEST = "E12000002"


def la_rates(la_csv: list[dict[str, str]], measure: str = "perm_excl") -> dict[str, float]:
    """2022/23 total rates of every LA, from the CSV: count / headcount."""
    return {
        r["new_la_code"]: int(r[measure]) / int(r["headcount"])
        for r in la_csv
        if r["time_period"] == "202223"
        and r["geographic_level"] == "Local authority"
        and r["school_type"] == "Total"
    }


def rank_facts(
    data: FactData, area: str, year: int = 2022, phase: str = "total"
) -> dict[str, Fact]:
    return {f.subject.measure: f for f in build(Context(data, data.areas[area], year, phase))}


def test_highest_rate_ranks_first(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    rates = la_rates(la_csv)
    top = max(rates, key=rates.__getitem__)
    published = {
        r["new_la_code"]: float(r["perm_excl_rate"])
        for r in la_csv
        if r["time_period"] == "202223"
        and r["geographic_level"] == "Local authority"
        and r["school_type"] == "Total"
    }
    assert top == max(published, key=published.__getitem__) == "E06000003"  # Redcar and Cleveland
    f = rank_facts(fact_data, top)["perm_excl"]
    assert (f.detail["rank"], f.detail["of_n"], f.detail["quartile"]) == (1, len(rates), 1)
    assert len(rates) == 152
    assert f.uncertainty is not None and f.uncertainty.lower == 1
    assert "Jeffreys" in f.uncertainty.method


def test_bury_rank_in_england_and_region(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    rates = la_rates(la_csv)
    higher = sum(1 for r in rates.values() if r > rates[BURY])
    regional = {c for c in rates if fact_data.areas[c].region_code == NORTH_WEST}
    higher_in_region = sum(1 for c in regional if rates[c] > rates[BURY])
    f = rank_facts(fact_data, BURY)["perm_excl"]
    assert f.detail["rank"] == higher + 1 == 92
    assert f.detail["quartile"] == 3  # places 77 to 114 of 152
    assert (f.detail["region_rank"], f.detail["region_of_n"]) == (higher_in_region + 1, 23)
    assert f.detail["region_name"] == "North West"
    assert f.uncertainty is not None
    assert f.uncertainty.lower <= 92 <= f.uncertainty.upper  # type: ignore[operator]
    assert {s.column for s in f.provenance} == {"perm_excl", "headcount", "perm_excl_rate"}
    assert f.detail["ranked_from"] == ["exc_nat_region_la.csv (release 2022/23)"]


def test_ties_share_the_best_rank(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    # Milton Keynes, City of London and the Isles of Scilly had no permanent exclusions.
    rates = la_rates(la_csv)
    zeros = sorted(c for c, r in rates.items() if r == 0)
    assert zeros == ["E06000042", "E06000053", "E09000001"]
    for code in zeros:
        f = rank_facts(fact_data, code)["perm_excl"]
        assert (f.detail["rank"], f.detail["tied_with"], f.detail["quartile"]) == (150, 2, 4)
    table = league_table(fact_data, "perm_excl", 2022, "total")
    assert [r.rank for r in table[-3:]] == [150, 150, 150]
    assert [r.name for r in table[-3:]] == ["City of London", "Isles of Scilly", "Milton Keynes"]


def test_regions_and_england_have_no_rank(fact_data: FactData) -> None:
    assert rank_facts(fact_data, NORTH_WEST) == {}
    assert rank_facts(fact_data, "E92000001") == {}


def test_league_table(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    table = league_table(fact_data, "susp", 2022, "total")
    rates = la_rates(la_csv, "suspension")
    assert len(table) == 152
    assert [r.code for r in table[:1]] == [max(rates, key=rates.__getitem__)]
    assert [r.rank for r in table] == sorted(r.rank or 0 for r in table)
    for row in table:
        assert row.rank is not None and row.rank_lower is not None and row.rank_upper is not None
        assert row.rank_lower <= row.rank <= row.rank_upper
        assert row.ci_lower is not None and row.ci_upper is not None and row.rate is not None
        assert row.ci_lower <= row.rate <= row.ci_upper
        assert row.rate == pytest.approx(rates[row.code] * 100)
        pos = position(fact_data, row.code, 2022, "total", "susp")
        assert pos is not None and row.funnel == pos.flag
    bury = next(r for r in table if r.code == BURY)
    assert (bury.old_code, bury.count, bury.denominator) == ("351", 2912, 29121)
    # The table is kept on the data: asking again costs nothing and gives the same rows.
    assert league_table(fact_data, "susp", 2022, "total") == table


def test_unusable_las_come_last(fact_data: FactData) -> None:
    # 2008/09: the new Bedford, Central Bedfordshire and Cheshire unitaries were published with
    # 0 pupils on roll (rates 'z'), so they cannot be ranked.
    table = league_table(fact_data, "perm_excl", 2008, "total")
    last = table[-4:]
    assert [r.name for r in last] == [
        "Bedford",
        "Central Bedfordshire",
        "Cheshire East",
        "Cheshire West and Chester",
    ]
    assert all(r.rank is None and r.withheld == "z" for r in last)
    assert all(r.rank is not None for r in table[:-4])
    assert {r.of_n for r in table} == {len(table) - 4}


def test_suppressed_la_is_not_ranked(withhold: Withhold) -> None:
    data = withhold((BURY, 2022, "total", "perm_excl"))
    table = league_table(data, "perm_excl", 2022, "total")
    assert (table[-1].code, table[-1].rank, table[-1].withheld) == (BURY, None, "x")
    assert table[0].of_n == 151
    assert "perm_excl" not in rank_facts(data, BURY)
    other = rank_facts(data, "E08000001")["perm_excl"]  # Bolton: Bury's cells are not its input
    assert other.detail["of_n"] == 151
