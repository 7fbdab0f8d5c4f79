"""``coach score``: the scorecard for a whole conversation."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from coach.cli import add_common_options, load_settings_for, positive_int
from coach.errors import EXIT_OK


def register(sub: Any) -> None:
    score = sub.add_parser(
        "score",
        help="score a whole conversation: a rubric, blockers and what to change first",
        description="Score a conversation given as a JSON list of replies, each a "
        "string or {text, situation?, manager_said? or topic?}, oldest first. Shows "
        "each reply's top feedback, the rubric by group (the business case, the plan, "
        "the trial, handling concerns, tone), blockers that cap the score, and the "
        "three changes that would raise it most.",
    )
    add_common_options(score)
    score.add_argument("file", metavar="FILE", help="JSON list of replies, or - for stdin")
    score.add_argument("--format", choices=("human", "json"), default="human")
    score.add_argument(
        "--max-chars",
        type=positive_int,
        metavar="N",
        help="refuse replies longer than N characters (default 20000)",
    )
    score.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="ID",
        help="switch a coaching rule off in the per-reply feedback (repeatable)",
    )
    score.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from coach.coaching.conversation import check_lengths, read_conversation
    from coach.commands.check import detect_topic, load_coach

    settings = load_settings_for(args)
    replies, source = read_conversation(args.file)
    check_lengths(replies, source, settings.max_chars)
    coach = load_coach(settings, args.disable)

    from coach.analysis import Analyzer
    from coach.coaching import ReplyContext

    analyzer = Analyzer.load(settings.model)
    coach.attach_pipeline(analyzer.nlp)
    detections = list(analyzer.detect_many(r.text for r in replies))
    turns = []
    for i, (reply, detection) in enumerate(zip(replies, detections, strict=True)):
        topic = reply.topic or detect_topic(coach, analyzer, reply.manager_said)
        context = ReplyContext(
            situation=reply.situation,
            topic=topic,
            manager_said=reply.manager_said,
            earlier=tuple(detections[:i]),
        )
        turns.append((detection, context))
    card = coach.scorecard(turns)
    feedbacks = [coach.feedback(d, ctx) for d, ctx in turns]
    min_level = settings.min_level
    if args.format == "json":
        from coach.report import coached_reply, scorecard_json

        out = {
            "replies": [
                coached_reply(
                    d,
                    analyzer.pipeline,
                    fb,
                    fb.select(min_level),
                    reply_id=reply.id,
                    situation=ctx.situation,
                )
                for reply, (d, ctx), fb in zip(replies, turns, feedbacks, strict=True)
            ],
            "scorecard": scorecard_json(card),
        }
        json.dump(out, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    from rich.console import Console
    from rich.text import Text

    from coach.console import render_findings, render_scorecard

    console = Console(highlight=False)
    for number, (reply, fb) in enumerate(zip(replies, feedbacks, strict=True), start=1):
        head = Text(f"Reply {number}", style="bold")
        if reply.situation:
            head.append(f"  {reply.situation}", style="dim")
        console.print(head)
        flat = " ".join(reply.text.split())
        room = max(console.width - 3, 20)
        console.print(
            Text("  " + (flat if len(flat) <= room else flat[: room - 1] + "…"), style="dim")
        )
        selected = fb.select(min_level)
        render_findings(console, selected[:3], max(len(selected) - 3, 0), why=False)
        console.print()
    render_scorecard(card, console)
    return EXIT_OK
