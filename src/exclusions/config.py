"""Settings, declared once: name, default and help. Read through ``setting()``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class Setting:
    """An environment variable the package reads, with its default and meaning."""

    name: str
    default: str
    help: str


SETTINGS = {
    s.name: s
    for s in (
        Setting(
            "EXCLUSIONS_DB",
            str(Path(platformdirs.user_data_dir("exclusions")) / "exclusions.duckdb"),
            "Path of the DuckDB store. `--db PATH` overrides it.",
        ),
        Setting(
            "EXCLUSIONS_EES_URL",
            "https://api.education.gov.uk/statistics/v1",
            "Base URL of the Explore Education Statistics public API used by `fetch`.",
        ),
        Setting(
            "EXCLUSIONS_MEMORY_LIMIT",
            # Below about 1GB DuckDB's parallel read of a large file stalls for memory: 768MB
            # made a 10-million-row load about 25% slower for a peak RSS only ~20 MiB lower
            # (about 840 against 860 MiB; issue 2 wants it under 1 GiB).
            "1GB",
            "DuckDB memory limit while loading; large files spill to disk beyond it.",
        ),
    )
}


def setting(name: str) -> str:
    """The value of a setting: the environment variable if set, else its default."""
    return os.environ.get(name) or SETTINGS[name].default


def default_db_path() -> Path:
    """Where the store lives unless ``--db`` says otherwise."""
    return Path(setting("EXCLUSIONS_DB")).expanduser()
