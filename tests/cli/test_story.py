"""The story and stories commands on the real data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import run


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_story_formats(db: Path, fmt: str) -> None:
    result = run("story", "Bury", "--year", "2022/23", "--format", fmt, "--db", db)
    assert result.exit_code == 0, result.output
    assert "Bury" in result.output
    if fmt == "json":
        assert json.loads(result.output)["paragraphs"][0]["sentences"][0]["facts"]
    if fmt == "html":
        assert "<svg" in result.output


def test_story_md_out_writes_charts(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "bury.md"
    result = run("story", "Bury", "--year", "2022/23", "--format", "md", "--out", out, "--db", db)
    assert result.exit_code == 0, result.output
    assert "[^1]" in out.read_text() and (tmp_path / "bury-rate-over-time.svg").exists()


def test_story_unknown_area(db: Path) -> None:
    assert run("story", "Nowhere", "--db", db).exit_code == 2


def test_stories_limit(db: Path, tmp_path: Path) -> None:
    result = run("stories", "--year", "2022/23", "--limit", "4", "--out", tmp_path, "--db", db)
    assert result.exit_code == 0, result.output
    index = (tmp_path / "index.md").read_text()
    assert index.count("\n- [") == 4 and (tmp_path / "england.md").exists()
