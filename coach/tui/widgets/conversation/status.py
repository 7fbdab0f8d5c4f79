"""One discreet line: who you are talking to and how they are taking it."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from coach.tui.render import variables_line


class ConversationStatus(Static):
    """``trust +1 ▲ · patience ●●○`` (the name is on every line of the log)."""

    def show(
        self,
        name: str,
        role: str,
        values: Mapping[str, int],
        before: Mapping[str, int],
        start: Mapping[str, int],
    ) -> None:
        mood = variables_line(values, before, start)
        self.update(mood if mood.plain else Content.styled(name, "bold"))
        self.tooltip = f"How {name} ({role}) is taking it so far"
