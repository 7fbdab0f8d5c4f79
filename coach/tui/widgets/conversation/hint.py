"""The live hint under the reply: one line, dim, empty most of the time."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from coach.tui.render import MUTED


class HintLine(Static):
    """Sparse hints while typing (switchable off)."""

    def show(self, hint: str | None) -> None:
        if hint:
            self.update(Content.assemble(("hint: ", "bold $text-accent"), (hint, MUTED)))
        else:
            self.update("")

    def switched(self, on: bool) -> None:
        self.update(Content.styled("live hints on" if on else "live hints off", MUTED))
