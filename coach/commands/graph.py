"""``coach graph``: a scenario's tree as a Mermaid or Graphviz picture."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coach.cli import add_common_options
from coach.commands.scenarios import add_content_option
from coach.errors import EXIT_OK


def register(sub: Any) -> None:
    graph = sub.add_parser(
        "graph",
        help="draw a scenario's dialogue tree (Mermaid or Graphviz dot)",
        description="Print a scenario's nodes, transitions and endings as a Mermaid "
        "flowchart (renders on GitHub and in many editors) or a Graphviz dot graph "
        "(dot -Tsvg). Arrows show each transition's label, or its condition with "
        "--conditions, and the variable updates.",
    )
    add_common_options(graph)
    add_content_option(graph)
    graph.add_argument("scenario", metavar="SCENARIO", help="scenario id or file")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.add_argument(
        "--conditions", action="store_true", help="label arrows with conditions, not labels"
    )
    graph.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from coach.dialogue.graph import render
    from coach.dialogue.library import find_scenario_file, load_scenario_file

    scenario = load_scenario_file(find_scenario_file(args.scenario, args.content))
    sys.stdout.write(render(scenario, args.format, conditions=args.conditions))
    return EXIT_OK
