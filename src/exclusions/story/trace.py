"""Trace numbers in a sentence back to the facts it came from."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from exclusions.facts.model import Fact
from exclusions.story import phrasing as p

# Figures ("1,201", "0.28", "2016/17") and number words ("nine", "third").
NUMBER = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:/\d\d)?|\b(?:one|two|three|four|five|six|seven|eight|nine|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b",
    re.IGNORECASE,
)
# Fixed phrases whose number words are not figures.
FIXED = re.compile(
    r"\bone or more\b|\bin every 10,000\b|\bfor every 100\b|\bper cent of\b|\bCOVID-19\b"
    r"|\(release \d{4}/\d\d\)",  # a release's name, not a figure
    re.IGNORECASE,
)


def numbers_in(text: str) -> list[tuple[int, int, str]]:
    """Each number in ``text`` as (start, end, token), fixed phrases excepted."""
    masked = FIXED.sub(lambda m: "_" * len(m.group()), text)
    return [(m.start(), m.end(), m.group().lower()) for m in NUMBER.finditer(masked)]


def _leaves(obj: Any, skip: frozenset[str] = frozenset({"provenance"})) -> Iterator[float]:
    if isinstance(obj, bool):
        return
    if isinstance(obj, int | float):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k not in skip:
                yield from _leaves(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            yield from _leaves(v)


def _try(fn: Callable[[], str]) -> str:
    try:
        return fn()
    except (ValueError, IndexError):
        return ""


@lru_cache(maxsize=1 << 16)
def phrasings(x: float) -> tuple[str, ...]:
    """Every house-style rendering of one number the story might print."""
    # Remembered: a year's stories share most figures (England's, the years, small counts).
    out = [
        _try(lambda: p.number(x)),
        _try(lambda: p.number(abs(x))),
        _try(lambda: p.percent(abs(x))),
        _try(lambda: p.percent(abs(x), 0)),
        _try(lambda: p.per_10000(abs(x))),
        _try(lambda: p.percentage_points(x)),
        _try(lambda: p.ratio_words(x)),
        _try(lambda: p.percent_change(x)),
    ]
    if float(x).is_integer():
        n = int(x)
        out.append(_try(lambda: p.ordinal_word(n)))
        if 1990 <= n <= 2100:
            out.append(p.academic_year(n))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _value_tokens(x: float) -> frozenset[str]:
    return frozenset(tok for t in phrasings(x) for _, _, tok in numbers_in(t))


def _rank_phrasings(fact: Fact) -> list[str]:
    d = fact.detail
    out = []
    for rank, of_n, tied in (
        (d.get("rank"), d.get("of_n"), d.get("tied_with", 0)),
        (d.get("region_rank"), d.get("region_of_n"), 0),
    ):
        if isinstance(rank, int) and isinstance(of_n, int):
            out.append(_rank_text(rank, of_n, int(tied)))
    return out


def _rank_text(rank: int, of_n: int, tied: int) -> str:
    try:
        return p.rank_phrase(rank, of_n, tied_with=tied)
    except ValueError:
        return ""


def fact_tokens(fact: Fact) -> set[str]:
    """Every number token a sentence may take from ``fact``."""
    cached = fact.__dict__.get("_tokens")
    if isinstance(cached, set):
        return cached
    tokens = set().union(*(_value_tokens(x) for x in set(_leaves(fact.to_dict()))))
    texts = _rank_phrasings(fact) + [s.release for s in fact.provenance]
    tokens.update(tok for t in texts for _, _, tok in numbers_in(t))
    fact.__dict__["_tokens"] = tokens
    return tokens


def untraced(text: str, facts: list[Fact]) -> list[str]:
    """Number tokens in ``text`` that none of ``facts`` accounts for."""
    allowed: set[str] = set()
    for f in facts:
        allowed |= fact_tokens(f)
    return [tok for _, _, tok in numbers_in(text) if tok not in allowed]


def source_of(token: str, facts: list[Fact]) -> Fact | None:
    """The first fact that accounts for ``token``."""
    return next((f for f in facts if token in fact_tokens(f)), None)
