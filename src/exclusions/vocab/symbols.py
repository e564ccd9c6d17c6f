"""Suppression and missing-value symbols, and what each means.

A symbol is kept as a typed missing value: never turned into 0.
"""

from __future__ import annotations

SYMBOLS: dict[str, str] = {
    "c": "confidential: withheld to protect pupils' privacy",
    "x": "not available or withheld to protect pupils' privacy",
    "z": "not applicable",
    "low": "a positive number that rounds to zero",
    "u": "low reliability",
    "k": "a positive number that rounds to zero",
    ":": "not available",
    ".": "not applicable",
    "~": "a positive number that rounds to zero",
    "..": "not available",
    "-": "nil or not applicable",
    "": "left blank in the source file",
}

# Symbols that mean the figure exists but was withheld to protect privacy.
SUPPRESSED = frozenset({"c", "x"})


def is_symbol(text: str) -> bool:
    """Whether the text is a recognised symbol (case-insensitive, surrounding space ignored)."""
    return text.strip().lower() in SYMBOLS


def symbol_meaning(symbol: str) -> str:
    """The meaning of a symbol, or a note that it is not recognised."""
    return SYMBOLS.get(symbol.strip().lower(), f"unrecognised symbol {symbol!r}")
