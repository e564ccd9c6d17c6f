"""House-style phrasing, checked at the edges the style guide names and by property for the rest."""

from __future__ import annotations

import doctest
import math
import re
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import exclusions.story.numbers as numbers_module
import exclusions.story.phrasing as phrasing_module
from exclusions.story.phrasing import (
    FORBIDDEN,
    RATIO_BANDS,
    academic_year,
    capitalise_number,
    count_phrase,
    ensure_clean,
    estimated,
    join_list,
    number,
    ordinal,
    ordinal_word,
    per_10000,
    percent,
    percent_change,
    percentage_points,
    plural,
    rank_phrase,
    ratio_words,
    sentence_start_number,
)

BAD = [math.nan, math.inf, -math.inf, None, True, "3"]


@pytest.mark.parametrize("module", [numbers_module, phrasing_module], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "zero"),
        (1, "one"),
        (9, "nine"),
        (10, "10"),
        (999, "999"),
        (1000, "1,000"),
        (786961, "786,961"),
        (1_000_000, "1,000,000"),
        (1.5, "an estimated two"),  # not whole: DfE's estimate, rounded half up
        (9.0, "nine"),  # a whole float is a whole number
        (10.0, "10"),
        (1234.56, "an estimated 1,235"),
        (5741.02, "an estimated 5,741"),  # England, 2009/10, as published in 2022/23
        (2.5, "an estimated three"),  # half up, not to even
        (0.25, "less than one"),
        (-3, "minus three"),
        (-1201, "minus 1,201"),
        (-0.0, "zero"),
        (-0.01, "less than one"),  # no "minus zero"
    ],
)
def test_number(n: float, text: str) -> None:
    assert number(n) == text


@pytest.mark.parametrize("bad", BAD)
def test_every_formatter_refuses_missing_and_infinite_values(bad: Any) -> None:
    calls = [
        number,
        capitalise_number,
        lambda x: count_phrase(x, "pupil"),
        lambda x: plural(x, "pupil"),
        percent,
        percentage_points,
        per_10000,
        percent_change,
        ratio_words,
    ]
    for call in calls:
        with pytest.raises(ValueError):
            call(bad)


def test_capitalised_numbers_open_sentences() -> None:
    assert capitalise_number(9) == sentence_start_number(9) == "Nine"
    assert capitalise_number(1) == "One"
    assert capitalise_number(10) == "10"  # a figure: the caller rephrases
    assert capitalise_number(-2) == "Minus two"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "no permanent exclusions"),
        (1, "one permanent exclusion"),
        (9, "nine permanent exclusions"),
        (10, "10 permanent exclusions"),
        (1201, "1,201 permanent exclusions"),
        (1.5, "an estimated two permanent exclusions"),
        (7.35294, "an estimated seven permanent exclusions"),
    ],
)
def test_count_phrase(n: float, text: str) -> None:
    assert count_phrase(n, "permanent exclusion") == text


def test_count_phrase_refuses_negative_counts_and_takes_irregular_plurals() -> None:
    with pytest.raises(ValueError):
        count_phrase(-1, "pupil")
    assert count_phrase(2, "child", "children") == "two children"
    assert count_phrase(0, "child", "children") == "no children"


@pytest.mark.parametrize(
    ("n", "word", "text"),
    [
        (1, "school", "school"),
        (1.0, "school", "school"),
        (0, "school", "schools"),
        (2, "school", "schools"),
        (0.5, "school", "schools"),
        (2, "authority", "authorities"),
        (2, "day", "days"),
        (2, "class", "classes"),
        (2, "search", "searches"),
    ],
)
def test_plural(n: float, word: str, text: str) -> None:
    assert plural(n, word) == text


# --- rates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (0.28, "0.28 per cent"),
        (0.089, "0.09 per cent"),
        (0.125, "0.13 per cent"),  # half up, as DfE's readers round
        (0.1, "0.10 per cent"),  # DfE publishes two places, trailing zero and all
        (0.004, "less than 0.01 per cent"),
        (0.005, "0.01 per cent"),
        (0, "0 per cent"),  # percentages are figures, even zero
        (-0.0, "0 per cent"),
        (1234.5, "1,234.50 per cent"),
    ],
)
def test_percent(rate: float, text: str) -> None:
    assert percent(rate) == text


def test_percent_places_and_refusals() -> None:
    assert percent(12.345, dp=1) == "12.3 per cent"
    assert percent(12.5, dp=0) == "13 per cent"
    assert percent(0.04, dp=1) == "less than 0.1 per cent"
    assert percent(0.4, dp=0) == "less than 1 per cent"
    with pytest.raises(ValueError, match="negative"):
        percent(-0.1)
    with pytest.raises(ValueError):
        percent(-0.004)  # would have printed "-0.00"
    with pytest.raises(ValueError):
        percent(1, dp=-1)


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (0.09, "nine in every 10,000 pupils"),
        (0.28, "28 in every 10,000 pupils"),
        (0.01, "one in every 10,000 pupils"),
        (0.005, "one in every 10,000 pupils"),  # 0.5 rounds up
        (0.0049, "fewer than one in every 10,000 pupils"),
        (0, "zero in every 10,000 pupils"),
        (100, "10,000 in every 10,000 pupils"),
    ],
)
def test_per_10000(rate: float, text: str) -> None:
    assert per_10000(rate) == text


@pytest.mark.parametrize(
    ("diff", "text"),
    [
        (0.12, "0.12 percentage points"),
        (-0.12, "0.12 percentage points"),  # direction is the caller's verb
        (-0.004, "less than 0.01 percentage points"),
        (0, "0 percentage points"),
        (-0.0, "0 percentage points"),
        (1, "1.00 percentage points"),
    ],
)
def test_percentage_points(diff: float, text: str) -> None:
    assert percentage_points(diff) == text


def test_percentage_point_is_singular_only_for_exactly_one() -> None:
    assert percentage_points(1, dp=0) == "1 percentage point"
    assert percentage_points(-1.2, dp=0) == "1 percentage point"
    assert percentage_points(2, dp=0) == "2 percentage points"


# --- percent change ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pc", "text"),
    [
        (0, "remained unchanged"),
        (0.99, "remained almost unchanged"),
        (-0.99, "remained almost unchanged"),
        (1, "rose by 1 per cent"),
        (34, "rose by 34 per cent"),
        (89.4, "rose by 89 per cent"),
        (89.5, "almost doubled"),
        (99.5, "doubled"),
        (100, "doubled"),
        (100.5, "more than doubled"),
        (199, "more than doubled"),
        (200, "tripled"),
        (292, "more than tripled"),
        (300, "quadrupled"),
        (400, "rose fivefold"),
        (450, "rose more than fivefold"),
        (900, "rose tenfold"),
        (1000, "rose 11-fold"),
        (-1, "fell by 1 per cent"),
        (-22, "fell by 22 per cent"),
        (-49.4, "fell by 49 per cent"),
        (-50, "halved"),
        (-55, "fell by more than half"),
        (-66.6, "fell by more than half"),  # not yet two-thirds
        (-66.7, "fell by more than two-thirds"),
        (-75, "fell by more than two-thirds"),  # "more than three-quarters" would be false
        (-80, "fell by more than three-quarters"),
        (-95, "fell by more than nine-tenths"),
        (-100, "fell to zero"),
    ],
)
def test_percent_change(pc: float, text: str) -> None:
    assert percent_change(pc) == text


def test_percent_change_refuses_impossible_falls() -> None:
    with pytest.raises(ValueError):
        percent_change(-100.5)


# --- ratios ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "text"),
    [
        (0.05, "less than a tenth of"),
        (0.25, "about a quarter of"),
        (0.5, "about half"),
        (0.66, "about two-thirds of"),
        (0.8, "lower than"),
        (0.95, "slightly lower than"),
        (0.96, "about the same as"),
        (1.0, "about the same as"),
        (1.02, "about the same as"),
        (1.04, "about the same as"),
        (1.05, "slightly higher than"),
        (1.14, "slightly higher than"),
        (1.2, "about a fifth higher than"),
        (1.25, "about a quarter higher than"),
        (1.33, "about a third higher than"),
        (1.5, "about one and a half times"),
        (1.9, "almost twice"),
        (2.0, "twice"),
        (2.1, "twice"),
        (2.5, "about two and a half times"),
        (2.9, "almost three times"),
        (2.94, "almost three times"),
        (2.95, "three times"),
        (3, "three times"),
        (3.1, "three times"),
        (3.2, "more than three times"),
        (10, "ten times"),
        (10.5, "more than ten times"),
        (11, "11 times"),
        (1500, "1,500 times"),
    ],
)
def test_ratio_words(ratio: float, text: str) -> None:
    assert ratio_words(ratio) == text


@pytest.mark.parametrize("bad", [0, -0.0, -1.5])
def test_ratio_words_refuses_zero_and_negative_ratios(bad: float) -> None:
    with pytest.raises(ValueError):
        ratio_words(bad)


def test_ratio_phrases_fit_the_sentence() -> None:
    phrases = [phrase for _, phrase in RATIO_BANDS]
    for phrase in phrases:
        sentence = f"It had a rate of 0.28 per cent, {phrase} the national average."
        assert ensure_clean(sentence) == sentence
    # A fraction needs "of" ("about a quarter of the national average"); only "half" does not.
    for phrase in phrases[: phrases.index("lower than")]:
        assert phrase == "about half" or phrase.endswith(" of"), phrase


def test_ratio_bands_ascend_and_name_each_phrase_once() -> None:
    uppers = [upper for upper, _ in RATIO_BANDS]
    phrases = [phrase for _, phrase in RATIO_BANDS]
    assert uppers == sorted(uppers) and len(set(uppers)) == len(uppers)
    assert len(set(phrases)) == len(phrases)


_TIMES = re.compile(r"(more than )?(\S+) times")
_WORD_NUMBERS = {"ten": 10}


def _ratio_order(phrase: str) -> tuple[int, int, int]:
    """Where a phrase sits in the documented order: the band's index, then k times past ten."""
    index = {p: i for i, (_, p) in enumerate(RATIO_BANDS)}
    if phrase in index:
        return (0, index[phrase], 0)
    m = _TIMES.fullmatch(phrase)
    assert m is not None, phrase
    k = _WORD_NUMBERS.get(m.group(2)) or int(m.group(2).replace(",", ""))
    return (1, k, 1 if m.group(1) else 0)


RATIOS = st.floats(min_value=1e-6, max_value=1e4, allow_nan=False, allow_infinity=False)


@given(RATIOS, RATIOS)
def test_ratio_phrasing_is_monotonic(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert _ratio_order(ratio_words(low)) <= _ratio_order(ratio_words(high))


# --- ordinals and ranks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (1001, "1,001st"),
    ],
)
def test_ordinal(n: int, text: str) -> None:
    assert ordinal(n) == text


def test_ordinal_words_run_to_ninth_then_figures() -> None:
    assert [ordinal_word(n) for n in (1, 2, 3, 9, 10, 12)] == [
        "first",
        "second",
        "third",
        "ninth",
        "10th",
        "12th",
    ]
    for bad in (0, -1, 1.0, True):
        with pytest.raises(ValueError):
            ordinal(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs", "text"),
    [
        ((1, 152), {}, "the highest rate in England"),
        ((2, 152), {}, "the second highest rate in England"),
        ((3, 152), {}, "the third highest rate in England"),
        ((12, 152), {}, "the 12th highest rate in England"),
        ((76, 152), {}, "the 76th highest rate in England"),  # the middle: still from the top
        ((77, 152), {}, "the 76th lowest rate in England"),  # just past it: from the bottom
        ((148, 152), {}, "the fifth lowest rate in England"),
        ((152, 152), {}, "the lowest rate in England"),
        (
            (92, 152),
            {"scope": "of 152 councils", "noun": "", "nearest_end": False},
            "the 92nd highest of 152 councils",
        ),
        ((92, 152), {"noun": "", "scope": ""}, "the 61st lowest"),
        ((1, 152), {"tied_with": 2}, "the joint highest rate in England"),
        ((3, 152), {"tied_with": 1}, "the joint third highest rate in England"),
        # Places 150-152 tied: from the bottom they share the best place, first.
        ((150, 152), {"tied_with": 2}, "the joint lowest rate in England"),
        ((147, 152), {"tied_with": 1}, "the joint fifth lowest rate in England"),
        # Ranks counted from the lowest turn round the other way.
        ((1, 152), {"highest": False}, "the lowest rate in England"),
        ((150, 152), {"highest": False}, "the third highest rate in England"),
        ((2, 12), {"scope": "in the North West"}, "the second highest rate in the North West"),
        ((1, 1), {}, "the highest rate in England"),
        ((3, 5), {}, "the third highest rate in England"),  # the exact middle stays on top
        # Places 5-8 of 10 tied: counted from the bottom they are joint third, nearer that end.
        ((5, 10), {"tied_with": 3}, "the joint third lowest rate in England"),
    ],
)
def test_rank_phrase(args: tuple[int, int], kwargs: dict[str, object], text: str) -> None:
    assert rank_phrase(*args, **kwargs) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rank", "of_n", "tied_with"), [(0, 152, 0), (153, 152, 0), (151, 152, 2), (3, 152, -1)]
)
def test_rank_phrase_refuses_impossible_places(rank: int, of_n: int, tied_with: int) -> None:
    with pytest.raises(ValueError):
        rank_phrase(rank, of_n, tied_with=tied_with)


# --- years and lists ---------------------------------------------------------------------------


def test_academic_year() -> None:
    assert academic_year(2016) == "2016/17"
    assert academic_year(2022) == "2022/23"
    assert academic_year(1999) == "1999/00"
    with pytest.raises(ValueError):
        academic_year(2016.0)  # type: ignore[arg-type]


def test_join_list_has_no_oxford_comma() -> None:
    assert join_list(["Bury"]) == "Bury"
    assert join_list(["Bury", "Bolton"]) == "Bury and Bolton"
    assert join_list(iter(["a", "b", "c"])) == "a, b and c"
    assert join_list(["a", "b", "c", "d"]) == "a, b, c and d"
    for bad in ([], ["a", ""], ["a", " "]):
        with pytest.raises(ValueError):
            join_list(bad)


# --- the sentence check ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("a rate of nan per cent", "nan"),
        ("a rate of NaN per cent", "nan"),
        ("in None there were", "None"),
        ("None pupils were excluded", "None"),
        ("None were excluded.", "None"),  # only "None of" may open a sentence
        ("a ratio of inf", "inf"),
        ("a ratio of Infinity", "inf"),
        ("down -0 per cent", "-0"),
        ("a rate of -0.00 per cent", "-0"),
        ("Bury () had", "()"),
        ("Bury [] had", "[]"),
        ("Bury  had", "double space"),
        ("0.28 per cent per cent", "per cent per cent"),
        ("a rate of 0.28%", "%"),
        ("a rate of 5 %", "%"),
        ("a rate of 5 percent", "percent"),
        ("a rate of {rate} per cent", "{placeholder}"),
        ("excluded on NaT", "NaT or <NA>"),
    ],
)
def test_ensure_clean_catches_forbidden_tokens(text: str, token: str) -> None:
    assert FORBIDDEN[token].search(text)
    with pytest.raises(ValueError, match=re.escape(repr(token))):
        ensure_clean(text)


@pytest.mark.parametrize(
    "text",
    [
        "None of the 152 councils excluded more pupils.",
        "It rose. None of its neighbours did.",
        "The rate fell from 0.05 to -0.5 per cent.",  # odd, but not negative zero
        "Nancy and Nanette were infants; in 2016-07 inflation rose.",
        "There were none.",
        "It was 0.12 percentage points higher (0.28 per cent).",
        "Rochdale, Bury and Bolton had 1,201 permanent exclusions.",
    ],
)
def test_ensure_clean_passes_good_prose(text: str) -> None:
    assert ensure_clean(text) == text


# The quick check (substrings first) must refuse exactly what the patterns refuse: text made of
# the letters and marks the patterns look for, in both cases and with their Unicode cousins.
SUSPECT_TEXT = st.text(alphabet=list("nNaAiIfFtToOeEpPrRcCy -−0123.()[]{}%<>\t\nİıK"), max_size=40)


@given(st.one_of(SUSPECT_TEXT, st.lists(st.sampled_from(
    ["nan", "NaN", "None", "none", "inf", "Infinity", "-0", "0", "()", "( )", "[]", "{x}", "%",
     "percent", "per cent", "NaT", "<NA>", "national", "explanation", ".", " ", "  "]),
    max_size=8).map("".join)))  # fmt: skip
def test_quick_check_agrees_with_the_patterns(text: str) -> None:
    bad = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]
    if bad:
        with pytest.raises(ValueError):
            ensure_clean(text)
    else:
        assert ensure_clean(text) == text


# --- properties: no finite input in a sensible range yields a forbidden token -------------------

FINITE = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
NON_NEGATIVE = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
RATES = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


@given(st.one_of(FINITE, st.integers(min_value=-(10**12), max_value=10**12)))
def test_numbers_are_always_clean(n: float) -> None:
    ensure_clean(number(n))
    ensure_clean(capitalise_number(n))
    ensure_clean(plural(n, "pupil"))


@given(NON_NEGATIVE)
def test_counts_are_always_clean(n: float) -> None:
    text = ensure_clean(count_phrase(n, "permanent exclusion"))
    # Singular after "one", "an estimated one" (0.5 to 1.5) and "less than one".
    one = re.search(r"\bone permanent", text)
    assert text.endswith("permanent exclusion" if one else "exclusions")
    assert estimated(n) == ("estimated" in text or "less than" in text)


@given(RATES, st.integers(min_value=0, max_value=4))
def test_rates_are_always_clean(rate: float, dp: int) -> None:
    ensure_clean(percent(rate, dp))
    ensure_clean(per_10000(rate))
    ensure_clean(percentage_points(rate - 50, dp))
    ensure_clean(percentage_points(-rate / 1e6, dp))


@given(st.floats(min_value=-100, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_percent_changes_are_always_clean(pc: float) -> None:
    ensure_clean(percent_change(pc))


@given(RATIOS)
def test_ratios_are_always_clean(r: float) -> None:
    ensure_clean(f"a rate of 0.28 per cent, {ratio_words(r)} the national average")


@st.composite
def places(draw: st.DrawFn) -> tuple[int, int, int]:
    of_n = draw(st.integers(min_value=1, max_value=500))
    rank = draw(st.integers(min_value=1, max_value=of_n))
    return rank, of_n, draw(st.integers(min_value=0, max_value=of_n - rank))


@given(places(), st.booleans(), st.booleans())
def test_rank_phrases_are_always_clean(
    place: tuple[int, int, int], highest: bool, nearest_end: bool
) -> None:
    rank, of_n, tied = place
    text = rank_phrase(rank, of_n, highest=highest, tied_with=tied, nearest_end=nearest_end)
    ensure_clean(text)
    assert ("joint" in text) == (tied > 0)
    if nearest_end:
        # Counting from the nearer end, no place is past the middle of the table.
        m = re.search(r"(\d+)(?:st|nd|rd|th)", text)
        assert m is None or int(m.group(1)) <= (of_n + 1) // 2


@given(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=8), min_size=1, max_size=6))
def test_lists_are_always_clean(items: list[str]) -> None:
    text = ensure_clean(join_list(items))
    assert text.count(" and ") == (len(items) > 1)
    assert ", and" not in text


@pytest.mark.parametrize("big", [1e30, 1e300, 10**40 + 1])
def test_huge_values_are_phrased_not_crashed_on(big: float) -> None:
    for text in (
        number(big),
        percent(big),
        percentage_points(-big),
        per_10000(big),
        percent_change(big),
        ratio_words(big),
    ):
        ensure_clean(text)
    assert number(10**40 + 1) == f"{10**40 + 1:,}"


def test_each_percent_change_phrase_covers_one_unbroken_range() -> None:
    # If a phrase came back after another had taken over, the bands would overlap or disorder.
    # Exactly zero ("remained unchanged") sits inside the almost-unchanged band, so skip it.
    seen: list[str] = []
    for tenths in (t for t in range(-1000, 12001) if t):
        phrase = percent_change(tenths / 10)
        if not seen or seen[-1] != phrase:
            assert phrase not in seen, phrase
            seen.append(phrase)
