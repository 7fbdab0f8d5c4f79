"""Opening the full-screen app: ``coach`` with no command, and ``coach practice
SCENARIO`` without ``--plain``. Textual is imported only here, when the app opens."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from coach.errors import EXIT_OK, CoachError


def interactive() -> bool:
    """Whether standard input and output are a terminal the app can take over."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def open_app(
    args: argparse.Namespace,
    *,
    scenario: Path | None = None,
    seed: int | None = None,
    replay: Path | None = None,
    resume: Path | None = None,
) -> int:
    """Run the app until the user quits: on the home screen, or straight into a
    scenario, the replay of a transcript, or a resumed session. Settings errors (a bad
    config file) stop it before the screen is taken over, as one line with exit
    code 2."""
    from coach.cli import load_settings_for

    if not interactive():
        hint = f"use 'coach practice {scenario.stem} --plain'" if scenario else "see 'coach --help'"
        raise CoachError("the full-screen app needs a terminal", hint=hint)
    settings = load_settings_for(args)
    # The feedback options of `coach practice` (as for `coach check`), when given.
    settings = replace(
        settings,
        disable=(*settings.disable, *(getattr(args, "disable", None) or ())),
        min_level=getattr(args, "min_level", None) or settings.min_level,
    )
    data_dir = getattr(args, "data_dir", None)
    from coach.tui.app import CoachApp

    app = CoachApp(
        settings=settings,
        content=tuple(getattr(args, "content", ()) or ()),
        data_dir=Path(data_dir) if data_dir else None,
        scenario=scenario,
        seed=seed,
        replay=replay,
        resume=resume,
        record=not getattr(args, "no_record", False),
        praise=not getattr(args, "no_praise", False),
    )
    app.run()
    return EXIT_OK
