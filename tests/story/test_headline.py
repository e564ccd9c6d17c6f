"""The headline speaks only of the area's own figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from exclusions import Store
from exclusions.facts.api import fact_data
from exclusions.facts.data import FactData
from exclusions.facts.profile import build_profile
from exclusions.story.compose import compose_profile
from exclusions.story.render import render

OWN_KINDS = {"level", "rank", "versus_england", "versus_region", "versus_neighbours", "funnel",
             "change", "history"}  # fmt: skip


@pytest.fixture(scope="module")
def data(explorer_db: Path) -> Iterator[FactData]:
    with Store(explorer_db, read_only=True) as store:
        yield fact_data(store)


def test_no_rate_of_its_own_is_not_given_englands(data: FactData) -> None:
    # Cheshire East began in April 2009: exc_nat_region_la.csv has its 2008/09 counts
    # (36 permanent exclusions) with headcount 0 and every rate "z". The headline once said
    # "Cheshire East's permanent exclusion rate was 0.09 per cent", England's rate.
    info = data.areas["E06000049"]
    story = compose_profile(build_profile(data, info, 2008, "total"), data)
    assert story.headline.text == "No exclusion rates to report in Cheshire East in 2008/09"
    assert "0.09" not in render(story, "text").splitlines()[0]


def test_every_headline_rests_on_the_areas_own_figures(data: FactData) -> None:
    told = 0
    for year in data.years[-6:]:
        for code in [*data.local_authorities(year), "E12000002"]:
            story = compose_profile(build_profile(data, data.areas[code], year, "total"), data)
            kinds = {f.kind for f in story.headline.facts}
            if story.headline.text.startswith("No exclusion rates"):
                continue
            assert kinds <= OWN_KINDS, (code, year, story.headline.text, kinds)
            told += 1
    assert told > 900
