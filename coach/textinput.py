"""Reading the text a user asks coach to check, with clear refusals for bad input."""

from __future__ import annotations

import sys
from pathlib import Path

from coach.errors import CoachError


def decode_text(raw: bytes, source: str) -> str:
    if b"\x00" in raw:
        raise CoachError(f"{source} looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CoachError(
            f"{source} is not valid UTF-8 (byte {exc.start})",
            hint="save it as UTF-8 text",
        ) from None


def read_text_argument(argument: str | None) -> tuple[str, str]:
    """Return ``(text, source name)`` for a FILE argument, ``-`` or standard input."""
    if argument is None or argument == "-":
        if argument is None and sys.stdin.isatty():
            raise CoachError(
                "no text given", hint="pass a file, or pipe text in: coach check - < draft.txt"
            )
        return decode_text(sys.stdin.buffer.read(), "standard input"), "<stdin>"
    return decode_text(read_file_bytes(argument, "a text file"), argument), argument


def read_file_bytes(argument: str, kind: str) -> bytes:
    """The bytes of a file named on the command line, with one-line refusals."""
    path = Path(argument)
    if path.is_dir():
        raise CoachError(f"{argument} is a directory, not {kind}")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CoachError(f"file not found: {argument}") from None
    except OSError as exc:
        raise CoachError(f"cannot read {argument}: {exc.strerror or exc}") from None


def check_text(text: str, source: str, max_chars: int) -> str:
    """Refuse empty and over-long text; return it unchanged otherwise."""
    if not text.strip():
        raise CoachError(f"{source}: the text is empty; there is nothing to check")
    if len(text) > max_chars:
        raise CoachError(
            f"{source}: the text has {len(text):,} characters; the limit is {max_chars:,}",
            hint="check a shorter part, or raise the limit with --max-chars",
        )
    return text
