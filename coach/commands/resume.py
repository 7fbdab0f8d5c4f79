"""``coach resume``: continue the newest session that has no ending (after a crash,
``/quit`` or closing the terminal), in the same transcript, in plain line mode.

The session is rebuilt from the transcript as recorded (detections, feedback and
dialogue states are not computed again), a ``resumed`` event is appended, and the
conversation goes on in the same file. A reply that was sent but never analysed
(the session was killed during its analysis) is analysed first.

Also the shared plumbing for playing on from a transcript (``replay --retry-from``).
"""

from __future__ import annotations

import argparse
import sys
from typing import IO, TYPE_CHECKING, Any

from coach.cli import add_common_options, load_settings_for
from coach.commands.history import add_data_dir_option
from coach.commands.practice import add_play_options
from coach.commands.scenarios import add_content_option
from coach.errors import EXIT_OK, CoachError

if TYPE_CHECKING:
    from pathlib import Path

    from coach.analysis import Analyzer
    from coach.coaching import Coach
    from coach.commands.practice import FeedbackView
    from coach.config import Settings
    from coach.dialogue.model import Scenario
    from coach.session import Session
    from coach.transcript.reader import Transcript


def register(sub: Any) -> None:
    resume = sub.add_parser(
        "resume",
        help="continue the last session that ended without an ending",
        description="Continue a recorded session that has no ending (after a crash, "
        "/quit or closing the terminal): by default the newest such session in the data "
        "directory, else FILE ('last' for the newest transcript, a path or a session id). "
        "It goes on in the same transcript, in plain line mode (as practice --plain).",
    )
    add_common_options(resume)
    add_content_option(resume)
    add_data_dir_option(resume)
    resume.add_argument(
        "file", nargs="?", metavar="FILE", help="transcript, session id or 'last' (optional)"
    )
    resume.add_argument(
        "--plain", action="store_true", help="plain line mode (without a terminal, the default)"
    )
    add_play_options(resume)
    resume.set_defaults(handler=run)


def open_transcript(argument: str, data_dir_option: str | None) -> Transcript:
    """A transcript named on the command line, its warnings printed to stderr."""
    from coach.paths import data_dir
    from coach.transcript.reader import read_transcript
    from coach.transcript.store import find_transcript

    transcript = read_transcript(find_transcript(argument, data_dir(data_dir_option)))
    for warning in transcript.warnings:
        print(warning.render(), file=sys.stderr)
    return transcript


def newest_unfinished(data_dir_option: str | None) -> Transcript:
    from coach.paths import data_dir
    from coach.transcript.format import transcripts_dir
    from coach.transcript.reader import read_transcript
    from coach.transcript.store import newest_first

    root = data_dir(data_dir_option)
    for path in newest_first(root):
        try:
            transcript = read_transcript(path)
        except CoachError:
            continue
        if not transcript.finished:
            for warning in transcript.warnings:
                print(warning.render(), file=sys.stderr)
            return transcript
    raise CoachError(
        f"no unfinished session in {transcripts_dir(root)}",
        hint="'coach history' lists the sessions; 'coach practice SCENARIO --plain' starts one",
    )


def playable_scenario(
    transcript: Transcript, content: list[Path], coach: Coach, what: str
) -> Scenario:
    """Today's version of the transcript's scenario, checked to be playable."""
    from coach.dialogue.library import known_behaviours, known_rules, load_checked
    from coach.transcript.replay import match_scenario

    match = match_scenario(transcript, content, then=what)
    for warning in match.warnings:
        print(warning.render(), file=sys.stderr)
    if match.scenario is None or match.file is None:
        raise CoachError(
            f"{transcript.path}: cannot play on: scenario {transcript.scenario_id!r} "
            "is not available",
            hint="replay it instead: coach replay FILE --plain",
        )
    return load_checked(match.file, known_behaviours(), known_rules(coach))


def feedback_view(args: argparse.Namespace, settings: Settings) -> FeedbackView:
    from coach.commands.practice import FeedbackView

    return FeedbackView(
        min_level=args.min_level or settings.min_level,
        praise=not args.no_praise,
        everything=args.all,
    )


def load_tools(args: argparse.Namespace) -> tuple[Settings, Coach, Analyzer]:
    from coach.analysis import Analyzer
    from coach.commands.check import load_coach

    settings = load_settings_for(args)
    coach = load_coach(settings, args.disable)
    print("Loading the language model…", file=sys.stderr, flush=True)
    analyzer = Analyzer.load(settings.model)
    coach.attach_pipeline(analyzer.nlp)
    return settings, coach, analyzer


def show_so_far(out: IO[str], transcript: Transcript, upto: int | None, note: str) -> None:
    """The title, who the manager is, and the conversation up to reply ``upto``."""
    from coach.transcript.replay import conversation_lines

    header = transcript.header
    out.write(f"== {header.scenario_title} ==\n")
    if header.manager_name:
        role = f" ({header.manager_role})" if header.manager_role else ""
        out.write(f"You are talking to {header.manager_name}{role}.\n")
    out.write(note + "\n")
    lines = conversation_lines(transcript, upto=upto, feedback=False)
    if lines:
        out.write("\n".join(lines) + "\n")


def run(args: argparse.Namespace) -> int:
    from coach.commands.practice import converse, explain, finish, report_saved, say, show_feedback
    from coach.transcript.resume import resume_transcript

    transcript = (
        open_transcript(args.file, args.data_dir)
        if args.file is not None
        else newest_unfinished(args.data_dir)
    )
    if transcript.finished:
        raise CoachError(
            f"{transcript.path}: this session already reached an ending",
            hint="play it again from a reply: coach replay FILE --retry-from N",
        )
    if not args.plain:
        from coach.commands.app import interactive, open_app

        if interactive():  # in a terminal, carry on in the app
            return open_app(args, resume=transcript.path)
    settings, coach, analyzer = load_tools(args)
    scenario = playable_scenario(transcript, args.content, coach, "continuing with today's version")
    resumed = resume_transcript(transcript, scenario, analyzer, coach)
    session = resumed.session
    out, err = sys.stdout, sys.stderr
    done = len(session.turns)
    show_so_far(out, transcript, done, f"Resuming {transcript.id} after reply {done}.")
    err.write(f"Recording to {transcript.path}\n")
    explain(err, session, args.multiline)
    view = feedback_view(args, settings)
    if resumed.pending is not None:
        pending = resumed.pending
        out.write("\n" + _block("You: ", pending) + "\n")
        err.write("(this reply was sent but not analysed before the session stopped)\n")
        result = session.reply(pending)
        show_feedback(out, result, view)
        say(out, scenario.manager.name, result.manager_line)
        if session.finished:
            finish(out, session)
            out.flush()
            report_saved(err, session)
            return EXIT_OK
    return converse(session, sys.stdin, out, err, args.multiline, view, settings.max_chars)


def _block(head: str, text: str) -> str:
    from coach.transcript.replay import block

    return block(head, text)


def play_on(session: Session, args: argparse.Namespace, settings: Settings) -> int:
    """Go on with ``session`` in plain line mode, with the play options of ``args``."""
    from coach.commands.practice import converse

    view = feedback_view(args, settings)
    return converse(
        session, sys.stdin, sys.stdout, sys.stderr, args.multiline, view, settings.max_chars
    )
