"""``coach purge``: delete every transcript and flag for good."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coach.cli import add_common_options
from coach.commands.history import add_data_dir_option
from coach.errors import EXIT_OK, CoachError


def register(sub: Any) -> None:
    purge = sub.add_parser(
        "purge",
        help="delete every recorded session and flag for good",
        description="Delete the transcripts and the flags in the data directory "
        "(<data dir>/transcripts and <data dir>/flags). Asks first; --yes skips the "
        "question (needed when standard input is not a terminal).",
    )
    add_common_options(purge)
    add_data_dir_option(purge)
    purge.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    purge.set_defaults(handler=run)


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def run(args: argparse.Namespace) -> int:
    from coach.paths import data_dir
    from coach.transcript.store import purge, purge_plan

    root = data_dir(args.data_dir)
    plan = purge_plan(root)
    if plan.empty:
        print(f"Nothing to delete: no transcripts or flags in {root}.")
        return EXIT_OK
    if not args.yes:
        if not _interactive():
            raise CoachError(
                f"refusing to delete {plan.describe()} without confirmation",
                hint="pass --yes to delete without asking",
            )
        sys.stderr.write(f"Delete {plan.describe()} for good? [y/N] ")
        sys.stderr.flush()
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing deleted.", file=sys.stderr)
            return EXIT_OK
    done = purge(root)
    print(f"Deleted {done.describe()}.")
    return EXIT_OK
