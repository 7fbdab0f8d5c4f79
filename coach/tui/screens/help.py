"""Help: how the screen underneath works and every key it answers to."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from coach.tui.render import MUTED
from coach.tui.widgets.rows import MarkedLine

EVERYWHERE = (
    ("ctrl+p", "Command palette: every scenario, screen and action, by name"),
    ("tab / shift+tab", "Move between the parts of the screen"),
    ("mouse", "Click to focus, select and scroll; click a footer key to use it"),
    ("drag, then ctrl+c", "Select text (the log, the feedback, the rewrite) and copy it"),
)


def binding_rows(under: Screen[object]) -> list[tuple[str, str, str]]:
    """(key, what it does, more) for coach's own keys on ``under``: the screen's and the
    app's, then those of the parts of the screen (a finding, a list…), with where they
    work. Editing keys of text boxes are left out: they are the usual ones."""
    app = under.app
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()

    def add(bindings: list[BindingType], scope: str = "") -> None:
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.id or binding.id in seen:
                continue
            seen.add(binding.id)
            key = " / ".join(k.strip() for k in binding.key.split(",")).replace("slash", "/")
            description = f"{binding.description} ({scope})" if scope else binding.description
            rows.append((key, description, binding.tooltip))

    add(list(type(under).BINDINGS))
    add(list(type(app).BINDINGS))
    for widget in under.query("*"):
        scope = getattr(widget, "SCOPE", "")
        if scope:
            add(list(type(widget).BINDINGS), scope)
    return rows


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened over."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under
        self.rows = binding_rows(under)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Label(Content.styled("Help", "bold"), classes="dialog-title")
            about = getattr(self.under, "HELP", "")
            if about:
                yield Static(about, id="help-about")
            yield Label("Keys on this screen", classes="section")
            with Vertical(id="help-keys"):
                for key, description, tooltip in self.rows:
                    what = Content(description)
                    if tooltip:
                        what = Content.assemble(what, "\n", (tooltip, MUTED))
                    yield MarkedLine(Content.styled(key, "bold $text-accent"), what, classes="key")
            yield Label("Everywhere", classes="section")
            with Vertical(id="help-everywhere"):
                for key, meaning in EVERYWHERE:
                    yield MarkedLine(
                        Content.styled(key, "bold $text-accent"), Content(meaning), classes="key"
                    )
            yield Static(Content.styled("Escape closes this help.", MUTED))
