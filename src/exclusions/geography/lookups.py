"""Read DfE's local-authority and region lookups (lookups/ in the shared data folder).

`las.csv` is the master list: every LA with its GSS code (E06/E08/E09/E10), DfE's 3-digit
code, region and dates. `region_la_hierarchy.csv` supplies region names, and
`la_code_list.xlsx` (DfE's LA benchmarking tool) the Inner/Outer London split DfE's
exclusion files use, plus some older spellings ("Bedford Borough", "Poole (Pre LG)").
Disagreements between the files are reported in `Lookups.problems`, never fixed silently.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import openpyxl

from exclusions.geography.names import Area, AreaMatcher, normalise_name

__all__ = [
    "ENGLAND",
    "INNER_LONDON",
    "OUTER_LONDON",
    "LocalAuthority",
    "Lookups",
    "Region",
    "read_lookups",
]

LAS_FILE = "las.csv"
HIERARCHY_FILE = "region_la_hierarchy.csv"
CODE_LIST_FILE = "la_code_list.xlsx"

# Neither lookup CSV carries these, but DfE's exclusion files report England and split London
# into these two ONS sub-regions (E13) instead of the E12 London region.
ENGLAND = "E92000001"
INNER_LONDON = "E13000001"
OUTER_LONDON = "E13000002"
_EXTRA_REGIONS = {INNER_LONDON: "Inner London", OUTER_LONDON: "Outer London", ENGLAND: "England"}

# DfE writes "not applicable" as x in the old-code columns and z in the hierarchy file.
_MISSING = {"", "x", "z"}


@dataclass(frozen=True)
class LocalAuthority:
    """One row of las.csv: a local authority under one GSS code."""

    new_code: str
    old_code: str | None
    name: str
    region_code: str | None
    region_name: str | None
    start: date | None
    end: date | None
    status: str
    entity: str

    @property
    def is_combined(self) -> bool:
        """True for DfE's pooled rows such as 'Cumberland / Westmorland and Furness'."""
        return " / " in self.new_code


@dataclass(frozen=True)
class Region:
    """A region (E12), London sub-region (E13) or England itself (E92)."""

    code: str
    name: str


@dataclass
class Lookups:
    """Everything read from the lookups folder, with anything odd listed in `problems`."""

    las: list[LocalAuthority]
    regions: list[Region]
    problems: list[str] = field(default_factory=list)
    # DfE 3-digit code -> name in la_code_list.xlsx ("Bedford Borough", "Dorset (Pre LG)").
    dfe_names: dict[str, str] = field(default_factory=dict)
    # London LA's DfE 3-digit code -> E13 sub-region code, as DfE's benchmarking tool splits it.
    london_subregions: dict[str, str] = field(default_factory=dict)

    def by_old_code(self, old_code: str) -> list[LocalAuthority]:
        """Every LA (under any GSS code) with this DfE 3-digit code, oldest first."""
        found = [la for la in self.las if la.old_code == old_code]
        return sorted(found, key=lambda la: la.start or date.min)

    def by_new_code(self, new_code: str) -> LocalAuthority | None:
        """The LA with this GSS code, or None."""
        return next((la for la in self.las if la.new_code == new_code), None)

    def la_matcher(self, code: Literal["new", "old"] = "new") -> AreaMatcher:
        """Name matcher over LAs that have a DfE code, returning 'new' (GSS) or 'old' codes."""
        if code not in ("new", "old"):
            raise ValueError(f"code must be 'new' or 'old', not {code!r}")
        areas: list[Area] = []
        aliases: list[tuple[str, str]] = []
        # LAs without a DfE code (the shire counties abolished in 2009) never appear in DfE
        # statistics: DfE back-casts their unitary successors' codes instead.
        for la in self.las:
            if la.old_code is None or (code == "new" and _code(la.new_code) is None):
                continue
            value = la.new_code if code == "new" else la.old_code
            areas.append(Area(value, la.name, la.start, la.end))
            if la.old_code in self.dfe_names:
                aliases.append((self.dfe_names[la.old_code], value))
        return AreaMatcher(areas, aliases)

    def region_matcher(self) -> AreaMatcher:
        """Name matcher over regions, London sub-regions and England."""
        return AreaMatcher(Area(r.code, r.name) for r in self.regions)


def _parse_date(raw: str, where: str, problems: list[str]) -> date | None:
    """Date from dd/mm/yyyy, or None (noting a problem) when blank or malformed."""
    if not raw.strip():
        return None
    try:
        return datetime.strptime(raw.strip(), "%d/%m/%Y").date()
    except ValueError:
        problems.append(f"{where}: unreadable date {raw!r}")
        return None


def _code(raw: str | None) -> str | None:
    """Code with DfE's 'not applicable' markers turned into None."""
    value = (raw or "").strip()
    return None if value.lower() in _MISSING else value


def _cell_text(cell: object) -> str:
    """Spreadsheet cell as trimmed text; whole-number floats lose their '.0'."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """CSV rows as dicts, tolerating a byte-order mark."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _read_hierarchy(
    path: Path, problems: list[str]
) -> tuple[list[Region], dict[str, tuple[str, str]]]:
    """E12 regions in file order, and GSS code -> (region code, region name)."""
    regions: dict[str, str] = {}
    of_la: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(_rows(path), start=2):
        region_code, region_name = _code(row.get("region_code")), row.get("region_name", "")
        if region_code is None:
            continue  # the "Outside of England" / "Unknown" rows
        known = regions.setdefault(region_code, region_name.strip())
        if known != region_name.strip():
            problems.append(f"{path.name}:{number}: {region_code} also named {region_name!r}")
        new_code = _code(row.get("new_la_code"))
        if new_code is not None:
            of_la[new_code] = (region_code, known)
    return [Region(c, n) for c, n in regions.items()], of_la


def _read_las(
    path: Path, region_of: dict[str, tuple[str, str]], problems: list[str]
) -> list[LocalAuthority]:
    """Every row of las.csv, with region names from the hierarchy."""
    region_names = dict(region_of.values())
    las: list[LocalAuthority] = []
    for number, row in enumerate(_rows(path), start=2):
        where = f"{path.name}:{number}"
        new_code = (row.get("new_la_code") or "").strip()
        region_code = _code(row.get("parent_geography_code"))
        in_hierarchy = region_of.get(new_code)
        if _code(new_code) is None:
            problems.append(f"{where}: {row.get('la_name')!r} has no GSS code ({new_code!r})")
        elif in_hierarchy is None:
            problems.append(f"{where}: {new_code} {row.get('la_name')!r} not in {HIERARCHY_FILE}")
        elif in_hierarchy[0] != region_code:
            problems.append(
                f"{where}: {new_code} region {region_code} but {in_hierarchy[0]} in hierarchy"
            )
        las.append(
            LocalAuthority(
                new_code=new_code,
                old_code=_code(row.get("old_la_code")),
                name=(row.get("la_name") or "").strip(),
                region_code=region_code,
                region_name=region_names.get(region_code or ""),
                start=_parse_date(row.get("date_of_operation") or "", where, problems),
                end=_parse_date(row.get("date_of_termination") or "", where, problems),
                status=(row.get("status") or "").strip(),
                entity=(row.get("entity_code") or "").strip(),
            )
        )
    return las


def _read_code_list(
    path: Path, las: list[LocalAuthority], problems: list[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """DfE code -> benchmarking-tool name, and London DfE code -> E13 sub-region."""
    sub_regions = {"inner london": INNER_LONDON, "outer london": OUTER_LONDON}
    names: dict[str, str] = {}
    london: dict[str, str] = {}
    by_old: dict[str, list[LocalAuthority]] = {}
    for la in las:
        by_old.setdefault(la.old_code or "", []).append(la)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()  # read-only workbooks hold the file open until closed
    for number, row in enumerate(rows[1:], start=2):
        cells = [_cell_text(c) for c in [*row, None, None, None][:3]]
        old_code, name, region = cells
        if not old_code or not name:
            continue
        if region == "NA":
            continue  # England and regional aggregates (970-1000), not authorities
        where = f"{path.name}:{number}"
        matches = by_old.get(old_code, [])
        if not matches:
            problems.append(f"{where}: LA {old_code} {name!r} not in {LAS_FILE}")
            continue
        names[old_code] = name
        if all(normalise_name(la.name) != normalise_name(name) for la in matches):
            problems.append(
                f"{where}: {old_code} is {name!r} here, {matches[0].name!r} in {LAS_FILE}"
            )
        region_key = normalise_name(region)
        if region_key in sub_regions:
            london[old_code] = sub_regions[region_key]
        elif all(region_key != normalise_name(la.region_name or "") for la in matches):
            problems.append(f"{where}: {old_code} in {region!r}, not {matches[0].region_name!r}")
    return names, london


def read_lookups(folder: Path) -> Lookups:
    """Read las.csv, region_la_hierarchy.csv and la_code_list.xlsx from `folder`."""
    problems: list[str] = []
    regions, region_of = _read_hierarchy(folder / HIERARCHY_FILE, problems)
    las = _read_las(folder / LAS_FILE, region_of, problems)
    listed = {la.new_code for la in las}
    if len(listed) != len(las):
        problems.append(f"{LAS_FILE}: some GSS codes appear more than once")
    problems.extend(
        f"{HIERARCHY_FILE}: {code} not in {LAS_FILE}" for code in region_of if code not in listed
    )
    dfe_names, london = _read_code_list(folder / CODE_LIST_FILE, las, problems)
    regions = sorted(regions, key=lambda r: r.code)
    regions += [Region(code, name) for code, name in _EXTRA_REGIONS.items()]
    return Lookups(las, regions, problems, dfe_names, london)
