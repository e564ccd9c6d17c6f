"""Session fixtures for the CLI tests: the real data loaded once with ``exclusions load``."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from exclusions.cli.main import cli


@dataclass(frozen=True)
class LoadedDb:
    """A store file filled by ``exclusions load ../shared/data``, and what the command said."""

    path: Path
    result: Result

    def copy_to(self, folder: Path) -> Path:
        """A private copy of the store (for tests that write to it)."""
        target = folder / self.path.name
        shutil.copyfile(self.path, target)
        return target


def run(*args: str | Path) -> Result:
    """Invoke ``exclusions ARGS`` in-process, with stdout and stderr kept apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="session")
def loaded_db(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> LoadedDb:
    path = tmp_path_factory.mktemp("cli") / "exclusions.duckdb"
    result = run("load", shared_data, "--db", path)
    assert result.exit_code == 0, result.output
    return LoadedDb(path, result)


@pytest.fixture(scope="session")
def db(loaded_db: LoadedDb) -> Path:
    """The loaded store's path, for ``--db``; commands open it read-only."""
    return loaded_db.path
