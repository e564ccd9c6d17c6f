"""Local-government reorganisations that change an LA's codes or area mid-series.

Written by hand from lookups/las.csv and lookups/region_la_hierarchy.csv (dates of operation
and termination, old and new codes) and checked against DfE's 2022/23 exclusions file, which
shows the academic year each set of codes is first reported. Where the files disagree with
the commonly quoted story, the files win and a comment says so.

Left out on purpose: the 2009 unitary authorities that kept their county's area (Cornwall,
Durham, Northumberland, Shropshire, Wiltshire). Their abolished counties had no DfE code and
DfE back-casts the unitary codes to 2006/07, so no published series changes there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["REORGANISATIONS", "Reorganisation", "breaks_between", "series_breaks"]


@dataclass(frozen=True)
class Reorganisation:
    """One reorganisation: DfE 3-digit codes (and GSS codes) before and after `effective`."""

    effective: date
    # First academic year (start year: 2019 is 2019/20) reported under the successors.
    first_academic_year: int
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    note: str
    predecessor_gss: tuple[str, ...] = ()
    successor_gss: tuple[str, ...] = ()

    @property
    def renumbered_only(self) -> bool:
        """True when DfE's 3-digit codes survive, so only GSS codes (or a sliver) change."""
        return set(self.predecessors) == set(self.successors)

    def touches(self, old_code: str) -> bool:
        """Whether the LA with this DfE 3-digit code is a predecessor or successor."""
        return old_code in self.predecessors or old_code in self.successors


# Every reorganisation took effect on 1 April (1 May for 2025), in the middle of an academic
# year; the next academic year is the first reported under the new authorities.
REORGANISATIONS: tuple[Reorganisation, ...] = (
    Reorganisation(
        date(2009, 4, 1),
        2009,
        ("820",),
        ("822", "823"),
        "Bedfordshire county split into Bedford and Central Bedfordshire (Luton was already "
        "unitary). DfE lists the successors from 2008/09 with no pupils and Bedfordshire, "
        "without a GSS code, until 2008/09.",
        ("E10000001",),
        ("E06000055", "E06000056"),
    ),
    Reorganisation(
        date(2009, 4, 1),
        2009,
        ("875",),
        ("895", "896"),
        "Cheshire county split into Cheshire East and Cheshire West and Chester (Halton and "
        "Warrington were already unitary). DfE reports Cheshire without a GSS code.",
        ("E10000004",),
        ("E06000049", "E06000050"),
    ),
    Reorganisation(
        date(2013, 4, 1),
        2013,
        ("390", "929"),
        ("390", "929"),
        "Small boundary change between Gateshead and Northumberland: both keep their DfE "
        "codes but get new GSS codes (E08000020 to E08000037, E06000048 to E06000057).",
        ("E08000020", "E06000048"),
        ("E08000037", "E06000057"),
    ),
    Reorganisation(
        date(2019, 4, 1),
        2019,
        ("835", "836", "837"),
        ("838", "839"),
        "Bournemouth, Poole and Dorset county replaced by Bournemouth, Christchurch and Poole "
        "and a Dorset unitary without Christchurch: 'Dorset' before and after are different "
        "areas with different codes (835 and 838).",
        ("E10000009", "E06000029", "E06000028"),
        ("E06000059", "E06000058"),
    ),
    Reorganisation(
        date(2020, 4, 1),
        # The files win: DfE's 2022/23 file still reports E10000002 for 2020/21 although the
        # county ended on 31 March 2020; E06000060 first appears for 2021/22.
        2021,
        ("825",),
        ("825",),
        "Buckinghamshire county and its districts became one unitary on the same area; the "
        "DfE code 825 is unchanged, the GSS code moves from E10000002 to E06000060.",
        ("E10000002",),
        ("E06000060",),
    ),
    Reorganisation(
        date(2021, 4, 1),
        2021,
        ("928",),
        ("940", "941"),
        "Northamptonshire county split into North and West Northamptonshire.",
        ("E10000021",),
        ("E06000061", "E06000062"),
    ),
    Reorganisation(
        date(2023, 4, 1),
        2023,
        ("909",),
        ("942", "943"),
        "Cumbria county split into Cumberland and Westmorland and Furness.",
        ("E10000006",),
        ("E06000063", "E06000064"),
    ),
    Reorganisation(
        date(2023, 4, 1),
        2023,
        # The files win: the unitary keeps DfE code 815 (816 is York), see las.csv and
        # region_la_hierarchy.csv; only the GSS code changes.
        ("815",),
        ("815",),
        "North Yorkshire county and its districts became one unitary on the same area.",
        ("E10000023",),
        ("E06000065",),
    ),
    Reorganisation(
        date(2023, 4, 1),
        2023,
        # The files win: the unitary keeps DfE code 933 (935 is Suffolk).
        ("933",),
        ("933",),
        "Somerset county and its districts became one unitary on the same area.",
        ("E10000027",),
        ("E06000066",),
    ),
    Reorganisation(
        date(2025, 5, 1),
        2025,
        ("370", "373"),
        ("370", "373"),
        "Small boundary change between Barnsley and Sheffield: both keep their DfE codes but "
        "get new GSS codes (E08000016 to E08000038, E08000019 to E08000039). The December "
        "2024 boundaries still use the old codes.",
        ("E08000016", "E08000019"),
        ("E08000038", "E08000039"),
    ),
)


def series_breaks(old_code: str) -> list[Reorganisation]:
    """Reorganisations involving the LA with this DfE 3-digit code, oldest first."""
    return [r for r in REORGANISATIONS if r.touches(old_code)]


def breaks_between(old_code: str, year_a: int, year_b: int) -> list[Reorganisation]:
    """Reorganisations of this LA first reported in an academic year in (year_a, year_b]."""
    low, high = min(year_a, year_b), max(year_a, year_b)
    return [r for r in series_breaks(old_code) if low < r.first_academic_year <= high]
