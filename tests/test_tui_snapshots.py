"""Snapshot tests of the main screens at 80x24 and at a wider size (pytest-textual-snapshot).

Deterministic: a fixed seed picks the manager's lines, no clock is shown, cursors do
not blink, and the data directory is temporary. The SVGs live in ``tests/snapshots/``;
after a deliberate change of the look, update them with
``.venv/bin/pytest tests/test_tui_snapshots.py --snapshot-update`` and look at the
report before committing.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from pilot_support import settle
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from coach.analysis import Analyzer
from coach.coaching import Coach
from coach.tui.app import CoachApp

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SEED = 99
SIZES = {"80x24": (80, 24), "120x36": (120, 36)}
REPLIES = [
    "Sorry to ask, but I was wondering if maybe I could work from home on Fridays. "
    "It would really help with my commute.",
    "Working from home on Wednesdays would let me focus on the design reviews and get them "
    "back to the team faster.",
    "I'd answer messages within fifteen minutes and post a summary in the team channel every "
    "afternoon.",
    "Could we try it for a month and see how it goes?",
    "I really need an answer today, if possible.",
]
DRAFT = (
    "Hi Sam,\n\nSorry to bother you, I was just wondering if maybe I could work from home "
    "on Fridays. Working from home would let me clear the support backlog faster. "
    "Could we try it for six weeks?\n\nThanks,\nAlex\n"
)

Compare = Callable[..., bool]
Steps = Callable[[Pilot[None]], Awaitable[None]]


class _SVGInSnapshotsDir(SVGImageExtension):
    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(SNAPSHOTS / test_location.basename)


class _InSnapshotsDir(SnapshotAssertion):
    """Keeps the SVG snapshots in tests/snapshots/ rather than __snapshots__/."""

    def use_extension(self, extension_class: Any = None) -> SnapshotAssertion:
        if extension_class is SVGImageExtension:
            extension_class = _SVGInSnapshotsDir
        return super().use_extension(extension_class)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    moved = copy.copy(snapshot)
    moved.__class__ = _InSnapshotsDir
    return moved


@pytest.fixture(scope="module")
def coach() -> Coach:
    return Coach.load()


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))


def still(pilot: Pilot[None]) -> None:
    """No blinking cursors in a snapshot."""
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def steps(*actions: Steps) -> Steps:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for action in actions:
            await action(pilot)
            await settle(pilot)
        still(pilot)

    return run


async def send(pilot: Pilot[None], text: str) -> None:
    pilot.app.screen.query_one("#reply", TextArea).insert(text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def first_reply(pilot: Pilot[None]) -> None:
    await send(pilot, REPLIES[0])


async def to_the_ending(pilot: Pilot[None]) -> None:
    for reply in REPLIES[1:]:
        await send(pilot, reply)


async def scorecard(pilot: Pilot[None]) -> None:
    await to_the_ending(pilot)
    await pilot.press("ctrl+s")


async def checker(pilot: Pilot[None]) -> None:
    await pilot.press("c")
    await settle(pilot)
    screen = pilot.app.screen
    screen.query_one("#situation", Select).value = "opening-pitch"
    screen.query_one("#draft", TextArea).insert(DRAFT)
    await pilot.press("ctrl+s")


async def rules(pilot: Pilot[None]) -> None:
    await pilot.press("r")


async def help_keys(pilot: Pilot[None]) -> None:
    await pilot.press("f1")


async def findings_focused(pilot: Pilot[None]) -> None:
    await pilot.press("tab")


async def light(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+t")


# One answer per readiness question, by number: a clear weakest ingredient.
READINESS_KEYS = ["2", "2", "2", "1", "2", "1", "2", "2", "2", "2", "3", "2", "3", "3"]


async def readiness_question(pilot: Pilot[None]) -> None:
    await pilot.press("g")
    await settle(pilot)
    await pilot.press("2")


async def readiness_result(pilot: Pilot[None]) -> None:
    await pilot.press("g")
    await settle(pilot)
    await pilot.press(*READINESS_KEYS)


SCENES: dict[str, tuple[str | None, tuple[Steps, ...]]] = {
    "home": (None, ()),
    "conversation": ("remote-trial", (first_reply,)),
    "findings": ("remote-trial", (first_reply, findings_focused)),
    "ending": ("remote-trial", (to_the_ending,)),
    "scorecard": ("remote-trial", (scorecard,)),
    "checker": (None, (checker,)),
    "rules": (None, (rules,)),
    "help": ("remote-trial", (help_keys,)),
    "light": ("remote-trial", (first_reply, light)),
    "readiness-question": (None, (readiness_question,)),
    "readiness": (None, (readiness_result,)),
}


WIDE_TOO = ("home", "conversation", "scorecard", "checker", "rules", "readiness")
CASES = [(scene, "80x24") for scene in SCENES] + [(scene, "120x36") for scene in WIDE_TOO]


@pytest.mark.parametrize(("scene", "size"), CASES)
def test_screen(
    scene: str, size: str, snap_compare: Compare, analyzer: Analyzer, coach: Coach
) -> None:
    scenario, actions = SCENES[scene]
    app = CoachApp(analyzer=analyzer, coach=coach, scenario=scenario, seed=SEED, tune_memory=False)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steps(*actions))
