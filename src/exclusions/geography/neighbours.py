"""Read DfE's children's services statistical neighbours (May 2025 model).

Sheet 'LA SN Groups': two rows of column labels, then the header row ('LA num', 'LA Name',
'LA number', 'GOInd', 'GOReg', 'SN1', 'SNP', ... 'SN10', 'SNP'), one row per LA, and after
an 'Old SNs:' label the neighbours of LAs abolished since (Dorset, Poole, Bournemouth,
Northamptonshire, Cumbria). All codes are DfE 3-digit codes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

__all__ = ["SHEET", "Neighbour", "NeighbourTable", "neighbours_of", "read_neighbours"]

SHEET = "LA SN Groups"
_HEADER_SEARCH_ROWS = 10
_OLD_CODE = re.compile(r"\d{3}")


@dataclass(frozen=True)
class Neighbour:
    """One LA's neighbour of a given rank (1 = most similar) and closeness band."""

    la_old_code: str
    neighbour_old_code: str
    rank: int
    closeness: str


@dataclass
class NeighbourTable:
    """All neighbour pairs in the file, plus anything unexpected found while reading."""

    neighbours: list[Neighbour]
    problems: list[str] = field(default_factory=list)
    # LAs listed under 'Old SNs:', i.e. neighbour sets kept for abolished authorities.
    old_model_las: tuple[str, ...] = ()

    def of(self, old_code: str) -> list[Neighbour]:
        """Neighbours of the LA with this DfE 3-digit code, nearest first."""
        return neighbours_of(self.neighbours, old_code)


def neighbours_of(neighbours: Sequence[Neighbour], old_code: str) -> list[Neighbour]:
    """Neighbours of the LA with this DfE 3-digit code, nearest first."""
    return sorted((n for n in neighbours if n.la_old_code == old_code), key=lambda n: n.rank)


def _text(cell: object) -> str:
    """Cell as trimmed text; whole-number floats lose their '.0'."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _closeness(raw: str) -> str:
    """Band in one spelling: the 'Old SNs' rows write 'Very Close' for 'Very close'."""
    return raw[:1].upper() + raw[1:].lower()


def _columns(header: Sequence[str]) -> dict[int, tuple[int, int | None]]:
    """Rank -> (neighbour column, closeness column or None), from SN1..SN10 headers."""
    columns: dict[int, tuple[int, int | None]] = {}
    for index, label in enumerate(header):
        found = re.fullmatch(r"SN(\d+)", label.upper())
        if found:
            follows = header[index + 1] if index + 1 < len(header) else ""
            columns[int(found.group(1))] = (index, index + 1 if follows.upper() == "SNP" else None)
    return columns


def read_neighbours(path: Path) -> NeighbourTable:
    """Every (LA, neighbour, rank, closeness) in the statistical neighbours workbook."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if SHEET not in workbook.sheetnames:
            raise ValueError(f"{path.name}: no sheet {SHEET!r} (found {workbook.sheetnames})")
        rows = [[_text(c) for c in row] for row in workbook[SHEET].iter_rows(values_only=True)]
    finally:
        workbook.close()
    start = next(
        (i for i, row in enumerate(rows[:_HEADER_SEARCH_ROWS]) if row[:1] == ["LA num"]), None
    )
    if start is None:
        raise ValueError(f"{path.name}: no 'LA num' header in the first {_HEADER_SEARCH_ROWS} rows")
    table = NeighbourTable([])
    header = rows[start]
    columns = _columns(header)
    if sorted(columns) != list(range(1, 11)):
        table.problems.append(f"{path.name}: expected SN1..SN10 columns, found {sorted(columns)}")
    code_column = header.index("LA number") if "LA number" in header else None
    old_section = False
    old_model: list[str] = []
    for number, row in enumerate(rows[start + 1 :], start=start + 2):
        where = f"{path.name}:{number}"
        la = row[0] if row else ""
        if not la:
            # Blank spacer rows, and the 'Old SNs:' label that starts the abolished LAs.
            old_section = old_section or any("old" in c.lower() for c in row)
            continue
        if not _OLD_CODE.fullmatch(la):
            table.problems.append(f"{where}: LA code {la!r} is not a 3-digit code")
            continue
        if code_column is not None and row[code_column] not in ("", la):
            table.problems.append(f"{where}: 'LA num' {la} but 'LA number' {row[code_column]}")
        if old_section:
            old_model.append(la)
        for rank, (code_at, band_at) in sorted(columns.items()):
            neighbour = row[code_at] if code_at < len(row) else ""
            band = row[band_at] if band_at is not None and band_at < len(row) else ""
            if not neighbour:
                table.problems.append(f"{where}: LA {la} has no neighbour {rank}")
                continue
            if not _OLD_CODE.fullmatch(neighbour) or neighbour == la:
                table.problems.append(f"{where}: LA {la} neighbour {rank} is {neighbour!r}")
                continue
            table.neighbours.append(Neighbour(la, neighbour, rank, _closeness(band)))
    table.old_model_las = tuple(old_model)
    return table
