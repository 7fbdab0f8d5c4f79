"""Lines with a mark in front (✓, ·, 1.) whose text wraps under itself, not under
the mark: the rubric's checks and the list of changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class MarkedLine(Horizontal):
    """``mark text`` where ``text`` wraps with a hanging indent."""

    def __init__(self, mark: Content, text: Content, *, classes: str = "") -> None:
        super().__init__(classes=f"marked {classes}".strip())
        self.mark = mark
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.mark, classes="mark")
        yield Static(self.text, classes="text")
