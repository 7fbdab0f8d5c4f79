"""Errors that reach a person: one line each, never a traceback.

Two kinds, as the contracts say: problems in a content file carry a location and a
stable code (``path:line:col: code: message``); everything else is a ``coach: error:``
line with an optional hint. Both map to exit code 2 (bad usage or input).
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_USAGE = 2


class CoachError(Exception):
    """A problem the user can fix; printed as one line."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"coach: error: {self.message}{hint}"


@dataclass(frozen=True)
class SourceLocation:
    """Where something came from in a content file (1-based line and column)."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class ContentError(CoachError):
    """A problem in a content file: ``path:line:col: code: message``."""

    def __init__(self, location: SourceLocation, code: str, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.code = code

    def render(self) -> str:
        return f"{self.location}: {self.code}: {self.message}"


class ContentErrors(CoachError):
    """Several content problems found in one load, reported together."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in content files")
        self.errors = errors

    def render(self) -> str:
        return "\n".join(error.render() for error in self.errors)
