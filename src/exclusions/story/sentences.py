"""One sentence per fact, in house style; every number comes from the fact through phrasing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exclusions.facts.model import Fact, Profile
from exclusions.story.angles import SIGNIFICANT, Angle, verdict
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

ARTICLE = {"North East", "North West", "East Midlands", "West Midlands", "South East",
           "South West", "East of England"}  # fmt: skip
# measure -> (count noun, rate name, plural subject for change sentences)
WORDS = {
    "perm_excl": ("permanent exclusion", "permanent exclusion rate", "Permanent exclusions"),
    "susp": ("suspension", "suspension rate", "Suspensions"),
    "one_plus_susp": (
        "pupil",
        "rate of pupils suspended at least once",
        "The number of pupils suspended at least once",
    ),
}
NOTE = re.compile(r"^(\w+) for (\w+) in (\d{4}/\d\d) was withheld: ([^(]*)")


@dataclass(frozen=True)
class Area:
    """How the story names its area."""

    name: str
    level: str

    @classmethod
    def of(cls, profile: Profile) -> Area:
        """The area of a profile."""
        name = profile.subject.area_name.replace(
            "Yorkshire and The Humber", "Yorkshire and the Humber"
        )
        return cls(name, profile.subject.level)

    @property
    def the(self) -> str:
        """The name as it reads mid-sentence ("the North West")."""
        return f"the {self.name}" if self.name in ARTICLE else self.name

    @property
    def where(self) -> str:
        """ "in Bury", "across England"."""
        return "across England" if self.level == "national" else f"in {self.the}"

    @property
    def poss(self) -> str:
        """ "Bury's"."""
        return f"{self.the}'" if self.the.endswith("s") else f"{self.the}'s"

    @property
    def Poss(self) -> str:
        """ "Bury's" at the start of a sentence."""
        return self.poss[0].upper() + self.poss[1:]


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
    noun = WORDS[m][0]
    if m == "one_plus_susp":
        was = "was" if v.count == 1 else "were"
        return _s(
            f"In {_year(f)}, {count_phrase(v.count, noun)} {area.where} {was} suspended at "
            f"least once, {percent(v.rate)} of pupils on roll.",
            f,
        )
    tail = f", or {per_10000(v.rate)}" if 0 < v.rate < 1 else ""
    schools = "Schools across England" if area.level == "national" else f"Schools in {area.the}"
    return _s(
        f"{schools} recorded {count_phrase(v.count, noun)} in {_year(f)}, a rate of "
        f"{percent(v.rate)} of pupils on roll{tail}.",
        f,
    )


def rank(f: Fact, area: Area) -> Sentence | None:
    """The place in the league table of LAs."""
    d = f.detail
    r, n = d.get("rank"), d.get("of_n")
    if not isinstance(r, int) or not isinstance(n, int) or f.value.rate is None:
        return None
    hf = bool(d.get("highest_first", True))
    scope = f"among England's {number(n)} local authorities"
    text = f"{area.Poss} {WORDS[f.subject.measure][1]} of {percent(f.value.rate)} was "
    text += rank_phrase(
        r, n, highest=hf, tied_with=int(d.get("tied_with", 0)), noun="", scope=scope
    )
    rr, rn, region = d.get("region_rank"), d.get("region_of_n"), d.get("region_name")
    if isinstance(rr, int) and isinstance(rn, int) and isinstance(region, str) and rn >= 3:
        the = Area(region, "regional").the
        text += ", and " + rank_phrase(
            rr, rn, highest=hf, noun="", scope=f"of {number(rn)} in {the}"
        )
    return _s(text + ".", f)


BENCH = {
    "versus_england": "the rate for England",
    "versus_neighbours": "the combined rate of its statistical neighbours",
}


def versus(f: Fact, area: Area) -> Sentence | None:
    """Higher, lower or broadly in line with a benchmark."""
    c, r = f.comparison, f.value.rate
    if c is None or r is None or c.benchmark_value.rate is None:
        return None
    if f.kind == "versus_region" and c.benchmark_code == "E92000001":
        return None  # a region's region is England, said once
    bench = BENCH.get(f.kind) or f"the rate for {Area(c.benchmark, 'regional').the}"
    name = WORDS[f.subject.measure][1]
    br = percent(c.benchmark_value.rate)
    if verdict(f) in SIGNIFICANT and c.ratio and c.ratio > 0:
        return _s(f"{area.Poss} {name} was {ratio_words(c.ratio)} {bench} ({br}).", f)
    if verdict(f) == "no real difference":
        return _s(f"{area.Poss} {name} of {percent(r)} was broadly in line with {bench} ({br}).", f)
    return None


def funnel(f: Fact, area: Area) -> Sentence | None:
    """An outlier given the area's size."""
    flag = str(f.detail.get("flag", ""))
    if not flag.endswith("99.8%"):
        return None
    side = "above" if flag.startswith("above") else "below"
    name = WORDS[f.subject.measure][1]
    return _s(
        f"Given the number of pupils {area.where}, a {name} this far {side} England's is very "
        "unlikely to be down to chance.",
        f,
    )


def change(f: Fact, area: Area) -> Sentence | None:
    """A change since an earlier year."""
    c, d, v = f.comparison, f.detail, f.value
    if c is None or v.rate is None or c.benchmark_value.rate is None:
        return None
    y0, y1 = academic_year(int(d["from_year"])), academic_year(int(d["to_year"]))
    before, now = percent(c.benchmark_value.rate), percent(v.rate)
    name, subject = WORDS[f.subject.measure][1], WORDS[f.subject.measure][2]
    if verdict(f) not in SIGNIFICANT:
        if d.get("versus") != "previous_year":
            return None
        moved = "rise" if v.rate > c.benchmark_value.rate else "fall"
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
        return _s(
            f"{subject} {area.where} {percent_change(pc)} between {y0} and {y1}, from "
            f"{number(c0)} to {number(c1)}, and the rate {went} from {before} to {now}.",
            f,
        )
    return _s(f"{area.Poss} {name} {went} from {before} in {y0} to {now} in {y1}.", f)


def history(f: Fact, area: Area) -> Sentence | None:
    """A record, a streak or an earlier peak."""
    d, name, r = f.detail, WORDS[f.subject.measure][1], f.value.rate
    stat = d.get("statistic")
    if stat == "record" and r is not None and int(d.get("years_in_series", 0)) >= 5:
        side = "highest" if d.get("direction") == "high" else "lowest"
        return _s(
            f"{area.Poss} {name} was the {side} in {number(d['years_in_series'])} "
            "years of published figures, which go back to "
            f"{academic_year(int(d['series_start']))}.",
            f,
        )
    run = d.get("current_run")
    if stat == "runs" and isinstance(run, dict) and run.get("verdict") in SIGNIFICANT:
        moves = int(run.get("moves", 0))
        if moves >= 3:
            went = "risen" if run.get("direction") == "rise" else "fallen"
            return _s(
                f"{area.Poss} {name} has {went} for {number(moves)} years in a row, since "
                f"{academic_year(int(run['from_year']))}.",
                f,
            )
    if stat == "peak" and not d.get("latest_is_peak") and d.get("peak_rate"):
        return _s(
            f"{area.Poss} {name} was at its highest in {academic_year(int(d['peak_year']))}, "
            f"at {percent(float(d['peak_rate']))}.",
            f,
        )
    return None


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
        name = WORDS[f.subject.measure][1]
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
            return _s(f"{area.Poss} {name} {ratio_words(c.ratio)} {_bench(f)}", f)
        if angle.name == "change" and c is not None and c.percent_change is not None:
            pc = c.percent_change
            if (pc > 0) == (verdict(f) == "up"):
                span = "in a year" if d.get("versus") == "previous_year" else "in five years"
                return _s(
                    f"{WORDS[f.subject.measure][2]} {area.where} {percent_change(pc)} {span}", f
                )
        if angle.name == "streak" and isinstance(d.get("current_run"), dict):
            run = d["current_run"]
            went = "rises" if run.get("direction") == "rise" else "falls"
            return _s(
                f"{area.Poss} {name} {went} for the {ordinal_word(int(run['moves']))} year running",
                f,
            )
        if angle.name == "outlier":
            side = "above" if str(d.get("flag", "")).startswith("above") else "below"
            return _s(f"{area.Poss} {name} stands out {side} the national rate", f)
    if level_fact is not None and level_fact.value.rate is not None:
        name = WORDS[level_fact.subject.measure][1]
        return _s(f"{area.Poss} {name} was {percent(level_fact.value.rate)} in {_year(level_fact)}",
                  level_fact)  # fmt: skip
    if level_fact is not None:
        return _s(f"School exclusions {area.where} in {_year(level_fact)}", level_fact)
    raise ValueError(f"nothing to say about {area.name}")


def _bench(f: Fact) -> str:
    c = f.comparison
    assert c is not None
    if f.kind == "versus_england":
        return "the national rate"
    if f.kind == "versus_neighbours":
        return "its statistical neighbours' rate"
    return f"the rate for {Area(c.benchmark, 'regional').the}"


def withheld_notes(profile: Profile) -> list[tuple[str, str, str, str]]:
    """(measure, phase, year, why) for each withheld figure in the profile's notes."""
    found = [NOTE.match(n) for n in profile.notes]
    return [(m[1], m[2], m[3], m[4].strip()) for m in found if m]
