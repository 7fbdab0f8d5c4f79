"""The conversation so far: the manager's lines and the user's replies.

Each entry is a plain ``Static``, so its text can be selected with the mouse and
copied. Clicking one of your replies shows the feedback it got.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from coach.tui.messages import TurnSelected
from coach.tui.render import MUTED, OUTCOME_STYLES, OUTCOME_SYMBOLS

if TYPE_CHECKING:
    from coach.tui.engine import EndingLike


class ManagerLine(Static):
    """One thing the manager says."""


class UserReply(Static):
    """One of the user's replies; a click shows its feedback."""

    def __init__(self, turn: int, text: str) -> None:
        head = Content.assemble(("You", "bold"), (f"  reply {turn}", MUTED), "\n")
        super().__init__(Content.assemble(head, text.strip()), classes="reply")
        self.turn = turn
        self.tooltip = "Click to see the feedback on this reply"

    def on_click(self, event: events.Click) -> None:
        if event.chain == 1:
            self.post_message(TurnSelected(self.turn))


class EndingBanner(Static):
    """How the conversation ended."""


class ConversationLog(VerticalScroll, can_focus=False):
    """The manager's lines and your replies, newest at the bottom."""

    def on_mount(self) -> None:
        self.anchor()

    def add_manager(self, name: str, line: str) -> None:
        self.mount(self._manager(name, line))

    def add_turn(
        self, turn: int, text: str, name: str, answer: str, ending: EndingLike | None = None
    ) -> None:
        """A reply and what the manager said to it (and how it ended), in one go."""
        widgets: list[Static] = [UserReply(turn, text), self._manager(name, answer)]
        if ending is not None:
            widgets.append(self._ending(ending))
        self.mount_all(widgets)

    def add_note(self, text: str) -> None:
        self.mount(Static(Content.styled(text, MUTED), classes="note"))

    def reset(self) -> None:
        self.remove_children()
        self.anchor()

    @staticmethod
    def _manager(name: str, line: str) -> ManagerLine:
        text = Content.assemble((name, "bold $text-accent"), "\n", " ".join(line.split()))
        return ManagerLine(text)

    @staticmethod
    def _ending(ending: EndingLike) -> EndingBanner:
        style = OUTCOME_STYLES.get(ending.outcome, "")
        symbol = OUTCOME_SYMBOLS.get(ending.outcome, "·")
        text = Content.assemble(
            (f"{symbol} {ending.outcome_label}", f"bold {style}"),
            f": {ending.title}",
            "\n",
            ("ctrl+s shows the scorecard", MUTED),
        )
        return EndingBanner(text)
