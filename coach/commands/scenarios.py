"""``coach scenarios``: the conversations you can practise."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coach.cli import add_common_options
from coach.errors import EXIT_OK


def add_content_option(parser: argparse.ArgumentParser) -> None:
    """``--content DIR``: scenarios of your own, next to the shipped ones."""
    parser.add_argument(
        "--content",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="also use the scenarios in DIR (or DIR/dialogues); may be repeated",
    )


def register(sub: Any) -> None:
    listing = sub.add_parser(
        "scenarios",
        help="list the conversations you can practise",
        description="List every scenario with its id, difficulty, title and summary.",
    )
    add_common_options(listing)
    add_content_option(listing)
    listing.add_argument("--format", choices=("human", "json"), default="human")
    listing.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from coach.dialogue.library import default_files, load_scenario_file
    from coach.errors import ContentError, ContentErrors

    scenarios = []
    for file in default_files(args.content):
        try:
            scenarios.append(load_scenario_file(file))
        except (ContentError, ContentErrors) as exc:
            print(exc.render(), file=sys.stderr)
            print(f"coach: skipped {file} (see 'coach validate')", file=sys.stderr)
    if args.format == "json":
        listing = [
            {
                "id": s.id,
                "title": s.title,
                "difficulty": s.difficulty,
                "summary": s.summary,
                "situation": s.situation,
                "manager": {"name": s.manager.name, "role": s.manager.role},
                "nodes": len(s.nodes),
                "endings": len(s.endings),
                "max_turns": s.max_turns,
                "file": s.path,
            }
            for s in scenarios
        ]
        json.dump(listing, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    import textwrap

    width = max((len(s.id) for s in scenarios), default=0)
    for s in scenarios:
        print(f"{s.id:<{width}}  {s.difficulty:<6}  {s.title}")
        who = f"with {s.manager.name}, {s.manager.role}. "
        for line in textwrap.wrap(who + s.summary, 88 - width - 10):
            print(" " * (width + 10) + line)
        print()
    print(
        f"{len(scenarios)} scenario(s). Practise one with: coach practice ID --plain",
        file=sys.stderr,
    )
    return EXIT_OK
