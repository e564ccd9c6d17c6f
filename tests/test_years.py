"""Academic years: parsing the ways people and DfE write them, and refusing everything else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exclusions.errors import UnknownYear
from exclusions.years import EXPECTED, format_year, parse_year, time_period, try_parse_year

START_YEARS = st.integers(min_value=1000, max_value=9999)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("2016/17", 2016),
        ("201617", 2016),
        ("2016-17", 2016),
        ("2016_17", 2016),
        ("2016 17", 2016),
        ("2016 / 17", 2016),
        ("2016-2017", 2016),
        ("2016/2017", 2016),
        (" 2022/23\n", 2022),
        ("1999/00", 1999),
        ("199900", 1999),
        ("1999-2000", 1999),
        (201617, 2016),
    ],
)
def test_parse_year_accepts_the_usual_spellings(text: str | int, start: int) -> None:
    assert parse_year(text) == start
    assert try_parse_year(text) == start


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "twelve",
        "2016/18",  # the second year does not follow the first
        "201618",
        "2016-2018",
        "2016/0017",  # four digits after the slash must be the full next year
        "16/17",
        "2016/7",
        "20161",
        "2016170",
        "2016//17",
        "2016/17/18",
        "2016.17",
        "２０１６/１７",  # fullwidth digits
        "٢٠١٦١٧",  # Arabic-Indic digits
        "2016/17 autumn",
        2016,
    ],
)
def test_parse_year_rejects_junk_with_unknown_year(text: str | int) -> None:
    with pytest.raises(UnknownYear) as info:
        parse_year(text)
    assert EXPECTED in str(info.value)
    assert info.value.text == str(text).strip()
    assert try_parse_year(text) is None


def test_a_bare_start_year_gets_a_suggestion() -> None:
    with pytest.raises(UnknownYear, match=r"did you mean 2016/17\?"):
        parse_year("2016")
    with pytest.raises(UnknownYear, match=r"did you mean 1999/00\?"):
        parse_year(1999)


def test_a_second_year_that_does_not_follow_says_so() -> None:
    with pytest.raises(UnknownYear, match="the second part should follow 2016"):
        parse_year("201618")


def test_format_year_and_time_period() -> None:
    assert format_year(2016) == "2016/17"
    assert format_year(1999) == "1999/00"
    assert format_year(2009) == "2009/10"
    assert time_period(2016) == "201617"
    assert time_period(1999) == "199900"


@given(START_YEARS)
def test_parse_year_round_trips_format_year(start: int) -> None:
    assert parse_year(format_year(start)) == start


@given(START_YEARS)
def test_parse_year_round_trips_time_period(start: int) -> None:
    assert parse_year(time_period(start)) == start
    assert parse_year(int(time_period(start))) == start


@given(st.integers(min_value=1000, max_value=9998), st.sampled_from(["/", "-", "_", " ", " / "]))
def test_parse_year_round_trips_long_forms(start: int, sep: str) -> None:
    assert parse_year(f"{start}{sep}{start + 1}") == start


@given(START_YEARS, st.integers(min_value=0, max_value=99))
def test_only_the_following_year_is_accepted(start: int, end: int) -> None:
    text = f"{start}/{end:02d}"
    if end == (start + 1) % 100:
        assert parse_year(text) == start
    else:
        with pytest.raises(UnknownYear):
            parse_year(text)


@given(st.text(max_size=20))
def test_parse_year_returns_a_year_or_raises_unknown_year(text: str) -> None:
    try:
        start = parse_year(text)
    except UnknownYear as exc:
        assert EXPECTED in str(exc)
        assert try_parse_year(text) is None
        return
    # Anything accepted is one of the spellings of an academic year.
    assert 1000 <= start <= 9999
    assert try_parse_year(text) == start
    compact = "".join(ch for ch in text if not ch.isspace())
    assert compact[:4] == str(start)


@given(st.text(alphabet=st.characters(exclude_categories=["Nd"]), max_size=20))
def test_text_without_digits_is_never_a_year(text: str) -> None:
    with pytest.raises(UnknownYear):
        parse_year(text)
