"""Small modal dialogs: flag a finding, confirm leaving, pick a turn to redo, name
the file to export a proposal to."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.tui.render import LEVEL_STYLES, LEVEL_SYMBOLS, MUTED


class FlagScreen(ModalScreen[str | None]):
    """ "This feedback is wrong": an optional comment, then save (Enter) or cancel
    (Escape). Dismisses with the comment ("" for none) or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="flag.cancel", tooltip="Do not flag it"),
    ]

    def __init__(self, kind: str, title: str, level: str | None, verdict: str, reply: str) -> None:
        super().__init__()
        self.kind = kind
        self.item_title = title
        self.level = level
        self.verdict = verdict
        self.reply = reply

    def compose(self) -> ComposeResult:
        if self.kind == "rule" and self.level:
            what = Content.assemble(
                (f"{LEVEL_SYMBOLS.get(self.level, '·')} ", LEVEL_STYLES.get(self.level, "")),
                (self.item_title, "bold"),
            )
        else:
            what = Content.assemble(("behaviour ", MUTED), (self.item_title, "bold"))
        excerpt = " ".join(self.reply.split())
        if len(excerpt) > 160:
            excerpt = excerpt[:159] + "…"
        with Vertical(id="flag-dialog", classes="dialog"):
            yield Label(Content.styled("This feedback is wrong", "bold"), classes="dialog-title")
            yield Static(what)
            yield Static(Content.styled(f"You say: it {self.verdict} on “{excerpt}”", MUTED))
            yield Input(placeholder="Why? (optional; Enter saves)", id="flag-comment", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save flag", id="flag-save", variant="primary", compact=True)
                yield Button("Cancel", id="flag-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#flag-comment", Input).focus()

    @on(Input.Submitted, "#flag-comment")
    @on(Button.Pressed, "#flag-save")
    def _save(self) -> None:
        self.dismiss(self.query_one("#flag-comment", Input).value.strip())

    @on(Button.Pressed, "#flag-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question. The safe answer (no) has the focus, so Enter keeps things as
    they are; `y` answers yes, `n` and Escape no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "No", id="confirm.no", tooltip="Stay"),
        Binding("y", "answer(True)", "Yes", show=False, id="confirm.yes"),
        Binding("n", "answer(False)", "No", show=False, id="confirm.no_key"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="confirm-yes", variant="warning", compact=True)
                yield Button(self.no, id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TurnPicker(ModalScreen[int | None]):
    """Which reply to redo: the conversation is kept up to the one before it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="turns.cancel", tooltip="Keep things as they are"),
    ]

    def __init__(self, replies: Sequence[str]) -> None:
        super().__init__()
        self.replies = list(replies)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="turn-picker"):
            yield Label(Content.styled("Redo from which reply?", "bold"), classes="dialog-title")
            yield Static(
                Content.styled(
                    "The conversation is kept up to the reply before it, with the same "
                    "manager lines.",
                    MUTED,
                )
            )
            options = []
            for number, text in enumerate(self.replies, start=1):
                flat = " ".join(text.split())
                if len(flat) > 60:
                    flat = flat[:59] + "…"
                prompt = Content.assemble((f"Reply {number}  ", "bold"), f"“{flat}”")
                options.append(Option(prompt, id=str(number)))
            yield OptionList(*options, id="turn-list")

    def on_mount(self) -> None:
        turns = self.query_one("#turn-list", OptionList)
        turns.highlighted = len(self.replies) - 1 if self.replies else None
        turns.focus()

    @on(OptionList.OptionSelected, "#turn-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or "0"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportScreen(ModalScreen[str | None]):
    """Where to write the draft: a file name; dismisses with it or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Do not export"),
    ]

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        try:
            here = f"A name without a folder goes in {Path.cwd()}."
        except OSError:  # the current folder was removed: give a full path
            here = "Give the full path of the file."
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label(Content.styled("Export the draft", "bold"), classes="dialog-title")
            yield Static(
                Content.styled(
                    "A .md file gets the Markdown; .html or .htm a page to print or attach. "
                    + here,
                    MUTED,
                )
            )
            yield Input(self.default, id="export-path", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export-save", variant="primary", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-save")
    def _save(self) -> None:
        self.dismiss(self.query_one("#export-path", Input).value.strip() or None)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
