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


def test_story_of_a_recoded_la_by_name(db: Path) -> None:
    # "Barnsley" is the code its figures were published under, not the live code (which has
    # none): the story is Barnsley's own, not England's figures under Barnsley's name.
    result = run("story", "Barnsley", "--year", "2022/23", "--charts", "none", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Schools in Barnsley recorded" in result.output
    nothing = run("story", "E08000038", "--db", db)
    assert nothing.exit_code == 2 and "Barnsley (E08000038) has no figures" in nothing.stderr


def test_stories_limit(db: Path, tmp_path: Path) -> None:
    result = run("stories", "--year", "2022/23", "--limit", "4", "--out", tmp_path, "--db", db)
    assert result.exit_code == 0, result.output
    index = (tmp_path / "index.md").read_text()
    assert index.count("\n- [") == 4 and (tmp_path / "england.md").exists()


def test_story_phase(db: Path) -> None:
    result = run("story", "Bury", "--year", "2022/23", "--phase", "secondary", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Bury's secondary school")
    assert "Secondary schools in Bury recorded 24 permanent exclusions in 2022/23" in result.output


def test_story_unknown_phase(db: Path) -> None:
    result = run("story", "Bury", "--phase", "nursery", "--db", db)
    assert result.exit_code == 2 and "nursery" in result.output


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_story_png_charts_beside_the_file(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"bury.{fmt}"
    args = ("story", "Bury", "--year", "2022/23", "--format", fmt, "--charts", "png")
    result = run(*args, "--out", out, "--db", db)
    assert result.exit_code == 0, result.output
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert pngs == ["bury-england-map.png", "bury-phase-split.png", "bury-rate-over-time.png"]
    assert all((tmp_path / p).read_bytes().startswith(b"\x89PNG") for p in pngs)
    assert all(p in out.read_text() for p in pngs) and "<svg" not in out.read_text()


def test_story_html_without_charts(db: Path) -> None:
    result = run("story", "Bury", "--format", "html", "--charts", "none", "--db", db)
    assert result.exit_code == 0, result.output
    assert "<svg" not in result.output and "<img" not in result.output


def test_stories_phase_and_png_charts(db: Path, tmp_path: Path) -> None:
    args = ("stories", "--year", "2022/23", "--phase", "special", "--format", "html")
    result = run(*args, "--charts", "png", "--limit", "2", "--out", tmp_path, "--db", db)
    assert result.exit_code == 0, result.output
    index = (tmp_path / "index.html").read_text()
    assert "special schools" in index and index.count("<li>") == 2
    assert (tmp_path / "england-rate-over-time.png").exists()
    assert "special school" in (tmp_path / "england.html").read_text()
