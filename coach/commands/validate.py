"""``coach validate``: check scenario files the way an author needs.

Problems come one per line as ``path:line:col: code: message`` on standard output (the
codes are listed in docs/errors.md); a summary goes to standard error. Exit 1 when
there is an error (or, with ``--strict``, a warning), 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coach.cli import add_common_options
from coach.commands.scenarios import add_content_option
from coach.errors import EXIT_FOUND, EXIT_OK


def register(sub: Any) -> None:
    validate = sub.add_parser(
        "validate",
        help="check scenario files for errors and loose ends",
        description="Check scenarios: the file format, references to unknown nodes, "
        "behaviours, rules, situations and variables, unreachable nodes, dead ends, "
        "missing fallbacks, duplicate ids and unused variables. With no PATH, checks "
        "every shipped scenario and those under --content.",
    )
    add_common_options(validate)
    add_content_option(validate)
    validate.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="scenario files or directories"
    )
    validate.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings as well as errors"
    )
    validate.add_argument("--format", choices=("human", "json"), default="human")
    validate.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from coach.dialogue.library import (
        check_files,
        default_files,
        known_behaviours,
        known_rules,
        scenario_files,
    )

    files = scenario_files(args.paths) if args.paths else default_files(args.content)
    report = check_files(files, known_behaviours(), known_rules())
    if args.format == "json":
        problems = [
            {
                "path": p.location.path,
                "line": p.location.line,
                "col": p.location.col,
                "code": p.code,
                "severity": "error" if p.is_error else "warning",
                "message": p.message,
            }
            for p in report.problems
        ]
        json.dump(problems, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for problem in report.problems:
            print(problem.render())
    errors, warnings = len(report.errors), len(report.warnings)
    summary = f"{len(files)} scenario file(s) checked: "
    if not errors and not warnings:
        summary += "no problems"
    else:
        summary += f"{errors} error(s), {warnings} warning(s)"
    print(summary, file=sys.stderr)
    failed = errors > 0 or (args.strict and warnings > 0)
    return EXIT_FOUND if failed else EXIT_OK
