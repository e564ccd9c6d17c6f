"""Layout detection: which column of a file plays which part, from the header alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from exclusions.sources.layouts import Indicator, decide, detect, missing_required
from exclusions.sources.report import Report
from exclusions.sources.textfile import inspect

EES = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "school_type",
    "headcount",
    "perm_excl",
    "perm_excl_rate",
    "suspension",
    "susp_rate",
]

# Every real file in ../shared/data/dfe, with the layout and topic it must be read with.
REAL = {
    "2015-16/SFR35_2017_National_characteristics.csv": ("dfe_legacy", "characteristics"),
    "2015-16/SFR35_2017_duration_fixed_period_exclusions.csv": (
        "dfe_suspension_length",
        "suspension_lengths",
    ),
    "2015-16/SFR35_2017_number_fixed_period_exclusions.csv": (
        "dfe_suspensions_per_pupil",
        "suspensions_per_pupil",
    ),
    "2015-16/SFR35_2017_reason_for_exclusion.csv": ("dfe_legacy", "reasons"),
    "2015-16/SFR35_2017_review_panels.csv": ("dfe_review_panels", "reviews"),
    "2015-16/SFR35_2017_total_length_fixed_period_exclusions.csv": (
        "dfe_days_per_pupil",
        "days_per_pupil",
    ),
    "2016-17/clean_la_data.csv": ("dfe_legacy", "totals"),
    "2016-17/exclusions_by_reason.csv": ("ees", "reasons"),
    "2016-17/nat_char_prep.csv": ("dfe_legacy", "characteristics"),
    "2016-17/nat_summary.csv": ("dfe_national_summary", "totals"),
    "2022-23/exc_nat_region_la.csv": ("ees", "totals"),
}


def real_header(path: Path) -> list[str]:
    report = Report(path)
    tf = inspect(path, report)
    assert tf is not None, report.format()
    assert report.problems == [], report.format()
    return tf.header


def test_every_real_file_is_listed(shared_data: Path) -> None:
    found = {
        p.relative_to(shared_data / "dfe").as_posix() for p in shared_data.rglob("dfe/**/*.csv")
    }
    assert found == set(REAL), "a real file was added or renamed: give it an expected layout"


@pytest.mark.parametrize(("name", "expected"), sorted(REAL.items()))
def test_real_headers_detect_the_expected_layout(
    shared_data: Path, name: str, expected: tuple[str, str]
) -> None:
    header = real_header(shared_data / "dfe" / name)
    layout = detect(header)
    assert (layout.name, layout.topic) == expected
    assert missing_required(layout, header) == []
    assert layout.indicators or layout.value_column or layout.undecided
    # Every column the layout names is really in the file.
    named = [*layout.dimension_columns, *(i.column for i in layout.indicators)]
    named += [c for c in (layout.value_column,) if c]
    assert set(named) <= set(header)


def test_shifted_suspensions_per_pupil_table(shared_data: Path) -> None:
    # Headed fixed_excl, headcount; holds the band (number of suspensions) and pupils.
    header = real_header(shared_data / "dfe/2015-16/SFR35_2017_number_fixed_period_exclusions.csv")
    layout = detect(header)
    assert layout.band == "fixed_excl"
    assert layout.band_kind == "suspensions_per_pupil"
    assert layout.indicators == [Indicator("headcount", "one_plus_susp")]


def test_suspension_length_and_days_tables(shared_data: Path) -> None:
    length = detect(
        real_header(shared_data / "dfe/2015-16/SFR35_2017_duration_fixed_period_exclusions.csv")
    )
    assert length.band == "duration_days_fixed_exclusions"
    assert length.indicators == [Indicator("fixed_excl", "susp")]
    days = detect(
        real_header(shared_data / "dfe/2015-16/SFR35_2017_total_length_fixed_period_exclusions.csv")
    )
    assert days.band == "total_length_days_fixed_exclusions"
    assert days.band_kind == "total_days_per_pupil"
    assert days.indicators == [Indicator("headcount", "one_plus_susp")]


def test_review_panels_are_long_format(shared_data: Path) -> None:
    layout = detect(real_header(shared_data / "dfe/2015-16/SFR35_2017_review_panels.csv"))
    assert layout.time == "Year"
    assert layout.measure_column == "Indicator"
    assert layout.value_column == "Count"
    assert layout.indicators == []


def test_real_ees_file_keeps_its_byte_order_mark_out_of_the_header(shared_data: Path) -> None:
    path = shared_data / "dfe/2022-23/exc_nat_region_la.csv"
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    assert real_header(path)[0] == "time_identifier"


def test_small_ees_header() -> None:
    layout = detect(EES)
    assert (layout.name, layout.topic, layout.priority) == ("ees", "totals", 1)
    assert layout.time == "time_period"
    assert layout.time_identifier == "time_identifier"
    assert layout.level == "geographic_level"
    assert layout.codes == {
        "country": "country_code",
        "region": "region_code",
        "new_la": "new_la_code",
        "old_la": "old_la_code",
    }
    assert layout.school_type == "school_type"
    assert [i.column for i in layout.indicators] == [
        "headcount",
        "perm_excl",
        "perm_excl_rate",
        "suspension",
        "susp_rate",
    ]
    assert layout.undecided == [] and layout.extra_filters == []
    assert layout.required == ("time_period", "geographic_level")
    assert missing_required(layout, EES) == []


def test_band_tables_ignore_header_case() -> None:
    header = [
        "Year",
        "Level",
        "Country_Code",
        "Country_Name",
        "School_Type",
        "Fixed_Excl",
        "Headcount",
    ]
    layout = detect(header)
    assert layout.name == "dfe_suspensions_per_pupil"
    assert layout.band == "Fixed_Excl"
    assert layout.indicators == [Indicator("Headcount", "one_plus_susp")]


def test_a_band_table_with_one_more_column_is_not_a_band_table() -> None:
    header = ["year", "level", "country_code", "country_name", "school_type", "fixed_excl",
              "headcount", "extra"]  # fmt: skip
    assert detect(header).name == "dfe_legacy"


def test_legacy_and_national_summary() -> None:
    assert detect(["year", "level", "la_name", "school_type", "perm_excl"]).name == "dfe_legacy"
    summary = detect(["year", "school_type", "headcount", "perm_excl"])
    assert summary.name == "dfe_national_summary"
    assert summary.const_level == "national"
    assert summary.required == ("year",)


def test_characteristics_and_reasons_topics() -> None:
    chars = detect([*EES[:11], "characteristic_group", "characteristic", "perm_excl"])
    assert chars.topic == "characteristics"
    reasons = detect([*EES[:11], "exclusion_reason", "perm_excl"])
    assert reasons.topic == "reasons"


def test_unknown_columns_are_undecided_until_the_data_decides() -> None:
    layout = detect([*EES, "mystery_count", "sen_status"])
    assert layout.undecided == ["mystery_count", "sen_status"]
    decide(layout, {"mystery_count": True, "sen_status": False})
    assert layout.undecided == []
    assert "mystery_count" in [i.column for i in layout.indicators]
    assert layout.extra_filters == ["sen_status"]
    assert "sen_status" in layout.dimension_columns


def test_meta_file_types_decide_columns() -> None:
    layout = detect([*EES, "mystery"], {"mystery": "Filter"})
    assert layout.extra_filters == ["mystery"] and layout.undecided == []
    layout = detect([*EES, "mystery"], {"mystery": "Indicator"})
    assert "mystery" in [i.column for i in layout.indicators] and layout.undecided == []


def test_missing_time_period() -> None:
    header = [c for c in EES if c != "time_period"]
    assert missing_required(detect(header), header) == ["time_period"]


def test_missing_geographic_level() -> None:
    header = [c for c in EES if c != "geographic_level"]
    assert missing_required(detect(header), header) == ["geographic_level"]


def test_missing_time_identifier() -> None:
    header = [c for c in EES if c != "time_identifier"]
    assert missing_required(detect(header), header) == ["time_identifier"]


def test_no_indicator_columns() -> None:
    header = EES[:11]
    assert missing_required(detect(header), header) == ["at least one indicator column"]


def test_dimension_columns_identify_a_row() -> None:
    layout = detect(EES)
    dims = layout.dimension_columns
    assert dims[:3] == ["time_period", "time_identifier", "geographic_level"]
    assert "school_type" in dims and "la_name" in dims
    assert not {"headcount", "perm_excl"} & set(dims)
    assert len(dims) == len(set(dims))
