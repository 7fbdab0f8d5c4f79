"""``coach flags``: the feedback people marked as wrong, and those flags as examples.

``coach flags`` lists every flag; ``coach flags export`` writes them as YAML examples
ready to paste into the rule or behaviour concerned (``silent``/``fires`` for rules,
``absent``/``present`` for behaviours), so that a wrong call becomes a test case.
Flags are made in the app: press ``f`` on a finding (or a behaviour) and say why.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coach.cli import add_common_options
from coach.errors import EXIT_OK, CoachError


def register(sub: Any) -> None:
    flags = sub.add_parser(
        "flags",
        help="list the feedback you flagged as wrong, or export it as examples",
        description="List the findings and behaviours flagged as wrong in the app "
        "(press f on one), or with 'export' write them as YAML examples ready to paste "
        "into the rule or behaviour file concerned. Flags live in the data directory "
        "(COACH_DATA_DIR), under flags/.",
    )
    add_common_options(flags)
    flags.add_argument(
        "action",
        nargs="?",
        choices=("list", "export"),
        default="list",
        help="list (the default) or export as YAML examples",
    )
    flags.add_argument("--format", choices=("human", "json"), default="human", help="for list")
    flags.add_argument(
        "-o", "--output", metavar="FILE", help="for export: write to FILE instead of stdout"
    )
    flags.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from coach.flags import export_yaml, read_flags, summary_line
    from coach.paths import data_dir

    found = read_flags(data_dir(getattr(args, "data_dir", None)))
    for problem in found.problems:
        print(f"coach: warning: {problem}", file=sys.stderr)
    if args.action == "export":
        if args.format != "human":
            raise CoachError("--format applies to the listing; export always writes YAML")
        if not found.flags:
            print("coach: no flags to export yet (press f on a finding)", file=sys.stderr)
            return EXIT_OK
        text = export_yaml(found.flags)
        if args.output:
            _write(Path(args.output), text)
            print(f"coach: wrote {len(found.flags)} example(s) to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return EXIT_OK
    if args.output:
        raise CoachError("--output applies to export", hint="coach flags export -o FILE")
    if args.format == "json":
        json.dump([f.to_json() for f in found.flags], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not found.flags:
        print(
            f"No flags yet. In the app, press f on a finding that is wrong. ({found.path})",
            file=sys.stderr,
        )
        return EXIT_OK
    for flag in found.flags:
        print(summary_line(flag))
    count = len(found.flags)
    print(
        f"{count} flag{'s' if count != 1 else ''} in {found.path}. "
        "'coach flags export' writes them as examples.",
        file=sys.stderr,
    )
    return EXIT_OK


def _write(path: Path, text: str) -> None:
    if path.is_dir():
        raise CoachError(f"{path} is a directory", hint="give a file name with -o")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CoachError(f"cannot write {path}: {exc.strerror or exc}") from None
