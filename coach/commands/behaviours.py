"""``coach behaviours`` (alias ``behaviors``): what detection looks for."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from coach.cli import add_common_options
from coach.errors import EXIT_OK


def register(sub: Any) -> None:
    for name in ("behaviours", "behaviors"):
        listing = sub.add_parser(
            name,
            help="list the behaviours coach detects" if name == "behaviours" else None,
            description="List every behaviour with its description and an example.",
        )
        add_common_options(listing)
        listing.add_argument("--format", choices=("human", "json"), default="human")
        listing.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from coach.content.library import load_behaviours

    behaviours = load_behaviours()
    if args.format == "json":
        listing = [
            {
                "id": b.id,
                "title": b.spec.title,
                "kind": b.spec.kind,
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
