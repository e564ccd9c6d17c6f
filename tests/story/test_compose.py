"""Stories on the real data: clean, traceable sentences, distinct leads, and a sweep of every LA."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from exclusions import Store
from exclusions.facts.api import fact_data, profile
from exclusions.facts.data import FactData
from exclusions.facts.profile import build_profile
from exclusions.story.angles import angles, lead
from exclusions.story.cite import unsourced
from exclusions.story.compose import Story, compose, compose_profile
from exclusions.story.phrasing import count_phrase, ensure_clean, number
from exclusions.story.render import render
from exclusions.story.trace import numbers_in, untraced

CASES = [
    ("Bury", "2022/23"),
    ("England", "2022/23"),
    ("North West", "2022/23"),
    ("Rutland", "2022/23"),  # a small LA
    ("Newham", "2016/17"),
]


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[Store]:
    """Every shared file loaded once into a temporary store."""
    with Store(tmp_path_factory.mktemp("story") / "story.duckdb") as s:
        s.load([shared_data])
        yield s


@pytest.fixture(scope="session")
def data(store: Store) -> FactData:
    return fact_data(store)


# Area codes where a name should be: a GSS code, DfE's three-digit code after "code", or a
# bracketed list of codes. A bare three-digit number in the prose is a figure, which the
# trace check holds to the facts; in a note it is a count ("a published total of 887").
AREA_CODE = re.compile(r"\b[EWSNK]\d{8}\b|\bcodes? \d{3}\b|\(\d{3}(?:(?:, | and | to )\d{3})*\)")


def codes_in(story: Story) -> list[str]:
    """Sentences, headings and notes that show an area code where a name should be."""
    texts = [s.text for s in story.sentences()] + story.footnotes
    texts += [p.heading for p in story.paragraphs if p.heading]
    return [t for t in texts if AREA_CODE.search(t)]


def check(story: Story) -> None:
    """Every sentence clean, backed by facts, every number traced to them and to the cells
    it came from, and no area code where a name should be."""
    for sentence in story.sentences():
        assert ensure_clean(sentence.text)
        assert sentence.facts, sentence.text
        assert not untraced(sentence.text, sentence.facts), sentence.text
        assert not unsourced(sentence.text, sentence.facts), sentence.text
        for word in ("higher", "lower"):
            kinds = {f.uncertainty.verdict for f in sentence.facts if f.uncertainty}
            if kinds <= {"no real difference", "no real change"} and kinds:
                assert word not in sentence.text, sentence.text
    for note in story.footnotes:
        assert ensure_clean(note)
    assert not codes_in(story)


@pytest.mark.parametrize(("area", "year"), CASES)
def test_story_builds_clean_and_traceable(store: Store, area: str, year: str) -> None:
    story = compose(store, area, year=year)
    check(story)
    assert story.headline.text and len(story.paragraphs) >= 3
    assert [s.text for s in story.about]


def test_checker_catches_an_invented_number(store: Store) -> None:
    story = compose(store, "Bury", year="2022/23")
    sentence = story.paragraphs[0].sentences[0]
    assert untraced(sentence.text + " It was 4,321 pupils.", sentence.facts) == ["4,321"]
    assert [t for _, _, t in numbers_in("nine in every 10,000 pupils, 2016/17")] == [
        "nine",
        "2016/17",
    ]


def test_leads_differ_between_areas(store: Store) -> None:
    bury = compose(store, "Bury", year="2022/23")
    newham = compose(store, "Newham", year="2022/23")
    assert bury.headline.text != newham.headline.text
    assert bury.paragraphs[0].sentences[0].text != newham.paragraphs[0].sentences[0].text


def test_no_real_difference_scores_low(store: Store) -> None:
    p = profile(store, "Bury", year="2022/23")
    for a in angles(p):
        if (
            a.fact.kind != "history"
            and a.fact.uncertainty
            and a.fact.uncertainty.verdict
            in (
                "no real difference",
                "no real change",
            )
        ):
            assert a.score < 1
    top = lead(p)
    assert top is not None and top.score == max(a.score for a in angles(p))


def test_charts_render(store: Store) -> None:
    story = compose(store, "Bury", year="2022/23", charts=True)
    names = [c.name for c in story.charts]
    assert names == ["rate-over-time", "phase-split", "england-map"]
    assert all(c.svg.lstrip().startswith("<svg") or "<svg" in c.svg[:200] for c in story.charts)
    assert all(c.alt for c in story.charts)


def test_sweep_every_area_and_year(data: FactData) -> None:
    """Every LA, region and England in every third year, and one phase in turn (all years and
    phases with STORY_SWEEP=full: about 10 min), no charts: every sentence clean, backed by
    facts and traced, every footnote clean."""
    full = os.environ.get("STORY_SWEEP") == "full"
    years = data.years if full else data.years[::3]
    phases = ("total", "primary", "secondary", "special")
    started, count = time.perf_counter(), 0
    for i, year in enumerate(years):
        wider = [c for c, a in data.areas.items() if a.level != "local_authority"]
        areas = [c for c in wider if year in data.years_by_area.get(c, ())]
        areas += data.local_authorities(year)
        for phase in phases if full else ("total", phases[1 + i % 3]):
            for code in areas:
                check(compose_profile(build_profile(data, data.areas[code], year, phase), data))
                count += 1
    assert count > (10000 if full else 1700)
    print(f"{count} stories in {time.perf_counter() - started:.1f}s")


def test_no_area_codes_in_any_story(data: FactData) -> None:
    """Every LA, region and England in every year (every phase too with STORY_SWEEP=full):
    no GSS or DfE code in a sentence, heading or note, where the area's name belongs."""
    full = os.environ.get("STORY_SWEEP") == "full"
    found: list[str] = []
    for year in data.years:
        wider = [c for c, a in data.areas.items() if a.level != "local_authority"]
        areas = [c for c in wider if year in data.years_by_area.get(c, ())]
        for phase in ("total", "primary", "secondary", "special") if full else ("total",):
            for code in areas + data.local_authorities(year):
                story = compose_profile(build_profile(data, data.areas[code], year, phase), data)
                found += codes_in(story)
    assert not found, sorted(set(found))[:5]


def test_area_code_check_catches_codes() -> None:
    assert AREA_CODE.search("new GSS codes (E08000020 to E08000037).")
    assert AREA_CODE.search("different codes (835 and 838).")
    assert AREA_CODE.search("the DfE code 825 is unchanged")
    assert not AREA_CODE.search("shares are of the published total of 887.")


def test_zero_counts_read_as_none(store: Store) -> None:
    story = compose(store, "City of London", year="2012/13")
    text = " ".join(s.text for s in story.sentences())
    assert story.headline.text.startswith("The City of London has the joint lowest")
    assert "Schools in the City of London recorded no permanent exclusions in 2012/13." in text
    assert "a rate of 0 per cent" not in text and "of 0 per cent" not in text
    assert "There were also no permanent exclusions in the City of London in 2011/12." in text


def test_index_style_names_read_naturally(store: Store) -> None:
    story = compose(store, "Bristol, City of", year="2022/23")
    text = " ".join(s.text for s in story.sentences())
    assert "Schools in Bristol recorded" in text and "City of" not in text


def test_where_and_when_said_once_in_the_national_picture(store: Store) -> None:
    story = compose(store, "Bury", year="2022/23")
    picture = next(p for p in story.paragraphs if p.heading == "The national picture")
    assert picture.text.count("In England in 2016/17, ") == 1


def test_comparisons_in_a_row_share_a_subject(store: Store) -> None:
    story = compose(store, "Bury", year="2022/23")
    merged = [s for s in story.sentences() if {f.kind for f in s.facts} == {"versus_region",
              "versus_neighbours"}]  # fmt: skip
    assert len(merged) == 1
    assert merged[0].text == (
        "The permanent exclusion rate was about three-fifths of the rate for the North West "
        "(0.16 per cent), and about two-thirds of the combined rate of its statistical neighbours "
        "(0.14 per cent)."
    )
    assert any("Statistical neighbours are" in s.text for s in story.about)


@pytest.mark.parametrize("phase", ["primary", "secondary", "special"])
def test_phase_stories_name_their_schools(store: Store, phase: str) -> None:
    story = compose(store, "Bury", year="2022/23", phase=phase)
    check(story)
    assert f"{phase} school" in story.headline.text
    assert not any(p.heading == "Primary, secondary and special schools" for p in story.paragraphs)
    level = next(s for s in story.sentences() if s.facts[0].kind == "level")
    assert level.facts[0].subject.phase == phase and phase in level.text.lower()


# A figure with a decimal point that is not a rate ("0.15 per cent") or a ratio: a count
# printed as DfE published it ("5,741.0", "7.35294") rather than rounded for display.
NOT_WHOLE = re.compile(r"\d\.\d+(?! per cent)\b")


def _all_text(story: Story) -> list[str]:
    sentences = [story.headline, *(s for p in story.paragraphs for s in p.sentences)]
    return [s.text for s in [*sentences, *story.about]] + story.footnotes


def test_counts_that_are_not_whole_are_estimates_shown_whole(store: Store) -> None:
    """England's 2009/10 permanent exclusions, 5741.02 as published in 2022/23 (DfE's
    estimate), read "an estimated 5,741"; the stored value and its source note are as
    published."""
    fig = store.figure("England", "2009/10", "perm_excl")
    assert fig.value == 5741.02 and fig.file == "exc_nat_region_la.csv"  # never rounded
    story = compose(store, "England", year="2009/10")
    text = " ".join(_all_text(story))
    assert "recorded an estimated 5,741 permanent exclusions in 2009/10" in text
    assert "an estimated 5,020 of England's estimated 5,741 permanent exclusions" in text
    assert not NOT_WHOLE.findall(text)
    assert f"line {fig.line}, column perm_excl: 5741.02" in render(story, "md")
    for s in story.paragraphs[0].sentences:
        assert not untraced(s.text, s.facts) and not unsourced(s.text, s.facts)


@pytest.mark.parametrize(
    ("area", "year", "said"),
    [
        # 45.9412 permanent exclusions published (exc_nat_region_la.csv, line 2324).
        ("Brent", "2009/10", "shares are of the published total, an estimated 46, and"),
        ("Blackpool", "2006/07", "Based on an estimated eight cases: small numbers"),
    ],
)
def test_estimated_counts_in_the_notes(store: Store, area: str, year: str, said: str) -> None:
    story = compose(store, area, year=year)
    assert any(said in note for note in story.footnotes), story.footnotes
    assert not NOT_WHOLE.findall(" ".join(_all_text(story)))


def test_whole_counts_stored_as_decimals_print_without_a_point() -> None:
    assert number(5741.0) == "5,741" and count_phrase(26.0, "case") == "26 cases"
