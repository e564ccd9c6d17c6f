"""The explorer's page models on the real data: figures checked against the published files."""

from __future__ import annotations

import csv
import io
import json

import pytest

from exclusions.errors import UnknownArea, UnknownChoice, UnknownYear
from exclusions.explore import (
    BadAreaCount,
    Site,
    area_csv,
    area_figures,
    area_page,
    characteristics,
    compare,
    home,
    methods,
    rankings,
    reasons,
    search,
    slug,
)

BURY = "E08000002"


def test_slug() -> None:
    assert slug("Bristol, City of") == "bristol-city-of"
    assert slug("St. Helens") == "st-helens"
    assert slug("Kingston upon Hull, City of") == "kingston-upon-hull-city-of"


def test_site_resolves_slugs_codes_names_and_old_numbers(site: Site) -> None:
    assert site.resolve("bury").code == BURY
    assert site.resolve("E08000002").code == BURY
    assert site.resolve("351").code == BURY
    assert site.resolve("Bristol").name == "Bristol, City of"
    with pytest.raises(UnknownArea) as err:
        site.resolve("Burry")
    assert err.value.suggestions[0] == "Bury"


def test_namesakes_get_distinct_paths(site: Site) -> None:
    # Buckinghamshire county (to 2020) and unitary (from 2020): one slug, the live one's.
    bucks = [a for a in site.areas if a.name == "Buckinghamshire"]
    assert len(bucks) == 2
    paths = {site.path_name(a) for a in bucks}
    assert len(paths) == 2 and "buckinghamshire" in paths
    for a in bucks:
        assert site.resolve(site.path_name(a)).code == a.code


def test_home_headline_figures_match_the_2022_23_release(site: Site) -> None:
    page = home(site)
    assert page.year == 2022
    counts = {f.subject.measure: f.value.count for f in page.england}
    assert counts == {"perm_excl": 9376, "susp": 786961, "one_plus_susp": 304040}
    assert {f.value.denominator for f in page.england} == {8430600}
    perm = next(c for c in page.changes if c.subject.measure == "perm_excl")
    assert perm.comparison is not None and perm.comparison.benchmark_value.count == 6495
    assert "<svg" in page.map.svg and page.map.alt
    json.dumps(page.to_dict(), allow_nan=False)


def test_movers_are_significant_and_ordered(site: Site) -> None:
    page = home(site, "susp")
    assert page.rises and page.falls
    for movers, sign in ((page.rises, 1), (page.falls, -1)):
        changes = [m.fact.detail["rate_change_pp"] for m in movers]
        assert all(c * sign > 0 for c in changes)
        assert [abs(c) for c in changes] == sorted((abs(c) for c in changes), reverse=True)
        for m in movers:
            assert m.fact.uncertainty is not None
            assert m.fact.uncertainty.verdict in ("up", "down")
            assert m.fact.detail["versus"] == "previous_year"
    with pytest.raises(UnknownChoice):
        home(site, "one_plus_susp")


def test_area_page_for_bury(site: Site) -> None:
    page = area_page(site, "bury", year="2022/23")
    assert page.area.code == BURY and page.path == "/area/bury"
    assert page.years[0] == 2006 and page.years[-1] == 2022
    assert page.phases[0] == "total"
    roles = [f.role for f in page.comparison]
    assert roles[:3] == ["area", "region", "england"]
    assert roles[3:] == ["neighbour"] * (len(roles) - 3) and len(roles) > 3
    me = page.comparison[0]
    assert me.pupils == 29121 and me.measures["perm_excl"].count == 26
    assert {f.kind for f in page.verdicts} == {"versus_region", "versus_england",
                                              "versus_neighbours"}  # fmt: skip
    assert [c.name for c in page.story.charts] == ["rate-over-time", "phase-split", "england-map"]
    first = page.history[0]
    assert first.year == 2006 and first.school_type == "total"
    assert first.figures["perm_excl"].value == 78
    assert first.figures["headcount"].value == 27912
    doc = page.to_dict()
    json.dumps(doc, allow_nan=False)
    assert doc["story"]["headline"]["text"] == page.story.headline.text


def test_area_page_rejects_years_and_phases_it_lacks(site: Site) -> None:
    with pytest.raises(UnknownYear):
        area_page(site, "bury", year="2005/06")
    with pytest.raises(UnknownChoice):
        area_page(site, "bury", phase="nursery")


def test_csv_keeps_symbols_and_provenance(site: Site) -> None:
    info, text = area_csv(site, "Bury")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert info.code == BURY
    first = next(r for r in rows if r["time_period"] == "2006/07" and r["measure"] == "perm_excl"
                 and r["school_type"] == "total")  # fmt: skip
    assert first["value"] == "78" and first["file"] == "exc_nat_region_la.csv"
    assert first["release"] == "2022/23" and int(first["line"]) > 1
    assert not any(r["symbol"] for r in rows)
    # Cheshire West and Chester's first year (2008/09) has rates DfE marked "z".
    _, text = area_csv(site, "E06000050")
    withheld = [r for r in csv.DictReader(io.StringIO(text)) if r["symbol"]]
    assert withheld
    for r in withheld:
        assert r["value"] == "" and r["symbol"] == "z"
        assert r["symbol_meaning"] == "not applicable"
    assert area_figures(site, "Bury")["rows"][0]["year"] == "2006/07"


def test_newham_special_2006_07_is_the_revised_figure(site: Site) -> None:
    _, text = area_csv(site, "Newham")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["time_period"] == "2006/07"
               and r["school_type"] == "special" and r["measure"] == "perm_excl")  # fmt: skip
    assert row["value"] == "2" and row["release"] == "2022/23"


def test_rankings_sorts_and_filters(site: Site) -> None:
    page = rankings(site, "perm_excl", year="2022/23")
    assert page.of_n == 152 and page.rows[0].rank == 1
    assert page.rows[0].name == "Redcar and Cleveland"
    by_name = rankings(site, "perm_excl", year="2022/23", sort="name")
    names = [r.name for r in by_name.rows if r.rank is not None]
    assert names == sorted(names)
    by_rate = rankings(site, "susp", sort="rate")
    rates = [r.rate for r in by_rate.rows if r.rate is not None]
    assert rates == sorted(rates, reverse=True) and by_rate.order == "desc"
    north_west = rankings(site, "perm_excl", region="North West")
    assert north_west.rows and {r.region_code for r in north_west.rows} == {"E12000002"}
    for bad in ({"sort": "colour"}, {"order": "sideways"}, {"region": "Bury"}):
        with pytest.raises(UnknownChoice):
            rankings(site, "perm_excl", **bad)
    with pytest.raises(UnknownChoice):
        rankings(site, "headcount")


def test_compare_two_to_five_areas(site: Site) -> None:
    page = compare(site, ["Bury", "bolton", "E08000005"], "susp")
    assert [a.name for a in page.areas] == ["Bury", "Bolton", "Rochdale"]
    year, row = page.years[0]
    assert year == 2022 and [f.name for f in row] == ["Bury", "Bolton", "Rochdale"]
    assert row[0].measures["susp"].count == 2912
    assert "<svg" in page.chart.svg and "Bury" in page.chart.alt
    with pytest.raises(BadAreaCount):
        compare(site, ["Bury", "bury"])
    with pytest.raises(BadAreaCount):
        compare(site, ["Bury", "Bolton", "Wigan", "Salford", "Trafford", "Oldham"])


def test_search_forgives_typos_and_aliases(site: Site) -> None:
    assert search(site, "Burry")[0].name == "Bury"
    bristol = search(site, "Bristol")[0]
    assert bristol.name == "Bristol, City of" and bristol.how == "exact"
    assert bristol.path == "/area/bristol-city-of"
    assert search(site, "  ") == []
    assert all(m.name.startswith("Bu") for m in search(site, "bu")[:3])


def test_characteristics_are_englands(site: Site) -> None:
    page = characteristics(site, "Bury", year="2016/17")
    assert page.data_area.code == "E92000001" and page.group == "fsm"
    eligible = next(r for r in page.rows if r.code == "eligible")
    assert eligible.values["perm_excl"] == 3085 and eligible.values["headcount"] == 1118465
    assert page.facts and all(f.kind == "characteristic" for f in page.facts)
    sen = characteristics(site, year="2016/17", group="sen_provision")
    assert {r.code for r in sen.rows} >= {"ehc_plan", "sen_support", "no_sen"}
    with pytest.raises(UnknownChoice):
        characteristics(site, group="shoe_size")
    with pytest.raises(UnknownYear):
        characteristics(site, year="2022/23")


def test_reasons_for_bury_2016_17(site: Site) -> None:
    # exclusions_by_reason.csv line 226: Bury, Total, perm_persistent_disruptive 33.
    page = reasons(site, "Bury", year="2016/17")
    rows = {r.code: r for r in page.rows}
    assert rows["persistent_disruption"].values["perm_excl"] == 33
    assert rows["verbal_abuse_pupil"].values["perm_excl"] is None
    assert rows["verbal_abuse_pupil"].symbols["perm_excl"] == "x"
    leading = [f for f in page.facts if f.subject.measure == "perm_excl"]
    assert leading[0].detail["reason"] == "persistent_disruption"
    assert reasons(site, "Bury").year == 2016  # the latest year with reasons


def test_methods_lists_releases_and_revisions(site: Site) -> None:
    page = methods(site)
    assert [r["name"] for r in page.releases] == ["2015/16", "2016/17", "2022/23"]
    assert len(page.files) == 11
    assert page.revisions == len(site.data.revised) > 2000
    assert page.revised_by == [("2016/17", "2022/23", page.revisions)]
    json.dumps(page.to_dict(), allow_nan=False)
