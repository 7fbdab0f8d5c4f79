"""Past sessions: every recorded conversation with its outcome and score, progress
per scenario (sparklines) and per piece of advice; replay, resume or delete one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from coach.tui.commands import Command
from coach.tui.messages import HistoryLoaded, LoadFailed
from coach.tui.render import MUTED, OUTCOME_STYLES, OUTCOME_SYMBOLS, Line
from coach.tui.widgets.rows import MarkedLine

if TYPE_CHECKING:
    from coach.transcript import History, SessionSummary
    from coach.tui.app import CoachApp


def session_row(summary: SessionSummary) -> Content:
    """``2026-11-23 18:59  First pitch…`` then ``✓ Trial agreed · 74 · 5 replies``."""
    when = summary.started.replace("T", " ")[:16] if summary.started else "undated"
    if summary.finished and summary.outcome:
        outcome = summary.outcome
        status = Content.assemble(
            (
                f"{OUTCOME_SYMBOLS.get(outcome, '·')} {summary.outcome_label}",
                OUTCOME_STYLES.get(outcome, ""),
            )
        )
    else:
        status = Content.styled("… not finished (u resumes)", "$warning")
    parts: list[Content] = [status]
    if summary.score is not None:
        parts.append(Content.styled(f"{summary.score}", "bold"))
    parts.append(
        Content.styled(f"{summary.replies} repl{'y' if summary.replies == 1 else 'ies'}", MUTED)
    )
    if summary.origin:
        parts.append(Content.styled("a retry", MUTED))
    return Content.assemble(
        (when, MUTED), "  ", (summary.scenario_title, "bold"), "\n", Content(" · ").join(parts)
    )


def progress_lines(history: History) -> list[Line]:
    lines: list[Line] = []
    for progress in history.scenarios:
        details = [f"{len(progress.sessions)} session{'s' if len(progress.sessions) != 1 else ''}"]
        if progress.last is not None:
            details.append(f"last {progress.last}")
        if progress.best is not None:
            details.append(f"best {progress.best}")
        text = Content.assemble(
            (progress.title, "bold"),
            "\n",
            (" · ".join(details), MUTED),
            ("  " + progress.trend, "$text-accent") if progress.trend else "",
        )
        lines.append((Content(""), text, "group"))
    return lines


def advice_lines(history: History) -> list[Line]:
    lines: list[Line] = []
    for advice in history.advice:
        rate = "n/a" if advice.rate is None else f"{round(advice.rate * 100)}%"
        met = advice.last
        mark = {True: ("✓", "bold $success"), False: ("·", MUTED), None: ("-", MUTED)}[met]
        what = "avoided" if advice.kind == "blocker" else "met"
        text = Content.assemble(
            (advice.title, "bold"),
            "\n",
            (f"{what} {advice.met} of {advice.applicable} · recent-weighted {rate}  ", MUTED),
            (advice.recent, "$text-accent"),
        )
        lines.append((Content.styled(*mark), text, "advice"))
    return lines


class HistoryScreen(Screen[None]):
    """Your recorded sessions and how you are getting on."""

    HELP = (
        "Every practice session is recorded in your data directory (readable by you "
        "alone). Sessions: Enter replays one turn by turn with the feedback as it was "
        "given; u resumes one that ended without an ending; d deletes one for good. "
        "Progress: the scores per scenario over time, and how often each piece of "
        "advice was met (recent sessions weigh more)."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "replay",
            "Replay",
            id="history.replay",
            tooltip="Step through the highlighted session with the feedback as it was given",
        ),
        Binding(
            "u",
            "resume",
            "Resume",
            id="history.resume",
            tooltip="Continue the highlighted session (one that ended without an ending)",
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            id="history.delete",
            tooltip="Delete the highlighted session's transcript for good (asks first)",
        ),
        Binding("escape", "app.pop_screen", "Back", id="history.back", tooltip="Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.history: History | None = None

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with TabbedContent(id="history"):
            with TabPane("Sessions", id="sessions-tab"), Vertical():
                yield Static(Content.styled("Reading your sessions…", MUTED), id="history-summary")
                yield OptionList(id="sessions")
            with TabPane("Progress", id="progress-tab"), VerticalScroll():
                yield Label("Scenarios", classes="section")
                yield Vertical(id="progress", classes="lines")
                yield Label("Advice, weakest first", classes="section")
                yield Vertical(id="advice", classes="lines")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "past sessions"
        self.load()

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def load(self) -> None:
        from coach.errors import CoachError
        from coach.transcript import load_history

        try:
            self.post_message(HistoryLoaded(load_history(self.coach_app.data_dir)))
        except CoachError as exc:
            self.post_message(LoadFailed(exc.render()))

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.query_one("#history-summary", Static).update(Content.styled(message.error, "$error"))

    @on(HistoryLoaded)
    def _loaded(self, message: HistoryLoaded) -> None:
        history = message.history
        self.history = history
        count = len(history.sessions)
        if count:
            summary = Content.assemble(
                (f"{count} session{'s' if count != 1 else ''}", "bold"),
                (f" in {history.data_dir}", MUTED),
                ("  " + history.trend, "$text-accent") if history.trend else "",
                ("\nEnter replays one · u resumes · d deletes", MUTED),
            )
        else:
            summary = Content.styled(
                "No sessions yet: practise a scenario and it is kept here.", MUTED
            )
        for skipped in history.skipped:
            self.notify(skipped, title="A transcript was skipped", severity="warning")
        self.query_one("#history-summary", Static).update(summary)
        sessions = self.query_one("#sessions", OptionList)
        highlighted = sessions.highlighted
        sessions.clear_options()
        options: list[Option | None] = []
        for item in history.sessions:
            if options:
                options.append(None)
            options.append(Option(session_row(item), id=item.id))
        sessions.add_options(options)
        if history.sessions:
            sessions.highlighted = min(highlighted or 0, len(history.sessions) - 1)
        sessions.focus()
        for selector, lines in (
            ("#progress", progress_lines(history)),
            ("#advice", advice_lines(history)),
        ):
            box = self.query_one(selector, Vertical)
            box.remove_children()
            box.mount_all(MarkedLine(mark, text, classes=kind) for mark, text, kind in lines)

    def current(self) -> SessionSummary | None:
        sessions = self.query_one("#sessions", OptionList)
        if self.history is None or sessions.highlighted is None:
            return None
        return self.history.sessions[sessions.highlighted]

    @on(OptionList.OptionSelected, "#sessions")
    def action_replay(self) -> None:
        summary = self.current()
        if summary is not None:
            self.coach_app.open_replay(summary.path)

    def action_resume(self) -> None:
        summary = self.current()
        if summary is None:
            return
        if not summary.resumable:
            self.notify("That session reached an ending; replay it to retry from a reply.")
            return
        self.coach_app.resume(summary.path)

    def action_delete(self) -> None:
        from coach.tui.screens.dialogs import ConfirmScreen

        summary = self.current()
        if summary is None:
            return

        def answer(delete: bool | None) -> None:
            if delete:
                self._delete(summary.id)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the session “{summary.scenario_title}” of {summary.started[:10]} "
                "for good?",
                yes="Delete",
                no="Keep",
            ),
            answer,
        )

    @work(thread=True, group="delete", exit_on_error=False)
    def _delete(self, session_id: str) -> None:
        from coach.errors import CoachError
        from coach.transcript import delete_session

        try:
            delete_session(session_id, self.coach_app.data_dir)
        except CoachError as exc:
            self.post_message(LoadFailed(exc.render()))
            return
        self.app.call_from_thread(self.notify, "Deleted.", timeout=3)
        self.app.call_from_thread(self.load)

    def palette_commands(self) -> list[Command]:
        return [
            ("History: replay the highlighted session", self.action_replay, "Enter"),
            ("History: resume the highlighted session", self.action_resume, "u"),
            ("History: delete the highlighted session…", self.action_delete, "d (asks first)"),
        ]
