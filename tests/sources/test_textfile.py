"""First look at a file: is it text, is it CSV, what is its header, how is it encoded."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exclusions.sources import textfile
from exclusions.sources.report import Report
from exclusions.sources.textfile import (
    Fingerprint,
    TextFile,
    fingerprint,
    inspect,
    odd_line_ending,
    scan,
    sha256_of,
    transcode,
    unify_line_endings,
)

HEADER = "time_period,time_identifier,geographic_level,country_code,country_name,la_name,perm_excl"
COLUMNS = HEADER.split(",")
ROW = "202223,Academic year,Local authority,E92000001,England,{name},40"
HEAD_BYTES = 64 * 1024


def write(tmp_path: Path, data: bytes, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def look(path: Path) -> tuple[TextFile | None, Report]:
    report = Report(path)
    return inspect(path, report), report


def only_problem(report: Report) -> str:
    assert len(report.problems) == 1, report.format()
    return report.problems[0].code


def test_plain_utf8_csv(tmp_path: Path) -> None:
    data = f"{HEADER}\n{ROW.format(name='Bury')}\n".encode()
    tf, report = look(write(tmp_path, data))
    assert tf is not None and report.problems == []
    assert tf.header == COLUMNS
    assert tf.encoding == "utf-8"
    assert tf.size == len(data)
    assert tf.sha256 == hashlib.sha256(data).hexdigest()


def test_byte_order_mark_is_not_part_of_the_header(tmp_path: Path) -> None:
    tf, report = look(write(tmp_path, f"\ufeff{HEADER}\n{ROW.format(name='Bury')}\n".encode()))
    assert tf is not None and report.problems == []
    assert tf.header[0] == "time_period"
    assert tf.encoding == "utf-8"


def test_crlf_line_endings(tmp_path: Path) -> None:
    tf, report = look(write(tmp_path, f"{HEADER}\r\n{ROW.format(name='Bury')}\r\n".encode()))
    assert tf is not None and report.problems == []
    assert tf.header == COLUMNS  # no stray \r on the last column


def test_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    text = f"{HEADER}\n{ROW.format(name='Telford & Wrekin’s Sainté')}\n"
    tf, report = look(write(tmp_path, text.encode("cp1252")))
    assert tf is not None and report.valid
    assert tf.encoding == "cp1252"
    assert only_problem(report) == "encoding"
    warning = report.warnings[0]
    assert warning.expected == "UTF-8 text (the EES standard)"
    assert "Windows-1252" in warning.message


def test_windows_1252_with_a_byte_order_mark_keeps_a_clean_header(tmp_path: Path) -> None:
    # A UTF-8 BOM in front of Windows-1252 text must not become "ï»¿time_period".
    text = f"{HEADER}\n{ROW.format(name='Sainté')}\n"
    tf, report = look(write(tmp_path, b"\xef\xbb\xbf" + text.encode("cp1252")))
    assert tf is not None and report.valid
    assert tf.encoding == "cp1252"
    assert tf.header == COLUMNS


def test_windows_1252_after_the_first_block_is_left_to_the_reader(tmp_path: Path) -> None:
    filler = "".join(ROW.format(name=f"LA {n}") + "\n" for n in range(2000))
    text = f"{HEADER}\n{filler}{ROW.format(name='Sainté')}\n"
    data = text.encode("cp1252")
    assert data.index(b"Saint\xe9") > HEAD_BYTES
    tf, report = look(write(tmp_path, data))
    assert tf is not None and report.problems == []
    assert tf.encoding == "utf-8"  # only the first 64 KB are looked at; DuckDB finds the rest


def test_utf8_character_split_by_the_first_block_is_still_utf8(tmp_path: Path) -> None:
    prefix = f"{HEADER}\n".encode()
    pad = b"a" * (HEAD_BYTES - len(prefix) - 1)
    data = prefix + pad + "é\n".encode()  # é's two bytes straddle the 64 KB boundary
    assert data[HEAD_BYTES - 1 : HEAD_BYTES + 1] == "é".encode()
    tf, report = look(write(tmp_path, data))
    assert tf is not None and report.problems == []
    assert tf.encoding == "utf-8"


@pytest.mark.parametrize(
    "data", [b"", b"   ", b" \r\n\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"]
)
def test_empty_files(tmp_path: Path, data: bytes) -> None:
    tf, report = look(write(tmp_path, data))
    assert tf is None
    assert only_problem(report) == "empty-file"
    assert report.problems[0].message == "the file is empty"
    assert report.problems[0].file == str(tmp_path / "f.csv")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "zip archive (an .xlsx"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old Excel"),
        (b"\x1f\x8b\x08\x00" + bytes(50), "gzip"),
    ],
)
def test_known_binary_formats_are_named(tmp_path: Path, data: bytes, what: str) -> None:
    tf, report = look(write(tmp_path, data))
    assert tf is None
    assert only_problem(report) == "not-csv"
    assert what in report.problems[0].message


def test_random_binary_is_not_csv(tmp_path: Path) -> None:
    data = bytes((n * 7919 + 13) % 256 for n in range(4096))
    tf, report = look(write(tmp_path, data))
    assert tf is None
    assert only_problem(report) == "not-csv"
    assert "binary" in report.problems[0].message


def test_utf16_is_not_csv(tmp_path: Path) -> None:
    tf, report = look(write(tmp_path, f"{HEADER}\n{ROW.format(name='Bury')}\n".encode("utf-16")))
    assert tf is None
    assert only_problem(report) == "not-csv"


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html>\n<html><head><title>Page not found</title></head></html>\n",
        b"<html>\n<body>a, b, c</body>\n</html>\n",
        b"  <?xml version='1.0'?>\n<root/>\n",
    ],
)
def test_html_is_not_csv(tmp_path: Path, data: bytes) -> None:
    tf, report = look(write(tmp_path, data))
    assert tf is None
    assert only_problem(report) == "not-csv"
    problem = report.problems[0]
    assert "HTML" in problem.message
    assert problem.line == 1
    assert problem.value == data.decode().splitlines()[0]


def test_one_column_text_is_not_csv(tmp_path: Path) -> None:
    tf, report = look(write(tmp_path, b"Exclusions in England\nBury\nBolton\n"))
    assert tf is None
    assert only_problem(report) == "not-csv"
    problem = report.problems[0]
    assert problem.line == 1
    assert problem.value == "Exclusions in England"
    assert problem.expected == "comma-separated column names"


def test_semicolon_separated_is_not_csv(tmp_path: Path) -> None:
    tf, report = look(write(tmp_path, (HEADER.replace(",", ";") + "\n1;2;3\n").encode()))
    assert tf is None
    assert only_problem(report) == "not-csv"


@pytest.mark.parametrize("header", [HEADER + ",", HEADER.replace("la_name", " ")])
def test_a_column_with_no_name(tmp_path: Path, header: str) -> None:
    tf, report = look(write(tmp_path, f"{header}\n1,2,3\n".encode()))
    assert tf is None
    assert only_problem(report) == "blank-column"
    assert report.problems[0].line == 1
    assert "has no name" in report.problems[0].message


@pytest.mark.parametrize("twin", ["perm_excl", "PERM_EXCL", "Perm_Excl"])
def test_duplicate_column_names_ignoring_case(tmp_path: Path, twin: str) -> None:
    _tf, report = look(write(tmp_path, f"{HEADER},{twin}\n{ROW.format(name='Bury')},41\n".encode()))
    assert not report.valid
    assert only_problem(report) == "duplicate-column"
    assert report.problems[0].column == twin
    assert report.problems[0].line == 1


@pytest.mark.parametrize("data", [f"{HEADER}\n", HEADER, f"{HEADER}\r\n", f"\ufeff{HEADER}\n"])
def test_header_only(tmp_path: Path, data: str) -> None:
    tf, report = look(write(tmp_path, data.encode()))
    assert tf is None
    assert only_problem(report) == "no-rows"
    assert report.problems[0].line == 2


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    tf, report = look(tmp_path / "nowhere.csv")
    assert tf is None
    assert only_problem(report) == "unreadable"


def test_given_fingerprint_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n{ROW.format(name='Bury')}\n".encode())
    tf = inspect(path, Report(path), Fingerprint("abc", [7], mixed_endings=True))
    assert tf is not None
    assert (tf.sha256, tf.blank_lines, tf.mixed_endings) == ("abc", [7], True)


@pytest.mark.parametrize(
    ("data", "mixed"),
    [
        (b"a,b\n1,2\n3,4\n", False),
        (b"a,b\r\n1,2\r\n3,4\r\n", False),
        (b"a,b\r\n1,2\n3,4\r\n", True),
        (b"a,b\n1,2\r3,4\n", True),
    ],
)
def test_fingerprint_notices_mixed_line_endings(tmp_path: Path, data: bytes, mixed: bool) -> None:
    assert fingerprint(write(tmp_path, data)).mixed_endings is mixed


def test_inspect_finds_blank_lines(tmp_path: Path) -> None:
    row = ROW.format(name="Bury")
    data = f"{HEADER}\n{row}\n\n{row}\r\n\r\n{row}\n".encode()
    tf, _ = look(write(tmp_path, data))
    assert tf is not None
    assert tf.blank_lines == [3, 5]
    assert tf.sha256 == hashlib.sha256(data).hexdigest()


def blank_lines_by_hand(data: bytes) -> list[int]:
    """Lines after the header that end in \\n and hold nothing (or just \\r)."""
    lines = data.split(b"\n")[:-1]
    return [n for n, line in enumerate(lines, start=1) if n > 1 and line in (b"", b"\r")]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([b"a,b", b"", b"\r", b"1,2\r", b" "]), max_size=30),
    st.booleans(),
    st.integers(min_value=2, max_value=7),
)
def test_scan_hashes_and_finds_blank_lines_across_blocks(
    lines: list[bytes], final_newline: bool, block: int
) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline else b"")
    with tempfile.TemporaryDirectory() as tmp, patch.object(textfile, "_BLOCK", block):
        path = Path(tmp) / "f.csv"
        path.write_bytes(data)
        sha, blanks = scan(path)
    assert sha == hashlib.sha256(data).hexdigest()
    assert blanks == blank_lines_by_hand(data)


def test_sha256_of_large_file(tmp_path: Path) -> None:
    data = bytes(range(256)) * 40_000  # bigger than one read block
    assert sha256_of(write(tmp_path, data)) == hashlib.sha256(data).hexdigest()


def test_transcode_writes_utf8(tmp_path: Path) -> None:
    text = "la_name,note\r\nTelford & Wrekin,’quoted’\r\nSainté,x\r\n"
    src = write(tmp_path, text.encode("cp1252"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = transcode(src, "cp1252", out_dir)
    assert out.parent == out_dir
    assert out.read_bytes() == text.encode("utf-8")  # line endings untouched


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"a,b\n1,2\n3,4\n", None),
        (b"a,b\r\n1,2\r\n3,4\r\n", None),
        (b"a,b\r1,2\r3,4", None),
        (b"a,b\r\n1,2\n3,4\r\n", 2),
        (b"a,b\n1,2\n3,4\r\n", 3),
        (b"a,b\n1,x\ry,2\n", 2),
        (b"", None),
        (b"a,b", None),
    ],
)
def test_odd_line_ending(tmp_path: Path, data: bytes, line: int | None) -> None:
    assert odd_line_ending(write(tmp_path, data)) == line


def test_unify_line_endings(tmp_path: Path) -> None:
    src = write(tmp_path, b'a,b\r\n1,2\n3,"x\r\ny"\r4,5\r\n')
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = unify_line_endings(src, out_dir)
    assert out.parent == out_dir
    assert out.read_bytes() == b'a,b\n1,2\n3,"x\ny"\n4,5\n'
    assert odd_line_ending(out) is None


def test_line_endings_split_across_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With 4-byte blocks every \r\n below straddles a block boundary at least once.
    monkeypatch.setattr(textfile, "_BLOCK", 4)
    data = b"ab,\r\nc,d\r\n\r\ne,f\r\r\n"
    src = write(tmp_path, data)
    assert odd_line_ending(src) == 4  # the lone \r after "e,f"
    assert unify_line_endings(src, tmp_path).read_bytes() == data.replace(b"\r\n", b"\n").replace(
        b"\r", b"\n"
    )
    assert odd_line_ending(write(tmp_path, b"abc\r\nd,e\r\nf", "even.csv")) is None


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_inspect_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "any.csv"
        path.write_bytes(data)
        report = Report(path)
        tf = inspect(path, report)
        if tf is None:
            assert not report.valid
        else:
            assert len(tf.header) >= 2 and all(tf.header)
            assert tf.encoding in ("utf-8", "cp1252")
            assert tf.size == len(data)
        for problem in report.problems:
            assert problem.file == str(path)
            str(problem)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
            max_size=12,
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_inspect_never_raises_on_csv_like_text(
    tmp_path: Path, cells: list[str], encoding: str, newline: str
) -> None:
    text = ",".join(cells) + newline + ",".join("1" for _ in cells) + newline
    data = text.encode(encoding, errors="replace")
    path = write(tmp_path, data, "text.csv")
    report = Report(path)
    tf = inspect(path, report)
    assert tf is not None or not report.valid
