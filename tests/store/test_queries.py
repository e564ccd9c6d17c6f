"""Read-side queries over the real data: areas, headline figures, releases, years."""

from __future__ import annotations

from collections import Counter

import pytest

from exclusions import Store
from exclusions.errors import UnknownArea, UnknownRelease, UnknownYear
from exclusions.store import queries
from exclusions.store.queries import PHASE_ORDER, SHOW_MEASURES, PhaseYear

# --- finding areas ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("E08000002", "E08000002"),
        ("e08000002", "E08000002"),
        ("351", "E08000002"),  # old LA number (exc_nat_region_la.csv: 351,E08000002,Bury)
        ("Bury", "E08000002"),
        ("  bury ", "E08000002"),
        ("BURY", "E08000002"),
        ("Bristol", "E06000023"),
        ("Bristol, City of", "E06000023"),
        ("Bristol City of", "E06000023"),  # clean_la_data.csv spelling
        ("City of Bristol", "E06000023"),
        ("Kingston upon Hull", "E06000010"),
        ("Hull", "E06000010"),
        ("Herefordshire", "E06000019"),
        ("Durham", "E06000047"),  # the live council, not the 2009 county code
        ("St Helens", "E08000013"),
        ("Saint Helens", "E08000013"),
        ("Inner London", "E13000001"),
        ("england", "E92000001"),
        # Recoded LAs, by name or number, are the code their figures were published under:
        # exc_nat_region_la.csv has 370,E08000016,Barnsley; the lookup's live code is E08000038.
        ("Barnsley", "E08000016"),
        ("370", "E08000016"),
        ("Sheffield", "E08000019"),
        ("Somerset", "E10000027"),
        ("North Yorkshire", "E10000023"),
        ("E08000038", "E08000038"),  # asked by code: that code, figures or not
    ],
)
def test_find_area(store: Store, text: str, code: str) -> None:
    assert queries.find_area(store.con, text).code == code


def test_area_info(store: Store) -> None:
    bury = store.area("Bury")
    assert (bury.name, bury.level, bury.old_la_code, bury.region_code, bury.status) == (
        "Bury",
        "local_authority",
        "351",
        "E12000002",
        "live",
    )
    assert store.area("E92000001").level == "national"
    assert store.area("North West").level == "regional"


@pytest.mark.parametrize(
    ("text", "first"),
    [("Burry", "Bury"), ("Newam", "Newham"), ("Northhamptonshire", "Northamptonshire")],
)
def test_unknown_area_suggests(store: Store, text: str, first: str) -> None:
    with pytest.raises(UnknownArea) as info:
        store.area(text)
    assert info.value.suggestions[0] == first
    assert len(info.value.suggestions) <= 3
    assert "did you mean" in str(info.value)
    assert repr(first) in str(info.value)


def test_unknown_area_without_suggestions(store: Store) -> None:
    with pytest.raises(UnknownArea) as info:
        store.area("Zzzzqq")
    assert info.value.suggestions == []
    assert "did you mean" not in str(info.value)


def test_list_areas(store: Store) -> None:
    everything = store.areas()
    assert everything[0].code == "E92000001"
    levels = [a.level for a in everything]
    # England first, then regions, then local authorities, each by name.
    assert levels == sorted(levels, key=["national", "regional", "local_authority"].index)
    # 161: the short-lived 2009 county codes (Wiltshire E10000033, ...) hold no data; DfE
    # reports those councils under their unitary codes back to 2006/07.
    assert Counter(levels) == {"national": 1, "regional": 10, "local_authority": 161}
    regions = store.areas("regional")
    assert [a.name for a in regions] == sorted(a.name for a in regions)
    assert {"Inner London", "Outer London", "North West"} <= {a.name for a in regions}
    las = {a.code for a in store.areas("local_authority")}
    # Both Dorsets (E10000009 to March 2019, E06000059 after) have data.
    assert {"E08000002", "E10000009", "E06000059"} <= las


# --- headline figures -------------------------------------------------------------------------


@pytest.mark.parametrize("release", [None, "2015/16", "2016/17", "2022/23"])
@pytest.mark.parametrize("area", ["E92000001", "E08000002", "E12000002"])
def test_one_figure_per_year_phase_and_measure(store: Store, area: str, release: str) -> None:
    # Several files of one release publish England's totals (clean_la_data, nat_summary,
    # nat_char_prep), and banded tables repeat them as a Total band: still one figure each.
    found = queries.figures(store.con, area, release=release)
    keys = Counter((f.year, f.school_type, f.measure) for f in found)
    if release == "2015/16" and area != "E92000001":
        assert found == []  # the 2015/16 files give LAs and regions by reason only
    else:
        assert found
    assert max(keys.values(), default=1) == 1
    assert {f.measure for f in found} <= set(SHOW_MEASURES)
    if release is not None:
        assert {f.release for f in found} <= {release}


def test_figures_only_from_headline_rows(store: Store) -> None:
    rows = store.sql(
        """SELECT DISTINCT band_kind FROM latest
           WHERE area_code = 'E92000001' AND year = 2006 AND measure = 'one_plus_susp'"""
    )
    # The store holds Total bands of banded tables for this figure too ...
    assert {r[0] for r in rows} >= {"none", "suspensions_per_pupil", "total_days_per_pupil"}
    # ... but the headline is the 2022/23 figure (exc_nat_region_la.csv line 120: 227127),
    # not 227125 (SFR35 number_fixed line 1099) nor 226955 (total_length line 1686).
    (f,) = [
        f
        for f in queries.figures(store.con, "E92000001", year=2006, measures=("one_plus_susp",))
        if f.school_type == "total"
    ]
    assert (f.value, f.file, f.line) == (227127, "exc_nat_region_la.csv", 120)


def test_show_orders_phases(store: Store) -> None:
    rows = store.show("Bury")
    years = sorted({r.year for r in rows})
    assert years == list(range(2006, 2023))
    assert rows == sorted(rows, key=lambda r: (r.year, PHASE_ORDER.get(r.school_type, 9)))
    assert [r.school_type for r in rows if r.year == 2022] == [
        "total",
        "primary",
        "secondary",
        "special",
    ]


def test_show_england_2006_07_keeps_dfe_placeholder_row_last(store: Store) -> None:
    # nat_summary.csv line 6: "200607","dummy","1","0","20",... is published as is, after
    # the four phases (it is the "NULL" authority of clean_la_data.csv line 6527).
    rows = store.show("England", year="2006/07")
    assert [r.school_type for r in rows] == ["total", "primary", "secondary", "special", "dummy"]
    assert rows[-1].release == "2016/17"


@pytest.mark.parametrize("year", ["2022/23", "2022-23", "202223", "2022/2023", 202223])
def test_year_spellings(store: Store, year: str | int) -> None:
    rows = store.show("Bury", year=year)
    assert {r.year for r in rows} == {2022}
    assert len(rows) == 4


@pytest.mark.parametrize("year", ["2022", "2022/24", "twenty", "22/23"])
def test_bad_year(store: Store, year: str) -> None:
    with pytest.raises(UnknownYear):
        store.show("Bury", year=year)


def test_year_without_figures(store: Store) -> None:
    assert store.show("Bury", year="2030/31") == []
    assert store.figure("Bury", "2030/31", "perm_excl") is None
    # Bournemouth, Christchurch and Poole began in April 2019.
    assert store.show("E06000058", year="2018/19") == []


def test_unknown_release(store: Store) -> None:
    with pytest.raises(UnknownRelease, match="2015/16, 2016/17, 2022/23"):
        store.show("Bury", release="2019/20")
    with pytest.raises(UnknownRelease):
        store.figure("Bury", "2022/23", "perm_excl", release="2019/20")
    queries.check_release(store.con, None)
    queries.check_release(store.con, "2022/23")


def test_figure_school_type_and_missing(store: Store) -> None:
    # exc_nat_region_la.csv line 10385: 202223 Bury special perm_excl 0 (a real zero)
    special = store.figure("Bury", "2022/23", "perm_excl", school_type="special")
    assert special is not None
    assert (special.value, special.suppressed) == (0, False)
    assert store.figure("Bury", "2022/23", "perm_excl", school_type="ap") is None


def test_phase_year_release_and_derived_rate(store: Store) -> None:
    (total,) = [r for r in store.show("Bury", year="2022/23") if r.school_type == "total"]
    assert isinstance(total, PhaseYear)
    assert total.release == "2022/23"
    # exc_nat_region_la.csv line 10694: perm_excl 26, headcount 29121, rate 0.08928
    assert queries.derived_rate(total, "perm_excl_rate") == pytest.approx(26 / 29121 * 100)
    assert queries.derived_rate(total, "perm_excl_rate") == pytest.approx(0.08928, abs=5e-6)
    # A suppressed count gives no rate: clean_la_data.csv line 231 one_plus_fixed "x".
    (special,) = [
        r
        for r in store.show("Bury", year="2016/17", release="2016/17")
        if r.school_type == "special"
    ]
    assert queries.derived_rate(special, "one_plus_susp_rate") is None
    assert PhaseYear(2022, "total").release == ""
