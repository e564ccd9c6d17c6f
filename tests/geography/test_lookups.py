"""read_lookups on DfE's real LA lists, plus small hand-made folders for the odd cases."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from exclusions.geography import (
    ENGLAND,
    INNER_LONDON,
    OUTER_LONDON,
    LocalAuthority,
    Lookups,
    read_lookups,
)


@pytest.fixture(scope="module")
def lookups(shared_data: Path) -> Lookups:
    return read_lookups(shared_data / "lookups")


def test_bury(lookups: Lookups) -> None:
    bury = lookups.by_new_code("E08000002")
    assert bury == LocalAuthority(
        new_code="E08000002",
        old_code="351",
        name="Bury",
        region_code="E12000002",
        region_name="North West",
        start=date(2009, 1, 1),
        end=None,
        status="live",
        entity="E08",
    )
    assert lookups.by_old_code("351") == [bury]


def test_every_row_of_las_csv_is_read(lookups: Lookups) -> None:
    assert len(lookups.las) == 176
    assert {la.entity for la in lookups.las} == {"E06", "E08", "E09", "E10", ""}
    assert {la.status for la in lookups.las} == {"live", "terminated"}


def test_the_files_agree_apart_from_bfpo(lookups: Lookups) -> None:
    # The lookups cross-check cleanly; the only oddity is the forces' post office row.
    assert lookups.problems == [
        "las.csv:177: 'British Forces Post Office overseas establishments' has no GSS code ('z')"
    ]
    bfpo = lookups.by_old_code("702")
    assert [(la.new_code, la.region_code, la.start) for la in bfpo] == [("z", None, None)]


def test_regions(lookups: Lookups) -> None:
    regions = {r.code: r.name for r in lookups.regions}
    assert regions == {
        "E12000001": "North East",
        "E12000002": "North West",
        "E12000003": "Yorkshire and The Humber",
        "E12000004": "East Midlands",
        "E12000005": "West Midlands",
        "E12000006": "East of England",
        "E12000007": "London",
        "E12000008": "South East",
        "E12000009": "South West",
        INNER_LONDON: "Inner London",
        OUTER_LONDON: "Outer London",
        ENGLAND: "England",
    }
    matcher = lookups.region_matcher()
    assert matcher.match("Yorkshire and the Humber") == "E12000003"
    assert matcher.match("London (Inner)") == INNER_LONDON


def test_every_la_with_a_region_has_its_name(lookups: Lookups) -> None:
    names = {r.code: r.name for r in lookups.regions}
    for la in lookups.las:
        if la.region_code is not None:
            assert la.region_name == names[la.region_code], la


def test_dorset_is_two_authorities(lookups: Lookups) -> None:
    old, new = lookups.by_old_code("835"), lookups.by_old_code("838")
    assert [(la.new_code, la.name, la.end) for la in old] == [
        ("E10000009", "Dorset", date(2019, 3, 31))
    ]
    assert [(la.new_code, la.name, la.start) for la in new] == [
        ("E06000059", "Dorset", date(2019, 4, 1))
    ]


def test_missing_old_codes_are_none(lookups: Lookups) -> None:
    durham = lookups.by_new_code("E10000010")
    assert durham is not None
    assert (durham.name, durham.old_code, durham.status) == ("Durham", None, "terminated")


def test_pooled_rows_are_kept_and_flagged(lookups: Lookups) -> None:
    pooled = [la for la in lookups.las if la.is_combined]
    assert [(la.new_code, la.old_code) for la in pooled] == [
        ("E06000061 / E06000062", "940 / 941"),
        ("E06000063 / E06000064", "942 / 943"),
        ("E09000021 / E09000027", "314 / 318"),
    ]


def test_new_gss_codes_under_one_dfe_code(lookups: Lookups) -> None:
    assert [la.new_code for la in lookups.by_old_code("825")] == ["E10000002", "E06000060"]
    # North Yorkshire and Somerset keep their DfE codes as unitaries.
    assert [la.new_code for la in lookups.by_old_code("815")] == ["E10000023", "E06000065"]
    assert [la.new_code for la in lookups.by_old_code("933")] == ["E10000027", "E06000066"]
    assert [la.name for la in lookups.by_old_code("816")] == ["York"]
    assert [la.name for la in lookups.by_old_code("935")] == ["Suffolk"]
    assert [la.new_code for la in lookups.by_old_code("370")] == ["E08000016", "E08000038"]


def test_benchmarking_tool_names(lookups: Lookups) -> None:
    assert lookups.dfe_names["822"] == "Bedford Borough"
    assert lookups.dfe_names["835"] == "Dorset (Pre LG)"
    assert lookups.dfe_names["810"] == "Kingston Upon Hull, City of"
    assert len(lookups.dfe_names) == 158


def test_london_subregions_match_the_exclusions_file(lookups: Lookups, shared_data: Path) -> None:
    assert len(lookups.london_subregions) == 33
    # DfE puts Greenwich in Outer London and Haringey and Newham in Inner London.
    assert lookups.london_subregions["203"] == OUTER_LONDON
    assert lookups.london_subregions["309"] == lookups.london_subregions["316"] == INNER_LONDON
    path = shared_data / "dfe" / "2022-23" / "exc_nat_region_la.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        published = {
            row["old_la_code"]: row["region_code"]
            for row in csv.DictReader(handle)
            if row["region_code"].startswith("E13") and row["geographic_level"] == "Local authority"
        }
    assert published == lookups.london_subregions


def test_la_matcher_rejects_unknown_kind(lookups: Lookups) -> None:
    with pytest.raises(ValueError, match="'new' or 'old'"):
        lookups.la_matcher("gss")  # type: ignore[arg-type]


def _small_folder(tmp_path: Path, shared_data: Path, las_rows: list[str]) -> Path:
    """A lookups folder with a hand-written las.csv beside the real hierarchy file."""
    header = (
        "new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,"
        "entity_code,entity_description,status,old_la_code"
    )
    (tmp_path / "las.csv").write_text("\ufeff" + "\n".join([header, *las_rows]) + "\n")
    shutil.copy(shared_data / "lookups" / "region_la_hierarchy.csv", tmp_path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["LA Number", "LA Name", "Region", "Type"])
    sheet.append([351, "Bury", "North West", "MD"])
    sheet.append([999, "Atlantis", "South West", "UA"])
    sheet.append([970, "England", "NA", "NA"])
    sheet.append([None, None, None, None])
    workbook.save(tmp_path / "la_code_list.xlsx")
    return tmp_path


def test_odd_rows_become_problems(tmp_path: Path, shared_data: Path) -> None:
    folder = _small_folder(
        tmp_path,
        shared_data,
        [
            "E08000002,Bury,2009-01-01,,E12000002,E08,Metropolitan Districts,live,351",
            "E06000099,Nowhere,01/01/2009,,E12000001,E06,Unitary Authorities,live,x",
            "E08000003,Manchester,01/01/2009,,E12000009,E08,Metropolitan Districts,live,352",
        ],
    )
    lookups = read_lookups(folder)
    assert lookups.las[0].start is None
    assert lookups.las[1].old_code is None
    assert lookups.problems[:4] == [
        "las.csv:2: unreadable date '2009-01-01'",
        "las.csv:3: E06000099 'Nowhere' not in region_la_hierarchy.csv",
        "las.csv:4: E08000003 region E12000009 but E12000002 in hierarchy",
        "region_la_hierarchy.csv: E06000047 not in las.csv",
    ]
    assert "la_code_list.xlsx:3: LA 999 'Atlantis' not in las.csv" in lookups.problems
    assert lookups.dfe_names == {"351": "Bury"}
