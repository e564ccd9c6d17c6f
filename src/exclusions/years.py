"""Academic years: DfE writes 2016/17 as ``201617``; people write ``2016/17`` or ``2016-17``.

Internally a year is the integer start year (2016 for 2016/17).
"""

from __future__ import annotations

import re

from exclusions.errors import UnknownYear

# ASCII only: without it \d also matches Arabic-Indic, fullwidth and other Unicode digits.
_SIX = re.compile(r"^(\d{4})(\d{2})$", re.ASCII)
_SLASH = re.compile(r"^(\d{4})\s*[/\-_ ]\s*(\d{2}|\d{4})$", re.ASCII)
EXPECTED = "an academic year such as 2016/17, 2016-17 or 201617"


def parse_year(text: str | int) -> int:
    """Parse an academic year into its start year.

    >>> parse_year("2016/17"), parse_year("201617"), parse_year("2016-2017")
    (2016, 2016, 2016)
    """
    raw = str(text).strip()
    m = _SIX.match(raw) or _SLASH.match(raw)
    if m is None:
        if re.fullmatch(r"\d{4}", raw, re.ASCII):
            raise UnknownYear(raw, EXPECTED + f" (did you mean {raw}/{(int(raw) + 1) % 100:02d}?)")
        raise UnknownYear(raw, EXPECTED)
    start, end = int(m.group(1)), int(m.group(2))
    # The second part's length, not its value, says whether it is 17 or 2017 ("2016/0017" is not).
    if (start + 1) % (100 if len(m.group(2)) == 2 else 10_000) != end:
        raise UnknownYear(raw, EXPECTED + f": the second part should follow {start}")
    return start


def try_parse_year(text: str | int) -> int | None:
    """Like parse_year but returns None instead of raising."""
    try:
        return parse_year(text)
    except UnknownYear:
        return None


def format_year(start: int) -> str:
    """Format a start year the way DfE writes it in prose: ``2016/17``."""
    return f"{start}/{(start + 1) % 100:02d}"


def time_period(start: int) -> str:
    """Format a start year as an EES ``time_period``: ``201617``."""
    return f"{start}{(start + 1) % 100:02d}"
