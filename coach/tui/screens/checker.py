"""The checker: paste or write a draft email or proposal, choose the situation, and
see what ``coach check`` shows: the text highlighted, the ranked findings, the
suggested rewrite and what the text does. It checks again each time you pause."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Checkbox, Footer, Header, Input, Select, TextArea

from coach.tui.commands import Command
from coach.tui.messages import DraftChecked, DraftFailed, FlagRequested, RewriteRequested
from coach.tui.widgets.feedback.panel import FeedbackPanel
from coach.vocabulary import SITUATIONS

if TYPE_CHECKING:
    from coach.tui.app import CoachApp
    from coach.tui.engine import Checked, Draft

CHECK_DELAY = 0.6
"""Seconds of no typing before the draft is checked again."""


class CheckerScreen(Screen[None]):
    """Feedback on a draft, as ``coach check`` gives it."""

    HELP = (
        "Paste or write a draft on the left: an email, a proposal, or what you plan to "
        "say. Choose the situation it is for (an opening pitch, an answer to pushback…) "
        "and, if you are answering something, what the manager said: its topic is "
        "recognised. Email mode sets quotes, the signature and the greeting aside. The "
        "feedback appears on the right when you pause typing, or at once with ctrl+s."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "check",
            "Check",
            id="checker.check",
            priority=True,
            tooltip="Check the draft now (it is also checked when you pause)",
        ),
        Binding(
            "ctrl+r",
            "use_rewrite",
            "Rewrite",
            id="checker.use_rewrite",
            tooltip="Replace the draft with the suggested rewrite",
        ),
        Binding(
            "ctrl+f",
            "flag",
            "Flag",
            id="checker.flag",
            tooltip="This feedback is wrong: flag the highlighted finding, with a comment",
        ),
        Binding("escape", "app.pop_screen", "Back", id="checker.back", tooltip="Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.checked: Checked | None = None
        self._timer: Timer | None = None

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="checker"):
            with Vertical(id="draft-pane"):
                with Horizontal(id="checker-options"):
                    yield Select(
                        [(s.replace("-", " "), s) for s in SITUATIONS],
                        prompt="Situation: any",
                        id="situation",
                        compact=True,
                        tooltip="The moment the text is for: an opening pitch, an answer to "
                        "pushback, a trial review…",
                    )
                    yield Checkbox(
                        "Email",
                        id="email",
                        compact=True,
                        tooltip="Set quotes, the signature and the greeting aside",
                    )
                yield Input(
                    placeholder="The manager said… (optional: the line you answer)",
                    id="manager-said",
                    compact=True,
                )
                draft = TextArea(
                    soft_wrap=True,
                    tab_behavior="focus",
                    placeholder="Paste or write your draft here.",
                    id="draft",
                )
                draft.border_title = "Draft"
                draft.border_subtitle = "ctrl+s check"
                yield draft
            yield FeedbackPanel("Feedback appears here when you pause typing.", id="check-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "check a draft"
        self.query_one("#draft", TextArea).focus()
        self.watch(self.coach_app, "engine", self._engine_changed)

    def _engine_changed(self, _value: object) -> None:
        panel = self.query_one(FeedbackPanel)
        if self.coach_app.engine is None:
            panel.clear_feedback(
                self.coach_app.engine_error or "Getting ready… (loading the language model)"
            )
        elif self.checked is None:
            panel.clear_feedback()
            self._schedule(0)

    # -- checking

    def _draft(self) -> Draft | None:
        from coach.tui.engine import Draft

        text = self.query_one("#draft", TextArea).text
        if not text.strip():
            return None
        situation = self.query_one("#situation", Select).value
        return Draft(
            text=text,
            situation=situation if isinstance(situation, str) else None,
            manager_said=self.query_one("#manager-said", Input).value.strip() or None,
            email=self.query_one("#email", Checkbox).value,
        )

    @on(TextArea.Changed, "#draft")
    @on(Input.Changed, "#manager-said")
    def _edited(self) -> None:
        self._schedule(CHECK_DELAY)

    @on(Select.Changed, "#situation")
    @on(Checkbox.Changed, "#email")
    def _option_changed(self) -> None:
        self._schedule(0)

    def _schedule(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        draft = self._draft()
        if draft is None or self.coach_app.engine is None:
            return
        if delay <= 0:
            self._check(draft)
        else:
            self._timer = self.set_timer(delay, partial(self._check, draft))

    def action_check(self) -> None:
        draft = self._draft()
        if self.coach_app.engine is None:
            self.notify("Still getting ready: the language model is loading.", timeout=3)
        elif draft is None:
            self.notify("Paste or write a draft first.", timeout=3)
        else:
            self._schedule(0)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _check(self, draft: Draft) -> None:
        from coach.errors import CoachError

        engine = self.coach_app.engine
        if engine is None:
            return
        limit = engine.settings.max_chars
        if len(draft.text) > limit:
            size = len(draft.text)
            self.post_message(
                DraftFailed(f"The draft has {size:,} characters; the limit is {limit:,}.")
            )
            return
        try:
            self.post_message(DraftChecked(engine.check(draft)))
        except CoachError as exc:
            self.post_message(DraftFailed(exc.render()))

    @on(DraftChecked)
    def _checked(self, message: DraftChecked) -> None:
        engine = self.coach_app.engine
        current = self._draft()
        if engine is None or current != message.checked.draft:
            return  # stale: the draft changed since
        checked = message.checked
        self.checked = checked
        with self.app.batch_update():
            self._show(checked)

    def _show(self, checked: Checked) -> None:
        engine = self.coach_app.engine
        assert engine is not None
        self.query_one(FeedbackPanel).show(
            title="Feedback on the draft",
            detection=checked.detection,
            findings=checked.findings,
            suggestion=checked.feedback.suggestion,
            behaviours=engine.behaviours,
            context=checked.context,
            ignored=checked.ignored,
        )

    @on(DraftFailed)
    def _failed(self, message: DraftFailed) -> None:
        self.query_one(FeedbackPanel).clear_feedback(message.error)

    # -- feedback actions

    def action_use_rewrite(self) -> None:
        self.query_one(FeedbackPanel).use_suggestion("draft")

    def action_copy_rewrite(self) -> None:
        self.query_one(FeedbackPanel).copy_suggestion()

    @on(RewriteRequested)
    def _rewrite(self, message: RewriteRequested) -> None:
        draft = self.query_one("#draft", TextArea)
        draft.clear()
        draft.insert(message.text)
        draft.focus()

    def action_flag(self) -> None:
        self.query_one(FeedbackPanel).flag_current()

    @on(FlagRequested)
    def _flag(self, message: FlagRequested) -> None:
        checked = self.checked
        if checked is None:
            return
        self.coach_app.ask_and_flag(
            message,
            checked.detection.text,
            "check",
            situation=checked.situation,
            topic=checked.topic,
            manager_said=checked.draft.manager_said,
        )

    def palette_commands(self) -> list[Command]:
        return [
            ("Checker: check the draft now", self.action_check, "Same as ctrl+s"),
            (
                "Checker: use the suggested rewrite",
                self.action_use_rewrite,
                "Replace the draft with the rewrite (ctrl+r)",
            ),
            (
                "Checker: copy the suggested rewrite",
                self.action_copy_rewrite,
                "To the clipboard, to paste into your email",
            ),
            (
                "Checker: flag the highlighted finding as wrong",
                self.action_flag,
                "Saved with the draft, so it can become a test case (ctrl+f)",
            ),
        ]
