"""Formatting figures for the terminal: exact counts with separators, rates as DfE rounds."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from exclusions.vocab.measures import MEASURES
from exclusions.vocab.symbols import symbol_meaning


def number(value: float | None, symbol: str | None, measure: str) -> str:
    """A figure for display: counts with thousands separators, rates to 2 dp, symbols as is."""
    if value is None:
        return symbol if symbol else ""
    unit = MEASURES[measure].unit if measure in MEASURES else "other"
    if unit == "percent":
        return f"{value:.2f}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], right: set[int] | None = None
) -> str:
    """A plain-text table with aligned columns."""
    right = right or set()
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, r in enumerate(cells):
        lines.append(
            "  ".join(
                c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r)
            ).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def as_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as CSV text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buf.getvalue()


def as_json(data: Any) -> str:
    """Pretty JSON."""
    return json.dumps(data, indent=2, default=str)


def symbol_notes(symbols: set[str]) -> str:
    """Footnotes explaining the symbols shown in a table."""
    return "\n".join(f"  {s or '(blank)'} = {symbol_meaning(s)}" for s in sorted(symbols))
