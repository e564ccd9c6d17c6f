"""Loads are atomic: a load with any bad file changes nothing, whatever goes wrong, on disk too."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exclusions.errors import LoadError
from exclusions.store.core import Store
from exclusions.store.loader import LoadResult
from tests.store.test_bad_input import HEADER, csv_text, report_for, rows, snapshot

COLUMNS = HEADER.split(",")


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return path


def test_failed_load_leaves_an_on_disk_store_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    first = write(tmp_path, "first.csv", csv_text(rows("202122")))
    second = write(tmp_path, "second.csv", csv_text(rows("202223")))
    bad = write(tmp_path, "bad.csv", csv_text([*rows("202021"), rows("202021")[0]]))
    with Store(db) as store:
        store.load([first])
        before = snapshot(store)
        with pytest.raises(LoadError):
            store.load([second, bad])
        assert snapshot(store) == before
    with Store(db) as store:
        assert snapshot(store) == before
        # The store is still usable: the good file loads on its own afterwards.
        result = store.load([second])
        assert [f.status for f in result.files] == ["loaded"]
        assert [r["name"] for r in store.releases()] == ["2021/22", "2022/23"]
    with Store(db, read_only=True) as store:
        assert [f["name"] for f in store.files()] == ["first.csv", "second.csv"]


def test_loading_the_same_file_again_changes_nothing(tmp_path: Path) -> None:
    good = write(tmp_path, "good.csv", csv_text())
    with Store(":memory:") as store:
        store.load([good])
        before = snapshot(store)
        result = store.load([good])
        assert [f.status for f in result.files] == ["unchanged"]
        assert snapshot(store) == before


def test_a_file_of_a_failed_load_is_not_remembered_as_loaded(tmp_path: Path) -> None:
    good = write(tmp_path, "good.csv", csv_text())
    bad = write(tmp_path, "bad.csv", b"")
    with Store(":memory:") as store:
        with pytest.raises(LoadError):
            store.load([good, bad])
        result = store.load([good])
        assert [f.status for f in result.files] == ["loaded"]
        assert result.rows == 3


def test_bad_file_first_in_a_folder_fails_cleanly(tmp_path: Path) -> None:
    # The bad file is staged (obs_1) and fails; the good ones after it are still checked.
    folder = tmp_path / "2022-23"
    write(
        folder, "a_bad.csv", csv_text([*rows()[:2], rows()[2].replace("Local authority", "Planet")])
    )
    write(folder, "b_good.csv", csv_text(rows("202122")))
    write(folder, "c_good.csv", csv_text(rows("202021")))
    with Store(":memory:") as store:
        before = snapshot(store)
        with pytest.raises(LoadError) as info:
            store.load([folder])
        assert snapshot(store) == before
    result = info.value.report
    assert isinstance(result, LoadResult)
    reports = {r.name: r for r in result.reports}
    assert {p.code for p in reports["a_bad.csv"].errors} == {"geographic-level"}
    assert reports["b_good.csv"].valid and reports["c_good.csv"].valid
    assert reports["b_good.csv"].rows == 3


def test_several_files_failing_after_staging(tmp_path: Path) -> None:
    bad1 = write(tmp_path, "bad1.csv", csv_text([rows()[0].replace("202223", "2016", 1)]))
    bad2 = write(tmp_path, "bad2.csv", csv_text([rows()[0].replace(",9000,", ",q,")]))
    good = write(tmp_path, "good.csv", csv_text())
    with Store(":memory:") as store:
        with pytest.raises(LoadError) as info:
            store.load([bad1, bad2, good])
        assert snapshot(store)["files"] == []
        result = info.value.report
        assert isinstance(result, LoadResult)
        assert {p.code for p in report_for(result, bad1).errors} == {"time-period"}
        assert {p.code for p in report_for(result, bad2).errors} == {"not-a-number"}
        assert report_for(result, good).valid
        # Nothing the failed files staged is left behind.
        assert store.sql("SELECT count(*) FROM dim_time") == [(0,)]
        tables = store.sql("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'obs%'")
        assert tables == []


def test_failed_load_with_lookups_leaves_the_areas_unchanged(
    tmp_path: Path, shared_data: Path
) -> None:
    bad = write(tmp_path, "bad.csv", b"%PDF-1.4\n")
    with Store(":memory:") as store:
        before = snapshot(store)
        with pytest.raises(LoadError):
            store.load([shared_data / "lookups" / "las.csv", bad])
        assert snapshot(store) == before
        assert store.sql("SELECT count(*) FROM area") == [(0,)]


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_an_exception_mid_load_rolls_back(tmp_path: Path, exc: type[BaseException]) -> None:
    # A fresh exception each time: a raised instance keeps its traceback (and the store).
    first = write(tmp_path, "first.csv", csv_text(rows("202122")))
    second = write(tmp_path, "second.csv", csv_text(rows("202223")))
    third = write(tmp_path, "third.csv", csv_text(rows("202021")))

    def on_file(path: Path, stage: str) -> None:
        if path == third and stage == "reading":
            raise exc("stopped mid-load")

    with Store(tmp_path / "s.duckdb") as store:
        store.load([first])
        before = snapshot(store)
        with pytest.raises(exc):
            store.load([second, third], on_file=on_file)
        assert snapshot(store) == before
        store.load([second, third])  # and the store still works
        assert len(store.files()) == 3


# --- property tests ----------------------------------------------------------------------

# Cells each column may hold: good ones, then bad ones.
GOOD = {
    "time_period": ["202223", "202122", "200607"],
    "time_identifier": ["Academic year", "academic year"],
    "geographic_level": ["National", "Regional", "Local authority", "NATIONAL"],
    "country_code": ["E92000001"],
    "country_name": ["England"],
    "region_code": ["E12000002", ""],
    "region_name": ["North West", '"North, West"', ""],
    "old_la_code": ["351", "", "x"],
    "new_la_code": ["E08000002", "", "E06000020"],
    "la_name": ["Bury", "Telford & Wrekin", "Sainté’s", '"Herefordshire, County of"', ""],
    "school_type": ["Total", "state-funded primary", "special", "Hogwarts"],
}
BAD = {
    "time_period": ["2016", "201618", "", "x", "2022/23 "],
    "time_identifier": ["Calendar year", "Sometime", ""],
    "geographic_level": ["Planet", ""],
    "la_name": ["Herefordshire, County of", '"Bury'],
}
GOOD_NUMBER = ["0", "12", "0.13", "8000000", "1,234", "", "x", "c", "z", "low"]
BAD_NUMBER = ["q", "n/a", "twelve", '"1', "1e"]
TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=8
)


def maybe(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in ``one_in`` draws (and whenever Hypothesis shrinks towards it)."""
    return draw(st.integers(0, one_in - 1)) == 0


@st.composite
def csv_like(draw: st.DrawFn) -> bytes:
    """An EES-shaped CSV, often loadable, often damaged: columns dropped or shuffled, bad
    cells, a row too long or too short, odd line endings and encodings, the end cut off."""
    damaged = draw(st.booleans())
    header = list(COLUMNS)
    if damaged and maybe(draw, 2):
        header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, unique=True))
    if damaged and maybe(draw, 8):
        header = [*header, draw(TEXT)]
    lines = [",".join(header)]
    for row in range(draw(st.integers(0 if damaged else 1, 5))):
        cells = []
        for col in header:
            good, bad = GOOD.get(col, GOOD_NUMBER), BAD.get(col, BAD_NUMBER)
            if damaged and maybe(draw, 6):
                cells.append(draw(st.one_of(st.sampled_from(bad), TEXT)))
            elif col == "school_type":
                cells.append(f"phase {row}")  # rows differ, so good files have no duplicates
            else:
                cells.append(draw(st.sampled_from(good)))
        if damaged and maybe(draw, 6):
            cells.append(draw(st.sampled_from(GOOD_NUMBER)))
        elif damaged and maybe(draw, 6):
            cells.pop()
        lines.append(",".join(cells))
    nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = nl.join(lines) + draw(st.sampled_from([nl, ""]))
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])), errors="replace")
    if damaged and maybe(draw, 6):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@pytest.fixture
def store_with_a_file(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    """One store for all of a property test's examples (each snapshots it before loading)."""
    with Store(":memory:") as store:
        store.load([write(tmp_path, "first.csv", csv_text(rows("201920")))])
        yield store, tmp_path


_names = itertools.count()


def check_load_is_atomic(store: Store, folder: Path, data: bytes) -> None:
    candidate = write(folder, f"candidate_{next(_names)}.csv", data)
    before = snapshot(store)
    assert before["files"]
    try:
        result = store.load([candidate])
    except LoadError as exc:
        assert snapshot(store) == before
        report = report_for(exc.report, candidate)  # type: ignore[arg-type]
        assert not report.valid
        for problem in report.problems:
            assert problem.file == str(candidate)
            assert problem.message
        return
    summary = result.files[0]
    assert summary.status in ("loaded", "unchanged")
    assert report_for(result, candidate).valid
    if summary.status == "loaded":
        assert len(store.files()) == len(before["files"]) + 1


PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(data=csv_like())
def test_load_of_csv_like_text_either_loads_or_fails_atomically(
    store_with_a_file: tuple[Store, Path], data: bytes
) -> None:
    check_load_is_atomic(*store_with_a_file, data)


@PROPERTY
@given(
    data=st.one_of(
        st.binary(max_size=400),
        TEXT.map(str.encode),
        st.lists(TEXT, min_size=2, max_size=6).map(lambda c: (",".join(c) + "\n").encode()),
    )
)
def test_load_of_arbitrary_bytes_either_loads_or_fails_atomically(
    store_with_a_file: tuple[Store, Path], data: bytes
) -> None:
    check_load_is_atomic(*store_with_a_file, data)
