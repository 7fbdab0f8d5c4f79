"""The conversation: the manager's lines and your replies, a multi-line input, live
hints, and the feedback on the last reply.

Sending (ctrl+s) puts the reply in the log at once and runs detection, coaching and
the dialogue in a thread worker; the result comes back as :class:`ReplyAnalysed` and
fills the feedback panel. Enter only adds a line, so a half-written paragraph is never
sent by accident.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, TextArea

from coach.tui.commands import Command
from coach.tui.hints import live_hint
from coach.tui.messages import (
    FlagRequested,
    HintReady,
    ReplyAnalysed,
    ReplyFailed,
    RewriteRequested,
    ScenarioFailed,
    ScenarioLoaded,
    SessionReady,
    TurnSelected,
)
from coach.tui.widgets.conversation.hint import HintLine
from coach.tui.widgets.conversation.log import ConversationLog
from coach.tui.widgets.conversation.reply_input import ReplyInput
from coach.tui.widgets.conversation.status import ConversationStatus
from coach.tui.widgets.feedback.panel import FeedbackPanel

if TYPE_CHECKING:
    from coach.dialogue.facts import PracticeFacts
    from coach.dialogue.model import Scenario
    from coach.session import Session, TurnResult
    from coach.tui.app import CoachApp
    from coach.tui.engine import Engine

SessionFactory = Callable[["Engine"], tuple["Session", str | None]]
"""Makes the session a conversation screen plays (in a worker): a retry, a resumed
transcript…; with the reply to send first, if one was left unanalysed."""

HINT_DELAY = 0.4
"""Seconds of no typing before a live hint is worked out."""
NARROW = 100
"""Below this width the panels share the screen equally."""


class ConversationScreen(Screen[None]):
    """Talk to the manager; every reply gets feedback."""

    HELP = (
        "Write your reply in the box at the bottom left; Enter adds a line, ctrl+s sends "
        "it. The manager answers in the log and the panel on the right shows the "
        "feedback: your reply with what it does underlined (colours match the list "
        "under 'What it does'), the points to work on, most important first (✗ blocker, "
        "! tip or warning, ✓ praise) and a suggested rewrite that ctrl+r puts in the "
        "input. Tab moves to the findings; f (or ctrl+f) flags one as wrong. Click one "
        "of your earlier replies to see its feedback again. The line above the input "
        "gives a hint while you type (ctrl+l switches hints off)."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "send",
            "Send",
            id="conversation.send",
            priority=True,
            tooltip="Send the reply (Enter only adds a line)",
        ),
        Binding(
            "ctrl+r",
            "use_rewrite",
            "Rewrite",
            id="conversation.use_rewrite",
            tooltip="Put the suggested rewrite in the input, to edit and send",
        ),
        Binding(
            "ctrl+f",
            "flag",
            "Flag",
            id="conversation.flag",
            tooltip="This feedback is wrong: flag the highlighted finding, with a comment",
        ),
        Binding(
            "ctrl+l",
            "toggle_hints",
            "Hints",
            id="conversation.toggle_hints",
            tooltip="Switch the live hints under the input on or off",
        ),
        Binding(
            "escape",
            "leave",
            "Home",
            id="conversation.leave",
            tooltip="Leave the conversation and go back to the scenarios",
        ),
    ]

    def __init__(
        self,
        scenario: str | Path | Scenario,
        *,
        seed: int | None = None,
        start: SessionFactory | None = None,
    ) -> None:
        """``scenario`` by id, file or object; ``start`` makes the session (a retry, a
        resumed transcript) instead of a new conversation."""
        super().__init__()
        self.wanted = scenario
        self.seed = seed
        self.factory = start
        self.scenario: Scenario | None = None
        self.session: Session | None = None
        if not isinstance(scenario, (str, Path)):
            self.scenario = scenario
        self.busy = False
        self.hints_on = True
        self.viewing: int | None = None
        self.last_latency: float | None = None
        """Seconds from the last send to its feedback on screen (for the benchmark)."""
        self._hint_timer: Timer | None = None
        self._started = False
        self._ended_shown = False

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    @property
    def engine(self) -> Engine | None:
        return self.coach_app.engine

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="conversation"):
            with Vertical(id="talk"):
                yield ConversationStatus(id="status")
                yield ConversationLog(id="log")
                yield Button(
                    "See the scorecard (ctrl+s)", id="to-scorecard", variant="success", compact=True
                )
                yield HintLine(id="hint")
                yield ReplyInput(id="reply")
            yield FeedbackPanel(
                "The feedback on your reply appears here once you send it.", id="feedback"
            )
        yield Footer()

    # ------------------------------------------------------------------
    # Getting started

    def on_mount(self) -> None:
        self.hints_on = self.coach_app.hints
        self.query_one("#to-scorecard").display = False
        self._ended_shown = False
        self.query_one(ReplyInput).focus()
        self.sub_title = self.scenario.title if self.scenario else "loading the scenario…"
        if self.scenario is None:
            self._load_scenario(self.wanted)
        self.watch(self.coach_app, "engine", self._engine_changed)
        self.watch(self.coach_app, "engine_error", self._engine_changed)
        self._layout(self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < NARROW, "-narrow")

    @work(thread=True, exclusive=True, group="scenario", exit_on_error=False)
    def _load_scenario(self, wanted: str | Path | Scenario) -> None:
        from coach.errors import CoachError
        from coach.tui.engine import load_scenario

        try:
            if isinstance(wanted, Path):
                scenario = load_scenario(wanted)
            elif isinstance(wanted, str):
                from coach.dialogue.library import find_scenario_file

                found = self.coach_app.catalogue
                known = found.get(wanted) if found else None
                scenario = known or load_scenario(find_scenario_file(wanted))
            else:
                scenario = wanted
        except CoachError as exc:
            self.post_message(ScenarioFailed(exc.render().splitlines()[0]))
            return
        self.post_message(ScenarioLoaded(scenario))

    @on(ScenarioLoaded)
    def _scenario_loaded(self, message: ScenarioLoaded) -> None:
        self.scenario = message.scenario
        self.sub_title = message.scenario.title
        self._start()

    @on(ScenarioFailed)
    def _scenario_failed(self, message: ScenarioFailed) -> None:
        self.notify(message.error, title="Cannot play this scenario", severity="error")
        self.query_one(ConversationLog).add_note(message.error)

    def _engine_changed(self, _value: object) -> None:
        error = self.coach_app.engine_error
        if self.engine is None and error:
            self.query_one(ConversationLog).add_note(error)
            return
        self._start()

    def _start(self) -> None:
        """Once the scenario and the engine are both there: start (or continue)."""
        engine = self.engine
        if engine is None or self.scenario is None or self._started:
            return
        self._started = True
        self._make_session(engine, self.scenario)

    @work(thread=True, exclusive=True, group="session", exit_on_error=False)
    def _make_session(self, engine: Engine, scenario: Scenario) -> None:
        """Starting a session writes its transcript's first lines: not on the UI thread."""
        from coach.errors import CoachError

        try:
            if self.factory is not None:
                session, pending = self.factory(engine)
            else:
                engine.prepare(scenario)
                session, pending = self._new_session(engine, scenario), None
        except CoachError as exc:
            self.post_message(ScenarioFailed(exc.render().splitlines()[0]))
            return
        self.post_message(SessionReady(session, pending))

    def _new_session(self, engine: Engine, scenario: Scenario) -> Session:
        from coach.errors import CoachError

        record_to = self.coach_app.record_dir
        facts = self._prepared_facts(engine)
        try:
            return engine.start(scenario, self.seed, record_to=record_to, facts=facts)
        except CoachError as exc:
            if record_to is None:
                raise
            self.app.call_from_thread(
                self.notify,
                f"{exc.message}. This conversation is not recorded.",
                title="Cannot record",
                severity="warning",
            )
            return engine.start(scenario, self.seed, facts=facts)

    def _prepared_facts(self, engine: Engine) -> PracticeFacts | None:
        """What the user prepared with ``coach proposal`` (the concerns they expect, their
        days and metric); a bad facts file is set aside with a warning. A concern saved
        before its topic was known (the model was still loading) gets it now."""
        from coach.proposal.practice import load_practice_facts

        def detect(text: str) -> str | None:
            with engine.lock:
                return engine.coach.detect_topic(engine.analyzer, text)

        facts, warnings = load_practice_facts(self.coach_app.data_dir, detect)
        for warning in warnings:
            self.app.call_from_thread(
                self.notify, warning.render(), title="Prepared facts", severity="warning"
            )
        return facts

    @on(SessionReady)
    def _session_ready(self, message: SessionReady) -> None:
        previous = self.session
        self.session = message.session
        self.scenario = message.session.scenario
        self.sub_title = self.scenario.title
        self.busy = False
        if previous is not None and previous is not message.session:
            self._stop(previous)
        self._redraw()
        if message.pending:
            reply = self.query_one(ReplyInput)
            reply.clear()
            reply.insert(message.pending)
            self.notify(
                "Your last reply was saved but never analysed: it is in the input; "
                "ctrl+s sends it.",
                timeout=6,
            )
        self.query_one(ReplyInput).focus()

    def _stop(self, session: Session) -> None:
        engine = self.engine
        if engine is not None and not session.finished:
            from coach.errors import CoachError

            # When the transcript can no longer be written, there is nothing more to lose.
            with contextlib.suppress(CoachError):
                engine.stop(session)

    def on_unmount(self) -> None:
        if self.session is not None:
            self._stop(self.session)

    def _redraw(self) -> None:
        """The whole log from the session (a new one, or one continued from a turn)."""
        session = self.session
        if session is None:
            return
        name = session.scenario.manager.name
        log = self.query_one(ConversationLog)
        log.reset()
        log.add_manager(name, session.opening_line)
        for turn in session.turns:
            log.add_turn(turn.turn, turn.text, name, turn.manager_line, turn.ending)
        panel = self.query_one(FeedbackPanel)
        if session.turns:
            self._show_turn(session.turns[-1])
        else:
            panel.clear_feedback()
        self._update_status()
        self._set_input_state()

    def _set_input_state(self) -> None:
        reply = self.query_one(ReplyInput)
        session = self.session
        ended = session is not None and session.finished
        if ended != self._ended_shown:
            self._ended_shown = ended
            self.query_one(FeedbackPanel).set_class(ended, "-read-only")
            self.query_one("#to-scorecard").display = ended
            self.query_one(HintLine).display = not ended
            reply.display = not ended
        if session is None:
            reply.set_state("loading")
        elif ended:
            reply.set_state("ended")
        elif self.busy:
            reply.set_state("busy")
        else:
            turn = session.state.turn + 1
            reply.set_state("ready", f"reply {turn} of {session.scenario.max_turns}")

    def _update_status(self) -> None:
        session = self.session
        if session is None:
            return
        scenario = session.scenario
        before = session.turns[-2].state.variables if len(session.turns) > 1 else scenario.variables
        self.query_one(ConversationStatus).show(
            scenario.manager.name,
            scenario.manager.role,
            session.state.variables,
            before if session.turns else session.state.variables,
            scenario.variables,
        )

    # ------------------------------------------------------------------
    # Sending

    def action_send(self) -> None:
        session = self.session
        engine = self.engine
        if session is None or engine is None:
            self.notify("Still getting ready: the language model is loading.", timeout=3)
            return
        if session.finished:
            self.action_scorecard()
            return
        if self.busy:
            return
        reply = self.query_one(ReplyInput)
        text = reply.text.strip()
        if not text:
            self.notify("Write a reply first; Enter adds a line, ctrl+s sends.", timeout=3)
            return
        limit = engine.settings.max_chars
        if len(text) > limit:
            self.notify(
                f"The reply has {len(text):,} characters; the limit is {limit:,}.",
                severity="error",
            )
            return
        sent_at = time.perf_counter()
        self.busy = True
        self._stop_hint()
        self.query_one(HintLine).show(None)
        # The reply stays in the (read-only) input until the answer is back; then the
        # reply and the answer go into the log together, in one layout pass.
        self._set_input_state()
        self._analyse(session, text, sent_at)

    @work(thread=True, exclusive=True, group="reply", exit_on_error=False)
    def _analyse(self, session: Session, text: str, sent_at: float) -> None:
        engine = self.engine
        assert engine is not None
        try:
            result = engine.reply(session, text)
        except Exception as exc:
            from coach.errors import CoachError

            error = exc.render() if isinstance(exc, CoachError) else f"{type(exc).__name__}: {exc}"
            self.post_message(ReplyFailed(error))
            return
        self.post_message(ReplyAnalysed(result, sent_at))

    @on(ReplyAnalysed)
    def _answered(self, message: ReplyAnalysed) -> None:
        result = message.result
        self.busy = False
        session = self.session
        if session is None:
            return
        with self.app.batch_update():  # one repaint for all of it
            self.query_one(ReplyInput).clear()
            self.query_one(ConversationLog).add_turn(
                result.turn,
                result.text,
                session.scenario.manager.name,
                result.manager_line,
                result.ending,
            )
            self._show_turn(result)
            self._update_status()
            self._set_input_state()
            if result.ending is not None:
                self.query_one("#to-scorecard").focus()
        self.call_after_refresh(self._stamp, message.sent_at)

    def _stamp(self, sent_at: float) -> None:
        self.last_latency = time.perf_counter() - sent_at

    @on(ReplyFailed)
    def _failed(self, message: ReplyFailed) -> None:
        self.busy = False
        self.notify(message.error, title="The reply could not be analysed", severity="error")
        self._set_input_state()

    def _show_turn(self, result: TurnResult) -> None:
        engine = self.engine
        if engine is None:
            return
        self.viewing = result.turn
        feedback = result.feedback
        moment = f"Moment: {result.situation}"
        if result.topic:
            moment += f", the manager raised {result.topic}"
        latest = self.session is not None and result.turn == len(self.session.turns)
        title = f"Feedback on reply {result.turn}" + ("" if latest else " (earlier)")
        self.query_one(FeedbackPanel).show(
            title=title,
            detection=result.detection,
            findings=engine.shown(feedback) if feedback else (),
            suggestion=feedback.suggestion if feedback else None,
            behaviours=engine.behaviours,
            context=[moment],
        )

    @on(TurnSelected)
    def _turn_selected(self, message: TurnSelected) -> None:
        session = self.session
        if session is not None and 0 < message.turn <= len(session.turns):
            self._show_turn(session.turns[message.turn - 1])

    # ------------------------------------------------------------------
    # Live hints

    @on(TextArea.Changed, "#reply")
    def _typing(self, event: TextArea.Changed) -> None:
        self._stop_hint()
        hint = self.query_one(HintLine)
        if not self.hints_on or self.busy or self.session is None or self.engine is None:
            return
        text = event.text_area.text
        if len(text.split()) < 4:
            hint.show(None)
            return
        self._hint_timer = self.set_timer(HINT_DELAY, partial(self._hint_for, text))

    def _stop_hint(self) -> None:
        if self._hint_timer is not None:
            self._hint_timer.stop()
            self._hint_timer = None

    def _hint_for(self, text: str) -> None:
        session = self.session
        if session is not None and not session.finished:
            self._compute_hint(session, text)

    @work(thread=True, exclusive=True, group="hint", exit_on_error=False)
    def _compute_hint(self, session: Session, text: str) -> None:
        engine = self.engine
        if engine is None:
            return
        detection, feedback = engine.preview(session, text)
        self.post_message(HintReady(text, live_hint(detection, feedback)))

    @on(HintReady)
    def _hint_ready(self, message: HintReady) -> None:
        if self.hints_on and not self.busy and message.text == self.query_one(ReplyInput).text:
            self.query_one(HintLine).show(message.hint)

    def action_toggle_hints(self) -> None:
        self.hints_on = not self.hints_on
        self._stop_hint()
        self.query_one(HintLine).switched(self.hints_on)

    # ------------------------------------------------------------------
    # Feedback actions

    def action_use_rewrite(self) -> None:
        self.query_one(FeedbackPanel).use_suggestion("reply")

    def action_copy_rewrite(self) -> None:
        self.query_one(FeedbackPanel).copy_suggestion()

    @on(RewriteRequested)
    def _rewrite(self, message: RewriteRequested) -> None:
        if self.session is None or self.session.finished:
            self.notify("The conversation is over: the rewrite is there to read.", timeout=3)
            return
        reply = self.query_one(ReplyInput)
        reply.clear()
        reply.insert(message.text)
        reply.focus()
        self.notify("The rewrite is in the input: fill in the [brackets], then ctrl+s.", timeout=4)

    def action_flag(self) -> None:
        self.query_one(FeedbackPanel).flag_current()

    @on(FlagRequested)
    def _flag(self, message: FlagRequested) -> None:
        session = self.session
        if session is None or self.engine is None or self.viewing is None:
            return
        result = session.turns[self.viewing - 1]
        self.coach_app.ask_and_flag(
            message,
            result.text,
            "practice",
            situation=result.situation,
            topic=result.topic,
            manager_said=result.manager_said,
            earlier=tuple(t.text for t in session.turns[: result.turn - 1]),
            scenario=session.scenario.id,
            turn=result.turn,
        )

    # ------------------------------------------------------------------
    # Leaving, retrying, the scorecard

    @on(Button.Pressed, "#to-scorecard")
    def action_scorecard(self) -> None:
        from coach.tui.screens.scorecard import ScorecardScreen, ScoreSource

        if self.session is None or not self.session.turns:
            self.notify("Send at least one reply for a scorecard.", timeout=3)
            return
        self.app.push_screen(
            ScorecardScreen(ScoreSource.from_session(self.session), seed=self.seed)
        )

    def action_leave(self) -> None:
        from coach.tui.screens.dialogs import ConfirmScreen

        session = self.session
        if session is None or not session.turns or session.finished:
            self.coach_app.go_home()
            return

        def answer(leave: bool | None) -> None:
            if leave:
                self.coach_app.go_home()

        self.app.push_screen(
            ConfirmScreen(
                "Leave this conversation? The replies so far are not kept.",
                yes="Leave",
                no="Stay",
            ),
            answer,
        )

    def action_take_back(self) -> None:
        session = self.session
        if session is None or not session.turns or self.busy:
            return
        self._restart(session, len(session.turns) - 1)

    def action_redo_from(self) -> None:
        from coach.tui.screens.dialogs import TurnPicker

        session = self.session
        if session is None or not session.turns or self.busy:
            return

        def chosen(turn: int | None) -> None:
            if turn is not None and self.session is not None:
                self._restart(self.session, turn - 1)

        self.app.push_screen(TurnPicker([t.text for t in session.turns]), chosen)

    def _restart(self, session: Session, keep: int) -> None:
        """Go on from the state after reply ``keep`` (a new linked transcript)."""
        engine = self.engine
        if engine is None:
            return
        self.busy = True
        self._set_input_state()
        self._restart_worker(engine, session, keep)

    @work(thread=True, exclusive=True, group="session", exit_on_error=False)
    def _restart_worker(self, engine: Engine, session: Session, keep: int) -> None:
        from coach.errors import CoachError

        try:
            restarted = engine.restart(session, keep, record_to=self.coach_app.record_dir)
        except CoachError as exc:
            self.post_message(ReplyFailed(exc.render()))
            return
        self.post_message(SessionReady(restarted, None))

    def palette_commands(self) -> list[Command]:
        return [
            ("Conversation: send the reply", self.action_send, "Same as ctrl+s"),
            (
                "Conversation: use the suggested rewrite",
                self.action_use_rewrite,
                "Put the rewrite in the input (ctrl+r)",
            ),
            (
                "Conversation: copy the suggested rewrite",
                self.action_copy_rewrite,
                "To the clipboard, to use elsewhere",
            ),
            (
                "Conversation: flag the highlighted finding as wrong",
                self.action_flag,
                "Saved with the reply, so it can become a test case (ctrl+f)",
            ),
            (
                "Conversation: live hints on or off",
                self.action_toggle_hints,
                "The one-line hint under the input while you type (ctrl+l)",
            ),
            (
                "Conversation: take back the last reply",
                self.action_take_back,
                "Continue from the reply before, with the same manager lines",
            ),
            (
                "Conversation: redo from an earlier reply…",
                self.action_redo_from,
                "Keep the conversation up to a reply and try it again from there",
            ),
            (
                "Conversation: end here and see the scorecard",
                self.action_scorecard,
                "Score the replies so far",
            ),
        ]
