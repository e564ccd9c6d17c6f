"""Which published cells each number in a sentence was computed from.

Each fact's figures (``figures``) carry the notes of the cells they were computed from. A
number in the text is matched to the first figure of the sentence's facts that prints as it
and is not yet used in the sentence, so figures are listed in the order sentences print
them. See docs/story.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from exclusions.facts.model import Fact
from exclusions.story.cells import Cells
from exclusions.story.figures import figures
from exclusions.story.notes import Note
from exclusions.story.trace import numbers_in, source_of

Cited = tuple[int, int, str, tuple[Note, ...]]  # start, end, token, notes
WORD_END = re.compile(r"(?:-[a-z]+)+")  # "three-fifths": the note goes after the word


def cite(text: str, facts: Sequence[Fact]) -> list[Cited]:
    """Each number in ``text`` (a number word with the rest of its word: "three-fifths")
    with the notes of the cells it came from.

    A number no figure accounts for (which the sweep tests rule out) gets a note listing
    every cell of the fact that explains it, or of the sentence's first fact.
    """
    figs = [fig for f in facts for fig in figures(f)]
    used: set[int] = set()
    out: list[Cited] = []
    for start, end, token in numbers_in(text):
        rest = WORD_END.match(text, end) if token.isalpha() else None
        end = rest.end() if rest else end
        found = [i for i, (toks, _) in enumerate(figs) if token in toks]
        i = next((i for i in found if i not in used), found[0] if found else None)
        if i is None:
            fact = source_of(token, list(facts)) or facts[0]
            out.append((start, end, token, (Cells(fact).everything(),)))
            continue
        used.add(i)
        out.append((start, end, token, figs[i][1]))
    return out


def unsourced(text: str, facts: Sequence[Fact]) -> list[str]:
    """Numbers in ``text`` that no figure of ``facts`` accounts for, or only by every cell."""
    return [tok for _, _, tok, notes in cite(text, facts)
            if any(n.key[0] == "everything" for n in notes)]  # fmt: skip
