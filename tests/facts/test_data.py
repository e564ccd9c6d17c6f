"""Helpers of the facts data."""

from __future__ import annotations

import pytest

from exclusions.facts.data import as_published


@pytest.mark.parametrize(
    ("value", "text"),
    [(26.0, "26"), (1_234_567.0, "1,234,567"), (659.079, "659.079"), (5741.02, "5,741.02")],
)
def test_caveat_counts_keep_every_digit(value: float, text: str) -> None:
    # ":,g" wrote 1,234,567 as "1.23457e+06" and six significant figures at most.
    assert as_published(value) == text
