"""The feedback on one reply (or draft): the text with each behaviour's evidence
highlighted, the ranked findings, the suggested rewrite and what the text does.

Used by the conversation screen and the checker. The panel knows nothing of the
conversation: it shows what it is given and posts :class:`FlagRequested` and
:class:`RewriteRequested` for its screen to act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.tui.messages import FlagRequested, RewriteRequested
from coach.tui.render import (
    MUTED,
    behaviour_colours,
    behaviour_line,
    finding_prompt,
    highlighted_reply,
    level_counts,
)

if TYPE_CHECKING:
    from coach.coaching import Finding
    from coach.content.behaviours import BehaviourSet
    from coach.nlp.detection import Detection


class FindingList(OptionList):
    """The findings, most important first; the highlighted one also says why."""

    SCOPE: ClassVar[str] = "on a finding"
    """Where this widget's keys work (for the help screen)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f",
            "flag",
            "Flag as wrong",
            id="feedback.flag_finding",
            tooltip="This feedback is wrong: flag the highlighted finding, with a comment",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.findings: tuple[Finding, ...] = ()

    def show(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        self.clear_options()
        options: list[Option | None] = []
        for i, finding in enumerate(self.findings):
            if i:
                options.append(None)  # a divider line between findings
            options.append(Option(finding_prompt(finding), id=f"{i}:{finding.rule_id}"))
        self.add_options(options)
        self.highlighted = 0 if self.findings else None
        if self.has_focus:
            self._explain()

    def current(self) -> Finding | None:
        if not self.findings:
            return None
        index = self.highlighted if self.highlighted is not None else 0
        return self.findings[min(index, len(self.findings) - 1)]

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        if self.has_focus:
            self._explain()

    def on_focus(self) -> None:
        self._explain()

    def on_blur(self) -> None:
        self._explain()

    def _explain(self) -> None:
        """While the list has focus, the highlighted finding also says why it
        matters; otherwise every finding is its title and message, to stay short."""
        explained = self.highlighted if self.has_focus else None
        for i, finding in enumerate(self.findings):
            prompt = finding_prompt(finding, why=i == explained)
            self.replace_option_prompt_at_index(i, prompt)

    def action_flag(self) -> None:
        finding = self.current()
        if finding is not None:
            self.post_message(
                FlagRequested(
                    kind="rule",
                    target=finding.rule_id,
                    expected="silent",
                    title=finding.title,
                    level=finding.level,
                    message=finding.message,
                )
            )


class BehaviourList(OptionList):
    """What the text does: the behaviours found (in their highlight colours, as a
    legend for the text above) and, dimmed, those not found."""

    SCOPE: ClassVar[str] = "in 'What it does'"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f",
            "flag",
            "Flag as wrong",
            id="feedback.flag_behaviour",
            tooltip="Detection is wrong: flag this behaviour as not there (or as missed)",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, str, bool]] = []

    def show(self, detection: Detection, behaviours: BehaviourSet) -> None:
        colours = behaviour_colours(behaviours)
        present: list[tuple[str, str, Content]] = []
        absent: list[tuple[str, str, Content]] = []
        for behaviour in behaviours.behaviours:
            result = detection.behaviours.get(behaviour.id)
            shown = bool(result and result.present)
            quotes = [e.text for e in result.evidence] if result and shown else []
            line = behaviour_line(behaviour, shown, colours[behaviour.id], quotes)
            (present if shown else absent).append((behaviour.id, behaviour.spec.title, line))
        self.rows = [(bid, title, True) for bid, title, _ in present]
        self.rows += [(bid, title, False) for bid, title, _ in absent]
        self.clear_options()
        self.add_options(Option(line, id=bid) for bid, _, line in [*present, *absent])
        self.highlighted = 0 if self.rows else None

    def current(self) -> tuple[str, str, bool] | None:
        if self.highlighted is None or not self.rows:
            return None
        return self.rows[self.highlighted]

    def action_flag(self) -> None:
        row = self.current()
        if row is not None:
            behaviour, title, present = row
            self.post_message(
                FlagRequested(
                    kind="behaviour",
                    target=behaviour,
                    expected="absent" if present else "present",
                    title=title,
                )
            )


class FeedbackPanel(VerticalScroll, can_focus=False):
    """Everything about one reply. Empty until the first reply is sent."""

    def __init__(self, empty: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.empty_text = empty
        self.suggestion: str | None = None
        self.border_title = "Feedback"

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(self.empty_text, MUTED), id="feedback-empty")
        yield Static(id="feedback-context", classes="context")
        yield Static(id="feedback-reply")
        yield Label(id="feedback-heading", classes="section")
        yield FindingList(id="findings")
        yield Label("Suggested rewrite", classes="section rewrite-part")
        yield Static(id="feedback-rewrite", classes="rewrite-part")
        yield Button(
            "Use it (ctrl+r)",
            id="use-rewrite",
            classes="rewrite-part",
            compact=True,
            tooltip="Put the rewrite in the input to edit and send",
        )
        yield Label("What it does", classes="section")
        yield BehaviourList(id="behaviours")

    def on_mount(self) -> None:
        self.add_class("-empty")

    def clear_feedback(self, message: str | None = None) -> None:
        self.suggestion = None
        self.query_one("#feedback-empty", Static).update(
            Content.styled(message or self.empty_text, MUTED)
        )
        self.add_class("-empty")
        self.border_subtitle = ""

    def show(
        self,
        *,
        title: str,
        detection: Detection,
        findings: Sequence[Finding],
        suggestion: str | None,
        behaviours: BehaviourSet,
        context: Iterable[str] = (),
        ignored: Iterable[tuple[int, int]] = (),
    ) -> None:
        self.remove_class("-empty")
        self.border_title = title
        self.border_subtitle = level_counts(findings).plain
        lines = list(context)
        context_widget = self.query_one("#feedback-context", Static)
        context_widget.update(Content.styled("\n".join(lines), MUTED))
        if context_widget.display != bool(lines):
            context_widget.display = bool(lines)
        self.query_one("#feedback-reply", Static).update(
            highlighted_reply(detection, behaviours, ignored)
        )
        count = len(findings)
        heading = Content.assemble(
            ("Feedback", "bold"),
            (f" · {count} point{'s' if count != 1 else ''}", MUTED)
            if count
            else (" · nothing to change here", MUTED),
        )
        self.query_one("#feedback-heading", Label).update(heading)
        self.query_one(FindingList).show(findings)
        self.suggestion = suggestion
        self.set_class(not suggestion, "-no-rewrite")
        self.query_one("#feedback-rewrite", Static).update(
            Content.styled(suggestion or "", "$text-success")
        )
        self.query_one(BehaviourList).show(detection, behaviours)
        if self.scroll_y:
            self.scroll_home(animate=False)

    def current_finding(self) -> Finding | None:
        return self.query_one(FindingList).current()

    def flag_current(self) -> None:
        """Flag what the user is on: the highlighted behaviour when the behaviour list
        has focus, else the highlighted (or first) finding."""
        if self.has_class("-empty"):
            return
        behaviours = self.query_one(BehaviourList)
        if behaviours.has_focus:
            behaviours.action_flag()
        else:
            self.query_one(FindingList).action_flag()

    def use_suggestion(self, what: str) -> None:
        """Ask the screen to put the rewrite in its input; ``what`` names the text the
        feedback is on ("reply", "draft") for the note when there is none."""
        if self.suggestion:
            self.post_message(RewriteRequested(self.suggestion))
        else:
            self.notify(f"There is no rewrite to use for this {what}.", timeout=3)

    def copy_suggestion(self) -> None:
        if self.suggestion:
            self.app.copy_to_clipboard(self.suggestion)
            self.notify("The rewrite is on the clipboard.", timeout=3)

    @on(Button.Pressed, "#use-rewrite")
    def _use_rewrite(self, event: Button.Pressed) -> None:
        event.stop()
        if self.suggestion:
            self.post_message(RewriteRequested(self.suggestion))
