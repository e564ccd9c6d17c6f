"""One sentence per fact, in house style; every number comes from the fact through phrasing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from exclusions.facts.context import COVID_YEARS
from exclusions.facts.model import Fact, Profile
from exclusions.story.angles import SIGNIFICANT, Angle, Run, reversal, verdict
from exclusions.story.area import WORDS, Area
from exclusions.story.phrasing import (
    academic_year,
    count_phrase,
    number,
    ordinal_word,
    per_10000,
    percent,
    percent_change,
    rank_phrase,
    ratio_words,
)

if TYPE_CHECKING:
    from exclusions.story.compose import Sentence

NOTE = re.compile(r"^(\w+) for (\w+) in (\d{4}/\d\d) was withheld: ([^(]*)")


def _s(text: str, *facts: Fact) -> Sentence:
    from exclusions.story.compose import Sentence

    return Sentence(text[0].upper() + text[1:], list(facts))


def _year(f: Fact) -> str:
    return academic_year(f.subject.year)


def level(f: Fact, area: Area) -> Sentence | None:
    """The count and rate."""
    v, m = f.value, f.subject.measure
    if v.count is None or v.rate is None:
        return None
    noun = area.noun(m)
    if m == "one_plus_susp":
        was = "was" if v.count == 1 else "were"
        share = f", {percent(v.rate)} of pupils on roll" if v.count else ""
        return _s(
            f"In {_year(f)}, {count_phrase(v.count, noun)} {area.where} {was} suspended at "
            f"least once{share}.",
            f,
        )
    recorded = f"{area.schools} recorded {count_phrase(v.count, noun)} in {_year(f)}"
    if not v.count:
        return _s(recorded + ".", f)  # "a rate of 0 per cent" adds nothing
    tail = f", or {per_10000(v.rate)}" if 0 < v.rate < 1 else ""
    if v.rate >= 100:  # more suspensions than pupils: a share of pupils would read as nonsense
        rate = percent(v.rate).removesuffix(" per cent")
        return _s(f"{recorded}, {rate} for every 100 pupils on roll.", f)
    return _s(f"{recorded}, a rate of {percent(v.rate)} of pupils on roll{tail}.", f)


def rank(f: Fact, area: Area) -> Sentence | None:
    """The place in the league table of LAs."""
    d = f.detail
    r, n = d.get("rank"), d.get("of_n")
    if not isinstance(r, int) or not isinstance(n, int) or f.value.rate is None:
        return None
    hf = bool(d.get("highest_first", True))
    scope = f"among England's {number(n)} local authorities"
    place = rank_phrase(r, n, highest=hf, tied_with=int(d.get("tied_with", 0)), scope=scope,
                        noun="" if f.value.rate else "rate")  # fmt: skip
    if f.value.rate:
        text = (
            f"{area.Poss} {area.rate_name(f.subject.measure)}, {percent(f.value.rate)}, was {place}"
        )
    else:
        text = f"With {_none(f)}, {area.the} had {place}"
    rr, rn, region = d.get("region_rank"), d.get("region_of_n"), d.get("region_name")
    if isinstance(rr, int) and isinstance(rn, int) and isinstance(region, str) and rn >= 3:
        the = Area(Area.display(region), "regional").the
        # The fact counts no ties within the region, but nothing is below a rate of zero,
        # so every area ranked under a zero shares it.
        tied = rn - rr if hf and not f.value.rate else 0
        text += ", and " + rank_phrase(
            rr, rn, highest=hf, tied_with=tied, noun="", scope=f"of {number(rn)} in {the}"
        )
    return _s(text + ".", f)


def versus(f: Fact, area: Area) -> Sentence | None:
    """Higher, lower or broadly in line with a benchmark."""
    c, r = f.comparison, f.value.rate
    if c is None or r is None or c.benchmark_value.rate is None:
        return None
    if f.kind == "versus_region" and c.benchmark_code == "E92000001":
        return None  # a region's region is England, said once
    bench = area.benchmark(f.kind, c.benchmark)
    name = area.rate_name(f.subject.measure)
    br = percent(c.benchmark_value.rate)
    if verdict(f) in SIGNIFICANT and c.ratio and c.ratio > 0:
        return _s(f"{area.Poss} {name} was {ratio_words(c.ratio)} {bench} ({br}).", f)
    if verdict(f) == "no real difference" and r == 0:
        return _s(f"Given the number of pupils {area.where}, having {_none(f)} is broadly in "
                  f"line with {bench} ({br}).", f)  # fmt: skip
    if verdict(f) == "no real difference":
        return _s(f"{area.Poss} {name}, {percent(r)}, was broadly in line with {bench} ({br}).", f)
    return None


def _none(f: Fact) -> str:
    """ "no permanent exclusions", "no pupils suspended"."""
    m = f.subject.measure
    return "no pupils suspended" if m == "one_plus_susp" else f"no {WORDS[m][0]}s"


def funnel(f: Fact, area: Area) -> Sentence | None:
    """An outlier given the area's size."""
    flag = str(f.detail.get("flag", ""))
    if not flag.endswith("99.8%"):
        return None
    # Follows the comparison with England (compose sees to it), which says which way.
    return _s(
        f"Given the number of pupils {area.where}, the gap between its "
        f"{area.rate_name(f.subject.measure)} and England's is very unlikely to be down to "
        "chance.",
        f,
    )


def change(f: Fact, area: Area) -> Sentence | None:
    """A change since an earlier year."""
    c, d, v = f.comparison, f.detail, f.value
    if c is None or v.rate is None or c.benchmark_value.rate is None:
        return None
    y0, y1 = academic_year(int(d["from_year"])), academic_year(int(d["to_year"]))
    before, now = percent(c.benchmark_value.rate), percent(v.rate)
    m = f.subject.measure
    name, subject = area.rate_name(m), area.subject(m)
    if verdict(f) not in SIGNIFICANT:
        if d.get("versus") != "previous_year":
            return None
        moved = "rise" if v.rate > c.benchmark_value.rate else "fall"
        if not v.count and not c.benchmark_value.count:
            return _s(f"There were also {_none(f)} {area.where} in {y0}.", f)
        if before == now:
            return _s(f"{area.Poss} {name} was unchanged at {now} between {y0} and {y1}.", f)
        return _s(
            f"The {moved} in {area.poss} {name} between {y0} and {y1}, from {before} to {now}, "
            "is small enough to be chance, so the rate is best described as little changed.",
            f,
        )
    pc, c0, c1 = c.percent_change, c.benchmark_value.count, v.count
    went = "rose" if verdict(f) == "up" else "fell"
    counts_agree = (
        pc is not None and c0 is not None and c1 is not None and (pc > 0) == (went == "rose")
    )
    if counts_agree and pc is not None and c0 is not None and c1 is not None:
        if d.get("versus") != "previous_year" and d.get("years_apart"):
            # Said after the year's change, so it must not read as the same sentence again.
            return _s(
                f"Over {number(d['years_apart'])} years, {subject[0].lower()}{subject[1:]} "
                f"{area.where} {percent_change(pc)}, from {number(c0)} in {y0} to "
                f"{number(c1)} in {y1}, and the rate {went} from {before} to {now}.",
                f,
            )
        return _s(
            f"{subject} {area.where} {percent_change(pc)} between {y0} and {y1}, from "
            f"{number(c0)} to {number(c1)}, and the rate {went} from {before} to {now}.",
            f,
        )
    return _s(f"{area.Poss} {name} {went} from {before} in {y0} to {now} in {y1}.", f)


def history(f: Fact, area: Area) -> Sentence | None:
    """A record, a reversal, a streak or an earlier peak."""
    d, name, r = f.detail, area.rate_name(f.subject.measure), f.value.rate
    stat = d.get("statistic")
    if stat == "record" and r is not None and int(d.get("years_in_series", 0)) >= 5:
        side = "highest" if d.get("direction") == "high" else "lowest"
        return _s(
            f"{area.Poss} {name} was the {side} in {number(d['years_in_series'])} "
            "years of published figures, which go back to "
            f"{academic_year(int(d['series_start']))}.",
            f,
        )
    turned = reversal(f)
    if turned is not None:
        return _reversal(f, area, *turned)
    run = d.get("current_run")
    if stat == "runs" and isinstance(run, dict) and run.get("verdict") in SIGNIFICANT:
        moves, start = int(run.get("moves", 0)), int(run["from_year"])
        if moves >= 3:
            went = "risen" if run.get("direction") == "rise" else "fallen"
            # A run from a pandemic year measures the recovery as much as a trend.
            covid = ", which was disrupted by COVID-19" if start in COVID_YEARS else ""
            return _s(
                f"{area.Poss} {name} has {went} for {number(moves)} years in a row, since "
                f"{academic_year(start)}{covid}.",
                f,
            )
    if stat == "peak" and not d.get("latest_is_peak") and d.get("peak_rate"):
        return _s(
            f"{area.Poss} {name} was at its highest in {academic_year(int(d['peak_year']))}, "
            f"at {percent(float(d['peak_rate']))}.",
            f,
        )
    return None


def _reversal(f: Fact, area: Area, current: Run, broken: Run) -> Sentence:
    """ "The fall in Bury's suspension rate in 2018/19 ended a run of four yearly rises ..." """
    name, moves = area.rate_name(f.subject.measure), int(current["moves"])
    y0, y1 = academic_year(int(broken["from_year"])), academic_year(int(broken["to_year"]))
    run = f"a run of {number(broken['moves'])} yearly {_moves(broken)} from {y0} to {y1}"
    if moves == 1:
        # Worded to follow the year's change sentence, which the story usually has too.
        turn = "rise" if current["direction"] == "rise" else "fall"
        return _s(f"The {turn} in {area.poss} {name} in {_year(f)} ended {run}.", f)
    went = "risen" if current["direction"] == "rise" else "fallen"
    since = academic_year(int(current["from_year"]))
    return _s(
        f"{area.Poss} {name} has {went} in each of the {number(moves)} years since {since}, "
        f"ending {run}.",
        f,
    )


def _moves(run: Run) -> str:
    return "rises" if run.get("direction") == "rise" else "falls"


DESCRIBE = {
    "level": level,
    "rank": rank,
    "versus_england": versus,
    "versus_region": versus,
    "versus_neighbours": versus,
    "funnel": funnel,
    "change": change,
    "history": history,
}


def describe(f: Fact, area: Area) -> Sentence | None:
    """The sentence for a fact of any scored kind, or None."""
    fn = DESCRIBE.get(f.kind)
    return fn(f, area) if fn else None


def headline(angle: Angle | None, level_fact: Fact | None, area: Area) -> Sentence:
    """A headline from the lead angle, or from the level when nothing stands out."""
    if angle is not None:
        f, d = angle.fact, angle.fact.detail
        name = area.rate_name(f.subject.measure)
        c = f.comparison
        if angle.name == "rank extreme":
            hf, tied = bool(d.get("highest_first", True)), int(d.get("tied_with", 0))
            place = rank_phrase(
                int(d["rank"]), int(d["of_n"]), highest=hf, tied_with=tied, noun=name
            )
            return _s(f"{area.the} has {place}", f)
        if angle.name == "record":
            side = "highest" if d.get("direction") == "high" else "lowest"
            years = number(d["years_in_series"])
            return _s(f"{area.Poss} {name} at its {side} in {years} years", f)
        if angle.name == "far from" and c is not None and c.ratio:
            return _s(f"{area.Poss} {name} {ratio_words(c.ratio)} {_bench(f, area)}", f)
        if angle.name == "change" and c is not None and c.percent_change is not None:
            pc = c.percent_change
            if (pc > 0) == (verdict(f) == "up"):
                apart = int(d.get("years_apart", 1))
                span = "in a year" if apart == 1 else f"in {number(apart)} years"
                subject = area.subject(f.subject.measure)
                return _s(f"{subject} {area.where} {percent_change(pc)} {span}", f)
        if angle.name == "streak" and isinstance(d.get("current_run"), dict):
            run = d["current_run"]
            went = "rises" if run.get("direction") == "rise" else "falls"
            return _s(
                f"{area.Poss} {name} {went} for the {ordinal_word(int(run['moves']))} year running",
                f,
            )
        turned = reversal(f) if angle.name == "reversal" else None
        if turned is not None:
            current, broken = turned
            went = "rises" if current["direction"] == "rise" else "falls"
            again = " again" if int(current["moves"]) > 1 else ""
            years = number(broken["moves"])
            return _s(
                f"{area.Poss} {name} {went}{again} after {years} years of {_moves(broken)}", f
            )
        if angle.name == "outlier":
            side = "above" if str(d.get("flag", "")).startswith("above") else "below"
            return _s(f"{area.Poss} {name} stands out {side} the national rate", f)
    if level_fact is not None and level_fact.value.rate is not None:
        name = area.rate_name(level_fact.subject.measure)
        return _s(f"{area.Poss} {name} was {percent(level_fact.value.rate)} in {_year(level_fact)}",
                  level_fact)  # fmt: skip
    if level_fact is not None:
        return _s(f"School exclusions {area.where} in {_year(level_fact)}", level_fact)
    raise ValueError(f"nothing to say about {area.name}")


def no_rates(area: Area, year: int, context: Fact) -> Sentence:
    """The headline when nothing about the area itself can be said (figures withheld)."""
    return _s(f"No exclusion rates to report {area.where} in {academic_year(year)}", context)


def _bench(f: Fact, area: Area) -> str:
    if f.kind == "versus_england":
        return "the national rate"
    if f.kind == "versus_neighbours":
        return "its statistical neighbours' rate"
    return area.benchmark(f.kind, f.comparison.benchmark if f.comparison else None)


def withheld_notes(profile: Profile) -> list[tuple[str, str, str, str]]:
    """(measure, phase, year, why) for each withheld figure in the profile's notes."""
    found = [NOTE.match(n) for n in profile.notes]
    return [(m[1], m[2], m[3], m[4].strip()) for m in found if m]
