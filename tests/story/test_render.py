"""Rendering: snapshots of reviewed text stories, footnoted numbers in md and html, JSON facts."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exclusions import Store
from exclusions.story.compose import compose
from exclusions.story.render import render, to_html, to_json, to_markdown, to_text, wrap
from exclusions.story.trace import numbers_in
from tests.story.test_compose import store  # noqa: F401  (session fixture)

SNAPSHOTS = Path(__file__).parent / "snapshots"
CASES = [("Bury", "2022/23", "bury-2022-23"), ("England", "2022/23", "england-2022-23"),
         ("Newham", "2016/17", "newham-2016-17")]  # fmt: skip


@pytest.mark.parametrize(("area", "year", "name"), CASES)
def test_text_snapshot(store: Store, area: str, year: str, name: str) -> None:  # noqa: F811
    """Reviewed text; UPDATE_SNAPSHOTS=1 rewrites the files."""
    text = to_text(compose(store, area, year=year))
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_markdown_footnotes_every_number(store: Store) -> None:  # noqa: F811
    story = compose(store, "Bury", year="2022/23")
    md = to_markdown(story)
    body, _, notes = md.partition("\n[^1]:")
    prose = re.sub(r"^(#+ .*|- .*|!\[.*)$", "", body.split("## Notes")[0], flags=re.M)
    markers = re.findall(r"(?:\[\^\d+\])+", prose)  # a number's notes, one per cell
    bare = re.sub(r"\[\^\d+\]", "", prose)
    assert len(numbers_in(bare)) == len(markers) > 20
    assert "exc_nat_region_la.csv (release 2022/23), line" in notes


def test_html_links_numbers_and_embeds_charts(store: Store) -> None:  # noqa: F811
    html = to_html(compose(store, "Bury", year="2022/23", charts=True))
    assert '<a href="#fn1"' in html and 'id="fn1"' in html
    assert html.count("<svg") >= 3 and 'aria-label="' in html


def test_json_has_facts_behind_each_sentence(store: Store) -> None:  # noqa: F811
    doc = json.loads(to_json(compose(store, "Bury", year="2022/23")))
    sentence = doc["paragraphs"][0]["sentences"][0]
    assert sentence["text"] and sentence["facts"][0]["provenance"]
    assert render(compose(store, "Bury", year="2022/23"), "text").startswith("Bury")


WORDS = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1,
                max_size=30)  # fmt: skip


@given(st.lists(WORDS, min_size=1, max_size=60), st.integers(min_value=10, max_value=100))
def test_wrap_matches_textwrap(words: list[str], width: int) -> None:
    text = " ".join(words)
    expected = textwrap.wrap(text, width, break_on_hyphens=False)
    assert wrap(text, width) == expected
    assert wrap(text, width, "9. ", "   ") == textwrap.wrap(
        text, width, initial_indent="9. ", subsequent_indent="   ", break_on_hyphens=False
    )


def test_notes_from_ten_on_line_up(store: Store) -> None:  # noqa: F811
    text = to_text(compose(store, "Rutland", year="2022/23"))
    notes = text.split("\nNotes\n")[1].splitlines()
    tenth = notes.index(next(n for n in notes if n.startswith("10. ")))
    if tenth + 1 < len(notes) and notes[tenth + 1].strip():
        assert notes[tenth + 1].startswith("    ") and notes[tenth + 1][4] != " "
