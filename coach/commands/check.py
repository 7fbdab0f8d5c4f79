"""``coach check``: what does this reply, email or proposal do?"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, Any

from coach.cli import add_common_options, load_settings_for, positive_int
from coach.errors import EXIT_OK, CoachError


def register(sub: Any) -> None:
    check = sub.add_parser(
        "check",
        help="check a reply, email or proposal and show what it does",
        description="Detect what a text does (leads with the business case? proposes "
        "a trial? hedges?) and show the evidence.",
    )
    add_common_options(check)
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
        type=positive_int,
        metavar="N",
        help="refuse texts longer than N characters (default 20000)",
    )
    check.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from coach.textinput import check_text, read_text_argument

    settings = load_settings_for(args)
    if args.jsonl is not None:
        if args.file is not None:
            raise CoachError("give either FILE or --jsonl, not both")
        return run_jsonl(args.jsonl, settings, sys.stdout)
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


def read_jsonl(path: str, max_chars: int) -> list[dict[str, Any]]:
    """Read and validate every input line first, so bad input stops before any work."""
    from coach.textinput import decode_text

    if path == "-":
        raw = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
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


def run_jsonl(path: str, settings: Any, out: IO[str]) -> int:
    from coach.analysis import Analyzer
    from coach.report import checked_reply

    records = read_jsonl(path, settings.max_chars)
    analyzer = Analyzer.load(settings.model)
    texts = (r["text"] for r in records)
    for record, detection in zip(records, analyzer.detect_many(texts), strict=True):
        result = checked_reply(
            detection, analyzer.pipeline, reply_id=record["id"], situation=record.get("situation")
        )
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return EXIT_OK
