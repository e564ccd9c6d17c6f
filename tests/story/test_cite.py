"""Footnotes per source cell: each number in a story links to the cells it was computed from."""

from __future__ import annotations

import re

import pytest

from exclusions import Store
from exclusions.story.cite import cite
from exclusions.story.compose import Story, compose
from exclusions.story.render import to_html, to_markdown
from tests.story.test_compose import store  # noqa: F401  (session fixture)


@pytest.fixture(scope="module")
def bury(store: Store) -> Story:  # noqa: F811
    return compose(store, "Bury", year="2022/23")


@pytest.fixture(scope="module")
def bury_md(bury: Story) -> str:
    return to_markdown(bury)


def notes_after(md: str, before: str) -> list[str]:
    """The texts of the notes on the number at the end of ``before``, in the md story."""
    found = re.search(re.escape(before) + r"((?:\[\^\d+\])+)", md)
    assert found, before
    defs = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", md, flags=re.M))
    return [defs[n] for n in re.findall(r"\d+", found[1])]


def cell(store: Store, area: str, measure: str, value: str) -> str:  # noqa: F811
    fig = store.figure(area, "2022/23", measure)
    return f"{fig.file} (release {fig.release}), line {fig.line}, column {fig.column}: {value}"


def test_a_count_links_to_its_cell(store: Store, bury_md: str) -> None:  # noqa: F811
    assert notes_after(bury_md, "recorded 26") == [cell(store, "Bury", "perm_excl", "26")]


def test_a_rate_links_to_its_count_and_headcount(store: Store, bury_md: str) -> None:  # noqa: F811
    # A number's notes come in ascending order: the headcount's was numbered first.
    assert notes_after(bury_md, "a rate of 0.09") == [
        cell(store, "Bury", "headcount", "29121"),
        cell(store, "Bury", "perm_excl", "26"),
    ]


def test_a_comparison_links_to_both_sides(store: Store, bury_md: str) -> None:  # noqa: F811
    england = [cell(store, "England", "perm_excl", "9376"),
               cell(store, "England", "headcount", "8430600")]  # fmt: skip
    assert sorted(notes_after(bury_md, "the rate for England (0.11")) == sorted(england)
    ratio = notes_after(bury_md, "about three-fifths")
    region = [cell(store, "North West", "perm_excl", "1775"),
              cell(store, "North West", "headcount", "1141802")]  # fmt: skip
    assert sorted(ratio) == sorted([*notes_after(bury_md, "a rate of 0.09"), *region])


def test_pooled_neighbours_have_one_grouped_note(bury_md: str) -> None:
    (note,) = notes_after(bury_md, "statistical neighbours (0.14")
    assert note.startswith("The statistical neighbours' permanent exclusions and pupils on roll")
    assert "Lancashire" in note and "exc_nat_region_la.csv (release 2022/23), lines " in note
    assert note.endswith("columns perm_excl and headcount")
    assert "E10000017" not in note  # names, not codes
    (*_, neighbours) = notes_after(bury_md, "about two-thirds")
    assert neighbours == note


def test_a_series_has_one_grouped_note(bury_md: str) -> None:
    (note,) = notes_after(bury_md, "highest in 17")
    assert note.startswith("Bury's suspensions and pupils on roll, 2006/07 to 2022/23: ")
    assert note.count(", ") + note.count(" and ") >= 17
    assert notes_after(bury_md, "go back to 2006/07") == [note]


def test_a_run_cites_its_years_and_the_run_it_ended(store: Store) -> None:  # noqa: F811
    md = to_markdown(compose(store, "Bury", year="2018/19"))
    (note,) = notes_after(md, "a run of four")
    assert note.startswith("Bury's suspensions and pupils on roll, 2013/14 to 2017/18: ")
    assert len(re.findall(r"\d{3,}", note.split("lines ")[1])) == 5  # five years, five lines


def test_reason_shares_cite_the_total(bury_md: str) -> None:
    (total,) = notes_after(bury_md, "of 1,728")
    assert total.startswith("The sum of every reason published for Bury in 2016/17: ")
    assert notes_after(bury_md, "(27") == [notes_after(bury_md, "cited in 469")[0], total]


def test_a_rank_cites_the_league_table(store: Store) -> None:  # noqa: F811
    md = to_markdown(compose(store, "City of London", year="2012/13"))
    (note,) = notes_after(md, "among England's 152")
    assert note == (
        "England's 152 local authorities ranked by permanent exclusion rate: each one's row "
        "for 2012/13 in exc_nat_region_la.csv (release 2022/23)"
    )
    assert notes_after(md, "of 14")[0].startswith("The 14 local authorities in Inner London")


def test_a_cell_has_one_number_in_order_of_first_use(bury_md: str) -> None:
    body = bury_md.partition("\n[^1]:")[0]
    numbers = [int(n) for n in re.findall(r"\[\^(\d+)\]", body)]
    firsts = list(dict.fromkeys(numbers))
    assert firsts == list(range(1, len(firsts) + 1))
    texts = re.findall(r"^\[\^\d+\]: (.*)$", bury_md, flags=re.M)
    assert len(texts) == len(set(texts)) == len(firsts)
    assert len(set(re.findall(r"\b26\[\^(\d+)\]", body))) == 1  # every "26" is the same cell


def test_html_links_each_note_once_by_id(bury: Story) -> None:
    html = to_html(bury)
    refs = re.findall(r'id="ref(\d+)"', html)
    assert len(refs) == len(set(refs)) > 20
    links = set(re.findall(r'href="#fn(\d+)"', html))
    assert links == {n for n in re.findall(r'<li id="fn(\d+)">', html)}
    assert re.search(r"0\.09<sup><a href=\"#fn\d+\"(?: id=\"ref\d+\")?>\d+</a>, <a ", html)


def test_every_number_in_a_sentence_is_cited(bury: Story) -> None:
    for sentence in bury.sentences():
        found = cite(sentence.text, sentence.facts)
        assert all(notes for *_, notes in found), sentence.text
