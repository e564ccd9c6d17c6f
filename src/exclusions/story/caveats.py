"""The notes under a story: the facts' caveats in house style, with names, not codes.

Caveats come from the facts engine and the geography tables, which speak in codes: measure
codes ("perm_excl"), GSS codes ("E06000060") and DfE's three-digit LA codes ("825"). A reader
gets words: measures by name, areas by the name a reporter uses, and a list of codes in
brackets ("new GSS codes (E08000020 to E08000037)") left out, since the sentence says what
changed without them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from exclusions.facts.model import Fact
from exclusions.story.area import Area
from exclusions.story.phrasing import count_phrase, ensure_clean, number

# Measure codes that reach the notes from the facts' caveats, in words.
MEASURES = {
    "perm_excl_rate": "permanent exclusion rate",
    "perm_excl": "permanent exclusions",
    "susp_rate": "suspension rate",
    "susp": "suspensions",
    "one_plus_susp_rate": "rate of pupils suspended at least once",
    "one_plus_susp": "pupils suspended at least once",
    "headcount": "pupils on roll",
}
MEASURE = re.compile(r"\b(" + "|".join(sorted(MEASURES, key=len, reverse=True)) + r")\b")
SMALL = re.compile(r"\b([Bb])ased on (\d+(?:\.\d+)?) case\(s\)")
# "the published total of 659.079": a total DfE published as a non-whole number (an estimate).
TOTAL = re.compile(r"\bpublished total of (\d[\d,]*\.\d+)")
DIGIT = re.compile(r"(?<![\w.,/-])(\d)(?![\w,/%-]|\.\d)")

GSS = re.compile(r"\b[EWSN]\d{8}\b")
INDEX_STYLE = re.compile(r", (?:City|County) of\b")
_CODE = r"(?:[EWSN]\d{8}|\d{3})"
# "(E08000020 to E08000037, E06000048 to E06000057)", "(835 and 838)"
CODE_LIST = re.compile(rf" \({_CODE}(?:(?:, | to | and ){_CODE})*\)")
NAMED_CODE = re.compile(rf"\b(DfE|GSS) code {_CODE}\b")  # "the DfE code 825 is unchanged"
MOVED = re.compile(rf"\bmoves from {_CODE} to {_CODE}\b")  # "the GSS code moves from A to B"


@lru_cache(maxsize=1024)
def house(note: str) -> str:
    """A caveat in house style: a capital, a full stop, numbers under ten in words, measures
    in words, and no list of area codes."""
    note = CODE_LIST.sub("", note)
    note = NAMED_CODE.sub(lambda m: f"{m[1]} code", note)
    note = MOVED.sub("changes", note)
    note = SMALL.sub(lambda m: f"{m[1]}ased on {count_phrase(_count(m[2]), 'case')}", note)
    note = TOTAL.sub(lambda m: f"published total, {number(_count(m[1]))},", note)
    note = DIGIT.sub(lambda m: number(int(m[1])), note)
    note = MEASURE.sub(lambda m: MEASURES[m[1]], note)
    note = note[0].upper() + note[1:]
    return ensure_clean(note if note.endswith(".") else note + ".")


def _count(text: str) -> float:
    """A count as the facts engine wrote it: "7", "7.35294", "5,741.02"."""
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() else value


def named(note: str, area: Area, raw_name: str, names: Callable[[str], str | None]) -> str:
    """The area as the story names it ("the North East", "Bristol"), and any other area's
    GSS code as its name (``names`` looks one up; a code it does not know stays)."""
    if raw_name != area.the and raw_name in note:
        # Not inside a longer name: "North East" is not "North East Lincolnshire".
        name = re.compile(rf"(?<!\bthe )\b{re.escape(raw_name)}\b(?! [A-Z])")
        note = name.sub(lambda _: area.the, note)
        note = note[0].upper() + note[1:]
    if GSS.search(note):
        note = GSS.sub(lambda m: _display(names(m[0])) or m[0], note)
    # Other areas by DfE's index-style names: "Bristol, City of" is Bristol.
    return INDEX_STYLE.sub("", note.replace("and The Humber", "and the Humber"))


def _display(name: str | None) -> str | None:
    return Area(Area.display(name), "local_authority").the if name else None


def footnotes(
    facts: Iterable[Fact], area: Area, raw_name: str, names: Callable[[str], str | None]
) -> list[str]:
    """Each distinct caveat of ``facts`` in house style, in order of first appearance; the
    caveat that a benchmark includes the area is left to the About section."""
    notes: list[str] = []
    for f in facts:
        for c in f.caveats:
            if c.kind == "benchmark_includes_area":
                continue
            text = named(house(c.text), area, raw_name, names)
            if text not in notes:
                notes.append(text)
    return notes
