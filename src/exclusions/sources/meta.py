"""EES ``.meta.csv`` files: which columns are filters and which are indicators."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from exclusions.sources.report import Report

REQUIRED = ("col_name", "col_type", "label")
TYPES = ("Filter", "Indicator")


@dataclass(frozen=True)
class MetaRow:
    """One line of a ``.meta.csv``."""

    line: int
    col_name: str
    col_type: str
    label: str
    indicator_unit: str
    indicator_dp: str


def meta_path(path: Path) -> Path:
    """Where the meta file for a data file lives: ``name.csv`` → ``name.meta.csv``."""
    return path.with_name(path.stem + ".meta.csv")


def is_meta_file(path: Path) -> bool:
    """Whether a path is itself an EES meta file."""
    return path.name.lower().endswith(".meta.csv")


def read_meta_rows(path: Path, report: Report) -> list[MetaRow] | None:
    """Parse the meta file beside a data file, or None when there is none."""
    mp = meta_path(path)
    if not mp.exists():
        return None
    try:
        with mp.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            fields = [f.strip() for f in reader.fieldnames or []]
            missing = [c for c in REQUIRED if c not in fields]
            if missing:
                report.add(
                    "meta",
                    f"the meta file {mp.name} lacks column(s) {', '.join(missing)}",
                    line=1,
                    expected="col_name, col_type, label, ...",
                )
                return []
            rows = []
            for n, rec in enumerate(reader, start=2):
                rec = {(k or "").strip(): (v or "").strip() for k, v in rec.items()}
                rows.append(
                    MetaRow(
                        n,
                        rec["col_name"],
                        rec["col_type"],
                        rec["label"],
                        rec.get("indicator_unit", ""),
                        rec.get("indicator_dp", ""),
                    )
                )
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        report.add("meta", f"cannot read the meta file {mp.name}: {exc}")
        return []


def read_meta(path: Path, report: Report) -> dict[str, str] | None:
    """Column name → ``Filter`` or ``Indicator`` from the meta file, if there is one."""
    rows = read_meta_rows(path, report)
    if rows is None:
        return None
    out = {}
    for row in rows:
        if row.col_type not in TYPES:
            report.add(
                "meta",
                f"{meta_path(path).name}: unknown col_type",
                line=row.line,
                column="col_type",
                value=row.col_type,
                expected="Filter or Indicator",
            )
        out[row.col_name] = row.col_type
    return out
