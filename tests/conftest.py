"""Shared fixtures: the real DfE files live in ../shared/data beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real DfE files; CI has it at the same place, so it must exist."""
    assert SHARED.is_dir(), f"real data expected at {SHARED} (see README)"
    return SHARED


@pytest.fixture(scope="session")
def explorer_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A store file with every shared file loaded, closed again: the explorer opens it
    read-only, as ``exclusions serve`` does."""
    from exclusions import Store

    path = tmp_path_factory.mktemp("explorer") / "exclusions.duckdb"
    with Store(path) as store:
        store.load([shared_data])
    return path
