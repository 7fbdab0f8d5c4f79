"""``coach practice SCENARIO --plain``: the whole conversation in plain line mode.

The ``--plain`` protocol (docs and scripts rely on it): one reply per input line
(``--multiline``: a blank line ends a reply); ``/quit`` or the end of input stops;
the manager's lines, the feedback and the scorecard go to standard output; prompts
and progress go to standard error. Nothing is coloured or redrawn, so it suits
screen readers, scripts and tests. The full-screen app is a separate issue.

Every session is recorded as it happens in ``<data dir>/transcripts/`` (``--data-dir``,
``COACH_DATA_DIR``, else the platform's user data directory), each reply written to
the disk before it is analysed; ``--no-record`` opts out. See ``docs/transcripts.md``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from coach.cli import add_common_options, load_settings_for, positive_int
from coach.commands.history import add_data_dir_option
from coach.commands.scenarios import add_content_option
from coach.errors import EXIT_OK
from coach.vocabulary import LEVELS

if TYPE_CHECKING:
    from coach.coaching import Feedback, Finding, Scorecard
    from coach.dialogue.facts import PracticeFacts
    from coach.session import Session, TurnResult

QUIT = "/quit"
SYMBOLS = {"praise": "✓", "tip": "!", "warning": "!", "blocker": "✗"}


def add_play_options(parser: argparse.ArgumentParser) -> None:
    """How a conversation is played and what feedback it shows: shared by ``practice``,
    ``resume`` and ``replay --retry-from``."""
    parser.add_argument(
        "--multiline", action="store_true", help="a reply may span lines; a blank line ends it"
    )
    shown = parser.add_argument_group("which feedback (as for 'coach check')")
    shown.add_argument(
        "--all", action="store_true", help="show every finding, not only the three most important"
    )
    shown.add_argument(
        "--min-level", choices=LEVELS, help="hide misses below this level (config: min_level)"
    )
    shown.add_argument("--no-praise", action="store_true", help="hide praise")
    shown.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="ID",
        help="switch a coaching rule off (repeatable; config: disable); the manager still "
        "reacts to it",
    )
    parser.add_argument(
        "--max-chars",
        type=positive_int,
        metavar="N",
        help="refuse replies longer than N characters (default 20000)",
    )


def register(sub: Any) -> None:
    practice = sub.add_parser(
        "practice",
        help="practise a conversation with feedback on every reply",
        description="Play a scenario: the coach plays the manager, you reply, and each "
        "reply gets feedback. --plain runs it on standard input and output: one reply "
        "per line, /quit or end of input stops; manager lines, feedback and the "
        "scorecard go to standard output, prompts and progress to standard error.",
    )
    add_common_options(practice)
    add_content_option(practice)
    practice.add_argument("scenario", metavar="SCENARIO", help="scenario id (or file)")
    practice.add_argument("--plain", action="store_true", help="plain line mode (no full screen)")
    practice.add_argument(
        "--seed", type=int, metavar="N", help="pick the manager's line variants with seed N"
    )
    add_data_dir_option(practice)
    practice.add_argument(
        "--no-record", action="store_true", help="do not keep a transcript of this session"
    )
    practice.add_argument(
        "--no-facts",
        action="store_true",
        help="ignore the facts saved by 'coach proposal' (the expected concerns, your days "
        "and metric)",
    )
    add_play_options(practice)
    practice.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.plain:
        from coach.commands.app import open_app
        from coach.dialogue.library import find_scenario_file

        file = find_scenario_file(args.scenario, args.content)
        return open_app(args, scenario=file, seed=args.seed)
    settings = load_settings_for(args)
    from coach.analysis import Analyzer
    from coach.commands.check import load_coach
    from coach.dialogue.library import (
        find_scenario_file,
        known_behaviours,
        known_rules,
        load_checked,
    )
    from coach.session import Session

    file = find_scenario_file(args.scenario, args.content)
    coach = load_coach(settings, args.disable)
    scenario = load_checked(file, known_behaviours(), known_rules(coach))
    print("Loading the language model…", file=sys.stderr, flush=True)
    analyzer = Analyzer.load(settings.model)
    recorder = None
    if not args.no_record:
        from coach.paths import data_dir
        from coach.transcript.writer import TranscriptRecorder

        recorder = TranscriptRecorder.new(data_dir(args.data_dir), analyzer.pipeline)
    facts = None
    if not args.no_facts:
        facts = _prepared_facts(args, lambda text: coach.detect_topic(analyzer, text))
    session = Session.start(
        scenario, analyzer, coach, seed=args.seed, recorder=recorder, facts=facts
    )
    if recorder is not None:
        print(f"Recording to {recorder.path}", file=sys.stderr, flush=True)
    view = FeedbackView(
        min_level=args.min_level or settings.min_level,
        praise=not args.no_praise,
        everything=args.all,
    )
    return play(
        session, sys.stdin, sys.stdout, sys.stderr, args.multiline, view, settings.max_chars
    )


def read_replies(
    stdin: IO[str], err: IO[str], multiline: bool, prompt: str
) -> Iterator[str | None]:
    """Replies as typed; ``None`` for ``/quit``. Blank replies are skipped."""
    pending: list[str] = []
    while True:
        if prompt and not pending:
            err.write(prompt)
            err.flush()
        line = stdin.readline()
        if not line:  # end of input: send what was typed, then stop
            if pending:
                yield "\n".join(pending)
            return
        line = line.rstrip("\r\n")
        if line.strip() == QUIT and not pending:
            yield None
            return
        if not multiline:
            if line.strip():
                yield line
            continue
        if line.strip():
            pending.append(line)
        elif pending:
            yield "\n".join(pending)
            pending = []


@dataclass(frozen=True)
class FeedbackView:
    """Which findings to show: the flags and config keys ``coach check`` uses."""

    min_level: str | None = None
    praise: bool = True
    everything: bool = False

    def select(self, feedback: Feedback) -> tuple[tuple[Finding, ...], int]:
        """The findings to show, and how many more there are."""
        chosen = feedback.select(self.min_level, self.praise)
        shown = chosen if self.everything else chosen[:3]
        return shown, len(chosen) - len(shown)


def play(
    session: Session,
    stdin: IO[str],
    out: IO[str],
    err: IO[str],
    multiline: bool,
    view: FeedbackView,
    max_chars: int,
) -> int:
    scenario = session.scenario
    person = scenario.manager
    out.write(f"== {scenario.title} ==\n")
    out.write(f"You are talking to {person.name} ({person.role}).\n")
    explain(err, session, multiline)
    say(out, person.name, session.opening_line)
    return converse(session, stdin, out, err, multiline, view, max_chars)


def explain(err: IO[str], session: Session, multiline: bool) -> None:
    how = "end each reply with a blank line" if multiline else "one reply per line"
    err.write(f"Replies: {how}; {QUIT} or end of input stops. Seed {session.seed}.\n")


def converse(
    session: Session,
    stdin: IO[str],
    out: IO[str],
    err: IO[str],
    multiline: bool,
    view: FeedbackView,
    max_chars: int,
) -> int:
    """The conversation from where the session is to an ending, ``/quit`` or the end
    of input; then the outcome and the scorecard."""
    person = session.scenario.manager
    interactive = _is_tty(stdin)
    # Typed replies are on the screen already; piped ones are echoed so that standard
    # output reads as the whole conversation. Prompts only make sense when typing.
    prompt = ("You (blank line sends): " if multiline else "You: ") if interactive else ""
    for text in read_replies(stdin, err, multiline, prompt):
        if text is None:
            break
        if len(text) > max_chars:
            err.write(
                f"coach: error: the reply has {len(text):,} characters; the limit is "
                f"{max_chars:,} (shorten it, or raise the limit with --max-chars)\n"
            )
            continue
        if not interactive:
            out.write("\n" + _block("You: ", text) + "\n")
        result = session.reply(text)
        show_feedback(out, result, view)
        say(out, person.name, result.manager_line)
        if result.ending is not None:
            break
        err.write(f"({session.turns_left} replies left)\n")
    session.stop()
    finish(out, session)
    out.flush()
    report_saved(err, session)
    return EXIT_OK


def report_saved(err: IO[str], session: Session) -> None:
    from coach.transcript.writer import recording_path

    path = recording_path(session)
    if path is not None:
        resume = " ('coach resume' continues it)" if not session.finished else ""
        err.write(f"Transcript: {path}{resume}\n")


def _prepared_facts(
    args: argparse.Namespace, detect: Callable[[str], str | None]
) -> PracticeFacts | None:
    """The facts saved by ``coach proposal``, if any, with ``detect`` giving a topic to
    a concern saved without one; warnings about a bad file to stderr (the file is set
    aside, practice goes on without it)."""
    from coach.paths import data_dir
    from coach.proposal.practice import load_practice_facts

    facts, warnings = load_practice_facts(data_dir(args.data_dir), detect)
    for warning in warnings:
        print(warning.render(), file=sys.stderr)
    return facts


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _block(head: str, text: str) -> str:
    pad = " " * len(head)
    lines = text.splitlines() or [""]
    return "\n".join([head + lines[0], *(pad + line for line in lines[1:])])


def say(out: IO[str], name: str, line: str) -> None:
    out.write("\n" + _block(f"{name}: ", line) + "\n")


def show_feedback(out: IO[str], result: TurnResult, view: FeedbackView) -> None:
    if result.feedback is None:
        return
    from coach.transcript.replay import feedback_lines

    lines = feedback_lines(
        result.feedback, min_level=view.min_level, praise=view.praise, everything=view.everything
    )
    out.write("\n".join(lines) + "\n")


def finish(out: IO[str], session: Session) -> None:
    ending = session.ending
    out.write("\n")
    if ending is not None:
        out.write(f"Outcome: {ending.outcome_label}. {ending.title}.\n")
        out.write(f"Debrief: {ending.debrief}\n")
    else:
        out.write("Stopped before an ending.\n")
    card = session.scorecard()
    if card is not None:
        show_scorecard(out, card)


def show_scorecard(out: IO[str], card: Scorecard) -> None:
    out.write("\n" + card.render_plain().rstrip("\n") + "\n")
