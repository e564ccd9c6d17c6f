"""A fact's cells found by value, and the builder of its figures (see ``figures``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from exclusions.facts.model import Fact, Source, Value
from exclusions.story import phrasing as p
from exclusions.story.area import Area
from exclusions.story.notes import Note
from exclusions.story.trace import numbers_in

Figure = tuple[frozenset[str], tuple[Note, ...]]  # the tokens it prints as, and its notes

ROLES: dict[str, Callable[[Any], list[str]]] = {
    "count": lambda x: [p.number(x), p.number(abs(x))],
    "rate": lambda x: [p.percent(x), p.percent(x, 0), p.per_10000(x)],
    "ratio": lambda x: [p.ratio_words(x)],
    "change": lambda x: [p.percent_change(x)],
    "year": lambda x: [p.academic_year(int(x))],
    "number": lambda x: [p.number(x), p.ordinal_word(int(x))],
    "ordinal": lambda x: [p.ordinal_word(int(x))],
    "text": lambda x: [str(x)],
}
MEASURE_WORDS = {"perm_excl": "permanent exclusions", "susp": "suspensions",
                 "one_plus_susp": "pupils suspended at least once"}  # fmt: skip


@lru_cache(maxsize=1 << 16)
def tokens(role: str, x: float | str) -> frozenset[str]:
    """The number tokens a figure prints as in the given role ("rate": "0.09", "nine")."""
    try:
        texts = ROLES[role](x)
    except (ValueError, IndexError, TypeError):
        return frozenset()
    return frozenset(tok for t in texts for _, _, tok in numbers_in(t))


def value_of(text: str | None) -> float | None:
    """A cell's published text as a number, or None ("c", "x", empty)."""
    try:
        return float(text.replace(",", "")) if text else None
    except ValueError:
        return None


def same(a: object, b: object) -> bool:
    """Whether two figures are the same number (a cell's value and a fact's, which the
    facts engine read from the same text, so they are equal, not merely close)."""
    return a == b and a is not None


class Cells:
    """A fact's cells, to find the ones a figure was read from by value."""

    def __init__(self, fact: Fact) -> None:
        """The fact's provenance with each cell's value."""
        self.fact = fact
        self.cells = fact.provenance
        self.values = [value_of(s.text) for s in self.cells]

    def one(self, x: float | None) -> Source | None:
        """The first cell published as ``x``."""
        return next((s for s, v in zip(self.cells, self.values, strict=True) if same(v, x)), None)

    def pair(self, count: float | None, denominator: float | None) -> tuple[Source, Source] | None:
        """The count and denominator cells of one figure, from the same row if there is one."""
        found: tuple[Source, Source] | None = None
        for i, (s, v) in enumerate(zip(self.cells, self.values, strict=True)):
            if not same(v, count):
                continue
            for t, w in zip(self.cells[i + 1 :], self.values[i + 1 :], strict=True):
                if same(w, denominator):
                    if (t.release, t.file, t.line) == (s.release, s.file, s.line):
                        return s, t
                    found = found or (s, t)
        return found

    def rows(self) -> list[list[Source]]:
        """The cells in runs from the same row, in order (a history fact's years)."""
        out: list[list[Source]] = []
        for s in self.cells:
            if out and (out[-1][0].release, out[-1][0].file, out[-1][0].line) == (
                s.release, s.file, s.line):  # fmt: skip
                out[-1].append(s)
            else:
                out.append([s])
        return out

    def everything(self) -> Note:
        """The note of last resort: every cell of the fact."""
        note = Note.group("The figures behind this statement", self.cells)
        return Note(("everything", *note.key), note.text, note.cells)


def side(cells: Cells, v: Value) -> tuple[tuple[Note, ...], tuple[Note, ...]]:
    """The notes of a value's count, and of its rate (count and denominator cells)."""
    found = cells.pair(v.count, v.denominator)
    if found is not None:
        count = Note.cell(found[0])
        return (count,), (count, Note.cell(found[1]))
    one = cells.one(v.count)
    if one is not None:
        return (Note.cell(one),), (Note.cell(one),)
    published = cells.one(v.published_rate)
    everything = (cells.everything(),)
    return everything, (Note.cell(published),) if published is not None else everything


class Builder:
    """A fact's figures, in the order its sentences print them."""

    def __init__(self, fact: Fact) -> None:
        """Nothing listed yet."""
        self.fact, self.cells, self.figures = fact, Cells(fact), list[Figure]()
        s = fact.subject
        self.area = Area(Area.display(s.area_name), s.level, s.phase)

    def add(self, role: str, x: float | str | None, *notes: Note) -> None:
        """A figure, unless its value is missing."""
        if x is not None and not isinstance(x, bool) and notes:
            unique = tuple({n.key: n for n in notes}.values())
            self.figures.append((tokens(role, x), unique))

    def what(self, measure: str, whose: bool = True) -> str:
        """ "Bury's secondary school suspensions" (without "Bury's" unless ``whose``)."""
        school = f"{self.area.school} " if self.area.school else ""
        words = f"{school}{MEASURE_WORDS.get(measure, measure)}"
        return f"{self.area.poss} {words}" if whose else words

    def releases(self) -> None:
        """Each release a fact read, for "(release 2022/23)": its first cell."""
        seen: dict[str, Source] = {}
        for s in self.fact.provenance:
            seen.setdefault(s.release, s)
        for release, s in seen.items():
            self.add("text", release, Note.cell(s))


def subject(b: Builder) -> None:
    """The count, year and rate of the fact's subject."""
    count, rate = side(b.cells, b.fact.value)
    b.add("count", b.fact.value.count, *count)
    b.add("year", b.fact.subject.year, *count)
    b.add("rate", b.fact.value.rate, *rate)
