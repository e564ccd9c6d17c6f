"""read_neighbours on DfE's May 2025 statistical neighbours, and on hand-made workbooks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from exclusions.geography import (
    Neighbour,
    NeighbourTable,
    neighbours_of,
    read_lookups,
    read_neighbours,
)

FILE = "statistical_neighbours_may_2025.xlsx"


@pytest.fixture(scope="module")
def table(shared_data: Path) -> NeighbourTable:
    return read_neighbours(shared_data / "lookups" / FILE)


def test_barnsley(table: NeighbourTable) -> None:
    barnsley = table.of("370")
    assert barnsley[0] == Neighbour("370", "372", 1, "Very close")
    assert [n.neighbour_old_code for n in barnsley] == [
        "372", "384", "357", "371", "332", "894", "840", "390", "807", "394",
    ]  # fmt: skip
    assert neighbours_of(table.neighbours, "370") == barnsley


def test_whole_file(table: NeighbourTable) -> None:
    assert table.problems == []
    counts = Counter(n.la_old_code for n in table.neighbours)
    assert len(counts) == 158
    assert set(counts.values()) == {10}
    assert table.old_model_las == ("835", "836", "837", "928", "909")
    bands = {n.closeness for n in table.neighbours}
    assert bands == {"Extremely close", "Very close", "Close", "Somewhat close", "Not close"}


def test_old_model_rows_have_tidy_bands(table: NeighbourTable) -> None:
    # The file writes 'Extremely Close' in the old-model rows.
    assert table.of("835")[0] == Neighbour("835", "893", 1, "Extremely close")
    assert table.of("201")[0] == Neighbour("201", "202", 1, "Not close")


def test_codes_are_known_las(table: NeighbourTable, shared_data: Path) -> None:
    lookups = read_lookups(shared_data / "lookups")
    known = {la.old_code for la in lookups.las}
    live = {
        la.old_code
        for la in lookups.las
        if la.status == "live" and not la.is_combined and la.new_code != "z"
    }
    current = {n.la_old_code for n in table.neighbours} - set(table.old_model_las)
    assert current == live
    old_model = set(table.old_model_las)
    assert {n.neighbour_old_code for n in table.neighbours if n.la_old_code in current} <= live
    # The old model's neighbours include other abolished LAs (Poole's include Dorset 835).
    assert {n.neighbour_old_code for n in table.neighbours} <= known
    assert old_model <= known - live


def _workbook(path: Path, rows: list[list[object]], sheet: str = "LA SN Groups") -> Path:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(["A", "B", "C"])
    worksheet.append([1, 2, 3])
    header: list[object] = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"]
    for rank in range(1, 11):
        header += [f"SN{rank}", "SNP"]
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def _row(code: object, first: object) -> list[object]:
    row: list[object] = [code, "Somewhere", code, 1, "North West", first, "Close"]
    for rank in range(2, 11):
        row += [300 + rank, "close"]
    return row


def test_odd_rows_are_problems_not_crashes(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "sn.xlsx",
        [
            _row(351, 352.0),
            [None] * 25,
            _row("Total", 352),
            _row(353, None),
            _row(354, 354),
        ],
    )
    table = read_neighbours(path)
    assert [n.rank for n in table.of("351")] == list(range(1, 11))
    assert table.of("351")[0] == Neighbour("351", "352", 1, "Close")
    assert table.of("351")[1].closeness == "Close"
    assert table.problems == [
        "sn.xlsx:6: LA code 'Total' is not a 3-digit code",
        "sn.xlsx:7: LA 353 has no neighbour 1",
        "sn.xlsx:8: LA 354 neighbour 1 is '354'",
    ]
    assert table.old_model_las == ()


def test_missing_sheet_or_header(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no sheet"):
        read_neighbours(_workbook(tmp_path / "a.xlsx", [], sheet="Other"))
    workbook = openpyxl.Workbook()
    workbook.active.title = "LA SN Groups"
    workbook.save(tmp_path / "b.xlsx")
    with pytest.raises(ValueError, match="no 'LA num' header"):
        read_neighbours(tmp_path / "b.xlsx")
