"""Sentences for the sections after the body: phases, withheld figures, national context,
reasons and "About the data"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exclusions.facts.model import Fact, Profile
from exclusions.story.angles import SIGNIFICANT, verdict
from exclusions.story.area import SCHOOL, WORDS, Area
from exclusions.story.phrasing import (
    academic_year,
    count_phrase,
    estimated,
    figure,
    join_list,
    number,
    percent,
    percent_change,
    ratio_words,
)
from exclusions.story.sentences import _s, withheld_notes

if TYPE_CHECKING:
    from exclusions.story.compose import Sentence

PHASE_NAMES = {phase: f"{school}s" for phase, school in SCHOOL.items()}


def phase_split(f: Fact, area: Area) -> Sentence | None:
    """Which phases the exclusions came from, biggest first; phases with none at the end."""
    m, total = f.subject.measure, f.value.count
    shares = [x for x in f.detail.get("shares", []) if x.get("count") is not None]
    if m == "one_plus_susp" or not shares or not total:
        return None
    shares.sort(key=lambda x: -float(x["count"]))
    some = [x for x in shares if float(x["count"])]
    zero = [_phase(x).removesuffix(" schools") for x in shares if not float(x["count"])]
    none = f"{join_list(zero)} schools" if zero else "-"
    noun = WORDS[m][0]
    if len(some) == 1 and float(some[0]["count"]) == total:
        where, rate = _phase(some[0]), _rate(some[0], first=True)
        if total == 1:
            sentence = f"{area.Poss} only {noun} was in {where[:-1]}{rate}"
        else:
            sentence = f"All {_of_total(total, area, noun)} were in {where}{rate}"
    else:
        top, rest = some[0], some[1:]
        sentence = (
            f"{_phase(top).capitalize()} accounted for {number(float(top['count']))} of "
            f"{_total(total, area, noun)}{_rate(top, first=True)}"
        )
        if rest:
            parts = [f"{_phase(x)} for {number(float(x['count']))}{_rate(x)}" for x in rest]
            sentence += ", " + join_list(parts)
    if none != "-":
        sentence += f"; {none} had none"
    return _s(sentence + ".", f)


def _total(total: float, area: Area, noun: str) -> str:
    """The total after "accounted for 24 of": "Bury's 26 permanent exclusions", or "England's
    estimated 5,741 permanent exclusions" when DfE's total is not whole (``estimated``)."""
    if estimated(total):
        return f"{area.poss} estimated {figure(total)} {noun}s"
    return f"{area.poss} {count_phrase(total, noun)}"


def _of_total(total: float, area: Area, noun: str) -> str:
    """The total after "All": "26 of Bury's permanent exclusions", or "of Brent's estimated
    46 permanent exclusions" when not whole."""
    if estimated(total):
        return f"of {_total(total, area, noun)}"
    return f"{number(total)} of {area.poss} {noun}s"


def _phase(share: dict[str, object]) -> str:
    return PHASE_NAMES.get(str(share["phase"]), str(share["phase"]))


def _rate(share: dict[str, object], first: bool = False) -> str:
    rate = share.get("rate")
    if not isinstance(rate, int | float) or not share.get("count"):
        return ""
    if rate >= 100:
        # Suspensions can outnumber pupils; "218.88 per cent of their pupils" reads as nonsense.
        return f" ({percent(rate).removesuffix(' per cent')} for every 100 pupils)"
    return f" (a rate of {percent(rate)} of their pupils)" if first else f" ({percent(rate)})"


WITHHELD = {"perm_excl": "permanent exclusions", "susp": "suspensions",
            "one_plus_susp": "pupils suspended at least once"}  # fmt: skip


def withheld(profile: Profile, area: Area) -> list[Sentence]:
    """A sentence for each measure with a withheld figure, never a claim from it."""
    by_measure: dict[str, list[tuple[str, str, str]]] = {}
    for measure, phase, year, why in withheld_notes(profile):
        by_measure.setdefault(measure, []).append((phase, year, why))
    out = []
    for measure, items in by_measure.items():
        anchor = next((f for f in profile.facts if f.subject.measure == measure
                       and f.kind in ("phase_split", "level")), None)  # fmt: skip
        if anchor is None or measure not in WORDS:
            continue
        phases = join_list([PHASE_NAMES.get(p, p) for p, _, _ in items])
        reason = (
            "withheld to protect pupils' privacy"
            if any("privacy" in why for _, _, why in items)
            else "not published"
        )
        where = area.all_phases.where
        out.append(
            _s(
                f"Figures on {WITHHELD[measure]} for {phases} {where} in {items[0][1]} were "
                f"{reason}.",
                anchor,
            )
        )
    return out


def national(f: Fact, area: Area) -> Sentence | None:
    """England's level and change (skipped in England's own story, where it is the body)."""
    c, v, d = f.comparison, f.value, f.detail
    if area.level == "national" or d.get("is_self") or c is None or v.rate is None:
        return None
    if f.subject.measure == "one_plus_susp" or c.benchmark_value.rate is None:
        return None
    ch = d["change"] if isinstance(d.get("change"), dict) else d  # older and newer shapes
    if "from_year" not in ch or "to_year" not in ch:
        return None
    y0, y1 = academic_year(int(ch["from_year"])), academic_year(int(ch["to_year"]))
    name = area.rate_name(f.subject.measure)
    subject = area.subject(f.subject.measure).lower()
    subject += f" in {area.school}s" if area.school else ""
    pc = c.percent_change
    if verdict(f) in SIGNIFICANT and pc is not None and (pc > 0) == (verdict(f) == "up"):
        return _s(
            f"Across England, {subject} {percent_change(pc)} between {y0} and {y1}, to "
            f"{number(v.count or 0)}, and the national {name} went from "
            f"{percent(c.benchmark_value.rate)} to {percent(v.rate)}.",
            f,
        )
    return _s(f"Across England, the {name} was little changed at {percent(v.rate)} in {y1}.", f)


CHARACTERISTICS = ("fsm", "sen_support", "ehc_plan")


def characteristics(profile: Profile, area: Area) -> list[Sentence]:
    """FSM and SEN disproportionality, as England figures with their year."""
    out: list[Sentence] = []
    said: set[str] = set()
    for measure in ("perm_excl", "susp"):
        for comparison in CHARACTERISTICS[:2]:
            f = next((x for x in profile.of_kind("characteristic") if x.subject.measure == measure
                      and x.detail.get("comparison") == comparison), None)  # fmt: skip
            if f is None:
                continue
            sentence = _characteristic(f, area, said)
            if sentence is not None:
                out.append(sentence)
    return out


def _characteristic(f: Fact, area: Area, said: set[str]) -> Sentence | None:
    c, v, d = f.comparison, f.value, f.detail
    if c is None or v.rate is None or c.benchmark_value.rate is None or not c.ratio:
        return None
    name = area.rate_name(f.subject.measure)
    year = academic_year(int(d["data_year"]))
    place = "England" if d.get("data_area") == "E92000001" else area.the
    where = f"In {place} in {year}, "
    if where in said:
        where = ""  # where and when are said once, then taken as read
    said.add(where)
    how = (
        f"{ratio_words(c.ratio)} that of"
        if verdict(f) in SIGNIFICANT
        else "broadly in line with that of"
    )
    return _s(
        f"{where}{d['label']} had a {name} of {percent(v.rate)}, "
        f"{how} {d['versus_label']} ({percent(c.benchmark_value.rate)}).",
        f,
    )


def reason(f: Fact, area: Area) -> Sentence | None:
    """The most common reason for a measure."""
    d, v = f.detail, f.value
    if d.get("rank") != 1 or v.count is None or v.denominator is None or v.rate is None:
        return None
    noun = WORDS[f.subject.measure][0]
    return _s(
        f"The most common reason given for {noun}s {area.where} in "
        f"{academic_year(int(d['data_year']))} was {d['label']}, cited in {number(v.count)} "
        f"of {number(v.denominator)} cases ({percent(v.rate, 0)}).",
        f,
    )


def about(profile: Profile, *, neighbours: bool = False) -> list[Sentence]:
    """Release, file, definitions and what suppression means (and statistical neighbours)."""
    levels = profile.of_kind("level") or profile.facts[:1]
    if not levels:
        return []
    f = levels[0]
    sources = sorted({(src.release, src.file) for x in levels for src in x.provenance[:2]})
    files = (
        join_list([f"{file} (release {release})" for release, file in sources]) if sources else ""
    )
    out = []
    if files:
        out.append(
            _s(
                "The figures come from the Department for Education's exclusion statistics, "
                f"file {files}.",
                *levels,
            )
        )
    if neighbours:
        out.append(
            _s(
                "Statistical neighbours are the councils the Department judges most like this "
                "area; their combined rate counts all their exclusions against all their "
                "pupils.",
                f,
            )
        )
    out += [
        _s(
            "A permanent exclusion means a pupil is removed from the school roll "
            "and may not return.",
            f,
        ),
        _s(
            "A suspension, formerly called a fixed-period exclusion, means a pupil is sent home "
            "for a set time, and a pupil may be suspended more than once.",
            f,
        ),
        _s(
            "Rates are given as a percentage of pupils on roll, the measure the Department uses.", f
        ),
        _s(
            "Where a figure could identify individual pupils the Department withholds it "
            "(suppression), "
            "and this story draws no conclusion from a withheld figure.",
            f,
        ),
        _s(
            "Differences and changes are described as real only when a statistical test rules out "
            "chance as the explanation.",
            f,
        ),
    ]
    return out
