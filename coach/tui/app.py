"""The app: screens, app-wide keys, and the slow loading done in the background.

The first screen paints at once. Right after it, two thread workers start: one reads
the scenario files (the home list), the other loads spaCy, the model and the rules
(about a second). Until the second is done, the reply input says it is getting ready;
nothing on the UI thread ever waits for it. Tests (and the latency benchmark) pass a
loaded ``analyzer`` and ``coach`` instead, so the pipeline is built once per session.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen

from coach.tui.commands import CoachCommands
from coach.tui.engine import Catalogue, Engine, Scores, load_catalogue
from coach.tui.messages import (
    CatalogueLoaded,
    EngineFailed,
    EngineReady,
    FlagRequested,
    ScoresLoaded,
)

if TYPE_CHECKING:
    from coach.analysis import Analyzer
    from coach.coaching import Coach
    from coach.config import Settings
    from coach.dialogue.model import Scenario
    from coach.flags import Flag
    from coach.session import Session
    from coach.tui.screens.conversation import SessionFactory

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"
GC_THRESHOLDS = (10_000, 20, 100)


def settle_memory() -> None:
    """Once the pipeline is loaded: collect, then move every object alive now (the
    model, the rules) out of the collector's sight, and collect young objects less
    often. Without this, a full collection walks the whole model every few replies
    and stalls the screen for a quarter of a second."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


class CoachApp(App[None]):
    """Rehearse asking for remote or flexible work, with feedback on every reply."""

    CSS_PATH = "app.tcss"
    TITLE = "coach"
    SUB_TITLE = "rehearse asking for remote or flexible work"
    COMMANDS = App.COMMANDS | {CoachCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f1",
            "help",
            "Help",
            id="app.help",
            tooltip="Every key of this screen, and how the screen works",
        ),
        Binding(
            "ctrl+t",
            "toggle_theme",
            "Theme",
            show=False,
            id="app.toggle_theme",
            tooltip="Switch between the dark and the light theme",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            tooltip="Quit coach and return to the command prompt",
        ),
    ]

    engine: var[Engine | None] = var(None)
    """The loaded pipeline and coach (``None`` while loading)."""
    catalogue: var[Catalogue | None] = var(None)
    """The scenarios (``None`` while loading)."""
    engine_error: var[str | None] = var(None)
    scores: var[Scores | None] = var(None)
    """Last and best scores per scenario from the recorded sessions (``None`` until read)."""

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        analyzer: Analyzer | None = None,
        coach: Coach | None = None,
        content: Sequence[Path] = (),
        data_dir: Path | None = None,
        scenario: str | Path | None = None,
        seed: int | None = None,
        hints: bool = True,
        theme: str | None = None,
        tune_memory: bool = True,
        record: bool = True,
        replay: Path | None = None,
        resume: Path | None = None,
        praise: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.content_dirs = tuple(content)
        self.data_dir_override = data_dir
        self.start_scenario = scenario
        self.seed = seed
        self.hints = hints
        self.tune_memory = tune_memory
        self.record = record
        self.start_replay = replay
        self.start_resume = resume
        self.praise = praise
        self.first_paint_at: float | None = None
        self._given: Engine | None = None
        if analyzer is not None and coach is not None:
            self._given = Engine(analyzer, coach, settings)
        if theme:
            self.theme = theme

    # ------------------------------------------------------------------
    # Start-up

    def get_default_screen(self) -> Screen[None]:
        from coach.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        if self._given is not None:
            if self.tune_memory:
                settle_memory()
            self._given.praise = self.praise
            self.engine = self._given
        if self.start_scenario is not None:
            self.open_practice(self.start_scenario, seed=self.seed)
        elif self.start_replay is not None:
            self.open_replay(self.start_replay)
        elif self.start_resume is not None:
            self.resume(self.start_resume)

    def first_paint(self) -> None:
        """The first screen is on the terminal: now start the slow loading."""
        if self.first_paint_at is None:
            self.first_paint_at = time.perf_counter()
            self.load_catalogue()
            self.load_scores()
            if self.engine is None:
                self.load_engine()

    @work(thread=True, exclusive=True, group="catalogue", exit_on_error=False)
    def load_catalogue(self) -> None:
        self.post_message(CatalogueLoaded(load_catalogue(self.content_dirs)))

    @work(thread=True, exclusive=True, group="scores", exit_on_error=False)
    def load_scores(self) -> None:
        """The recorded sessions' scores, for the home list (read again on return)."""
        from coach.errors import CoachError
        from coach.tui.engine import load_scores

        try:
            self.post_message(ScoresLoaded(load_scores(self.data_dir)))
        except CoachError:
            self.post_message(ScoresLoaded(Scores()))

    @on(ScoresLoaded)
    def _scores_loaded(self, message: ScoresLoaded) -> None:
        self.scores = message.scores

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def load_engine(self) -> None:
        from coach.config import load_settings
        from coach.errors import CoachError

        try:
            settings = self.settings or load_settings()
            engine = Engine.load(settings)
            if self.tune_memory:
                settle_memory()
            self.post_message(EngineReady(engine))
        except CoachError as exc:
            self.post_message(EngineFailed(exc.render().splitlines()[0]))
        except Exception as exc:  # the app stays usable for reading; say what broke
            self.post_message(EngineFailed(f"coach: error: {type(exc).__name__}: {exc}"))

    @on(CatalogueLoaded)
    def _catalogue_loaded(self, message: CatalogueLoaded) -> None:
        self.catalogue = message.catalogue
        for problem in message.catalogue.problems:
            self.notify(problem, title="A scenario was left out", severity="warning")

    @on(EngineReady)
    def _engine_ready(self, message: EngineReady) -> None:
        message.engine.praise = self.praise
        self.engine = message.engine
        for warning in message.engine.warnings():
            self.notify(warning, severity="warning")

    @on(EngineFailed)
    def _engine_failed(self, message: EngineFailed) -> None:
        self.engine_error = message.error
        self.notify(message.error, title="Could not load the language model", severity="error")

    # ------------------------------------------------------------------
    # Where things live

    @property
    def data_dir(self) -> Path:
        from coach.paths import data_dir

        return data_dir(self.data_dir_override)

    @property
    def record_dir(self) -> Path | None:
        """Where conversations are recorded (``None``: they are not)."""
        return self.data_dir if self.record else None

    # ------------------------------------------------------------------
    # Navigation

    def go_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def open_practice(
        self,
        scenario: str | Path | Scenario,
        *,
        seed: int | None = None,
        start: SessionFactory | None = None,
    ) -> None:
        """Start a conversation (a scenario id, file or object), or the session that
        ``start`` makes (a retry from an earlier turn, a resumed transcript). It
        replaces any open conversation."""
        from coach.tui.screens.conversation import ConversationScreen

        self.go_home()
        self.push_screen(ConversationScreen(scenario, seed=seed, start=start))

    def open_history(self) -> None:
        from coach.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def open_replay(self, path: Path) -> None:
        from coach.tui.screens.replay import ReplayScreen

        self.push_screen(ReplayScreen(path))

    def resume(self, path: Path) -> None:
        """Continue an unfinished recorded session (the same transcript goes on)."""
        self._resume(path)

    @work(thread=True, exclusive=True, group="resume", exit_on_error=False)
    def _resume(self, path: Path) -> None:
        from coach.errors import CoachError
        from coach.tui.engine import read_recorded

        try:
            recorded = read_recorded(path, self.content_dirs)
        except CoachError as exc:
            self.call_from_thread(self.notify, exc.render(), severity="error", timeout=8)
            return
        scenario = recorded.scenario
        if scenario is None:
            self.call_from_thread(
                self.notify,
                "; ".join(recorded.warnings) or "the scenario of this session is gone",
                title="Cannot resume",
                severity="error",
            )
            return
        transcript = recorded.transcript

        def start(engine: Engine) -> tuple[Session, str | None]:
            return engine.resume(transcript, scenario)

        self.call_from_thread(self.open_practice, scenario, start=start)

    def action_history(self) -> None:
        self.open_history()

    def action_home(self) -> None:
        self.go_home()

    def action_checker(self) -> None:
        from coach.tui.screens.checker import CheckerScreen

        if not isinstance(self.screen, CheckerScreen):
            self.push_screen(CheckerScreen())

    def action_rules(self) -> None:
        from coach.tui.screens.reference import ReferenceScreen

        if not isinstance(self.screen, ReferenceScreen):
            self.push_screen(ReferenceScreen())

    def action_readiness(self) -> None:
        from coach.tui.screens.readiness import ReadinessScreen

        if not isinstance(self.screen, ReadinessScreen):
            self.push_screen(ReadinessScreen())

    def action_proposal(self) -> None:
        from coach.tui.screens.proposal import ProposalScreen

        if not isinstance(self.screen, ProposalScreen):
            self.push_screen(ProposalScreen())

    def action_help(self) -> None:
        from coach.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        """Quit; a screen holding typed work keeps it first (``save_before_quit``)."""
        keep = getattr(self.screen, "save_before_quit", None)
        if callable(keep):
            keep()
        self.exit()

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    # ------------------------------------------------------------------
    # Flags

    def ask_and_flag(
        self,
        message: FlagRequested,
        text: str,
        source: str,
        *,
        situation: str | None = None,
        topic: str | None = None,
        manager_said: str | None = None,
        earlier: tuple[str, ...] = (),
        scenario: str | None = None,
        turn: int | None = None,
        pipeline: Mapping[str, str] | None = None,
    ) -> None:
        """ "This feedback is wrong" about ``text`` (a reply or a draft, with the
        moment it was judged in): ask for an optional comment, then save the flag,
        which names the content file and the pipeline so it can become a test case.
        Nothing is saved when the dialog is cancelled."""
        from dataclasses import replace

        from coach.flags import Flag
        from coach.tui.screens.dialogs import FlagScreen

        engine = self.engine
        if engine is None:
            return
        flag = Flag(
            kind=message.kind,
            target=message.target,
            expected=message.expected,
            text=text,
            situation=situation,
            topic=topic,
            manager_said=manager_said,
            earlier=earlier,
            title=message.title,
            level=message.level,
            message=message.message,
            file=engine.content_file(message.kind, message.target),
            source=source,
            scenario=scenario,
            turn=turn,
            pipeline=dict(pipeline) if pipeline is not None else engine.pipeline,
        )

        def save(comment: str | None) -> None:
            if comment is not None:
                self.save_flag(replace(flag, comment=comment))

        self.push_screen(
            FlagScreen(flag.kind, flag.title, flag.level, flag.verdict, flag.text), save
        )

    @work(thread=True, group="flags", exit_on_error=False)
    def save_flag(self, flag: Flag) -> None:
        from coach.errors import CoachError
        from coach.flags import save_flag

        try:
            saved = save_flag(flag, self.data_dir)
        except CoachError as exc:
            self.call_from_thread(self.notify, exc.render(), severity="error", timeout=8)
            return
        self.call_from_thread(
            self.notify,
            f"Saved as flag {saved.id}. 'coach flags export' turns it into a test example.",
            title="Thanks: flagged",
        )
