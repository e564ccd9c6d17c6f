"""Session fixtures for the facts tests: the real data loaded once, held as FactData."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from exclusions import Store
from exclusions.facts.data import FactData


@pytest.fixture(scope="session")
def fact_data(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Iterator[FactData]:
    """Every shared file loaded into a temporary store, read into memory once per session."""
    path = tmp_path_factory.mktemp("facts") / "facts.duckdb"
    with Store(path) as store:
        store.load([shared_data])
        data = FactData.load(store.con)
    yield data


@pytest.fixture(scope="session")
def la_csv(shared_data: Path) -> list[dict[str, str]]:
    """The 2022/23 release's headline file as plain dicts, with each row's ``line`` number."""
    path = shared_data / "dfe" / "2022-23" / "exc_nat_region_la.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return [{**row, "line": str(reader.line_num)} for row in reader]


Withhold = Callable[..., FactData]


@pytest.fixture(scope="session")
def withhold(fact_data: FactData) -> Withhold:
    """A copy of the real data with some cells replaced by a suppression symbol ('x').

    The loaded releases have no suppressed count or headcount left (later releases filled
    them in), so tests of the suppression rules blank real cells the way DfE would.
    """

    def copy(*keys: tuple[str, int, str, str], symbol: str = "x") -> FactData:
        cells = dict(fact_data.cells)
        for key in keys:
            _, _, release, file, line, column, _ = cells[key]
            cells[key] = (None, symbol, release, file, line, column, symbol)
        return replace(fact_data, cells=cells, cache={})

    return copy
