"""Named exceptions. Each says what was wrong and what was expected."""

from __future__ import annotations


class ExclusionsError(Exception):
    """Base class for every error this package raises on purpose."""


class LoadError(ExclusionsError):
    """A load was refused; the store is unchanged. Carries the full problem report."""

    def __init__(self, message: str, report: object | None = None) -> None:
        super().__init__(message)
        self.report = report


class UnknownArea(ExclusionsError):
    """No area has that name or code."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {_or_list(suggestions)}?" if suggestions else ""
        super().__init__(f"no area called {name!r}{hint}")


class UnknownYear(ExclusionsError):
    """The academic year is malformed or not in the store."""

    def __init__(self, text: str, expected: str, suggestions: list[str] | None = None) -> None:
        self.text = text
        self.suggestions = suggestions or []
        hint = f"; nearest: {_or_list(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"year {text!r}: expected {expected}{hint}")


class UnknownRelease(ExclusionsError):
    """No release of that name has been loaded."""


class StoreNotFound(ExclusionsError):
    """The database file does not exist yet (nothing has been loaded)."""


class StoreBusy(ExclusionsError):
    """Another process has the database file open (DuckDB allows one writer, or readers)."""


def _or_list(items: list[str]) -> str:
    quoted = [repr(i) for i in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


class UnknownChoice(ExclusionsError):
    """A value that must be one of a fixed set (a phase, a measure) is not."""

    def __init__(self, what: str, text: str, choices: list[str]) -> None:
        self.what = what
        self.text = text
        self.choices = choices
        super().__init__(f"no {what} called {text!r}; expected one of {', '.join(choices)}")
