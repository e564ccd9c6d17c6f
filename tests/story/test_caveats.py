"""Notes under a story: caveats in house style, with area names where the facts had codes."""

from __future__ import annotations

import pytest

from exclusions.story.area import Area
from exclusions.story.caveats import house, named

NAMES = {"E06000060": "Buckinghamshire", "E10000002": "Buckinghamshire",
         "E06000016": "Leicester"}  # fmt: skip


@pytest.mark.parametrize(
    ("caveat", "note"),
    [
        (
            "2013/14: Small boundary change between Gateshead and Northumberland: both keep "
            "their DfE codes but get new GSS codes (E08000020 to E08000037, E06000048 to "
            "E06000057).",
            "2013/14: Small boundary change between Gateshead and Northumberland: both keep "
            "their DfE codes but get new GSS codes.",
        ),
        (
            "2021/22: Buckinghamshire county and its districts became one unitary on the same "
            "area; the DfE code 825 is unchanged, the GSS code moves from E10000002 to "
            "E06000060.",
            "2021/22: Buckinghamshire county and its districts became one unitary on the same "
            "area; the DfE code is unchanged, the GSS code changes.",
        ),
        (
            "'Dorset' before and after are different areas with different codes (835 and 838).",
            "'Dorset' before and after are different areas with different codes.",
        ),
        ("based on 3 case(s): rates are unstable", "Based on three cases: rates are unstable."),
        ("revised (Bury total perm_excl)", "Revised (Bury total permanent exclusions)."),
    ],
)
def test_house_style_leaves_out_lists_of_codes(caveat: str, note: str) -> None:
    assert house(caveat) == note


def test_counts_are_not_codes() -> None:
    note = "One reason was withheld, so shares are of the published total of 887."
    assert house(note) == note


def test_areas_by_the_names_a_reporter_uses() -> None:
    region = Area("North East", "regional")
    note = "Figures are for England: published only nationally, not for North East."
    assert named(note, region, "North East", NAMES.get).endswith("not for the North East.")
    assert named("North East's figure.", region, "North East", NAMES.get) == (
        "The North East's figure."
    )
    assert named("North East Lincolnshire.", region, "North East", NAMES.get) == (
        "North East Lincolnshire."
    )
    hull = Area(Area.display("Kingston upon Hull, City of"), "local_authority")
    note = "Revised (Kingston upon Hull, City of total, Bristol, City of total)."
    assert named(note, hull, "Kingston upon Hull, City of", NAMES.get) == (
        "Revised (Kingston upon Hull total, Bristol total)."
    )
    leicester = Area("Leicester", "local_authority")
    assert named("E06000016 and E99999999 merged.", leicester, "Leicester", NAMES.get) == (
        "Leicester and E99999999 merged."
    )
