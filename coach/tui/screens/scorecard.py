"""The scorecard at the ending: outcome and debrief, the changes that would raise the
score most, the rubric with partial credit, blockers; then try again, or redo from
an earlier reply with the conversation kept up to it.

It shows a conversation just played (scored now) or a recorded one (the scorecard
as it was recorded); :class:`ScoreSource` hides the difference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Digits, Footer, Header, Label, Static

from coach.tui.commands import Command
from coach.tui.render import (
    MUTED,
    OUTCOME_STYLES,
    OUTCOME_SYMBOLS,
    Line,
    blocker_lines,
    improvement_lines,
    rubric_lines,
    scorecard_summary,
)
from coach.tui.widgets.rows import MarkedLine

if TYPE_CHECKING:
    from pathlib import Path

    from coach.coaching import Scorecard
    from coach.dialogue.model import Scenario
    from coach.session import Session
    from coach.tui.app import CoachApp
    from coach.tui.engine import EndingLike, Engine, Recorded
    from coach.tui.screens.conversation import SessionFactory


@dataclass(frozen=True)
class ScoreSource:
    """What the scorecard screen needs, from a live session or a transcript."""

    title: str
    ending: EndingLike | None
    replies: tuple[str, ...]
    scenario: Scenario | None
    """Today's scenario (``None`` when a recorded one no longer exists)."""
    score: Callable[[Engine | None], Scorecard | None]
    """Works the scorecard out (in a worker)."""
    redo: Callable[[int, Path | None], SessionFactory]
    """A session that keeps the replies before reply N (recorded under the path)."""

    @classmethod
    def from_session(cls, session: Session) -> ScoreSource:
        def score(engine: Engine | None) -> Scorecard | None:
            return engine.scorecard(session) if engine else session.scorecard()

        def redo(turn: int, record_to: Path | None) -> SessionFactory:
            def start(engine: Engine) -> tuple[Session, str | None]:
                return engine.restart(session, turn - 1, record_to=record_to), None

            return start

        return cls(
            title=session.scenario.title,
            ending=session.ending,
            replies=tuple(t.text for t in session.turns),
            scenario=session.scenario,
            score=score,
            redo=redo,
        )

    @classmethod
    def from_recorded(cls, recorded: Recorded) -> ScoreSource:
        transcript = recorded.transcript
        scenario = recorded.scenario

        def score(_engine: Engine | None) -> Scorecard | None:
            return transcript.scorecard

        def redo(turn: int, record_to: Path | None) -> SessionFactory:
            def start(engine: Engine) -> tuple[Session, str | None]:
                assert scenario is not None
                return engine.retry_recorded(
                    transcript, turn - 1, scenario, record_to=record_to
                ), None

            return start

        return cls(
            title=transcript.header.scenario_title,
            ending=transcript.ending,
            replies=tuple(t.text for t in transcript.analysed_turns),
            scenario=scenario,
            score=score,
            redo=redo,
        )


class ScorecardScreen(Screen[None]):
    """How the conversation went, and what to change first."""

    HELP = (
        "The score is out of 100: each group of checks counts by its weight, and a "
        "group gets partial credit for the checks it met (the bars). A blocker caps the "
        "score. The three changes at the top are the ones that would raise it most. "
        "Try again starts the scenario afresh; 'Redo from a reply' keeps the "
        "conversation up to the reply before the one you pick."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "retry",
            "Try again",
            id="scorecard.retry",
            tooltip="Play the scenario again from the start",
        ),
        Binding(
            "t",
            "redo_from",
            "Redo from a reply",
            id="scorecard.redo_from",
            tooltip="Keep the conversation up to a reply and try again from there",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            id="scorecard.back",
            tooltip="Back to the conversation (to read the feedback again)",
        ),
        Binding("h", "app.home", "Home", id="scorecard.home", tooltip="Back to the scenarios"),
    ]

    def __init__(self, source: ScoreSource, *, seed: int | None = None) -> None:
        super().__init__()
        self.source = source
        self.seed = seed
        self.card: Scorecard | None = None

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with VerticalScroll(id="scorecard"):
            with Horizontal(id="scorecard-top"):
                yield Digits("", id="total")
                with Vertical(id="scorecard-head"):
                    yield Static(id="outcome")
                    yield Static(Content.styled("Scoring…", MUTED), id="score")
            yield Static(id="debrief")
            yield Label("The changes that would raise the score most", classes="section")
            yield Vertical(id="improvements", classes="lines")
            yield Label("Blockers", classes="section blockers")
            yield Vertical(id="blockers", classes="lines blockers")
            yield Label("Rubric", classes="section")
            yield Vertical(id="rubric", classes="lines")
            with Horizontal(id="scorecard-actions"):
                yield Button("Try again (r)", id="retry", variant="primary", compact=True)
                yield Button("Redo from a reply… (t)", id="redo", compact=True)
                yield Button("Home (h)", id="home", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        source = self.source
        self.sub_title = f"scorecard: {source.title}"
        ending = source.ending
        if ending is not None:
            style = OUTCOME_STYLES.get(ending.outcome, "")
            symbol = OUTCOME_SYMBOLS.get(ending.outcome, "·")
            self.query_one("#outcome", Static).update(
                Content.assemble(
                    (f"{symbol} {ending.outcome_label}", f"bold {style}"), f": {ending.title}"
                )
            )
            self.query_one("#debrief", Static).update(" ".join(ending.debrief.split()))
        else:
            self.query_one("#outcome", Static).update(
                Content.styled("Stopped before an ending", "bold $warning")
            )
            self.query_one("#debrief").display = False
        playable = source.scenario is not None
        self.query_one("#retry").display = playable
        self.query_one("#redo").display = playable and bool(source.replies)
        self.query_one("#retry" if playable else "#home", Button).focus()
        self._score()

    @work(thread=True, exclusive=True, group="score", exit_on_error=False)
    def _score(self) -> None:
        card = self.source.score(self.coach_app.engine)
        self.app.call_from_thread(self._show, card)

    def _show(self, card: Scorecard | None) -> None:
        self.card = card
        if card is None:
            self.query_one("#score", Static).update(Content.styled("No scorecard.", MUTED))
            return
        self.query_one("#total", Digits).update(str(card.total))
        self.query_one("#score", Static).update(scorecard_summary(card))
        changes = improvement_lines(card)
        if not changes:
            none = Content.styled("Nothing left to raise: every check that applied was met.", MUTED)
            changes = [(Content(""), none, "change")]
        self._fill("#improvements", changes)
        self._fill("#rubric", rubric_lines(card))
        fired = blocker_lines(card)
        for widget in self.query(".blockers"):
            widget.display = bool(fired)
        self._fill("#blockers", fired)

    def _fill(self, selector: str, lines: Sequence[Line]) -> None:
        box = self.query_one(selector, Vertical)
        box.remove_children()
        box.mount_all(MarkedLine(mark, text, classes=kind) for mark, text, kind in lines)

    @on(Button.Pressed, "#retry")
    def action_retry(self) -> None:
        if self.source.scenario is not None:
            self.coach_app.open_practice(self.source.scenario, seed=self.seed)

    @on(Button.Pressed, "#redo")
    def action_redo_from(self) -> None:
        from coach.tui.screens.dialogs import TurnPicker

        source = self.source
        if source.scenario is None or not source.replies:
            return
        scenario = source.scenario
        record_to = self.coach_app.record_dir

        def chosen(turn: int | None) -> None:
            if turn is not None:
                self.coach_app.open_practice(scenario, start=source.redo(turn, record_to))

        self.app.push_screen(TurnPicker(list(source.replies)), chosen)

    @on(Button.Pressed, "#home")
    def _home(self) -> None:
        self.coach_app.go_home()

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[Command]:
        return [
            ("Scorecard: try again", self.action_retry, "Play the scenario from the start (r)"),
            (
                "Scorecard: redo from a reply…",
                self.action_redo_from,
                "Keep the conversation up to a reply and try again from there (t)",
            ),
        ]
