"""Numbers in the house style of a UK local reporter: counts, rates, ordinals, years and lists.

Every function is pure and refuses NaN, infinity, None and bools with ValueError: a story must
never print "nan" or "None", so a missing figure has to be caught by the caller, not phrased.
Rounding is half up on the shortest decimal form of a float (0.125 -> 0.13, 2.675 -> 2.68),
as a person rounds by hand; binary or banker's rounding would print figures readers cannot
reproduce from the published table. ``phrasing`` re-exports everything here.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from exclusions.years import format_year

WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
ORDINAL_WORDS = (
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
)


def to_decimal(x: object, what: str = "number") -> Decimal:
    """A finite real number as the Decimal a person would read it as; ValueError otherwise.

    >>> to_decimal(0.1), to_decimal(786961)
    (Decimal('0.1'), Decimal('786961'))
    """
    # Exact float and int first: the ABC checks below cost more than the conversion, and a
    # year's stories format some 30,000 figures.
    if type(x) is float:
        if not math.isfinite(x):
            raise ValueError(f"{what} must be finite, not {x!r}")
        return Decimal(repr(x))
    if type(x) is int:
        return Decimal(x)
    # bool is an int subclass, but True in a story is always a caller's bug.
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"{what} must be a real number, not {x!r}")
    if isinstance(x, numbers.Integral):
        return Decimal(int(x))
    f = float(x)
    if not math.isfinite(f):
        raise ValueError(f"{what} must be finite, not {x!r}")
    # repr is the shortest decimal that round-trips, so 0.1 is 0.1, not 0.1000000000000000055.
    return Decimal(repr(f))


def round_half_up(d: Decimal, dp: int = 0) -> Decimal:
    """``d`` rounded half up to ``dp`` places, however large it is.

    >>> round_half_up(Decimal("0.125"), 2), round_half_up(Decimal("1e30"), 2)
    (Decimal('0.13'), Decimal('1000000000000000000000000000000.00'))
    """
    # The default 28-digit context raises InvalidOperation on a large figure's quantize.
    digits = d.adjusted() + dp + 2
    context = _CONTEXT if digits <= 28 else Context(prec=digits)
    quantum = _QUANTUM[dp] if 0 <= dp < len(_QUANTUM) else Decimal(1).scaleb(-dp)
    return d.quantize(quantum, rounding=ROUND_HALF_UP, context=context)


_CONTEXT = Context(prec=28)
_QUANTUM = tuple(Decimal(1).scaleb(-dp) for dp in range(11))


def _check_dp(dp: int) -> None:
    if isinstance(dp, bool) or not isinstance(dp, int) or not 0 <= dp <= 10:
        raise ValueError(f"dp must be a whole number from 0 to 10, not {dp!r}")


def _figure(magnitude: Decimal, dp: int) -> str:
    # Always format a magnitude (never a signed value): Decimal keeps the sign of -0.0.
    return f"{abs(magnitude):,.{dp}f}"


# Remembered (pure functions; typed, so True never shares 1's entry): a year's stories print
# England's and the regions' figures, small counts and the same rates again and again.
@lru_cache(maxsize=1 << 14, typed=True)
def number(n: float) -> str:
    """A quantity in house style: words under ten, figures with commas from ten, 1 dp if fractional.

    >>> number(0), number(9), number(10), number(786961), number(1.5), number(-3)
    ('zero', 'nine', '10', '786,961', '1.5', 'minus three')
    """
    d = to_decimal(n)
    if d == d.to_integral_value():
        whole = abs(int(d))
        text = WORDS[whole] if whole < 10 else f"{whole:,}"
    else:
        # Some old DfE files carry fractional counts; one decimal place is as much as they merit.
        rounded = round_half_up(abs(d), 1)
        text = _figure(rounded, 1)
        if rounded == 0:
            return text  # a tiny negative must not print as "minus 0.0"
    return f"minus {text}" if d < 0 else text


def capitalise_number(n: float) -> str:
    """A number to open a sentence: capitalised words below ten, else the figure to rephrase.

    >>> capitalise_number(9), capitalise_number(0), capitalise_number(1201)
    ('Nine', 'Zero', '1,201')
    """
    text = number(n)
    return text[0].upper() + text[1:]


# The brief's name for the same rule; one implementation so the two can never disagree.
sentence_start_number = capitalise_number


def plural(n: float, word: str, plural_form: str | None = None) -> str:
    """``word`` or its plural to agree with ``n``: singular only for exactly one.

    >>> plural(1, "school"), plural(2, "authority"), plural(0, "pupil"), plural(3, "ox", "oxen")
    ('school', 'authorities', 'pupils', 'oxen')
    """
    if to_decimal(n) == 1:
        return word
    # Regular English plurals only; irregular ones ("children") must be passed in.
    if plural_form is not None:
        return plural_form
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def count_phrase(n: float, singular: str, plural_form: str | None = None) -> str:
    """A count with its noun: "no" for zero, words under ten, figures from ten.

    >>> count_phrase(0, "permanent exclusion"), count_phrase(1, "permanent exclusion")
    ('no permanent exclusions', 'one permanent exclusion')
    >>> count_phrase(9, "permanent exclusion"), count_phrase(1201, "permanent exclusion")
    ('nine permanent exclusions', '1,201 permanent exclusions')
    """
    d = to_decimal(n, "a count")
    if d < 0:
        raise ValueError(f"a count cannot be negative, not {n!r}")
    noun = plural(n, singular, plural_form)
    return f"no {noun}" if d == 0 else f"{number(n)} {noun}"


@lru_cache(maxsize=1 << 14, typed=True)
def percent(rate: float, dp: int = 2) -> str:
    """A rate in per cent to ``dp`` places, as DfE publishes it.

    >>> percent(0.28), percent(0.089), percent(0.004), percent(0)
    ('0.28 per cent', '0.09 per cent', 'less than 0.01 per cent', '0 per cent')
    """
    # Percentages are always figures in house style ("5 per cent"), so zero is "0 per cent",
    # not "zero per cent"; a positive rate that rounds to nothing must not read as zero.
    _check_dp(dp)
    d = to_decimal(rate, "a rate")
    if d < 0:
        raise ValueError(f"a rate cannot be negative, not {rate!r} (use percentage_points)")
    return f"{_magnitude(d, dp)} per cent"


def _magnitude(d: Decimal, dp: int) -> str:
    # Shared by percent and percentage_points: exact zero, too small to show, or the figure.
    if d == 0:
        return "0"
    rounded = round_half_up(abs(d), dp)
    if rounded == 0:
        return f"less than {_figure(Decimal(1).scaleb(-dp), dp)}"
    return _figure(rounded, dp)


def percentage_points(diff: float, dp: int = 2) -> str:
    """The size of a difference between two rates; the caller's words say which way it went.

    >>> percentage_points(0.12), percentage_points(-0.12), percentage_points(1, dp=0)
    ('0.12 percentage points', '0.12 percentage points', '1 percentage point')
    """
    # The sign is dropped: prose carries direction in a verb or comparative ("0.12 percentage
    # points higher"); nobody writes "minus 0.12 percentage points".
    _check_dp(dp)
    d = abs(to_decimal(diff, "a difference"))
    text = _magnitude(d, dp)
    return f"{text} percentage {'point' if text == '1' else 'points'}"


@lru_cache(maxsize=1 << 14, typed=True)
def per_10000(rate_percent: float, noun: str = "pupils") -> str:
    """A rate in per cent restated as a whole number in every 10,000 (readers picture people).

    >>> per_10000(0.09), per_10000(0.28)
    ('nine in every 10,000 pupils', '28 in every 10,000 pupils')
    >>> per_10000(0.004)
    'fewer than one in every 10,000 pupils'
    """
    d = to_decimal(rate_percent, "a rate")
    if d < 0:
        raise ValueError(f"a rate cannot be negative, not {rate_percent!r}")
    whole = round_half_up(d * 100, 0)
    if whole == 0 and d > 0:
        return f"fewer than one in every 10,000 {noun}"
    return f"{number(int(whole))} in every 10,000 {noun}"


def ordinal(n: int) -> str:
    """An ordinal in figures: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st, 111th.

    >>> ordinal(1), ordinal(11), ordinal(22), ordinal(111)
    ('1st', '11th', '22nd', '111th')
    """
    _check_place(n)
    # 11, 12 and 13 (and 111, 112 ...) take "th" whatever their last digit says.
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def ordinal_word(n: int) -> str:
    """An ordinal for prose: "first" to "ninth" in words, "10th" onwards in figures.

    >>> ordinal_word(3), ordinal_word(9), ordinal_word(12)
    ('third', 'ninth', '12th')
    """
    _check_place(n)
    return ORDINAL_WORDS[n] if n < 10 else ordinal(n)


def _check_place(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"a place must be a whole number from 1, not {n!r}")


def academic_year(start: int) -> str:
    """An academic year from its start year, as DfE writes it in prose.

    >>> academic_year(2016), academic_year(1999)
    ('2016/17', '1999/00')
    """
    if isinstance(start, bool) or not isinstance(start, int):
        raise ValueError(f"an academic year's start must be a whole number, not {start!r}")
    return format_year(start)


def join_list(items: Iterable[str]) -> str:
    """Items joined the UK way, with no Oxford comma: "a, b and c".

    >>> join_list(["Bury"]), join_list(["Bury", "Bolton"]), join_list(["a", "b", "c"])
    ('Bury', 'Bury and Bolton', 'a, b and c')
    """
    words = list(items)
    # An empty list or item would leave a hole in the sentence ("in  and Bury"): refuse it.
    if not words or any(not isinstance(w, str) or not w.strip() for w in words):
        raise ValueError(f"join_list needs one or more non-empty strings, not {words!r}")
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
