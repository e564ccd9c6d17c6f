"""History facts on the real data: records, peaks, steady runs, runs and series breaks."""

from __future__ import annotations

import pytest

import exclusions.facts.history as history
from exclusions.facts.change import Point
from exclusions.facts.context import Context
from exclusions.facts.data import ENGLAND, FactData
from exclusions.facts.model import Fact, Source, Value

MIDDLESBROUGH, DORSET, GATESHEAD = "E06000002", "E06000059", "E08000037"


def facts(
    data: FactData, area: str, year: int, phase: str = "total"
) -> dict[tuple[str, str], Fact]:
    ctx = Context(data, data.areas[area], year, phase)
    return {(f.subject.measure, f.detail["statistic"]): f for f in history.build(ctx)}


def rates(la_csv: list[dict[str, str]], code: str, measure: str) -> dict[int, float]:
    """Rate per year from the 2022/23 file, by hand."""
    out = {}
    for r in la_csv:
        if r["school_type"] == "Total" and (
            r["new_la_code"] == code or (code == ENGLAND and r["geographic_level"] == "National")
        ):
            out[int(r["time_period"][:4])] = float(r[measure]) / float(r["headcount"]) * 100
    return out


def test_middlesbrough_record_high(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    by_year = rates(la_csv, MIDDLESBROUGH, "perm_excl")
    assert max(by_year, key=by_year.__getitem__) == 2022  # 73 of 25,753 pupils
    del by_year[2022]
    assert max(by_year, key=by_year.__getitem__) == 2021  # 45 of 25,362 (2006/07: 41/23,210)
    f = facts(fact_data, MIDDLESBROUGH, 2022)[("perm_excl", "record")]
    assert f.detail["direction"] == "high" and f.detail["previous_record_year"] == 2021
    assert f.detail["series_start"] == 2006
    assert f.detail["series_start_reason"] == "first year of data"
    assert f.comparison is not None and f.comparison.benchmark == "2021/22"
    assert (f.value.count, f.comparison.benchmark_value.count) == (73, 45)
    assert f.uncertainty is not None and f.uncertainty.verdict == "up"
    assert len({s.line for s in f.provenance}) == 17  # every year of the series is cited
    assert f.caveats == []  # COVID years are in the series but not named


def test_england_suspensions_peak(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    by_year = rates(la_csv, ENGLAND, "suspension")
    peak = max(by_year, key=by_year.__getitem__)
    before = {y: r for y, r in by_year.items() if y < peak}
    assert (peak, min(before, key=before.__getitem__)) == (2022, 2013)
    f = facts(fact_data, ENGLAND, 2022)[("susp", "peak")]
    assert f.detail["peak_year"] == 2022 and f.detail["latest_is_peak"]
    assert f.detail["pre_peak_year"] == 2013
    assert f.detail["pre_peak_rate"] == pytest.approx(by_year[2013])
    assert f.uncertainty is not None and f.uncertainty.verdict == "up"  # still above 2013/14
    record = facts(fact_data, ENGLAND, 2022)[("susp", "record")]
    assert record.detail["previous_record_year"] == 2021


def test_peak_in_first_year_has_no_pre_peak_level(fact_data: FactData) -> None:
    f = facts(fact_data, ENGLAND, 2022)[("perm_excl", "peak")]
    assert f.detail["peak_year"] == 2006 and f.detail["pre_peak_year"] is None
    assert f.comparison is None and f.uncertainty is None


def test_current_run_crosses_covid(fact_data: FactData, la_csv: list[dict[str, str]]) -> None:
    by_year = rates(la_csv, ENGLAND, "suspension")
    assert by_year[2018] > by_year[2019] < by_year[2020] < by_year[2021] < by_year[2022]
    f = facts(fact_data, ENGLAND, 2022)[("susp", "runs")]
    run = f.detail["current_run"]
    assert (run["direction"], run["from_year"], run["to_year"], run["moves"]) == (
        "rise",
        2019,
        2022,
        3,
    )
    assert "covid" in {c.kind for c in f.caveats}


def test_steady_run(fact_data: FactData) -> None:
    f = facts(fact_data, "E06000018", 2022)[("perm_excl", "steady")]  # Nottingham
    assert f.detail["steady_from"] == 2017 and f.detail["steady_years"] == 6
    # No single year-on-year change is real, but 2017/18 to 2022/23 as a whole is.
    assert f.uncertainty is not None and f.uncertainty.verdict == "up"
    assert len({s.line for s in f.provenance}) == 6


def test_dorset_series_starts_at_reorganisation(fact_data: FactData) -> None:
    found = facts(fact_data, DORSET, 2022)
    brk = found[("susp", "series_break")]
    assert brk.detail["series_start"] == 2019 and brk.detail["created"]["year"] == 2019
    assert brk.detail["series_start_reason"] == "area created"
    assert brk.detail["covid_years"] == [2019, 2020]
    for f in found.values():
        assert "series_break" in {c.kind for c in f.caveats}
    assert facts(fact_data, DORSET, 2020) == {}  # two years are too few for history


def test_gateshead_series_crosses_renumbering(fact_data: FactData) -> None:
    f = facts(fact_data, GATESHEAD, 2014)[("perm_excl", "series_break")]
    assert f.detail["series_start"] == 2006
    assert [b["year"] for b in f.detail["breaks"]] == [2013]
    record = facts(fact_data, GATESHEAD, 2014)[("perm_excl", "record")]
    assert "series_break" in {c.kind for c in record.caveats}


def _points(rates: list[float | None]) -> list[Point]:
    src = Source("r", "f.csv", 1, "c")
    return [
        Point(2000 + i, "X", r * 10, 1000.0, Value(r * 10, 1000.0), (src,))
        for i, r in enumerate(rates)
        if r is not None
    ]


def test_runs_definition() -> None:
    # Rises 0-1-2, flat, falls 3-4-5-6; a gap (2007 missing) ends a run.
    points = _points([1, 2, 3, 3, 2, 1, 0.5, None, 0.2, 0.1])
    assert history._runs(points) == [(0, 2, 1), (3, 6, -1), (7, 8, -1)]
