"""Story benchmark: every LA's story for a year, against a naive per-area pandas loop.

Targets (issue 4): the text stories of all LAs for one year, with their facts, in < 2 s;
the same with SVG charts in < 60 s; >= 20x faster than a naive loop, measured in the same
run.

What is timed. The store is loaded, closed and opened again read-only, as a ``stories`` run
finds it, and the facts data is read from it once: both are reported, not counted. A text pass
then builds each LA's profile (every fact), composes its story and renders it as text, in
memory; the first pass starts with the facts engine's caches empty, and the target is checked
on the median of ``--repeat`` passes. The chart pass does the same with three SVG charts per
story rendered by vl-convert from an empty chart cache, as HTML.

The naive loop is what a script without the store and engine does for each LA: read the raw
files with pandas (the 2022/23 headline CSV, the 2016/17 reasons and national characteristics
CSVs, the statistical neighbours workbook and the LA list), filter them for the area, its
region, its neighbours, England and earlier years, run the same tests and write the same
sentences with the same house-style helpers: levels, phase split, the changes on last year and
five years before, rank, the comparisons with England, the region and the neighbours, the
national picture, characteristics and reasons. It leaves out what needs a whole series or the
funnel limits (records, runs, peaks, outliers) and the choosing and ordering of sentences, so
it does less than the engine. Every sentence it writes is checked to be one the engine wrote
for the same facts: in the story, or among those it weighed and left out.

Usage: .venv/bin/python benchmarks/bench_story.py [--year 2022/23] [--repeat 3] [--markdown F]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from exclusions.stats.compare import change_test, compare_to_benchmark, percent_change
from exclusions.stats.compare import rate_ratio as ratio_test
from exclusions.story import phrasing as p
from exclusions.story.area import Area

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
HEADLINE = SHARED / "dfe" / "2022-23" / "exc_nat_region_la.csv"
REASONS = SHARED / "dfe" / "2016-17" / "exclusions_by_reason.csv"
CHARACTERISTICS = SHARED / "dfe" / "2016-17" / "nat_char_prep.csv"
NEIGHBOURS = SHARED / "lookups" / "statistical_neighbours_may_2025.xlsx"
LAS = SHARED / "lookups" / "las.csv"
COUNT_COLUMN = {"perm_excl": "perm_excl", "susp": "suspension", "one_plus_susp": "one_plus_susp"}
PHASE_ROWS = {"primary": "State-funded primary", "secondary": "State-funded secondary",
              "special": "Special"}  # fmt: skip
REASON_LABELS = {
    "physical_pupils": "physical assault against a pupil",
    "physical_adult": "physical assault against an adult",
    "verbal_pupil": "verbal abuse or threatening behaviour against a pupil",
    "verbal_adult": "verbal abuse or threatening behaviour against an adult",
    "bullying": "bullying",
    "racist_abuse": "racist abuse",
    "sexual_misconduct": "sexual misconduct",
    "drug_alcohol": "drug and alcohol related",
    "damage": "damage to property",
    "theft": "theft",
    "persistent_disruptive": "persistent disruptive behaviour",
    "other": "other reasons",
}
# (measure column, group, versus group) in nat_char_prep.csv, with the story's labels.
GROUPS = [
    ("FSM eligible", "pupils eligible for free school meals",
     "FSM not eligible", "pupils not eligible for free school meals"),
    ("SEN without a statement or EHC", "pupils receiving SEN support",
     "No SEN", "pupils with no special educational needs"),
]  # fmt: skip


READ_S: dict[str, float] = {}  # seconds the naive loop spends reading each file


def _read(path: Path, **kwargs: Any) -> Any:
    import pandas as pd

    t = time.perf_counter()
    if path.suffix == ".xlsx":
        found = pd.read_excel(path, header=None, **kwargs)
    else:
        found = pd.read_csv(path, dtype=str, encoding="utf-8-sig", **kwargs)
    READ_S[path.name] = READ_S.get(path.name, 0.0) + time.perf_counter() - t
    return found


def _num(row: Any, column: str) -> float | None:
    try:
        return float(row[column])
    except (TypeError, ValueError):
        return None  # a suppression symbol


def naive_story(la_code: str, year: int) -> list[str]:
    """The story's sentences for one LA, from the raw files read afresh."""
    df = _read(HEADLINE)
    tp, last = f"{year}{(year + 1) % 100:02d}", f"{year - 1}{year % 100:02d}"
    five = f"{year - 5}{(year - 4) % 100:02d}"
    y0, y1 = p.academic_year(year - 1), p.academic_year(year)
    las = df[(df.geographic_level == "Local authority") & (df.school_type == "Total")]
    now = las[las.time_period == tp]
    la = df[(df.geographic_level == "Local authority") & (df.new_la_code == la_code)]
    me = now[now.new_la_code == la_code].iloc[0]
    area = Area(Area.display(me.la_name), "local_authority")
    # A renumbered LA keeps its three-digit code, so earlier years are found by that.
    series = las[las.old_la_code == me.old_la_code].set_index("time_period")
    eng = df[(df.geographic_level == "National") & (df.school_type == "Total")]
    england, eng_before = eng[eng.time_period == tp].iloc[0], eng[eng.time_period == last].iloc[0]
    regions = df[(df.geographic_level == "Regional") & (df.school_type == "Total")]
    region = regions[(regions.time_period == tp) & (regions.region_code == me.region_code)]
    region = region.iloc[0] if len(region) else None
    neighbours = _neighbours(me.old_la_code, la_code, now)

    out: list[str] = []
    for m, col in COUNT_COLUMN.items():
        count, head = _num(me, col), _num(me, "headcount")
        if count is None or not head:
            continue
        rate = count / head * 100
        out.append(_level(area, m, count, rate, y1))
        for bench, kind in ((england, "versus_england"), (region, "versus_region")):
            bc, bh = (None, None) if bench is None else (_num(bench, col), _num(bench, "headcount"))
            if bc is not None and bh:
                r = compare_to_benchmark(count, head, bc, bh, includes_area=True, confidence=0.95)
                phrase = area.benchmark(kind, None if bench is None else bench.region_name)
                out += _versus(area, m, rate, bc / bh * 100, r.verdict, phrase)
        pooled = [(c, h) for c, h in ((_num(n, col), _num(n, "headcount")) for n in neighbours)
                  if c is not None and h]  # fmt: skip
        if pooled:
            nc, nh = sum(c for c, _ in pooled), sum(h for _, h in pooled)
            r = ratio_test(count, head, nc, nh, confidence=0.95)
            phrase = area.benchmark("versus_neighbours")
            out += _versus(area, m, rate, nc / nh * 100, r.verdict, phrase)
        out += _rank(area, m, now, la_code, col)
        for when, then in ((last, y0), (five, p.academic_year(year - 5))):
            if when not in series.index:
                continue
            pc, ph = _num(series.loc[when], col), _num(series.loc[when], "headcount")
            if pc is not None and ph:
                test = change_test(pc, ph, count, head)
                change = percent_change(pc, count) if pc > 0 else None
                out += _change(area, m, (pc, ph), (count, head), test.verdict, change, then, y1,
                               years=1 if when == last else 5)  # fmt: skip
        if m != "one_plus_susp":
            out += _phases(area, m, count, la[la.time_period == tp], col)
            ec, eh = _num(england, col), _num(england, "headcount")
            pc, ph = _num(eng_before, col), _num(eng_before, "headcount")
            assert ec is not None and eh and pc is not None and ph
            verdict = change_test(pc, ph, ec, eh).verdict
            change = percent_change(pc, ec)
            out.append(_national(area, m, (pc, ph), (ec, eh), verdict, change, y0, y1))
    out += _characteristics(_read(CHARACTERISTICS), min(year, 2016))
    out += _reasons(area, _read(REASONS), me.old_la_code, la_code, series[series.index <= tp])
    return out


def _neighbours(old_code: str, la_code: str, now: Any) -> list[Any]:
    """This year's rows for the LA's statistical neighbours, in the model's order."""
    table = _read(NEIGHBOURS)
    row = table[table[0].astype(str) == old_code]
    if row.empty:
        return []
    # The facts engine names each neighbour by its live GSS code in las.csv, so an LA renumbered
    # since the year (Barnsley, Sheffield, Somerset, North Yorkshire) has no figure and is left
    # out of the pool; the naive loop does the same so that the sentences can be compared.
    las = _read(LAS)
    las = las[las.status == "live"]
    live = dict(zip(las.old_la_code, las.new_la_code, strict=True))
    if live.get(old_code) != la_code:
        return []  # so the LA itself, renumbered since, has no neighbours either
    found = []
    for column in range(5, 25, 2):  # SN1, SNP, SN2, SNP, ...: each code, then its closeness
        code = live.get(str(row.iloc[0][column]))
        rows = now[now.new_la_code == code]
        if len(rows):
            found.append(rows.iloc[0])
    return found


def _rank(area: Any, m: str, now: Any, la_code: str, col: str) -> list[str]:
    """The LA's place among all LAs, and in its region, as the story says it."""
    import pandas as pd

    counts = pd.to_numeric(now[col], errors="coerce")
    pupils = pd.to_numeric(now.headcount, errors="coerce")
    usable = counts.notna() & (pupils > 0)
    rates = (counts / pupils)[usable]
    codes, regions = now.new_la_code[usable], now.region_code[usable]
    if not (codes == la_code).any():
        return []
    mine = float(rates[codes == la_code].iloc[0])
    region = regions[codes == la_code].iloc[0]
    rank, tied, n = int((rates > mine).sum()) + 1, int((rates == mine).sum()) - 1, len(rates)
    scope = f"among England's {p.number(n)} local authorities"
    place = p.rank_phrase(rank, n, tied_with=tied, scope=scope, noun="" if mine else "rate")
    if mine:
        text = f"{area.Poss} {area.rate_name(m)}, {p.percent(mine * 100)}, was {place}"
    else:
        none = "no pupils suspended" if m == "one_plus_susp" else f"no {area.noun(m)}s"
        text = f"With {none}, {area.the} had {place}"
    peers = rates[regions == region]
    if len(peers) >= 3:
        rr, rn = int((peers > mine).sum()) + 1, len(peers)
        name = now.region_name[codes == la_code].iloc[0]
        the = Area(Area.display(name), "regional").the
        text += ", and " + p.rank_phrase(rr, rn, tied_with=0 if mine else rn - rr, noun="",
                                         scope=f"of {p.number(rn)} in {the}")  # fmt: skip
    return [text + "."]


def _level(area: Any, m: str, count: float, rate: float, year: str) -> str:
    if m == "one_plus_susp":
        was = "was" if count == 1 else "were"
        share = f", {p.percent(rate)} of pupils on roll" if count else ""
        pupils = p.count_phrase(count, "pupil")
        return f"In {year}, {pupils} {area.where} {was} suspended at least once{share}."
    noun = area.noun(m)
    recorded = f"Schools in {area.the} recorded {p.count_phrase(count, noun)} in {year}"
    if not count:
        return recorded + "."
    tail = f", or {p.per_10000(rate)}" if 0 < rate < 1 else ""
    return f"{recorded}, a rate of {p.percent(rate)} of pupils on roll{tail}."


def _versus(area: Any, m: str, rate: float, bench: float, verdict: str, phrase: str) -> list[str]:
    name, br = area.rate_name(m), p.percent(bench)
    if verdict in ("higher", "lower") and rate > 0:
        return [f"{area.Poss} {name} was {p.ratio_words(rate / bench)} {phrase} ({br})."]
    if verdict == "no real difference" and rate == 0:
        none = "no pupils suspended" if m == "one_plus_susp" else f"no {area.noun(m)}s"
        return [f"Given the number of pupils {area.where}, having {none} is broadly in line with "
                f"{phrase} ({br})."]  # fmt: skip
    if verdict == "no real difference":
        return [f"{area.Poss} {name}, {p.percent(rate)}, was broadly in line with {phrase} ({br})."]
    return []


def _change(
    area: Any,
    m: str,
    old: tuple[float, float],
    new: tuple[float, float],
    verdict: str,
    pc: float | None,
    y0: str,
    y1: str,
    years: int = 1,
) -> list[str]:
    r0, r1 = old[0] / old[1] * 100, new[0] / new[1] * 100
    before, now = p.percent(r0), p.percent(r1)
    name, subject = area.rate_name(m), area.subject(m)
    if verdict not in ("up", "down"):
        if years > 1:
            return []  # the story says only real changes over five years
        if not old[0] and not new[0]:
            none = "no pupils suspended" if m == "one_plus_susp" else f"no {area.noun(m)}s"
            return [f"There were also {none} {area.where} in {y0}."]
        if before == now:
            return [f"{area.Poss} {name} was unchanged at {now} between {y0} and {y1}."]
        moved = "rise" if r1 > r0 else "fall"
        return [f"The {moved} in {area.poss} {name} between {y0} and {y1}, from {before} to "
                f"{now}, is small enough to be chance, so the rate is best described as little "
                "changed."]  # fmt: skip
    went = "rose" if verdict == "up" else "fell"
    if pc is not None and (pc > 0) == (went == "rose"):
        if years > 1:
            return [f"Over {p.number(years)} years, {subject[0].lower()}{subject[1:]} "
                    f"{area.where} {p.percent_change(pc)}, from {p.number(old[0])} in {y0} to "
                    f"{p.number(new[0])} in {y1}, and the rate {went} from {before} to "
                    f"{now}."]  # fmt: skip
        return [f"{subject} {area.where} {p.percent_change(pc)} between {y0} and {y1}, from "
                f"{p.number(old[0])} to {p.number(new[0])}, and the rate {went} from {before} to "
                f"{now}."]  # fmt: skip
    return [f"{area.Poss} {name} {went} from {before} in {y0} to {now} in {y1}."]


def _phases(area: Any, m: str, total: float, rows: Any, col: str) -> list[str]:
    shares = []
    for phase, label in PHASE_ROWS.items():
        row = rows[rows.school_type == label]
        if len(row):
            count, head = float(row.iloc[0][col]), float(row.iloc[0].headcount)
            shares.append((f"{phase} schools", count, count / head * 100 if head else None))
    if not total or not shares:
        return []
    shares.sort(key=lambda x: -x[1])
    some = [s for s in shares if s[1]]
    zero = [s[0].removesuffix(" schools") for s in shares if not s[1]]
    noun = area.noun(m)

    def rate(s: tuple[str, float, float | None], first: bool = False) -> str:
        if s[2] is None:
            return ""
        return (
            f" (a rate of {p.percent(s[2])} of their pupils)" if first else f" ({p.percent(s[2])})"
        )

    if len(some) == 1 and some[0][1] == total:
        if total == 1:
            text = f"{area.Poss} only {noun} was in {some[0][0][:-1]}{rate(some[0], True)}"
        else:
            where = f"{some[0][0]}{rate(some[0], True)}"
            text = f"All {p.number(total)} of {area.poss} {noun}s were in {where}"
    else:
        top = some[0]
        text = (f"{top[0].capitalize()} accounted for {p.number(top[1])} of {area.poss} "
                f"{p.count_phrase(total, noun)}{rate(top, True)}")  # fmt: skip
        if some[1:]:
            text += ", " + p.join_list([f"{s[0]} for {p.number(s[1])}{rate(s)}" for s in some[1:]])
    if zero:
        text += f"; {p.join_list(zero)} schools had none"
    return [text + "."]


def _national(
    area: Any,
    m: str,
    old: tuple[float, float],
    new: tuple[float, float],
    verdict: str,
    pc: float,
    y0: str,
    y1: str,
) -> str:
    r0, r1 = old[0] / old[1] * 100, new[0] / new[1] * 100
    if verdict in ("up", "down") and (pc > 0) == (verdict == "up"):
        return (f"Across England, {area.subject(m).lower()} {p.percent_change(pc)} between {y0} "
                f"and {y1}, to {p.number(new[0])}, and the national {area.rate_name(m)} went from "
                f"{p.percent(r0)} to {p.percent(r1)}.")  # fmt: skip
    return f"Across England, the {area.rate_name(m)} was little changed at {p.percent(r1)} in {y1}."


def _characteristics(df: Any, year: int) -> list[str]:
    """The national picture by pupil characteristic: the year's, or the latest (2016/17)."""
    rows = df[(df.year == f"{year}{(year + 1) % 100:02d}") & (df.school_type == "Total")]
    if rows.empty:
        return []
    out: list[str] = []
    for count_col, name in (("perm_excl", "permanent exclusion rate"),
                            ("fixed_excl", "suspension rate")):  # fmt: skip
        for group, label, versus, versus_label in GROUPS:
            a = rows[rows.characteristic_1 == group].iloc[0]
            b = rows[rows.characteristic_1 == versus].iloc[0]
            ac, an = float(a[count_col]), float(a.headcount)
            bc, bn = float(b[count_col]), float(b.headcount)
            r = ratio_test(ac, an, bc, bn)
            how = f"{p.ratio_words(r.ratio)} that of" if r.verdict in ("higher", "lower") else (
                "broadly in line with that of")  # fmt: skip
            where = "" if out else f"In England in {p.academic_year(year)}, "
            out.append(f"{where}{label} had a {name} of {p.percent(ac / an * 100)}, {how} "
                       f"{versus_label} ({p.percent(bc / bn * 100)}).")  # fmt: skip
    return [s[0].upper() + s[1:] for s in out]


def _reasons(area: Any, df: Any, old_code: str, new_code: str, series: Any) -> list[str]:
    mine = df[((df.old_la_code == old_code) | (df.new_la_code == new_code))
              & (df.school_type == "Total") & df.time_period.isin(series.index)]  # fmt: skip
    out = []
    for prefix, noun, total_col in (("perm_", "permanent exclusion", "perm_excl"),
                                    ("fixed_", "suspension", "suspension")):  # fmt: skip
        # The latest year with exclusions to share out among the reasons.
        for _, row in mine.sort_values("time_period", ascending=False).iterrows():
            counts = {}
            for column, label in REASON_LABELS.items():
                try:
                    counts[label] = float(row[prefix + column])
                except ValueError:
                    continue  # withheld
            try:
                # Shares are of all that year's exclusions (headline file), withheld included.
                total = float(series.loc[row.time_period, total_col])
            except (KeyError, ValueError):
                continue
            if not total or not counts:
                continue
            label, top = max(counts.items(), key=lambda kv: kv[1])
            if top > 0:  # a year whose reasons are all withheld or nil has no leading reason
                year = p.academic_year(int(row.time_period[:4]))
                out.append(f"The most common reason given for {noun}s {area.where} in {year} was "
                           f"{label}, cited in {p.number(top)} of {p.number(total)} cases "
                           f"({p.percent(top / total * 100, 0)}).")  # fmt: skip
            break
    return out


def engine_says(story: Any) -> tuple[str, set[str], str]:
    """The story's text, every sentence the engine wrote for its facts (before choosing the
    ones with news value) and how it names the area's possessions ("Bury's")."""
    from exclusions.story.sentences import describe

    assert story.profile is not None
    area = Area.of(story.profile)
    said = {s.text for f in story.profile.facts if (s := describe(f, area)) is not None}
    return " ".join(s.text for s in story.sentences()), said, area.Poss


def appears(sentence: str, story: Any, *, weighed: bool = True) -> bool:
    """Whether the engine wrote ``sentence``: in the story, allowing for how it joins
    sentences, or among the sentences it weighed for it."""
    text, said, poss = engine_says(story)
    forms = [sentence]
    if sentence.startswith(poss + " "):
        forms.append("The " + sentence[len(poss) + 1 :])  # "Bury's rate" said again: "The rate"
    told = any(f in text or f[:-1] + ", and " in text for f in forms)
    return told or (weighed and sentence in said)


def _time(fn: Callable[[], T]) -> tuple[float, T]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--year", default="2022/23")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--charts-limit", type=int, help="chart pass for the first N LAs only")
    parser.add_argument("--no-charts", action="store_true", help="skip the chart pass")
    parser.add_argument("--markdown", type=Path, help="write the results table to FILE")
    args = parser.parse_args()

    from exclusions import Store
    from exclusions.facts.api import fact_data
    from exclusions.facts.profile import build_profile
    from exclusions.story.charts import clear_cache, load_boundaries
    from exclusions.story.compose import compose_profile
    from exclusions.story.render import to_html, to_text
    from exclusions.years import parse_year

    year = parse_year(args.year)
    rows: list[tuple[str, str, str]] = [("load average at start", _loadavg(), "")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        # Loaded, then closed and opened afresh, as a `stories` run finds a loaded store.
        with Store(path) as fresh:
            load_s, _ = _time(lambda: fresh.load([SHARED]))
        gc.collect()
        store = Store(path, read_only=True)
        data_s, data = _time(lambda: fact_data(store))
        bounds = load_boundaries(store)
        las = [data.areas[c] for c in data.local_authorities(year)]

        def text_pass() -> tuple[float, float, list[Any]]:
            facts_s = story_s = 0.0
            stories = []
            for la in las:
                t0 = time.perf_counter()
                profile = build_profile(data, la, year)
                t1 = time.perf_counter()
                story = compose_profile(profile, data)
                to_text(story)
                facts_s, story_s = facts_s + t1 - t0, story_s + time.perf_counter() - t1
                stories.append(story)
            return facts_s, story_s, stories

        passes: list[tuple[float, float]] = []
        for _ in range(args.repeat):
            facts_s, story_s, stories = text_pass()  # the last pass's stories are kept
            passes.append((facts_s, story_s))
        totals = [f + s for f, s in passes]
        text_s = statistics.median(totals)
        rows += [
            ("store load (11 files, once)", f"{load_s:.2f} s", ""),
            ("facts data load (once per process)", f"{data_s:.2f} s", ""),
            (f"{len(las)} LA text stories, first pass (facts / story)",
             f"{totals[0]:.2f} s ({passes[0][0]:.2f} / {passes[0][1]:.2f})", ""),
            (f"{len(las)} LA text stories, median of {args.repeat} (facts / story)",
             f"**{text_s:.2f} s** ({statistics.median(p[0] for p in passes):.2f} / "
             f"{statistics.median(p[1] for p in passes):.2f})", "< 2 s"),
        ]  # fmt: skip
        charts_s = None
        if not args.no_charts:
            chart_las = las[: args.charts_limit] if args.charts_limit else las
            clear_cache()

            def chart_pass() -> None:
                for la in chart_las:
                    story = compose_profile(
                        build_profile(data, la, year), data, charts=True, bounds=bounds
                    )
                    to_html(story)

            charts_s, _ = _time(chart_pass)
            rows.append((f"{len(chart_las)} LA HTML stories with three SVG charts each",
                         f"**{charts_s:.1f} s**", "< 60 s"))  # fmt: skip
        store.close()

    naive_s, naive = _time(lambda: [naive_story(la.code, year) for la in las])
    said = missing = told = 0
    for la, story, sentences in zip(las, stories, naive, strict=True):
        for sentence in sentences:
            said += 1
            told += appears(sentence, story, weighed=False)
            if not appears(sentence, story):
                missing += 1
                print(f"naive sentence not in {la.name}'s story: {sentence}", file=sys.stderr)
    total_sentences = sum(len(s.sentences()) for s in stories)
    ratio = naive_s / text_s
    rows += [
        (f"naive pandas loop, {len(las)} LAs: {said:,} sentences, {told:,} of them among the "
         f"stories' {total_sentences:,}, the rest weighed and left out; {missing} the engine "
         "did not write", f"{naive_s:.1f} s", ""),
        ("… of which reading the files: " + ", ".join(f"{k} {v:.1f} s" for k, v in READ_S.items()),
         f"{sum(READ_S.values()):.1f} s", ""),
        ("speed-up, engine vs naive loop", f"**{ratio:.1f}×**", "≥ 20×"),
        ("load average at end", _loadavg(), ""),
    ]  # fmt: skip
    table = "| run | result | target |\n|---|---:|---|\n" + "\n".join(
        f"| {a} | {b} | {c} |" for a, b, c in rows
    )
    print(table)
    if args.markdown:
        args.markdown.write_text(table + "\n")
    ok = text_s < 2 and (charts_s is None or charts_s < 60) and ratio >= 20 and not missing
    if not ok:
        print("FAIL: a target was missed", file=sys.stderr)
    return 0 if ok else 1


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return f"{os.getloadavg()[0]:.2f}"


if __name__ == "__main__":
    raise SystemExit(main())
