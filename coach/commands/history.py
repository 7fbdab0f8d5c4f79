"""``coach history``: your sessions, the trend per scenario, and progress per piece of
advice; ``--delete ID`` removes one session for good."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, TYPE_CHECKING, Any

from coach.cli import add_common_options
from coach.errors import EXIT_OK

if TYPE_CHECKING:
    from coach.transcript.history import History


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    """``--data-dir DIR``: where transcripts (and flags) live."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where transcripts are kept (env COACH_DATA_DIR; default: the platform's "
        "user data directory)",
    )


def register(sub: Any) -> None:
    history = sub.add_parser(
        "history",
        help="your recorded sessions, scores over time and progress per piece of advice",
        description="List the recorded practice sessions (newest first) with outcome and "
        "score; per scenario the last and best score and the trend; and for each piece "
        "of advice in the scorecard how often you met it, recent sessions counting more. "
        "--delete ID removes one session's transcript for good.",
    )
    add_common_options(history)
    add_data_dir_option(history)
    history.add_argument("--format", choices=("human", "json"), default="human")
    history.add_argument("--scenario", metavar="ID", help="only the sessions of this scenario")
    history.add_argument(
        "--delete",
        metavar="ID",
        action="append",
        default=[],
        help="delete the session ID (as listed; 'last' for the newest) for good; repeatable",
    )
    history.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from coach.paths import data_dir
    from coach.transcript.history import load_history
    from coach.transcript.store import delete_session

    root = data_dir(args.data_dir)
    if args.delete:
        for session_id in args.delete:
            removed = delete_session(session_id, root)
            print(f"Deleted {removed.stem} ({removed})")
        return EXIT_OK
    history = load_history(root, args.scenario)
    for line in history.skipped:
        print(f"coach: warning: {line} (skipped)", file=sys.stderr)
    if args.format == "json":
        json.dump(history.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    write_history(history, sys.stdout)
    return EXIT_OK


def _score(value: int | None) -> str:
    return "-" if value is None else str(value)


def write_history(history: History, out: IO[str]) -> None:
    if not history.sessions:
        out.write(f"No recorded sessions in {history.data_dir}.\n")
        out.write("Practise one with: coach practice SCENARIO --plain\n")
        return
    count = len(history.sessions)
    out.write(f"Sessions ({count}, newest first)\n")
    width = max(len(s.id) for s in history.sessions)
    for s in history.sessions:
        when = s.started_at.strftime("%Y-%m-%d %H:%M") if s.started_at else s.started
        if s.finished:
            outcome = s.outcome_label or ""
            score = _score(s.score)
        else:
            outcome = "unfinished"
            score = f"({_score(s.score)})" if s.score is not None else "-"
        replies = f"{s.replies} repl{'y' if s.replies == 1 else 'ies'}"
        out.write(f"  {s.id:<{width}}  {when}  {outcome:<14} {score:>5}  {replies}\n")
    out.write("\nBy scenario (scores of sessions that reached an ending)\n")
    for p in history.scenarios:
        sessions = f"{len(p.sessions)} session{'s' if len(p.sessions) != 1 else ''}"
        line = f"  {p.scenario_id}: {sessions}"
        if p.scores:
            line += f", last {p.last}, best {p.best}, trend {p.trend}"
            if p.change is not None:
                line += f" ({p.change:+d} since the first)"
        out.write(line + "\n")
    if len(history.scores) > 1:
        out.write(f"  all scenarios: trend {history.trend}\n")
    if history.advice:
        out.write(
            "\nAdvice: how often you met it (recent sessions count more; "
            "█ met, ▁ missed, · did not apply)\n"
        )
        for a in history.advice:
            rate = "  n/a" if a.rate is None else f"{round(a.rate * 100):>4}%"
            what = f"avoid: {a.title}" if a.kind == "blocker" else a.title
            out.write(f"  {rate}  {a.recent:<10}  {what} ({a.met} of {a.applicable})\n")
    resumable = history.resumable()
    if resumable is not None:
        out.write(f"\nUnfinished: {resumable.id} ('coach resume' continues it)\n")
