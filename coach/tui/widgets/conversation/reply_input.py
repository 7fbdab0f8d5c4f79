"""The reply input: several lines, Enter adds a line, a shown key sends.

Until the language model is loaded it says it is getting ready; typing is allowed
meanwhile (only sending waits), so nothing written is lost.
"""

from __future__ import annotations

from textual.widgets import TextArea

GETTING_READY = "Getting ready… (loading the language model; you can start typing)"
READY = "Write your reply. Enter adds a line; ctrl+s sends."
ENDED = "The conversation is over. ctrl+s shows the scorecard."


class ReplyInput(TextArea):
    """A multi-line reply; Enter inserts a newline, never sends."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            "",
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder=GETTING_READY,
            id=id,
        )
        self.border_title = "Your reply"
        self.border_subtitle = "getting ready…"

    def set_state(self, state: str, progress: str = "") -> None:
        """``loading``, ``ready``, ``busy`` (a reply is being analysed) or ``ended``;
        ``progress`` says which reply this is ("reply 2 of 12")."""
        self.placeholder = {"loading": GETTING_READY, "ended": ENDED}.get(state, READY)
        send = f"{progress} · ctrl+s send" if progress else "ctrl+s send"
        self.border_subtitle = {
            "loading": "getting ready…",
            "busy": "sending…",
            "ended": "ended",
        }.get(state, send)
        read_only = state in ("busy", "ended")
        if self.read_only != read_only:
            self.read_only = read_only
        if self.has_class("-loading") != (state == "loading"):
            self.set_class(state == "loading", "-loading")
