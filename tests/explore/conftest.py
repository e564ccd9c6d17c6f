"""The explorer's site over the real data, opened read-only once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from exclusions.explore import Site


@pytest.fixture(scope="session")
def site(explorer_db: Path) -> Iterator[Site]:
    """The shared data, served read-only."""
    s = Site(explorer_db)
    yield s
    s.close()
