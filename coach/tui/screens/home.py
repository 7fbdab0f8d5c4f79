"""Home: the scenarios (title, difficulty, summary, your last and best score), and the
way to past sessions, the checker, the rules reference and help."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, OptionList, Static

from coach.tui.commands import Command
from coach.tui.messages import ScenarioChosen
from coach.tui.render import MUTED, scenario_details, scores_lines
from coach.tui.widgets.home.scenario_list import ScenarioList

if TYPE_CHECKING:
    from coach.prepare import Readiness
    from coach.tui.app import CoachApp
    from coach.tui.engine import Catalogue, Scores


@dataclass(frozen=True)
class ReadinessState:
    answered: int
    """Answers of a check in progress."""
    questions: int
    result: Readiness | None
    """The last finished check, if any."""


def readiness_line(state: ReadinessState | None) -> Content:
    """The line under the scenario about the readiness check: an invitation, the
    check in progress, or the weakest ingredient of the last one."""
    key = "bold $text-accent"
    if state is not None and state.answered:
        return Content.assemble(
            ("Readiness check: ", "bold"),
            (f"{state.answered} of {state.questions} answered · ", MUTED),
            ("g", key),
            (" carries on.", MUTED),
        )
    if state is not None and state.result is not None:
        weakest = state.result.weakest
        parts: list[tuple[str, str] | str] = [("Readiness: ", "bold")]
        if weakest is None:
            parts.append(("nothing weak", "$text-success"))
        else:
            parts += [("weakest ", MUTED), (f"{weakest.title} ({weakest.score}/100)", "bold")]
        parts += [(" · ", MUTED), ("g", key), (" to see it, ", MUTED), ("w", key)]
        parts.append((" your proposal.", MUTED))
        return Content.assemble(*parts)
    return Content.assemble(
        ("Before you ask: ", "bold"),
        ("g", key),
        (" the readiness check, then ", MUTED),
        ("w", key),
        (" your written proposal.", MUTED),
    )


class HomeScreen(Screen[None]):
    """Pick a conversation to practise."""

    HELP = (
        "Pick a scenario and press Enter to practise it: the coach plays the manager, "
        "you reply, and every reply gets feedback. Your sessions are recorded: past "
        "sessions shows them with your progress, and an unfinished one can be resumed. "
        "The checker gives the same feedback on a draft email or proposal; the rules "
        "reference explains every piece of advice. New to this? Start with the "
        "readiness check (g) to see where you stand, then write your proposal (w): the "
        "manager in a practice session raises the concerns you listed in it."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "p",
            "app.history",
            "Sessions",
            id="home.history",
            tooltip="Your recorded sessions, progress per scenario and per piece of advice",
        ),
        Binding(
            "c",
            "app.checker",
            "Check",
            id="home.checker",
            tooltip="Paste an email or proposal and get feedback, as 'coach check' does",
        ),
        Binding(
            "r",
            "app.rules",
            "Rules",
            id="home.rules",
            tooltip="Browse the coaching rules and behaviours, with why and examples",
        ),
        Binding(
            "g",
            "app.readiness",
            "Ready?",
            id="home.readiness",
            tooltip="The readiness check: where you stand before asking, and what to do first",
        ),
        Binding(
            "w",
            "app.proposal",
            "Proposal",
            id="home.proposal",
            tooltip="Write the one-page proposal from your facts, with feedback on it",
        ),
        Binding(
            "question_mark",
            "app.help",
            "Help",
            show=False,
            id="home.help",
            tooltip="Every key of this screen (as f1)",
        ),
    ]

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="home"):
            with Vertical(id="scenario-pane"):
                yield Label("Scenarios", classes="section")
                yield ScenarioList(id="scenarios")
                yield Static(Content.styled("Loading scenarios…", MUTED), id="home-loading")
            with VerticalScroll(id="scenario-details"):
                yield Static(id="details")
                yield Button("Practise (Enter)", id="practise", variant="primary", compact=True)
                yield Button("Resume", id="resume", compact=True)
                yield Static(id="home-status", classes="context")
                yield Static(readiness_line(None), id="home-prepare")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "choose a conversation to practise"
        self.query_one("#practise").display = False
        self.query_one("#resume").display = False
        self.watch(self.coach_app, "catalogue", self._catalogue_changed)
        self.watch(self.coach_app, "scores", self._scores_changed)
        self.watch(self.coach_app, "engine", self._engine_changed)
        self.watch(self.coach_app, "engine_error", self._engine_changed)
        self.call_after_refresh(self.coach_app.first_paint)
        self.call_after_refresh(self.load_readiness)

    def on_screen_resume(self) -> None:
        """Back home after a session: its score shows in the list (and a readiness
        check taken meanwhile in the line about it)."""
        if self.coach_app.first_paint_at is not None:
            self.coach_app.load_scores()
            self.load_readiness()

    @work(thread=True, exclusive=True, group="home-readiness", exit_on_error=False)
    def load_readiness(self) -> None:
        """Where the readiness check stands, read without changing anything (a bad
        file is the check's business, not the home screen's)."""
        from coach.prepare import ReadinessCheck

        try:
            check = ReadinessCheck.open(self.coach_app.data_dir, save=False)
            state = ReadinessState(
                answered=len(check.answers),
                questions=len(check.questionnaire.questions),
                result=check.last_result(),
            )
        except Exception:  # the line keeps its invitation; the check itself will say why
            return
        self.app.call_from_thread(self._show_readiness, state)

    def _show_readiness(self, state: ReadinessState) -> None:
        self.query_one("#home-prepare", Static).update(readiness_line(state))

    def _catalogue_changed(self, catalogue: Catalogue | None) -> None:
        if catalogue is None:
            return
        self.query_one("#home-loading").display = not catalogue.scenarios
        if not catalogue.scenarios:
            self.query_one("#home-loading", Static).update("No scenarios were found.")
        scenarios = self.query_one(ScenarioList)
        scenarios.show(catalogue, self.coach_app.scores)
        scenarios.focus()

    def _scores_changed(self, scores: Scores | None) -> None:
        catalogue = self.coach_app.catalogue
        if catalogue is not None:
            self.query_one(ScenarioList).show(catalogue, scores)
        resume = self.query_one("#resume", Button)
        open_one = scores.resumable if scores is not None else None
        resume.display = open_one is not None
        if open_one is not None:
            _sid, title, replies, _path = open_one
            resume.label = (
                f"Resume the last session ({replies} repl{'y' if replies == 1 else 'ies'})"
            )
            resume.tooltip = f"{title}: it stopped before an ending; go on where you left it"

    def _engine_changed(self, _value: object) -> None:
        app = self.coach_app
        status = self.query_one("#home-status", Static)
        if app.engine is not None:
            status.update("")
        elif app.engine_error:
            status.update(Content.styled(app.engine_error, "$error"))
        else:
            status.update(Content.styled("Loading the language model in the background…", MUTED))

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _show_details(self, event: OptionList.OptionHighlighted) -> None:
        catalogue = self.coach_app.catalogue
        scenario = catalogue.get(event.option.id or "") if catalogue else None
        if scenario is not None:
            extra = scores_lines(scenario.id, self.coach_app.scores)
            self.query_one("#details", Static).update(scenario_details(scenario, extra))
            self.query_one("#practise").display = True

    @on(ScenarioChosen)
    def _start(self, message: ScenarioChosen) -> None:
        catalogue = self.coach_app.catalogue
        scenario = catalogue.get(message.scenario_id) if catalogue else None
        if scenario is not None:
            self.coach_app.open_practice(scenario)

    @on(Button.Pressed, "#practise")
    def _practise(self) -> None:
        scenarios = self.query_one(ScenarioList)
        if scenarios.highlighted is not None:
            option = scenarios.get_option_at_index(scenarios.highlighted)
            if option.id:
                self.post_message(ScenarioChosen(option.id))

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        scores = self.coach_app.scores
        if scores is not None and scores.resumable is not None:
            self.coach_app.resume(scores.resumable[3])

    def palette_commands(self) -> list[Command]:
        scores = self.coach_app.scores
        if scores is None or scores.resumable is None:
            return []
        return [
            (
                f"Resume: {scores.resumable[1]}",
                self.action_resume,
                "Continue the last session that ended without an ending",
            )
        ]
