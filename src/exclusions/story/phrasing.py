"""House style for comparisons: changes, ratios and ranks in words, and a check on every sentence.

The number formatters live in ``numbers`` and are re-exported here, so story code needs one
import. Like them, every function here is pure and raises ValueError on NaN, infinity or None.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Final

from exclusions.story import numbers as _numbers
from exclusions.story.numbers import (
    WORDS,
    academic_year,
    join_list,
    ordinal,
    ordinal_word,
    per_10000,
    percent,
    percentage_points,
    plural,
    round_half_up,
    to_decimal,
)

__all__ = [
    "FORBIDDEN",
    "RATIO_BANDS",
    "academic_year",
    "capitalise_number",
    "count_phrase",
    "ensure_clean",
    "estimated",
    "figure",
    "join_list",
    "number",
    "ordinal",
    "ordinal_word",
    "per_10000",
    "percent",
    "percent_change",
    "percentage_points",
    "plural",
    "rank_phrase",
    "ratio_words",
    "sentence_start_number",
]


# --- counts ------------------------------------------------------------------------------------
# A few counts in DfE's files are not whole numbers: DfE's estimates for 2006/07 to 2009/10
# (permanent exclusions of a handful of LAs, and the regional and national totals that add
# them up, e.g. England's 5741.02 in 2009/10; every LA's permanent exclusions by reason).
# The store keeps them as published and the source notes quote them; the prose rounds them
# half up to a whole number, as DfE's tables show counts, and says they are estimates.


def estimated(n: float) -> bool:
    """Whether a count is not a whole number, so can only be an estimate.

    >>> estimated(5741.02), estimated(5741.0), estimated(26)
    (True, False, False)
    """
    d = to_decimal(n)
    return d != d.to_integral_value()


def _whole(n: float) -> str:
    """A non-whole count rounded half up: the figure or word, "less than one" below a half."""
    rounded = round_half_up(abs(to_decimal(n)))
    return "less than one" if rounded == 0 else _numbers.number(int(rounded))


@lru_cache(maxsize=1 << 14, typed=True)
def number(n: float) -> str:
    """A quantity in house style: words under ten, figures with commas from ten; a count
    that is not a whole number as "an estimated" whole number (never "5,741.0").

    >>> number(9), number(786961), number(5741.0), number(5741.02), number(7.5)
    ('nine', '786,961', '5,741', 'an estimated 5,741', 'an estimated eight')
    """
    if not estimated(n):
        return _numbers.number(n)
    text = _whole(n)
    if text == "less than one":
        return text  # no sign: a magnitude below a half
    return ("an estimated " if n > 0 else "minus an estimated ") + text


def figure(n: float) -> str:
    """As ``number`` without "an estimated", for a sentence that says so once for several.

    >>> figure(5741.02), figure(5741)
    ('5,741', '5,741')
    """
    return _whole(n) if estimated(n) else _numbers.number(n)


def capitalise_number(n: float) -> str:
    """A number to open a sentence: "Nine", "An estimated 5,741", or the figure to rephrase."""
    text = number(n)
    return text[0].upper() + text[1:]


sentence_start_number = capitalise_number


def count_phrase(n: float, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun: "no" for zero, words under ten, figures from ten, and "an
    estimated" before a count that is not whole.

    >>> count_phrase(0, "case"), count_phrase(26, "case"), count_phrase(7.35294, "case")
    ('no cases', '26 cases', 'an estimated seven cases')
    """
    if not estimated(n):
        return _numbers.count_phrase(n, singular, plural_form)
    if n < 0:
        raise ValueError(f"a count cannot be negative, not {n!r}")
    shown = round_half_up(to_decimal(n)) or 1  # "an estimated one exclusion", "less than one"
    return f"{number(n)} {plural(float(shown), singular, plural_form)}"


# --- percent change ----------------------------------------------------------------------------
# Phrases complete the predicate "Permanent exclusions in Bury ___ between 2021/22 and 2022/23",
# so each is a past-tense verb phrase that agrees with a singular or plural subject. Rises
# under 90 per cent and falls under 50 per cent keep the figure; beyond that multiples and
# fractions say it better, and the story gives the two counts alongside.
_MULTIPLES = {2: "doubled", 3: "tripled", 4: "quadrupled"}
# (fall greater than this many per cent, fraction fallen by), largest first.
_FALLS = (
    (Decimal(90), "nine-tenths"),
    (Decimal(75), "three-quarters"),
    (Decimal(200) / 3, "two-thirds"),
    (Decimal(50), "half"),
)


def percent_change(pc: float) -> str:
    """A percentage change as a past-tense verb phrase a reporter would write.

    >>> percent_change(34), percent_change(-22), percent_change(0.4), percent_change(150)
    ('rose by 34 per cent', 'fell by 22 per cent', 'remained almost unchanged', 'more than doubled')
    >>> percent_change(-55), percent_change(-100), percent_change(900)
    ('fell by more than half', 'fell to zero', 'rose tenfold')
    """
    d = to_decimal(pc, "a percentage change")
    if d < -100:
        raise ValueError(f"nothing can fall by more than 100 per cent, not {pc!r}")
    if d == 0:
        return "remained unchanged"
    if abs(d) < 1:
        return "remained almost unchanged"
    whole = int(round_half_up(abs(d)))
    if d < 0:
        if d == -100:
            return "fell to zero"
        if whole < 50:
            return f"fell by {whole} per cent"
        if whole == 50:
            return "halved"
        # whole > 50 here, so the fall is above 50 and one of these always matches.
        fraction = next(name for bound, name in _FALLS if -d > bound)
        return f"fell by more than {fraction}"
    if whole < 90:
        return f"rose by {whole} per cent"
    if whole < 100:
        return "almost doubled"
    times, extra = divmod(whole, 100)
    times += 1  # a rise of 100 per cent is two times the start
    more = "more than " if extra else ""
    if times in _MULTIPLES:
        return more + _MULTIPLES[times]
    fold = f"{WORDS[times]}fold" if times <= 10 else f"{times:,}-fold"
    return f"rose {more}{fold}"


# --- ratios ------------------------------------------------------------------------------------
# Phrases complete "a rate of 0.28 per cent, ___ the national average". The ratio is rounded
# half up to two decimal places, then looked up: each band is (highest ratio in hundredths,
# phrase), in ascending order, so a larger ratio never gets an earlier phrase. Fractions below
# one carry "of" ("about a quarter of the national average"); "half" needs none.
def _times(k: int) -> str:
    return "twice" if k == 2 else f"{WORDS[k]} times"


def _bands() -> tuple[tuple[int, str], ...]:
    bands = [
        (9, "less than a tenth of"),
        (12, "about a tenth of"),
        (17, "less than a fifth of"),
        (22, "about a fifth of"),
        (29, "about a quarter of"),
        (37, "about a third of"),
        (44, "about two-fifths of"),
        (55, "about half"),
        (62, "about three-fifths of"),
        (70, "about two-thirds of"),
        (79, "about three-quarters of"),
        (87, "lower than"),
        (95, "slightly lower than"),  # 0.95 is below 1/1.05, so it mirrors 1.05
        (104, "about the same as"),
        (114, "slightly higher than"),
        (122, "about a fifth higher than"),
        (128, "about a quarter higher than"),
        (136, "about a third higher than"),
        (139, "more than a third higher than"),
        (160, "about one and a half times"),
        (174, "more than one and a half times"),
        (194, "almost twice"),
    ]
    # From two to ten the pattern repeats: k times is k - 0.05 to k + 0.10, because a ratio
    # a shade under k reads as k but one over k + 0.10 is "more than". 2.5 is "about two and a
    # half times", not "almost three times": that would overstate it by a fifth.
    for k in range(2, 10):
        base = 100 * k
        bands += [
            (base + 10, _times(k)),
            (base + 39, f"more than {_times(k)}"),
            (base + 60, f"about {WORDS[k]} and a half times"),
            (base + 74, f"more than {WORDS[k]} and a half times"),
            (base + 94, f"almost {_times(k + 1)}"),
        ]
    return tuple(bands)


RATIO_BANDS: Final = _bands()


def ratio_words(r: float) -> str:
    """A ratio in words that fit "…a rate of 0.28 per cent, ___ the national average".

    >>> ratio_words(0.5), ratio_words(0.95), ratio_words(1.02), ratio_words(1.5)
    ('about half', 'slightly lower than', 'about the same as', 'about one and a half times')
    >>> ratio_words(2.0), ratio_words(2.9), ratio_words(3), ratio_words(10), ratio_words(12.5)
    ('twice', 'almost three times', 'three times', 'ten times', 'more than 12 times')
    """
    d = to_decimal(r, "a ratio")
    if d <= 0:
        # No multiple describes zero; the story should say the area had none.
        raise ValueError(f"a ratio must be positive, not {r!r}")
    hundredths = int(round_half_up(d * 100))
    for upper, phrase in RATIO_BANDS:
        if hundredths <= upper:
            return phrase
    # From ten up, halves and "almost" stop helping: k times, then more than k times.
    k = (hundredths + 5) // 100
    times = f"{WORDS[k]} times" if k <= 10 else f"{k:,} times"
    return times if hundredths - 100 * k <= 10 else f"more than {times}"


# --- ranks -------------------------------------------------------------------------------------
def rank_phrase(
    rank: int,
    of_n: int,
    *,
    highest: bool = True,
    scope: str = "in England",
    noun: str = "rate",
    tied_with: int = 0,
    nearest_end: bool = True,
) -> str:
    """A competition rank in prose, counted from whichever end of the table is nearer.

    >>> rank_phrase(1, 152), rank_phrase(3, 152)
    ('the highest rate in England', 'the third highest rate in England')
    >>> rank_phrase(148, 152)
    'the fifth lowest rate in England'
    >>> rank_phrase(92, 152, scope="of 152 councils", noun="", nearest_end=False)
    'the 92nd highest of 152 councils'
    >>> rank_phrase(3, 152, tied_with=1, scope="in the North West")
    'the joint third highest rate in the North West'
    """
    # ``rank`` counts from the highest value when ``highest`` (rank 1 = highest rate), else
    # from the lowest. ``tied_with`` is how many others share the rank (competition ranking:
    # 1, 2, 2, 4), so they are "joint". Nobody writes "the 150th highest": the place is counted
    # from the other end when that gives a smaller number, which without ties is rank > of_n / 2
    # (so 77th of 152 is "the 76th lowest"). From the other end a tied group's competition rank
    # is of_n - (rank + tied_with) + 1; a sole area stays "the highest".
    for name, value in (("rank", rank), ("of_n", of_n), ("tied_with", tied_with)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number, not {value!r}")
    if rank < 1 or tied_with < 0 or rank + tied_with > of_n:
        raise ValueError(f"no place {rank} (tied with {tied_with}) among {of_n}")
    end = "highest" if highest else "lowest"
    from_other_end = of_n - (rank + tied_with) + 1
    if nearest_end and from_other_end < rank:
        rank = from_other_end
        end = "lowest" if highest else "highest"
    place = end if rank == 1 else f"{ordinal_word(rank)} {end}"
    words = ("the", "joint" if tied_with else "", place, noun, scope)
    return " ".join(w for w in words if w)


# --- the check every sentence passes -------------------------------------------------------------
FORBIDDEN: Final[Mapping[str, re.Pattern[str]]] = MappingProxyType(
    {
        "nan": re.compile(r"\bnan\b", re.IGNORECASE),
        # "None of the councils..." is English; a None anywhere else is a leaked Python value.
        "None": re.compile(r"(?<!\A)(?<![.!?] )\bNone\b|\bNone\b(?! of\b)"),
        "inf": re.compile(r"\binf(?:inity)?\b", re.IGNORECASE),
        # Negative zero in any precision ("-0", "-0.00"), but not "-0.5" or "2016-07".
        "-0": re.compile(r"(?<![\w.])[-−]0(?![\d.]*[1-9])"),
        "()": re.compile(r"\(\s*\)"),
        "[]": re.compile(r"\[\s*\]"),
        "double space": re.compile(r"  "),
        "per cent per cent": re.compile(r"\bper cent\s+per cent\b", re.IGNORECASE),
        "%": re.compile(r"\d\s*%"),  # house style spells out "per cent"
        "percent": re.compile(r"\bpercent\b", re.IGNORECASE),  # one word is US style
        "{placeholder}": re.compile(r"\{[^{}]*\}"),  # a template field left unfilled
        "NaT or <NA>": re.compile(r"\bNaT\b|<NA>"),  # pandas' missing values
    }
)


# Every forbidden pattern, loosened to substrings that any match must contain, for lowercased
# printable ASCII text (where "\\s" can only be a space): a year's stories have 10,000
# sentences, and a few substring tests that almost always fail are much cheaper than twelve
# regular expressions. Other text gets every pattern, because case folding ("İ" matches "i")
# and other whitespace break the substring tests.
_SUSPECT = ("nan", "none", "inf", "-0", "()", "( ", "[", "  ", "%", "percent", "{", "nat", "<na>",
            "per cent per cent")  # fmt: skip


def ensure_clean(text: str) -> str:
    """``text`` unchanged if it has no forbidden token, else ValueError naming them.

    >>> ensure_clean("a rate of 0.28 per cent")
    'a rate of 0.28 per cent'
    >>> ensure_clean("a rate of nan per cent")
    Traceback (most recent call last):
    ValueError: forbidden 'nan' in 'a rate of nan per cent'
    """
    if not isinstance(text, str):
        raise ValueError(f"a sentence must be a string, not {text!r}")
    if text.isascii() and text.isprintable():
        low = text.lower()
        for part in _SUSPECT:
            if part in low:
                break
        else:
            return text
    found = _forbidden(text)
    if found:
        raise ValueError(f"forbidden {', '.join(map(repr, found))} in {text!r}")
    return text


# Remembered: the sentences that need the full check ("explanation" holds "nat") are mostly
# the fixed ones every story repeats.
@lru_cache(maxsize=4096)
def _forbidden(text: str) -> tuple[str, ...]:
    return tuple(name for name, pattern in FORBIDDEN.items() if pattern.search(text))
