"""Replay: a recorded session turn by turn (← and →), with the feedback as it was
given; retry from any reply, or see the recorded scorecard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from coach.tui.commands import Command
from coach.tui.messages import FlagRequested, LoadFailed, RecordedLoaded, TurnSelected
from coach.tui.render import MUTED
from coach.tui.widgets.conversation.log import ConversationLog
from coach.tui.widgets.feedback.panel import FeedbackPanel

if TYPE_CHECKING:
    from coach.session import Session
    from coach.transcript import RecordedTurn
    from coach.tui.app import CoachApp
    from coach.tui.engine import Engine, Recorded

NARROW = 100


class ReplayScreen(Screen[None]):
    """Step through a recorded conversation."""

    HELP = (
        "A recorded session, one reply at a time: → shows the next reply and the "
        "manager's answer, ← goes back, Home and End jump to the start and the end. The "
        "panel shows the feedback as it was given then (today's rules may differ: "
        "'coach replay FILE --rescore' compares). t plays the scenario again from the "
        "reply shown, keeping the conversation before it; s shows the recorded scorecard."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left",
            "step(-1)",
            "Previous",
            id="replay.previous",
            priority=True,
            tooltip="The reply before",
        ),
        Binding(
            "right", "step(1)", "Next", id="replay.next", priority=True, tooltip="The next reply"
        ),
        Binding("home", "jump(0)", "First", show=False, id="replay.first", tooltip="The start"),
        Binding("end", "jump(-1)", "Last", show=False, id="replay.last", tooltip="The end"),
        Binding(
            "t",
            "retry",
            "Retry from here",
            id="replay.retry",
            tooltip="Play the scenario again from this reply, keeping the replies before it",
        ),
        Binding(
            "s",
            "scorecard",
            "Scorecard",
            id="replay.scorecard",
            tooltip="The scorecard as it was recorded",
        ),
        Binding("escape", "app.pop_screen", "Back", id="replay.back", tooltip="Back"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.recorded: Recorded | None = None
        self.position = 0
        """Replies shown (0: only the opening line)."""

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    @property
    def turns(self) -> tuple[RecordedTurn, ...]:
        return self.recorded.transcript.turns if self.recorded else ()

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="conversation"):
            with Vertical(id="talk"):
                yield Static(Content.styled("Reading the transcript…", MUTED), id="status")
                yield ConversationLog(id="log")
            yield FeedbackPanel("→ shows the first reply and the feedback it got.", id="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"replay: {self.path.name}"
        self.query_one(FeedbackPanel).add_class("-read-only")
        self.set_class(self.size.width < NARROW, "-narrow")
        self.watch(self.coach_app, "engine", self._engine_changed)
        self._load()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    @work(thread=True, exclusive=True, group="replay", exit_on_error=False)
    def _load(self) -> None:
        from coach.errors import CoachError
        from coach.tui.engine import read_recorded

        try:
            recorded = read_recorded(self.path, self.coach_app.content_dirs)
        except CoachError as exc:
            self.post_message(LoadFailed(exc.render()))
            return
        self.post_message(RecordedLoaded(recorded))

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.query_one("#status", Static).update(Content.styled(message.error, "$error"))

    @on(RecordedLoaded)
    def _loaded(self, message: RecordedLoaded) -> None:
        self.recorded = message.recorded
        transcript = message.recorded.transcript
        self.sub_title = f"replay: {transcript.header.scenario_title}"
        for warning in message.recorded.warnings:
            self.notify(warning, title="Replaying as recorded", severity="warning", timeout=8)
        self.position = min(1, len(self.turns))
        self._show()

    def _engine_changed(self, _engine: Engine | None) -> None:
        if self.recorded is not None:
            self._show()

    # -- stepping

    def action_step(self, by: int) -> None:
        self._go(self.position + by)

    def action_jump(self, where: int) -> None:
        self._go(len(self.turns) if where < 0 else where)

    def _go(self, position: int) -> None:
        if self.recorded is None:
            return
        position = max(0, min(position, len(self.turns)))
        if position != self.position:
            self.position = position
            self._show()

    @on(TurnSelected)
    def _turn_selected(self, message: TurnSelected) -> None:
        self._go(message.turn)

    def _show(self) -> None:
        recorded = self.recorded
        if recorded is None:
            return
        transcript = recorded.transcript
        name = transcript.manager_name
        total = len(self.turns)
        with self.app.batch_update():
            log = self.query_one(ConversationLog)
            log.reset()
            if transcript.opening:
                log.add_manager(name, transcript.opening)
            for turn in self.turns[: self.position]:
                ending = None
                if transcript.ending is not None and turn.turn == transcript.ending.turn:
                    ending = transcript.ending
                log.add_turn(turn.turn, turn.text, name, turn.manager_line or "…", ending)
            status = f"reply {self.position} of {total} · ← → to step"
            if transcript.ending is not None:
                status += f" · {transcript.ending.outcome_label}"
                if transcript.score is not None:
                    status += f" {transcript.score}"
            self.query_one("#status", Static).update(Content.styled(status, MUTED))
            self._show_feedback()

    def _show_feedback(self) -> None:
        panel = self.query_one(FeedbackPanel)
        engine = self.coach_app.engine
        if self.position == 0:
            panel.clear_feedback()
            return
        turn = self.turns[self.position - 1]
        detection = turn.detection
        feedback = turn.feedback
        if detection is None:
            panel.clear_feedback(
                f"Reply {turn.turn} was sent but never analysed (the session stopped)."
            )
            return
        if engine is None:
            panel.clear_feedback("Getting ready… (loading the language model)")
            return
        context = [f"Moment: {turn.situation or 'not recorded'}"]
        if turn.topic:
            context[0] += f", the manager raised {turn.topic}"
        panel.show(
            title=f"Feedback on reply {turn.turn}, as given",
            detection=detection,
            findings=engine.shown(feedback) if feedback else (),
            suggestion=feedback.suggestion if feedback else None,
            behaviours=engine.behaviours,
            context=context,
        )

    # -- acting on it

    @on(FlagRequested)
    def _flag(self, message: FlagRequested) -> None:
        """A wrong call in a recorded session can be flagged too, with its context."""
        recorded = self.recorded
        if recorded is None or not self.position:
            return
        turn = self.turns[self.position - 1]
        self.coach_app.ask_and_flag(
            message,
            turn.text,
            "replay",
            situation=turn.situation,
            topic=turn.topic,
            manager_said=turn.manager_said,
            earlier=tuple(t.text for t in self.turns[: self.position - 1]),
            scenario=recorded.transcript.scenario_id,
            turn=turn.turn,
            pipeline=recorded.transcript.header.pipeline,
        )

    def action_retry(self) -> None:
        recorded = self.recorded
        if recorded is None:
            return
        scenario = recorded.scenario
        if scenario is None:
            self.notify("The scenario no longer exists: it can only be replayed.", timeout=5)
            return
        analysed = len(recorded.transcript.analysed_turns)
        keep = max(0, min(self.position - 1, analysed))
        transcript = recorded.transcript
        record_to = self.coach_app.record_dir

        def start(engine: Engine) -> tuple[Session, str | None]:
            session = engine.retry_recorded(transcript, keep, scenario, record_to=record_to)
            return session, None

        self.coach_app.open_practice(scenario, start=start)

    def action_scorecard(self) -> None:
        from coach.tui.screens.scorecard import ScorecardScreen, ScoreSource

        recorded = self.recorded
        if recorded is None:
            return
        if recorded.transcript.scorecard_json is None:
            self.notify("No scorecard was recorded for this session.", timeout=4)
            return
        self.app.push_screen(ScorecardScreen(ScoreSource.from_recorded(recorded)))

    def palette_commands(self) -> list[Command]:
        return [
            ("Replay: next reply", lambda: self.action_step(1), "→"),
            ("Replay: previous reply", lambda: self.action_step(-1), "←"),
            ("Replay: retry from this reply", self.action_retry, "t"),
            ("Replay: the recorded scorecard", self.action_scorecard, "s"),
        ]
