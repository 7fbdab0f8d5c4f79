"""``coach replay``: a recorded session as it happened, re-scored with today's rules
and pipeline (``--rescore``), or played again from one of its replies
(``--retry-from N``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coach.cli import add_common_options, load_settings_for
from coach.commands.history import add_data_dir_option
from coach.commands.practice import add_play_options
from coach.commands.resume import open_transcript
from coach.commands.scenarios import add_content_option
from coach.errors import EXIT_OK, CoachError


def _turn(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def register(sub: Any) -> None:
    replay = sub.add_parser(
        "replay",
        help="replay a recorded session, re-score it, or retry it from a reply",
        description="Show a recorded session: the manager's lines, your replies and the "
        "feedback as it was given, the ending and the scorecard. FILE is a transcript, a "
        "session id ('coach history' lists them) or 'last' for the newest. --rescore runs "
        "detection and coaching again with today's rules and pipeline and shows what "
        "changed per reply, the score then and now, and where today's dialogue would "
        "branch differently. --retry-from N plays on from the state after reply N, in a "
        "new transcript.",
    )
    add_common_options(replay)
    add_content_option(replay)
    add_data_dir_option(replay)
    replay.add_argument("file", metavar="FILE", help="transcript, session id, or 'last'")
    replay.add_argument(
        "--plain", action="store_true", help="print the conversation and feedback as text"
    )
    replay.add_argument(
        "--rescore", action="store_true", help="compare with today's rules and pipeline"
    )
    replay.add_argument(
        "--retry-from",
        type=_turn,
        metavar="N",
        help="play on from the state after reply N (0: from the start), in plain line mode",
    )
    replay.add_argument(
        "--no-record", action="store_true", help="with --retry-from: do not keep a transcript"
    )
    add_play_options(replay)
    replay.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.retry_from is not None and args.rescore:
        raise CoachError("give either --rescore or --retry-from, not both")
    transcript = open_transcript(args.file, args.data_dir)
    if args.retry_from is not None:
        return retry(args, transcript)
    from coach.transcript.replay import match_scenario, replay_text

    match = match_scenario(transcript, args.content)
    for warning in match.warnings:
        print(warning.render(), file=sys.stderr)
    if not args.plain and not args.rescore:
        from coach.commands.app import interactive, open_app

        if interactive():  # in a terminal, step through it in the app
            return open_app(args, replay=transcript.path)
    settings = load_settings_for(args)
    sys.stdout.write(
        replay_text(
            transcript,
            min_level=args.min_level or settings.min_level,
            praise=not args.no_praise,
            everything=args.all,
        )
    )
    if args.rescore:
        from coach.analysis import Analyzer
        from coach.commands.check import load_coach
        from coach.transcript.replay import rescore, rescore_text

        coach = load_coach(settings, [*transcript.header.disabled, *args.disable])
        print("Loading the language model…", file=sys.stderr, flush=True)
        analyzer = Analyzer.load(settings.model)
        coach.attach_pipeline(analyzer.nlp)
        result = rescore(transcript, analyzer, coach, match.scenario, match.status)
        sys.stdout.write("\n" + rescore_text(result))
    sys.stdout.flush()
    return EXIT_OK


def retry(args: argparse.Namespace, transcript: Any) -> int:
    from coach.commands.resume import load_tools, play_on, playable_scenario, show_so_far
    from coach.transcript.resume import retry_transcript
    from coach.transcript.writer import recording_path

    settings, coach, analyzer = load_tools(args)
    scenario = playable_scenario(transcript, args.content, coach, "playing on with today's version")
    turn = args.retry_from
    session = retry_transcript(
        transcript,
        turn,
        scenario,
        analyzer,
        coach,
        data_dir=args.data_dir,
        record=not args.no_record,
    )
    show_so_far(sys.stdout, transcript, turn, f"Retrying {transcript.id} from after reply {turn}.")
    path = recording_path(session)
    if path is not None:
        print(f"Recording to {path}", file=sys.stderr)
    from coach.commands.practice import explain

    explain(sys.stderr, session, args.multiline)
    return play_on(session, args, settings)
