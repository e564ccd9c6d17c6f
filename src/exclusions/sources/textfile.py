"""First look at a file before DuckDB reads it: is it text, is it CSV, what is its header."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np

from exclusions.sources.report import Report

_HEAD_BYTES = 64 * 1024
_BOM = codecs.BOM_UTF8
_BLOCK = 4 * 1024 * 1024
_EOL = re.compile(rb"\r\n|\r|\n")
_MAGIC = {
    b"PK\x03\x04": "a zip archive (an .xlsx or .zip file?)",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel or Word document",
    b"\x1f\x8b": "a gzip archive",
}


@dataclass
class TextFile:
    """A file that looks like CSV text, with its header and how to read it."""

    path: Path
    header: list[str]
    encoding: str  # "utf-8" or "cp1252"
    sha256: str
    size: int
    blank_lines: list[int] = field(default_factory=list)
    mixed_endings: bool = False


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in large blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """What one read of a whole file tells: its hash, blank lines and line endings."""

    sha256: str
    blank_lines: list[int]
    mixed_endings: bool = False


def scan(path: Path) -> tuple[str, list[int]]:
    """SHA-256 of a file and the numbers of its blank lines (see ``fingerprint``)."""
    fp = fingerprint(path)
    return fp.sha256, fp.blank_lines


def fingerprint(path: Path) -> Fingerprint:
    """SHA-256, blank lines and whether line endings are mixed, in one read.

    DuckDB skips blank lines without counting them, so the loader needs to know where they
    are to report true line numbers; and it fails a whole read, rather than one row, on a
    file that mixes ``\n`` with ``\r\n`` or a lone ``\r``. A second thread hashes each
    block (hashlib releases the GIL) while this one finds its line ends with numpy, so on a
    large file the whole look costs about as long as hashing alone.
    """
    digest = hashlib.sha256()
    ends = _LineEnds()
    with path.open("rb") as fh, ThreadPoolExecutor(max_workers=1) as pool:
        hashing: Future[None] | None = None
        while block := fh.read(_BLOCK):
            if hashing is not None:
                hashing.result()
            hashing = pool.submit(digest.update, block)
            ends.feed(block)
        if hashing is not None:
            hashing.result()
    return Fingerprint(digest.hexdigest(), ends.blanks, ends.mixed)


class _LineEnds:
    """Blank lines (empty, or just ``\r``) and line-ending counts, block by block."""

    def __init__(self) -> None:
        self.blanks: list[int] = []
        self.newlines = self.crlf = self.cr = 0
        self._offset = 0  # bytes fed so far
        self._previous = -1  # where the last newline was; -1 stands for "before the file"
        self._last_byte = 0

    @property
    def mixed(self) -> bool:
        return self.cr > self.crlf or 0 < self.crlf < self.newlines

    def feed(self, data: bytes) -> None:
        block = np.frombuffer(data, dtype=np.uint8)
        has_cr = b"\r" in data
        ends = np.flatnonzero(block == 10)
        if len(ends):
            gaps = np.diff(ends + self._offset, prepend=self._previous)
            blank = gaps == 1
            if has_cr or self._last_byte == 13:
                before = block[np.maximum(ends - 1, 0)]
                before[ends == 0] = self._last_byte
                after_cr = before == 13
                self.crlf += int(np.count_nonzero(after_cr))
                blank |= (gaps == 2) & after_cr
            # The newline with index k (from 0) ends line k + 1; the header is never blank.
            lines = np.flatnonzero(blank) + self.newlines + 1
            self.blanks += [int(n) for n in lines if n > 1]
            self.newlines += len(ends)
            self._previous = int(ends[-1]) + self._offset
        if has_cr:
            self.cr += int(np.count_nonzero(block == 13))
        self._offset += len(data)
        self._last_byte = data[-1]


def inspect(path: Path, report: Report, known: Fingerprint | None = None) -> TextFile | None:
    """Check that a file is non-empty CSV text and read its header; problems go to the report."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        report.add("unreadable", f"cannot read the file ({exc.strerror})")
        return None
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        report.add("empty-file", "the file is empty", expected="a header row and data rows")
        return None
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            report.add("not-csv", f"this is not a CSV file: it looks like {what}")
            return None
    if b"\x00" in head:
        report.add("not-csv", "this is not a CSV text file: it contains binary (NUL) bytes")
        return None
    encoding = "utf-8"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        encoding = "cp1252"
        report.add(
            "encoding",
            "the file is not UTF-8; read it as Windows-1252",
            severity="warning",
            expected="UTF-8 text (the EES standard)",
        )
    # Strip the UTF-8 byte-order mark as bytes: decoded as Windows-1252 it would be "ï»¿".
    text = head.removeprefix(_BOM).decode(encoding, errors="replace").lstrip("\ufeff")
    first_line = text.splitlines()[0] if text.splitlines() else ""
    try:
        header = next(csv.reader(io.StringIO(first_line)))
    except (csv.Error, StopIteration):
        header = []
    header = [h.strip() for h in header]
    # Before the header check: an HTML page (an error page saved as .csv) has one "column".
    if first_line.lstrip().startswith("<"):
        report.add("not-csv", "this looks like HTML or XML, not CSV", line=1, value=first_line[:80])
        return None
    if len(header) < 2:
        report.add(
            "not-csv",
            "the first line is not a CSV header",
            line=1,
            value=first_line[:80],
            expected="comma-separated column names",
        )
        return None
    blank = [n for n, h in enumerate(header, start=1) if not h]
    if blank:
        report.add(
            "blank-column",
            f"column {blank[0]} of the header has no name (a trailing comma?)",
            line=1,
            value=first_line[:80],
            expected="a name for every column",
        )
        return None
    seen: set[str] = set()
    for name in header:
        # DuckDB column names ignore case, so "Year" and "year" would clash too.
        if name.lower() in seen:
            report.add("duplicate-column", "a column name appears twice", line=1, column=name)
        seen.add(name.lower())
    if len(text.splitlines()) < 2 and size <= _HEAD_BYTES:
        report.add("no-rows", "the file has a header but no data rows", line=2)
        return None
    fp = known or fingerprint(path)
    return TextFile(path, header, encoding, fp.sha256, size, fp.blank_lines, fp.mixed_endings)


def transcode(src: Path, encoding: str, folder: Path) -> Path:
    """Copy a file into ``folder`` as UTF-8, so DuckDB (which reads only UTF-8) can read it."""
    out = _temp_file(folder)
    with (
        src.open("r", encoding=encoding, errors="replace", newline="") as fin,
        out.open("w", encoding="utf-8", newline="") as fout,
    ):
        shutil.copyfileobj(fin, fout, _BLOCK)
    return out


def odd_line_ending(path: Path) -> int | None:
    """The first line whose ending (``\\n``, ``\\r\\n`` or ``\\r``) differs from line 1's.

    Quotes are ignored, so a line break inside a quoted value counts too: ask only about a
    file DuckDB could not parse.
    """
    first: bytes | None = None
    line = 0
    with path.open("rb") as fh:
        while block := _read_block(fh):
            for m in _EOL.finditer(block):
                line += 1
                if first is None:
                    first = m.group()
                elif m.group() != first:
                    return line
    return None


def unify_line_endings(src: Path, folder: Path) -> Path:
    """Copy a file into ``folder`` with every ``\\r\\n`` and lone ``\\r`` made ``\\n``."""
    out = _temp_file(folder)
    with src.open("rb") as fin, out.open("wb") as fout:
        while block := _read_block(fin):
            fout.write(block.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
    return out


def _read_block(fh: BinaryIO) -> bytes:
    # A block never ends between the \r and \n of one line ending.
    block = fh.read(_BLOCK)
    while block.endswith(b"\r") and (extra := fh.read(1)):
        block += extra
    return block


def _temp_file(folder: Path) -> Path:
    fd, name = tempfile.mkstemp(suffix=".csv", dir=folder)
    os.close(fd)
    return Path(name)
