"""Problems found in a file, collected into a report rather than raised one at a time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Problems of one kind kept per file; the rest are counted, so a 10-million-row file with a
# bad column does not produce a 10-million-line report.
MAX_PER_CODE = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is, what was there, and what was expected."""

    code: str
    message: str
    file: str
    line: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {self.column!r}"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f": found {self.value!r}"
        if self.expected:
            text += f"; expected {self.expected}"
        return text

    def as_dict(self) -> dict[str, Any]:
        """The problem as a JSON-ready dict."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Report:
    """Every problem found in one file; a file with any error is not loaded."""

    file: Path
    problems: list[Problem] = field(default_factory=list)
    omitted: Counter[str] = field(default_factory=Counter)
    rows: int = 0
    layout: str | None = None

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def valid(self) -> bool:
        """True when the report holds no errors (warnings are allowed)."""
        return not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def add(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
        expected: str | None = None,
        severity: str = "error",
    ) -> None:
        """Record a problem, keeping at most MAX_PER_CODE of each code in full."""
        if sum(1 for p in self.problems if p.code == code) >= MAX_PER_CODE:
            self.omitted[code] += 1
            return
        self.problems.append(
            Problem(code, message, str(self.file), line, column, value, expected, severity)
        )

    def extend_omitted(self, code: str, count: int) -> None:
        """Count problems of a kind that were found but not listed one by one."""
        if count > 0:
            self.omitted[code] += count

    def format(self) -> str:
        """Human-readable report, errors first."""
        if not self.problems:
            return f"{self.file}: valid ({self.rows:,} rows, layout {self.layout})"
        lines = [
            f"{self.file}: {len(self.errors)} error(s), {len(self.warnings)} warning(s)"
            + (f" (layout {self.layout})" if self.layout else "")
        ]
        for p in sorted(self.problems, key=lambda p: (p.severity != "error", p.line or 0)):
            lines.append(f"  {p.severity.upper()} [{p.code}] {p}")
        for code, n in sorted(self.omitted.items()):
            lines.append(f"  ... and {n:,} more [{code}] problem(s)")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return {
            "file": str(self.file),
            "valid": self.valid,
            "rows": self.rows,
            "layout": self.layout,
            "problems": [p.as_dict() for p in self.problems],
            "omitted": dict(self.omitted),
        }
