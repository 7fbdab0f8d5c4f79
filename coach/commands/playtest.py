"""``coach playtest``: drive scenarios with many replies and report loose ends.

Every scenario is explored with generated combinations of behaviours (exhaustively
where that is small enough) and with the behaviour sets of the example replies in
the behaviour and coaching rule files. The report lists nodes and endings no
conversation reaches, transitions never taken, what only a generated combination
reaches, and coaching rules that never fire in any scenario. Exit 1 when a node or
an ending is never reached.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from coach.cli import add_common_options, load_settings_for
from coach.commands.scenarios import add_content_option
from coach.errors import EXIT_FOUND, EXIT_OK

if TYPE_CHECKING:
    from coach.coaching import Coach
    from coach.dialogue.playtest import ScenarioReport
    from coach.nlp.detection import Detection


def register(sub: Any) -> None:
    playtest = sub.add_parser(
        "playtest",
        help="drive scenarios with many replies; report unreached nodes and endings",
        description="Explore every scenario (or the ones named) with generated "
        "combinations of behaviours and with the example replies of the behaviour and "
        "rule files, and report nodes and endings never reached, transitions never "
        "taken and coaching rules never fired. Exit 1 when a node or ending is never "
        "reached.",
    )
    add_common_options(playtest)
    add_content_option(playtest)
    playtest.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="ids or files")
    playtest.add_argument(
        "--no-examples",
        action="store_true",
        help="generated combinations only: no language model, no rules-fired report",
    )
    playtest.add_argument("--format", choices=("human", "json"), default="human")
    playtest.set_defaults(handler=run)


def example_texts(coach: Coach, behaviour_examples: Iterable[str]) -> list[str]:
    texts = list(behaviour_examples)
    for rule in coach.all_rules:
        examples = (*rule.spec.examples.fires, *rule.spec.examples.silent)
        texts += [e.text for e in examples]
        texts += [t for e in examples for t in e.earlier]
    return list(dict.fromkeys(texts))


def run(args: argparse.Namespace) -> int:
    from coach.coaching import Coach
    from coach.dialogue.library import (
        default_files,
        find_scenario_file,
        known_behaviours,
        known_rules,
        load_checked,
    )
    from coach.dialogue.playtest import playtest, rules_fired

    coach = Coach.load()
    rules = known_rules(coach)
    behaviours = known_behaviours()
    if args.scenarios:
        files = [find_scenario_file(name, args.content) for name in args.scenarios]
    else:
        files = default_files(args.content)
    scenarios = [load_checked(file, behaviours, rules) for file in files]

    detections: list[Detection] = []
    if not args.no_examples:
        from coach.analysis import Analyzer

        print("Loading the language model…", file=sys.stderr, flush=True)
        analyzer = Analyzer.load(load_settings_for(args).model)
        texts = example_texts(
            coach,
            (t for b in analyzer.behaviours.behaviours for t in b.spec.examples.present),
        )
        texts += [t for b in analyzer.behaviours.behaviours for t in b.spec.examples.absent]
        texts = list(dict.fromkeys(texts))
        print(f"Running detection on {len(texts)} example replies…", file=sys.stderr, flush=True)
        detections = list(analyzer.detect_many(texts))
    example_sets = [frozenset(d.present()) for d in detections]

    reports = []
    for scenario in scenarios:
        print(f"Exploring {scenario.id}…", file=sys.stderr, flush=True)
        reports.append(playtest(scenario, example_sets))

    never: list[str] | None = None
    if detections:
        from coach.coaching import ReplyContext

        def fired(
            detection: Detection,
            situation: str,
            topic: str | None,
            said: str,
            earlier: tuple[Detection, ...],
        ) -> Iterable[str]:
            context = ReplyContext(situation, topic, said, earlier)
            return (f.rule_id for f in coach.feedback(detection, context).findings)

        print("Checking which coaching rules fire…", file=sys.stderr, flush=True)

        def features(detection: Detection) -> frozenset[str]:
            signals = coach.signals(detection.text)
            return frozenset(detection.present()) | {f"signal:{k}" for k, v in signals.items() if v}

        found = rules_fired(reports, detections, fired, features)
        never = [r.id for r in coach.all_rules if r.id not in found]

    if args.format == "json":
        json.dump(as_json(reports, never, len(detections)), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        show(sys.stdout, reports, never, len(detections))
    return EXIT_OK if all(r.ok for r in reports) else EXIT_FOUND


def as_json(reports: list[ScenarioReport], never: list[str] | None, examples: int) -> Any:
    return {
        "examples": examples,
        "scenarios": [
            {
                "id": r.scenario.id,
                "nodes": {"total": len(r.scenario.nodes), "reached": len(r.full.nodes)},
                "endings": {"total": len(r.ending_ids), "reached": len(r.full.endings)},
                "transitions": {
                    "total": len(r.scenario.transitions()),
                    "taken": len(r.full.transitions),
                },
                "states": r.full.states,
                "truncated": r.full.truncated,
                "unreached_nodes": r.unreached_nodes,
                "unreached_endings": r.unreached_endings,
                "untaken_transitions": [
                    {"node": t.node, "index": t.index, "label": t.label}
                    for t in r.untaken_transitions
                ],
                "generated_only": r.generated_only,
            }
            for r in reports
        ],
        "rules_never_fired": never,
    }


def show(
    out: IO[str], reports: list[ScenarioReport], never: list[str] | None, examples: int
) -> None:
    for r in reports:
        s = r.scenario
        endings = r.ending_ids
        transitions = s.transitions()
        out.write(f"{s.id}: {s.title}\n")
        out.write(f"  nodes        {len(r.full.nodes)}/{len(s.nodes)} reached\n")
        out.write(f"  endings      {len(r.full.endings)}/{len(endings)} reached\n")
        out.write(f"  transitions  {len(r.full.transitions)}/{len(transitions)} taken\n")
        out.write(
            f"  explored {r.full.states:,} states with {r.generated:,} generated behaviour "
            f"sets and {r.example_sets} from example replies"
            + (" (stopped at the state limit)" if r.full.truncated else "")
            + "\n"
        )
        for node in r.unreached_nodes:
            out.write(f"  {s.locate('nodes', node)}: node {node!r} is never reached\n")
        for ending in r.unreached_endings:
            where = s.locate("endings", ending) if ending in s.endings else s.locate()
            out.write(f"  {where}: ending {ending!r} is never reached\n")
        for t in r.untaken_transitions:
            name = f" ({t.label})" if t.label else ""
            out.write(
                f"  {s.locate(*t.key)}: transition {t.index + 1} of {t.node!r}{name} "
                "is never taken\n"
            )
        if examples and r.generated_only:
            out.write(
                "  reached only by generated combinations, not by any example reply: "
                + ", ".join(r.generated_only)
                + "\n"
            )
        out.write("\n")
    if never is not None:
        if never:
            out.write(f"Coaching rules never fired in any scenario: {', '.join(never)}\n")
        else:
            out.write("Every coaching rule fired somewhere in the scenarios.\n")
    total_nodes = sum(len(r.scenario.nodes) for r in reports)
    reached_nodes = sum(len(r.full.nodes) for r in reports)
    total_endings = sum(len(r.ending_ids) for r in reports)
    reached_endings = sum(len(r.full.endings) for r in reports)
    out.write(
        f"{len(reports)} scenario(s): {reached_nodes}/{total_nodes} nodes and "
        f"{reached_endings}/{total_endings} endings reached\n"
    )
