"""Session fixtures for the store tests: the real data loaded once into a temporary store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from exclusions import Store
from exclusions.store.loader import LoadResult


@dataclass(frozen=True)
class LoadedStore:
    """A store file holding every shared file, and what the load reported."""

    path: Path
    result: LoadResult

    def copy_to(self, folder: Path) -> Path:
        """A private copy of the store file (for tests that write to it)."""
        target = folder / self.path.name
        shutil.copyfile(self.path, target)
        wal = self.path.with_name(self.path.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, target.with_name(target.name + ".wal"))
        return target


@pytest.fixture(scope="session")
def loaded_store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> LoadedStore:
    """``exclusions load ../shared/data`` once per session, into a temporary store file."""
    path = tmp_path_factory.mktemp("store") / "shared.duckdb"
    with Store(path) as store:
        result = store.load([shared_data])
    return LoadedStore(path, result)


@pytest.fixture(scope="session")
def store(loaded_store: LoadedStore) -> Iterator[Store]:
    """The loaded store, opened read-only once for the session (closed at the end)."""
    with Store(loaded_store.path, read_only=True) as opened:
        yield opened
