"""Shared pieces for the transcript tests: recorded sessions made with the writer, and
``coach`` run in-process. (No tests here; the other ``test_transcript*``,
``test_replay``, ``test_export``, ``test_history``, ``test_resume`` and ``test_purge``
modules import from it.)"""

from __future__ import annotations

import functools
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.analysis import Analyzer
from coach.cli import main
from coach.coaching import Coach
from coach.config import DEFAULT_MODEL
from coach.dialogue.library import find_scenario_file, load_scenario_file
from coach.dialogue.model import Scenario
from coach.session import Session
from coach.transcript import recording_path, start_recorded_session

# The strong way through remote-trial (tests/golden/remote-trial--strong.yaml): with
# seed 11 it ends with a trial agreed.
STRONG = [
    "Thanks for making the time. I'd like to propose working from home on Tuesdays and "
    "Thursdays, because uninterrupted days would let me finish the billing migration faster. "
    "Could we try it for six weeks and then review it together?",
    "I'd post a short status update in the team channel every morning, keep my calendar "
    "current, and answer messages within fifteen minutes between 9 and 5.",
    "We could look at the sprint goals and ticket turnaround, and compare them with the last "
    "quarter.",
    "I'm also happy to come in for planning days and whenever the team needs me in person.",
]
WEAK = [
    "Sorry to bother you, I was just wondering if maybe I could work from home sometimes?",
    "It would really help me with my commute, to be honest.",
    "I guess I could try to be online, if that's okay.",
]

Run = Callable[..., tuple[int, str, str]]

_REAL_COACH_LOAD = Coach.load


@functools.cache
def shipped_coach(disabled: tuple[str, ...] = ()) -> Coach:
    """The shipped rules, loaded once per test session (they are only read)."""
    return _REAL_COACH_LOAD(disabled=disabled)


@functools.cache
def scenario_named(scenario_id: str) -> Scenario:
    return load_scenario_file(find_scenario_file(scenario_id))


class Clock:
    """A clock that starts at ``start`` and moves on a second each time it is read."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        moment = self.now
        self.now += timedelta(seconds=1)
        return moment


def day(n: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, n, hour, 0, 0, tzinfo=UTC)


def record(
    data_dir: Path,
    analyzer: Analyzer,
    replies: Sequence[str],
    *,
    scenario: Scenario | str = "remote-trial",
    seed: int = 11,
    start: datetime | None = None,
    stop: bool = True,
    coach: Coach | None = None,
) -> tuple[Path, Session]:
    """Play ``replies`` in a recorded session; ``stop`` notes a /quit when no ending
    was reached (otherwise the file ends as after a crash)."""
    chosen = scenario_named(scenario) if isinstance(scenario, str) else scenario
    session = start_recorded_session(
        chosen,
        analyzer,
        coach or shipped_coach(),
        seed,
        data_dir=data_dir,
        clock=Clock(start or day(1)),
    )
    for text in replies:
        if session.finished:
            break
        session.reply(text)
    if stop:
        session.stop()
    path = recording_path(session)
    assert path is not None
    return path, session


def events(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("COACH_MODEL", "COACH_CONFIG", "COACH_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def run(
    analyzer: Analyzer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    clean_env: None,
) -> Run:
    """Run ``coach`` in-process on the given standard input, reusing the session's
    pipeline and the shipped rules (loaded once)."""

    def load(cls: type[Analyzer], model: str, rules: Path | None = None) -> Analyzer:
        assert model == DEFAULT_MODEL and rules is None
        return analyzer

    def load_coach(
        cls: type[Coach], rules_dir: Path | None = None, disabled: Iterable[str] = ()
    ) -> Coach:
        if rules_dir is not None:
            return _REAL_COACH_LOAD(rules_dir, disabled)
        return shipped_coach(tuple(sorted(set(disabled))))

    monkeypatch.setattr(Analyzer, "load", classmethod(load))
    monkeypatch.setattr(Coach, "load", classmethod(load_coach))

    def run_main(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(
            sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
        )
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run_main
