"""The readiness check in the app: the questions of ``coach prepare`` one at a time,
then the chart, the weakest ingredient and what to do first.

The same :class:`~coach.prepare.ReadinessCheck` as the command does the work, so
every answer is saved the moment it is given and the check carries on where it
stopped, here or in the terminal. Coming back after a finished check shows that
result first; a retake starts with last time's answers highlighted, so Enter keeps
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.tui.commands import Command
from coach.tui.render import MUTED, readiness_chart, readiness_report

if TYPE_CHECKING:
    from coach.prepare import Question, Readiness, ReadinessCheck
    from coach.tui.app import CoachApp

MAX_NUMBERED = 9
"""Options beyond the ninth are chosen with the arrows and Enter."""


@dataclass
class CheckOpened(Message):
    check: ReadinessCheck


@dataclass
class CheckFailed(Message):
    error: str


def _choose_binding(number: int) -> Binding:
    """Digits choose an answer (one row, ``1-9``, in the key tables)."""
    return Binding(
        str(number),
        f"choose({number})",
        "Choose",
        show=False,
        key_display="1-9",
        id="readiness.choose" if number == 1 else f"readiness.choose_{number}",
        tooltip="Choose the answer with that number (it is saved at once)",
    )


def _when(stamp: str) -> str:
    """``2025-03-01T09:30:00Z`` as people read it."""
    return stamp.replace("T", " ").removesuffix("Z")[:16] + " UTC"


class ReadinessScreen(Screen[None]):
    """Are you ready to ask? A short questionnaire, then where you stand."""

    HELP = (
        "A short questionnaire over the four things a manager weighs before saying yes "
        "(can the job be done remotely, a champion, your brand capital, what the "
        "employer gains) and your timing. Choose an answer with its number, or the "
        "arrows and Enter; the highlighted answer is the one you gave before, so Enter "
        "keeps it. Every answer is saved at once: leave whenever you like and the check "
        "carries on where you stopped, here or with 'coach prepare'. The result shows a "
        "score per ingredient, the weakest one and what to do about it first, and the "
        "change since your last check."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        *(_choose_binding(n) for n in range(1, MAX_NUMBERED + 1)),
        Binding(
            "b,backspace",
            "previous",
            "Previous",
            id="readiness.previous",
            tooltip="Back one question, to change that answer",
        ),
        Binding(
            "r",
            "retake",
            "Retake",
            id="readiness.retake",
            tooltip="Take the check again; Enter keeps each answer from last time",
        ),
        Binding(
            "w",
            "app.proposal",
            "Proposal",
            id="readiness.proposal",
            tooltip="Draft the one-page written proposal, with feedback",
        ),
        Binding(
            "escape",
            "leave",
            "Back",
            id="readiness.back",
            tooltip="Back; your answers are kept and the check carries on next time",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.check: ReadinessCheck | None = None
        self.position = 0
        """The index of the question shown, in the questionnaire's order."""
        self.result: Readiness | None = None
        self.unsaved = False
        """Whether the last answer could not be saved."""

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with ContentSwitcher(initial="quiz", id="readiness"):
            with VerticalScroll(id="quiz"):
                yield Static(id="quiz-intro", classes="context")
                yield Static(id="quiz-advice")
                yield Static(id="quiz-progress")
                yield Static(id="quiz-question")
                yield OptionList(id="quiz-options")
                yield Label("So far", id="quiz-chart-title", classes="section")
                yield Static(id="quiz-chart")
            with VerticalScroll(id="result"):
                yield Static(id="result-title")
                yield Static(id="result-chart")
                yield Static(id="result-report")
                with Horizontal(id="result-buttons"):
                    yield Button(
                        "Write the proposal (w)", id="to-proposal", variant="primary", compact=True
                    )
                    yield Button("Retake (r)", id="retake", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "are you ready to ask?"
        self.query_one("#quiz-progress", Static).update(Content.styled("Loading…", MUTED))
        for part in ("#quiz-options", "#quiz-chart-title", "#quiz-chart", "#quiz-advice"):
            self.query_one(part).display = False
        self._open()

    # -- opening

    @work(thread=True, exclusive=True, group="readiness", exit_on_error=False)
    def _open(self) -> None:
        from coach.errors import CoachError
        from coach.prepare import ReadinessCheck

        try:
            self.post_message(CheckOpened(ReadinessCheck.open(self.coach_app.data_dir)))
        except CoachError as exc:
            self.post_message(CheckFailed(exc.render().splitlines()[0]))
        except Exception as exc:  # the app stays usable; say what broke
            self.post_message(CheckFailed(f"coach: error: {type(exc).__name__}: {exc}"))

    @on(CheckFailed)
    def _failed(self, message: CheckFailed) -> None:
        self.query_one("#quiz-progress", Static).update(Content.styled(message.error, "$error"))
        self.notify(message.error, title="Cannot open the readiness check", severity="error")

    @on(CheckOpened)
    def _opened(self, message: CheckOpened) -> None:
        check = self.check = message.check
        for warning in check.warnings:
            self.notify(warning.render(), severity="warning", timeout=8)
        questions = check.questionnaire.questions
        pending = check.pending()
        if check.answers and pending:
            answered = len(questions) - len(pending)
            self.notify(
                f"Carrying on where you stopped ({answered} of {len(questions)} answered).",
                timeout=4,
            )
            self._ask(questions.index(pending[0]))
        elif check.answers:
            self._finish()
        elif (last := check.last_result()) is not None and check.last is not None:
            self._show_result(last, f"Your last check, {_when(check.last.finished)}")
        else:
            self._ask(0)

    # -- the questions

    def _ask(self, position: int) -> None:
        check = self.check
        if check is None:
            return
        questions = check.questionnaire.questions
        self.position = position
        self.result = None
        question = questions[position]
        ingredient = check.questionnaire.ingredient(question.ingredient)
        first = not check.answers
        intro = self.query_one("#quiz-intro", Static)
        intro.display = first and position == 0
        intro.update(" ".join(check.questionnaire.intro.split()))
        self.query_one("#quiz-progress", Static).update(
            Content.assemble(
                (f"Question {position + 1} of {len(questions)}", "bold $text-accent"),
                (f" · {ingredient.title if ingredient else question.ingredient}", MUTED),
            )
        )
        self.query_one("#quiz-question", Static).update(
            Content.styled(" ".join(question.text.split()), "bold")
        )
        self._fill_options(question)
        self.query_one("#quiz-options").display = True
        self._show_so_far()
        self.query_one(ContentSwitcher).current = "quiz"
        self.refresh_bindings()
        self.query_one("#quiz-options", OptionList).focus()

    def _fill_options(self, question: Question) -> None:
        assert self.check is not None
        chosen = self.check.default_for(question.id)
        given = question.id in self.check.answers
        options = self.query_one("#quiz-options", OptionList)
        options.clear_options()
        for number, option in enumerate(question.options, 1):
            label = f"{number}" if number <= MAX_NUMBERED else " "
            parts: list[tuple[str, str] | str] = [(f"{label}  ", "bold"), option.text]
            if option.id == chosen:
                parts.append(("  ← your answer" if given else "  ← last time", MUTED))
            options.add_option(Option(Content.assemble(*parts), id=option.id))
        ids = [o.id for o in question.options]
        options.highlighted = ids.index(chosen) if chosen in ids else 0

    def _show_so_far(self) -> None:
        """The scores of the answers given so far; not compared with the last check,
        whose scores rest on every answer."""
        from coach.prepare import score

        assert self.check is not None
        current = score(self.check.questionnaire, self.check.answers)
        answered = any(s.score is not None for s in current.scores)
        self.query_one("#quiz-chart-title").display = answered
        chart = self.query_one("#quiz-chart", Static)
        chart.display = answered
        chart.update(readiness_chart(current.scores))

    @on(OptionList.OptionSelected, "#quiz-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._answer(event.option.id)

    def action_choose(self, number: int) -> None:
        check = self.check
        if check is None or self.result is not None:
            return
        question = check.questionnaire.questions[self.position]
        if number <= len(question.options):
            self._answer(question.options[number - 1].id)

    def _answer(self, option_id: str) -> None:
        from coach.errors import CoachError

        check = self.check
        if check is None:
            return
        questions = check.questionnaire.questions
        question = questions[self.position]
        try:
            check.answer(question.id, option_id)
            self.unsaved = False
        except CoachError as exc:
            self.unsaved = True
            self.notify(exc.render().splitlines()[0], severity="error", timeout=8)
        option = question.option(option_id)
        if option is not None:
            advice = self.query_one("#quiz-advice", Static)
            advice.display = True
            advice.update(
                Content.assemble(
                    ("✓ " if not self.unsaved else "! ", "bold $success"),
                    (f"Question {self.position + 1}: ", MUTED),
                    (option.text, "bold"),
                    "\n",
                    (" ".join(option.advice.split()), MUTED),
                )
            )
        if self.position + 1 < len(questions):
            self._ask(self.position + 1)
        elif pending := check.pending():
            self._ask(questions.index(pending[0]))
        else:
            self._finish()

    def action_previous(self) -> None:
        if self.check is None or self.result is not None:
            return
        if self.position == 0:
            self.notify("This is the first question.", timeout=2)
            return
        self.query_one("#quiz-advice").display = False
        self._ask(self.position - 1)

    # -- the result

    def _finish(self) -> None:
        from coach.errors import CoachError

        assert self.check is not None
        try:
            result = self.check.finish()
        except CoachError as exc:
            error = exc.render().splitlines()[0]
            self.notify(error, title="The check was not saved", severity="error", timeout=8)
            self._show_result(self.check.current(), f"Not saved: {error}")
            return
        compared = result.compared_with
        line = f"Compared with your last check ({_when(compared)})" if compared else "Just now"
        self._show_result(result, line)

    def _show_result(self, result: Readiness, when: str) -> None:
        assert self.check is not None
        self.result = result
        self.query_one("#result-title", Static).update(
            Content.assemble(
                (self.check.questionnaire.title, "bold $text-accent"),
                "\n",
                (when, MUTED),
            )
        )
        self.query_one("#result-chart", Static).update(readiness_chart(result.scores))
        self.query_one("#result-report", Static).update(readiness_report(result))
        self.query_one(ContentSwitcher).current = "result"
        self.query_one("#quiz-advice").display = False
        self.refresh_bindings()
        self.query_one("#to-proposal", Button).focus(scroll_visible=False)
        self.query_one("#result", VerticalScroll).scroll_home(animate=False)

    def action_retake(self) -> None:
        if self.check is not None and self.result is not None:
            self._ask(0)

    @on(Button.Pressed, "#retake")
    def _retake_pressed(self) -> None:
        self.action_retake()

    @on(Button.Pressed, "#to-proposal")
    def _proposal_pressed(self) -> None:
        self.coach_app.action_proposal()

    def action_restart(self) -> None:
        """Drop the answers of the check in progress and start from the first question."""
        from coach.errors import CoachError

        if self.check is None:
            return
        try:
            self.check.restart()
        except CoachError as exc:
            self.notify(exc.render().splitlines()[0], severity="error", timeout=8)
        self.query_one("#quiz-advice").display = False
        self._ask(0)

    def action_leave(self) -> None:
        check = self.check
        if check is not None and check.answers and check.pending() and not self.unsaved:
            self.notify(
                "Your answers are saved: the check carries on where you stopped.", timeout=4
            )
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Question keys while a question shows; result keys while the result does."""
        if action == "previous":
            return self.check is not None and self.result is None and self.position > 0
        if action == "choose":
            return self.check is not None and self.result is None
        if action == "retake":
            return self.result is not None
        return True

    def palette_commands(self) -> list[Command]:
        commands: list[Command] = []
        if self.result is None and self.check is not None and self.check.answers:
            commands.append(
                (
                    "Readiness: start again",
                    self.action_restart,
                    "Drop the answers of this check and start from the first question",
                )
            )
        if self.result is not None:
            commands.append(
                ("Readiness: retake the check", self.action_retake, "Enter keeps each answer")
            )
        return commands
