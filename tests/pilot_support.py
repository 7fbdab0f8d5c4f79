"""What the app's Pilot tests share: waiting until the app has settled."""

from __future__ import annotations

from textual.pilot import Pilot


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and the messages they post be handled (twice: a message
    handled may start another worker)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
