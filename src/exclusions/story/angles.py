"""Angle selection: score each fact by news value so the story leads with the strongest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exclusions.facts.context import COVID_YEARS
from exclusions.facts.model import Fact, Profile

# How much a reader cares about each measure, relative to permanent exclusions.
MEASURE_WEIGHT = {"perm_excl": 1.0, "susp": 0.9, "one_plus_susp": 0.8}
SIGNIFICANT = frozenset({"higher", "lower", "up", "down"})
FAR_ABOVE, FAR_BELOW = 1.5, 0.67


@dataclass(frozen=True)
class Angle:
    """A fact with its news value and the name of the angle it offers."""

    score: float
    name: str
    fact: Fact


def verdict(fact: Fact) -> str | None:
    """The fact's verdict, or None."""
    return fact.uncertainty.verdict if fact.uncertainty else None


def _rank(fact: Fact) -> tuple[float, str]:
    rank, of_n = fact.detail.get("rank"), fact.detail.get("of_n")
    if not isinstance(rank, int) or not isinstance(of_n, int) or of_n < 6:
        return 0.0, "rank"
    place = min(rank, of_n - rank - int(fact.detail.get("tied_with", 0)) + 1)
    return (9.0 - place, "rank extreme") if place <= 3 else (0.5, "rank")


def _comparison(fact: Fact) -> tuple[float, str]:
    ratio = fact.comparison.ratio if fact.comparison else None
    if verdict(fact) not in SIGNIFICANT or ratio is None or ratio <= 0:
        return 0.4, "in line"
    weight = {"versus_england": 1.0, "versus_region": 0.6, "versus_neighbours": 0.6}[fact.kind]
    far = ratio >= FAR_ABOVE or ratio <= FAR_BELOW
    size = max(ratio, 1 / ratio)
    return weight * ((5.0 + min(size, 4.0)) if far else 2.5), "far from" if far else "differs"


def _change(fact: Fact) -> tuple[float, str]:
    pc = fact.comparison.percent_change if fact.comparison else None
    if verdict(fact) not in SIGNIFICANT:
        return 0.3, "little changed"
    base = 4.0 if fact.detail.get("versus") == "previous_year" else 2.5
    return base + min(abs(pc or 0.0) / 25.0, 4.0), "change"


Run = dict[str, Any]
MIN_BROKEN_RUN = 3  # moves in a row a reversal must end: "several years of falls"
MAX_NEW_RUN = 2  # from three moves on, the new direction is a streak in its own right


def reversal(fact: Fact) -> tuple[Run, Run] | None:
    """(the current run, the opposite run it ended) when a runs fact shows a real reversal.

    Both runs must pass their tests, meet at the turning year, and keep clear of 2019/20 and
    2020/21: a fall into the pandemic and the rebound after it is no change of trend. Only the
    longest run in each direction is in the fact, so a reversal of a shorter run is missed,
    never invented.
    """
    d = fact.detail
    current = d.get("current_run")
    if d.get("statistic") != "runs" or not isinstance(current, dict):
        return None
    broken = d.get("longest_fall" if current.get("direction") == "rise" else "longest_rise")
    if not isinstance(broken, dict) or broken.get("to_year") != current.get("from_year"):
        return None
    if not 1 <= int(current["moves"]) <= MAX_NEW_RUN or int(broken["moves"]) < MIN_BROKEN_RUN:
        return None
    if current.get("verdict") not in SIGNIFICANT or broken.get("verdict") not in SIGNIFICANT:
        return None
    if any(int(broken["from_year"]) <= y <= int(current["to_year"]) for y in COVID_YEARS):
        return None
    return current, broken


def _history(fact: Fact) -> tuple[float, str]:
    d = fact.detail
    if d.get("statistic") == "record" and int(d.get("years_in_series", 0)) >= 5:
        return 8.0, "record"
    turned = reversal(fact)
    if turned is not None:
        # Worth more than a streak of the same length: the story is that the trend changed.
        return 4.0 + min(int(turned[1]["moves"]), 8) / 2, "reversal"
    run = d.get("current_run")
    streak = isinstance(run, dict) and run.get("verdict") in SIGNIFICANT
    if d.get("statistic") == "runs" and isinstance(run, dict) and streak and run["moves"] >= 3:
        # Rises from a pandemic year are partly the recovery: worth saying, not leading with.
        covid = 0.5 if int(run["from_year"]) in COVID_YEARS else 1.0
        return covid * (3.5 + int(run["moves"]) / 2), "streak"
    if d.get("statistic") == "peak" and not d.get("latest_is_peak") and d.get("peak_rate"):
        return 1.0, "peak"
    return 0.0, "history"


def _funnel(fact: Fact) -> tuple[float, str]:
    flag = str(fact.detail.get("flag", ""))
    if not flag.endswith("99.8%"):
        return 0.0, "funnel"
    # A big LA can be a sure outlier only slightly off England's rate: news only when far off.
    ratio = fact.comparison.ratio if fact.comparison else None
    size = max(ratio, 1 / ratio) if ratio else FAR_ABOVE
    return min(5.0, 2.0 + 6.0 * (size - 1.0)), "outlier"


SCORERS = {
    "rank": _rank,
    "versus_england": _comparison,
    "versus_region": _comparison,
    "versus_neighbours": _comparison,
    "change": _change,
    "history": _history,
    "funnel": _funnel,
}


def score(fact: Fact) -> Angle:
    """The news value of one fact (0 for facts that are context, not news)."""
    scorer = SCORERS.get(fact.kind)
    if scorer is None:
        return Angle(0.0, fact.kind, fact)
    value, name = scorer(fact)
    has_caveat = any(c.kind in ("small_numbers", "suppressed") for c in fact.caveats)
    weight = MEASURE_WEIGHT.get(fact.subject.measure, 0.5) * (0.7 if has_caveat else 1.0)
    return Angle(round(value * weight, 4), name, fact)


def angles(profile: Profile) -> list[Angle]:
    """Every scorable fact of the profile, strongest first (ties keep profile order)."""
    scored = [score(f) for f in profile.facts if f.kind in SCORERS]
    return sorted(scored, key=lambda a: -a.score)


def lead(profile: Profile) -> Angle | None:
    """The strongest angle with a positive score, or None."""
    found = [a for a in angles(profile) if a.score > 0.5]
    return found[0] if found else None
