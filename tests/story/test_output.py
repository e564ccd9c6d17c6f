"""Writing stories to files: charts beside them as SVG or PNG, or inline in HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from exclusions import Store
from exclusions.story import output
from exclusions.story.compose import Story, compose
from tests.story.test_compose import store  # noqa: F401  (session fixture)

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def bury(store: Store) -> Story:  # noqa: F811
    return compose(store, "Bury", year="2022/23", charts=True)


@pytest.mark.parametrize(("fmt", "charts"), [("md", "svg"), ("md", "png"), ("html", "png")])
def test_charts_written_beside_the_story(
    bury: Story, tmp_path: Path, fmt: str, charts: str
) -> None:
    out = tmp_path / f"bury.{fmt}"
    written = output.save(bury, fmt, out, charts)
    assert written[0] == out and len(written) == 1 + len(bury.charts) == 4
    page = out.read_text()
    for path in written[1:]:
        assert path.name.startswith("bury-") and path.suffix == f".{charts}"
        assert path.name in page
        data = path.read_bytes()
        assert data.startswith(PNG) if charts == "png" else b"<svg" in data[:300]
    if fmt == "html":
        assert "<svg" not in page and 'alt="' in page


def test_html_svg_stays_inline(bury: Story, tmp_path: Path) -> None:
    assert output.save(bury, "html", tmp_path / "bury.html", "svg") == [tmp_path / "bury.html"]
    assert (tmp_path / "bury.html").read_text().count("<svg") >= 3


def test_html_png_on_stdout_is_inline(bury: Story) -> None:
    page = output.text(bury, "html", "png")
    assert page.count('src="data:image/png;base64,') == 3 and "<svg" not in page


def test_unknown_chart_format(bury: Story, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="svg, png, none"):
        output.save(bury, "md", tmp_path / "x.md", "gif")


@pytest.mark.parametrize(
    ("fmt", "charts", "to_file", "wanted"),
    [("html", "svg", False, True), ("md", "svg", False, False), ("md", "png", True, True),
     ("text", "svg", True, False), ("html", "none", True, False)],
)  # fmt: skip
def test_wants_charts(fmt: str, charts: str, to_file: bool, wanted: bool) -> None:
    assert output.wants_charts(fmt, charts, to_file) is wanted
