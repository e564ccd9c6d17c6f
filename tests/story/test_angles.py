"""Angle selection: trend reversals, from runs facts made by hand and from the real data."""

from __future__ import annotations

from typing import Any

import pytest

from exclusions import Store
from exclusions.facts.api import profile
from exclusions.facts.model import Comparison, Fact, Subject, Value
from exclusions.story.angles import reversal, score
from exclusions.story.area import Area
from exclusions.story.compose import compose
from exclusions.story.sentences import headline, history
from tests.story.test_compose import store  # noqa: F401  (session fixture)

BURY = Subject("E08000002", "Bury", "local_authority", 2018, "total", "susp")


def run(direction: str, moves: int, start: int, verdict: str = "up") -> dict[str, Any]:
    return {"direction": direction, "moves": moves, "from_year": start,
            "to_year": start + moves, "verdict": verdict}  # fmt: skip


def runs_fact(current: dict[str, Any], rise: dict[str, Any] | None = None,
              fall: dict[str, Any] | None = None) -> Fact:  # fmt: skip
    """A runs history fact as the facts engine writes it."""
    value = Value(1955, 29519, rate=6.62)
    before = Value(2079, 29452, rate=7.06)
    return Fact(
        "history",
        BURY,
        value,
        comparison=Comparison("2017/18", "E08000002", before, 0.94, -0.44, -6.0),
        detail={"statistic": "runs", "series_start": 2006, "years_in_series": 13,
                "current_run": current, "longest_rise": rise, "longest_fall": fall},
    )  # fmt: skip


def test_a_fall_after_four_rises_is_a_reversal() -> None:
    f = runs_fact(run("fall", 1, 2017, "down"), rise=run("rise", 4, 2013, "up"))
    assert reversal(f) is not None
    angle = score(f)
    assert angle.name == "reversal"
    streak = score(runs_fact(run("rise", 4, 2014, "up")))
    assert angle.score > streak.score  # a change of direction is the bigger story
    sentence = history(f, Area("Bury", "local_authority"))
    assert sentence is not None
    assert sentence.text == (
        "The fall in Bury's suspension rate in 2018/19 ended a run of four yearly rises from "
        "2013/14 to 2017/18."
    )
    assert headline(angle, None, Area("Bury", "local_authority")).text == (
        "Bury's suspension rate falls after four years of rises"
    )


def test_a_second_year_of_rises_after_falls() -> None:
    f = runs_fact(run("rise", 2, 2016, "up"), fall=run("fall", 3, 2013, "down"))
    sentence = history(f, Area("Bury", "local_authority"))
    assert sentence is not None
    assert sentence.text == (
        "Bury's suspension rate has risen in each of the two years since 2016/17, ending a run "
        "of three yearly falls from 2013/14 to 2016/17."
    )


@pytest.mark.parametrize(
    ("current", "rise", "why"),
    [
        (run("fall", 1, 2017, "no real change"), run("rise", 4, 2013), "the new move is noise"),
        (run("fall", 1, 2017, "down"), run("rise", 4, 2013, "no real change"), "old run noise"),
        (run("fall", 1, 2017, "down"), run("rise", 2, 2015), "two rises are not a trend"),
        (run("fall", 1, 2017, "down"), run("rise", 4, 2012), "the runs do not meet"),
        (run("fall", 3, 2015, "down"), run("rise", 4, 2011), "three falls are a streak"),
        (run("rise", 1, 2021, "up"), None, "no longest fall in the fact"),
        (run("fall", 1, 2021, "down"), run("rise", 4, 2017), "the rises span COVID years"),
        (run("rise", 2, 2020, "up"), run("fall", 3, 2017, "down"), "a rebound from COVID"),
    ],
)
def test_not_a_reversal(current: dict[str, Any], rise: dict[str, Any] | None, why: str) -> None:
    if current["direction"] == "rise":
        f = runs_fact(current, fall=rise)
    else:
        f = runs_fact(current, rise=rise)
    assert reversal(f) is None, why
    assert score(f).name != "reversal"


def test_reversal_on_the_real_data(store: Store) -> None:  # noqa: F811
    """Bury's suspensions, from exc_nat_region_la.csv (release 2022/23), Total rows, by hand:
    2013/14 742 of 28,155 pupils (2.64%), 2014/15 997 (3.50%), 2015/16 1,069 (3.70%),
    2016/17 1,728 (5.88%), 2017/18 2,079 of 29,452 (7.06%), 2018/19 1,955 of 29,519 (6.62%):
    four rises in a row, then a fall, each end of the rise and the fall significant."""
    p = profile(store, "Bury", year="2018/19")
    runs = next(f for f in p.of_kind("history")
                if f.subject.measure == "susp" and f.detail["statistic"] == "runs")  # fmt: skip
    found = reversal(runs)
    assert found is not None
    current, broken = found
    assert (broken["from_year"], broken["to_year"], broken["moves"]) == (2013, 2017, 4)
    assert (current["from_year"], current["to_year"]) == (2017, 2018)
    assert runs.value.count == 1955 and runs.comparison is not None
    assert runs.comparison.benchmark_value.count == 2079
    story = compose(store, "Bury", year="2018/19")
    text = " ".join(s.text for s in story.sentences())
    assert (
        "The fall in Bury's suspension rate in 2018/19 ended a run of four yearly rises from "
        "2013/14 to 2017/18." in text
    )


@pytest.mark.parametrize(
    ("ratio", "low", "high"), [(0.89, 2.0, 3.0), (1.5, 5.0, 5.0), (3.0, 5.0, 5.0)]
)
def test_outliers_score_by_how_far_from_england(ratio: float, low: float, high: float) -> None:
    england = Value(100, 1000, rate=10.0)
    f = Fact("funnel", BURY, Value(rate=10.0 * ratio), detail={"flag": "below 99.8%"},
             comparison=Comparison("England", "E92000001", england, ratio))  # fmt: skip
    angle = score(f)
    assert angle.name == "outlier" and low * 0.9 <= angle.score <= high * 0.9
