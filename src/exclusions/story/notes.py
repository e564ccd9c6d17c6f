"""Source notes: where a published cell is, or where a group of cells read together is.

A story's md and html number one note per source cell ("exc_nat_region_la.csv (release
2022/23), line 10694, column perm_excl: 26"), so a reader checking a figure finds the very
cell it came from. Figures read from more than two rows (a series of years, a pool of
statistical neighbours, a league table) get one grouped note naming the rows instead of a
note per cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from exclusions.facts.model import Source


@dataclass(frozen=True)
class Note:
    """One footnote: a single cell, or a group of cells with a label saying what they are.

    Notes with the same key are the same note: a cell used by several sentences is one note.
    """

    key: tuple[object, ...]
    text: str
    cells: tuple[Source, ...] = field(default=(), compare=False)

    @classmethod
    def cell(cls, s: Source) -> Note:
        """The note for one published cell, with the value as published."""
        value = f": {s.text}" if s.text is not None and s.text != "" else ""
        text = f"{_file(s)}, line {s.line}, column {s.column}{value}"
        return cls(("cell", s.release, s.file, s.line, s.column), text, (s,))

    @classmethod
    def group(cls, label: str, cells: Sequence[Source], files: Iterable[str] = ()) -> Note:
        """A note for cells read together: the label, then each file's lines and columns.

        ``files`` names files whose rows are not listed (a league table of every LA).
        """
        where = "; ".join([*where_rows(cells), *files])
        text = f"{label}: {where}" if where else label
        return cls(("group", text), text, tuple(cells))


def _file(s: Source) -> str:
    return f"{s.file} (release {s.release})"


def _plural(word: str, items: Sequence[object]) -> str:
    return word if len(items) == 1 else word + "s"


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def where_rows(cells: Sequence[Source]) -> list[str]:
    """Each file's lines and columns, in order of first appearance: "f (release r), lines 1,
    2 and 3, columns perm_excl and headcount"."""
    files: dict[str, tuple[list[str], list[str]]] = {}
    for s in cells:
        lines, columns = files.setdefault(_file(s), ([], []))
        if str(s.line) not in lines:
            lines.append(str(s.line))
        if s.column not in columns:
            columns.append(s.column)
    return [
        f"{name}, {_plural('line', lines)} {_join(lines)}, {_plural('column', cols)} {_join(cols)}"
        for name, (lines, cols) in files.items()
    ]
