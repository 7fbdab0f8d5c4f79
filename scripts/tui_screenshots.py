"""Save SVG screenshots of the app's main screens to docs/screenshots/ (for the README).

    .venv/bin/python scripts/tui_screenshots.py [--size 100x30] [--out docs/screenshots]

The screens are driven the way a person would (keys, typed replies) with a fixed
seed, so the pictures are the same from run to run. Data goes to a temporary
directory, never to your own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPLIES = [
    "Sorry to ask, but I was wondering if maybe I could work from home sometimes. "
    "It would really help me with the commute.",
    "Working from home on Wednesdays would let me focus on the design reviews and get "
    "them back to the team faster.",
    "I'd answer messages within fifteen minutes and post a summary in the team channel "
    "every afternoon.",
    "Could we try it for a month and see how it goes?",
    "I really need an answer today, if possible.",
]
DRAFT = (
    "Hi Sam,\n\nSorry to bother you, I was just wondering if maybe I could work from home "
    "on Fridays. Working from home would let me clear the support backlog faster. "
    "Could we try it for six weeks?\n\nThanks,\nAlex\n"
)

# One answer per readiness question, by number.
READINESS_KEYS = ["2", "2", "2", "1", "2", "1", "2", "2", "2", "2", "3", "2", "3", "3"]
PROPOSAL_FACTS = {
    "role": "Support engineer in the payments team",
    "schedule": "Tuesdays and Thursdays at home",
    "trial_length": "six weeks",
}
PROPOSAL_GAIN = "I would clear the ticket backlog faster with fewer interruptions"


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


async def shoot(size: tuple[int, int], out: Path) -> list[Path]:
    from textual.widgets import Input, TextArea

    from coach.analysis import Analyzer
    from coach.coaching import Coach
    from coach.config import DEFAULT_MODEL
    from coach.tui.app import CoachApp
    from coach.tui.screens.conversation import ConversationScreen

    analyzer = Analyzer.load(DEFAULT_MODEL)
    coach = Coach.load()
    saved: list[Path] = []
    app = CoachApp(analyzer=analyzer, coach=coach, seed=99)
    async with app.run_test(size=size) as pilot:

        async def settle() -> None:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()

        def save(name: str) -> None:
            for area in app.screen.query(TextArea):
                area.cursor_blink = False
            path = out / f"{name}.svg"
            app.save_screenshot(str(path.name), str(path.parent))
            saved.append(path)

        await settle()
        save("home")
        await pilot.press("down", "enter")
        await settle()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        for number, reply in enumerate(REPLIES[1:], start=1):
            screen.query_one("#reply", TextArea).insert(reply)
            await pilot.press("ctrl+s")
            await settle()
            if number == 1:
                save("conversation")
        save("ending")
        await pilot.press("ctrl+s")
        await settle()
        save("scorecard")
        app.go_home()
        await settle()
        await pilot.press("p")
        await settle()
        save("history")
        await pilot.press("enter")
        await settle()
        await pilot.press("right")
        await settle()
        save("replay")
        app.go_home()
        await pilot.press("c")
        await settle()
        app.screen.query_one("#draft", TextArea).insert(DRAFT)
        await pilot.press("ctrl+s")
        await settle()
        save("checker")
        app.go_home()
        await pilot.press("r")
        await settle()
        save("rules")
        app.go_home()
        await pilot.press("g")
        await settle()
        await pilot.press(*READINESS_KEYS)
        await settle()
        save("readiness")
        await pilot.press("w")
        await settle()
        for name, value in PROPOSAL_FACTS.items():
            app.screen.query_one(f"#fact-{name}", Input).value = value
        app.screen.query_one("#fact-gains", TextArea).insert(PROPOSAL_GAIN)
        await pilot.press("ctrl+s")
        await settle()
        save("proposal")
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=parse_size, default=(100, 30), help="WIDTHxHEIGHT")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="coach-data-") as data:
        os.environ["COACH_DATA_DIR"] = data
        for path in asyncio.run(shoot(args.size, args.out)):
            print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
