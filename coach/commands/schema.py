"""``coach schema``: JSON Schema for the YAML content formats, for editors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach.cli import add_common_options
from coach.errors import EXIT_OK, CoachError


def _scenario() -> dict[str, Any]:
    from coach.dialogue.schema import scenario_schema

    return scenario_schema()


def _behaviour() -> dict[str, Any]:
    from coach.content.behaviours import BehaviourFile

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **BehaviourFile.model_json_schema(),
    }


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "scenario": _scenario,
    "behaviour": _behaviour,
}
"""Format name -> schema; the checked-in copies are ``schema/<name>.schema.json``."""


def render(name: str) -> str:
    return json.dumps(SCHEMAS[name](), ensure_ascii=False, indent=2) + "\n"


def register(sub: Any) -> None:
    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of a content format, for editors",
        description="Print the JSON Schema of a YAML content format (scenario files by "
        "default), for editor completion and checking. Point your editor at it, e.g. "
        "with '# yaml-language-server: $schema=../schema/scenario.schema.json'.",
    )
    add_common_options(schema)
    schema.add_argument("format", nargs="?", choices=tuple(SCHEMAS), default="scenario")
    schema.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE")
    schema.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    text = render(args.format)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CoachError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK
