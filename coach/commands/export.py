"""``coach export``: a recorded session as a report to share (Markdown, a
self-contained HTML page, or JSON)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from coach.cli import add_common_options
from coach.commands.history import add_data_dir_option
from coach.commands.resume import open_transcript
from coach.errors import EXIT_OK, CoachError


def register(sub: Any) -> None:
    export = sub.add_parser(
        "export",
        help="export a recorded session as Markdown, HTML or JSON, e.g. for a mentor",
        description="Write a report of a recorded session: the conversation, the feedback "
        "on every reply with the suggested rewrites, the ending and the scorecard. The "
        "HTML page is one self-contained file (no scripts, no external resources). FILE "
        "is a transcript, a session id or 'last'.",
    )
    add_common_options(export)
    add_data_dir_option(export)
    export.add_argument("file", metavar="FILE", help="transcript, session id, or 'last'")
    export.add_argument("--format", choices=("md", "html", "json"), default="md")
    export.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT (mode 0600) instead of stdout"
    )
    export.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from coach.transcript.export import export

    transcript = open_transcript(args.file, args.data_dir)
    text = export(transcript, args.format)
    if args.output is None or args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    write_private(Path(args.output), text)
    print(f"Wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable by the user alone (it holds career details)."""
    if path.is_dir():
        raise CoachError(f"{path} is a directory", hint="give a file name with -o")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
    except OSError as exc:
        raise CoachError(f"cannot write {path}: {exc.strerror or exc}") from None
