"""The proposal builder: the facts of a written proposal in a form on the left, the
draft and its feedback on the right, as ``coach proposal`` gives them.

The draft is reviewed again each time you pause typing: the same detection and
coaching as ``coach check`` in the situation ``opening-pitch``, with a finding for
every fact left empty. The facts are saved after each review (and when you leave)
in ``<data dir>/proposal/facts.json``, because practice sessions read them there:
the manager raises the concerns you said you expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Markdown,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from coach.errors import CoachError
from coach.tui.commands import Command
from coach.tui.messages import FlagRequested
from coach.tui.render import MUTED
from coach.tui.widgets.feedback.panel import FeedbackPanel
from coach.tui.widgets.proposal.form import FactsForm

if TYPE_CHECKING:
    from coach.proposal import (
        Draft,
        FieldGuide,
        ProposalFacts,
        ProposalReview,
        ProposalTemplate,
    )
    from coach.tui.app import CoachApp

REVIEW_DELAY = 0.6
"""Seconds of no typing before the draft is reviewed again."""

PRACTICE_SCENARIO = "remote-trial"
"""The scenario "Practise with these facts" opens: a first pitch, where the manager
raises the concerns one expects."""

DEFAULT_EXPORT = "proposal.md"
GETTING_READY = "Getting ready… (loading the language model)"
NOTHING_YET = "Feedback on the draft appears here."
RETRY_NOTE = "Fix the file named above, then press ctrl+s to read it again."
GAP_NOTE = (
    "This point is not a coaching rule: it says a fact is still empty (or a concern "
    "has no answer). Fill it in on the left and it goes away."
)


# ---------------------------------------------------------------------------
# Messages from the review worker


@dataclass
class ProposalReviewed(Message):
    """A review of ``facts`` (stale when the form holds other facts by now)."""

    facts: ProposalFacts
    review: ProposalReview


@dataclass
class ProposalFailed(Message):
    facts: ProposalFacts
    error: str


def one_line(error: CoachError) -> str:
    return error.render().splitlines()[0]


def export_path(name: str) -> Path:
    """A file name as typed: ``~`` expanded, relative to the current directory.
    ``OSError`` or ``RuntimeError`` when it cannot be made into a path here."""
    path = Path(name).expanduser()
    return path if path.is_absolute() else Path.cwd() / path


class ProposalScreen(Screen[None]):
    """A one-page written proposal from your facts, with feedback."""

    HELP = (
        "Fill in the facts of your proposal on the left, in your own words: the days "
        "or hours you ask for, what the team gains (one point per line), how you stay "
        "reachable, how results are measured, a trial and its review, and the "
        "concerns you expect with your answer to each. Any fact may stay empty: the "
        "feedback says what is missing. The draft and its feedback appear on the "
        "right when you pause typing, or at once with ctrl+s. The facts are saved as "
        "you go, and practice sessions use them: the manager raises the concerns you "
        "said you expect, and the coaching rewrites use your days and measures. "
        "Export writes the draft as Markdown (.md) or as a page to print (.html). A "
        "template of your own goes in <data dir>/templates/proposal.md."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "review",
            "Review",
            id="proposal.review",
            priority=True,
            tooltip="Review the draft now (it is also reviewed when you pause)",
        ),
        Binding(
            "ctrl+o",
            "export",
            "Export",
            id="proposal.export",
            tooltip="Write the draft to a file: Markdown (.md) or a web page (.html)",
        ),
        Binding(
            "f2",
            "switch_tab",
            "Draft/Feedback",
            id="proposal.switch_tab",
            tooltip="Show the draft, or its feedback",
        ),
        Binding(
            "ctrl+f",
            "flag",
            "Flag",
            show=False,
            id="proposal.flag",
            tooltip="This feedback is wrong: flag the highlighted finding, with a comment",
        ),
        Binding(
            "escape",
            "leave",
            "Back",
            id="proposal.back",
            tooltip="Back; the facts are saved as they are",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.review: ProposalReview | None = None
        """The review shown (of the form as it was then)."""
        self.guide: FieldGuide | None = None
        self.template: ProposalTemplate | None = None
        self.setup_error: str | None = None
        """Why no draft can be written (a broken template or facts guide), one line."""
        self.own_template = False
        """Whether the template is the user's own (``<data dir>/templates/proposal.md``)."""
        self.saved: ProposalFacts | None = None
        """What the facts file holds (``None``: there is none)."""
        self._loaded: ProposalFacts | None = None
        self._warnings: list[str] = []
        self._save_error: str | None = None
        self._timer: Timer | None = None

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    # -- layout

    def compose(self) -> ComposeResult:
        self._load()
        yield Header(icon="≡")
        with Horizontal(id="proposal"):
            form = VerticalScroll(id="proposal-form")
            form.border_title = "Your facts"
            with form:
                if self.guide is not None:
                    yield FactsForm(self.guide, self._loaded)
                yield Button(
                    "Practise with these facts",
                    id="proposal-practise",
                    variant="primary",
                    compact=True,
                    tooltip="Save the facts and start a first pitch: the manager raises "
                    "the concerns you expect",
                )
            with TabbedContent(id="proposal-tabs"):
                with TabPane("Feedback", id="proposal-feedback-tab"):
                    yield FeedbackPanel(NOTHING_YET, id="proposal-feedback")
                with TabPane("Draft", id="proposal-draft-tab"):
                    draft = VerticalScroll(id="proposal-draft-pane")
                    draft.border_title = "Draft"
                    with draft:
                        yield Static(
                            Content.styled("The draft appears here.", MUTED), id="proposal-note"
                        )
                        yield Markdown(id="proposal-draft")
        yield Footer()

    def _load(self) -> None:
        """The guide, the template and the saved facts: small files, read once."""
        from coach.errors import CoachError
        from coach.proposal import (
            choose_template,
            load_facts,
            load_field_guide,
            user_template_path,
        )

        data_dir = self.coach_app.data_dir
        try:
            self.guide = load_field_guide()
            self.template = choose_template(data_dir, None)
            self.own_template = user_template_path(data_dir).is_file()
        except CoachError as exc:
            self.setup_error = exc.render().splitlines()[0]
        try:
            saved = load_facts(data_dir)
        except CoachError as exc:
            self._warnings.append(exc.render().splitlines()[0])
            saved = None
        if saved is not None:
            self._warnings += [w.render() for w in saved.warnings]
            self._loaded = saved.facts
        self.saved = self._loaded

    def on_mount(self) -> None:
        self.sub_title = "write a proposal"
        for warning in self._warnings:
            self.notify(warning, title="Saved facts", severity="warning", timeout=8)
        if self.setup_error is not None:
            self.notify(self.setup_error, title="No draft can be written", severity="error")
        self._mark_saved()
        for form in self.query(FactsForm):
            form.focus_first()
        self.watch(self.coach_app, "engine", self._engine_changed)

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    def on_screen_suspend(self) -> None:
        """Another screen on top (help, the palette) or this one leaving: keep the
        facts typed so far."""
        self.keep_form()

    def save_before_quit(self) -> None:
        """Quitting the app from here (ctrl+q) keeps the facts typed so far."""
        self.keep_form()

    # -- the form's facts, and saving them

    def form_facts(self) -> ProposalFacts:
        """What the form holds, with the topics already known for its concerns."""
        from coach.proposal import ProposalFacts

        forms = self.query(FactsForm)
        if not forms:
            return self._loaded or ProposalFacts()
        reviewed = self.review.draft.facts if self.review is not None else None
        return forms.first().facts().with_known_topics(self.saved, reviewed)

    def _save(self, facts: ProposalFacts) -> bool:
        """Replace the saved facts with ``facts`` unless they are the same (so opening
        and leaving writes nothing). On the UI thread: a small file, and the order of
        saves is the order of edits. A failure is said once per problem."""
        from coach.proposal import ProposalFacts, save_facts

        if facts == (self.saved or ProposalFacts()):
            return True  # an empty form and no file: nothing to keep either
        try:
            save_facts(self.coach_app.data_dir, facts)
        except CoachError as exc:
            error = exc.render()
            if error != self._save_error:
                self.app.notify(
                    error, title="The facts were not saved", severity="error", timeout=8
                )
            self._save_error = error
            return False
        self._save_error = None
        self.saved = facts
        return True

    def keep_form(self) -> None:
        """Save what the form holds now (while it is there to be read)."""
        if self.query(FactsForm):
            self._save(self.form_facts())
            self._mark_saved()

    def _mark_saved(self) -> None:
        saved = self.saved is not None and self.form_facts() == self.saved
        form = self.query_one("#proposal-form")
        subtitle = "saved" if saved else ""
        if form.border_subtitle != subtitle:
            form.border_subtitle = subtitle

    @on(Input.Changed)
    @on(TextArea.Changed, "#fact-gains")
    def _edited(self) -> None:
        self._mark_saved()
        self._schedule(REVIEW_DELAY)

    def action_add_concern(self) -> None:
        for form in self.query(FactsForm):
            form.add_concern(focus=True)

    def action_leave(self) -> None:
        self.keep_form()
        self.app.pop_screen()

    def action_practise(self) -> None:
        if self._save(self.form_facts()):
            self.coach_app.open_practice(PRACTICE_SCENARIO)

    @on(Button.Pressed, "#proposal-practise")
    def _practise_pressed(self) -> None:
        self.action_practise()

    # -- reviewing

    def _engine_changed(self, _value: object) -> None:
        if self.coach_app.engine is None or self.setup_error is not None:
            self._show_waiting()
        else:
            if self.review is None:
                self.query_one(FeedbackPanel).clear_feedback()
            self._schedule(0)

    def _show_waiting(self) -> None:
        message = (
            self.setup_error
            or self.coach_app.engine_error
            or (GETTING_READY if self.coach_app.engine is None else NOTHING_YET)
        )
        self.query_one(FeedbackPanel).clear_feedback(message)
        if self.setup_error is not None:
            self._show_note(f"{message}\n\n{RETRY_NOTE}", error=True)
        else:
            self._show_note(message)

    def _schedule(self, delay: float) -> None:
        """Review the form after ``delay`` (the review saves the facts); while no
        review can run (the model is loading, the template is broken), save them."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.coach_app.engine is None or self.template is None:
            self._timer = self.set_timer(REVIEW_DELAY, self.keep_form)
            return
        if delay <= 0:
            self._start_review()
        else:
            self._timer = self.set_timer(delay, self._start_review)

    def _start_review(self) -> None:
        if self.template is not None and self.guide is not None:
            self._review(self.form_facts(), self.template, self.guide)

    def action_review(self) -> None:
        if self.setup_error is not None:
            self._retry_template()
        elif self.coach_app.engine is None:
            self.notify("Still getting ready: the language model is loading.", timeout=3)
        else:
            self._schedule(0)

    def _retry_template(self) -> None:
        """After a broken template: read it again (it may be fixed now)."""
        from coach.errors import CoachError
        from coach.proposal import choose_template, user_template_path

        if self.guide is None:
            self.notify("The facts guide could not be read: fix it and open this screen again.")
            return
        data_dir = self.coach_app.data_dir
        try:
            self.template = choose_template(data_dir, None)
            self.own_template = user_template_path(data_dir).is_file()
        except CoachError as exc:
            self.setup_error = one_line(exc)
            self._show_waiting()
            self.notify(self.setup_error, title="No draft can be written", severity="error")
            return
        self.setup_error = None
        self._engine_changed(None)  # reviews at once when the model is loaded

    @work(thread=True, exclusive=True, group="proposal-review", exit_on_error=False)
    def _review(self, facts: ProposalFacts, template: ProposalTemplate, guide: FieldGuide) -> None:
        from coach.errors import CoachError
        from coach.proposal import build_draft, review_facts

        engine = self.coach_app.engine
        if engine is None:
            return
        limit = engine.settings.max_chars
        size = len(build_draft(facts, template, guide).checked_text)
        if size > limit:
            too_long = f"The draft has {size:,} characters; the limit is {limit:,}."
            self.post_message(ProposalFailed(facts, too_long))
            return
        try:
            with engine.lock:
                review = review_facts(facts, engine.analyzer, engine.coach, template, guide)
        except CoachError as exc:
            self.post_message(ProposalFailed(facts, one_line(exc)))
            return
        self.post_message(ProposalReviewed(facts, review))

    @on(ProposalReviewed)
    def _reviewed(self, message: ProposalReviewed) -> None:
        if self.coach_app.engine is None or message.facts != self.form_facts():
            return  # stale: the form changed since, and its own review is on the way
        self.review = message.review
        with self.app.batch_update():
            self._show(message.review)
            self._save(message.review.draft.facts)  # the concerns' topics detected
            self._mark_saved()

    def _show(self, review: ProposalReview) -> None:
        engine = self.coach_app.engine
        assert engine is not None
        draft = review.draft
        gaps = len(draft.gaps)
        context = "Read as an opening pitch"
        if gaps:
            context += f" · {gaps} point{'s' if gaps != 1 else ''} from empty facts"
        if self.own_template:
            context += f" · your template {draft.template}"
        self.query_one(FeedbackPanel).show(
            title="Feedback on the draft",
            detection=review.detection,
            findings=review.select(engine.settings.min_level, praise=engine.praise),
            suggestion=None,
            behaviours=engine.behaviours,
            context=(context,),
        )
        self.query_one("#proposal-note", Static).display = False
        markdown = self.query_one("#proposal-draft", Markdown)
        markdown.display = True
        markdown.update(draft.markdown)

    def _show_note(self, text: str, *, error: bool = False) -> None:
        note = self.query_one("#proposal-note", Static)
        note.update(Content.styled(text, "$text-error" if error else MUTED))
        note.display = True
        self.query_one("#proposal-draft", Markdown).display = self.review is not None and not error

    @on(ProposalFailed)
    def _failed(self, message: ProposalFailed) -> None:
        if message.facts == self.form_facts():
            self.query_one(FeedbackPanel).clear_feedback(message.error)

    # -- the draft, now

    def _draft_now(self) -> Draft | None:
        """The draft of the form as it is now (templating only: no need to wait for
        the model or the next review), or ``None`` with a notification saying why."""
        from coach.proposal import build_draft

        if self.template is None or self.guide is None:
            self.notify(self.setup_error or "No draft yet.", severity="error", timeout=6)
            return None
        return build_draft(self.form_facts(), self.template, self.guide)

    def action_export(self) -> None:
        from coach.tui.screens.dialogs import ExportScreen

        if self._draft_now() is not None:
            self.app.push_screen(ExportScreen(DEFAULT_EXPORT), self.export_to)

    def export_to(self, name: str | None) -> None:
        """Write the draft to the file ``name`` (what the export dialog asks for):
        never into a folder, and over an existing file only once the user says so."""
        from coach.proposal.store import facts_path

        if not name:
            return
        try:
            path = export_path(name)
            is_dir, exists = path.is_dir(), path.exists()
            is_facts = exists and path.resolve() == facts_path(self.coach_app.data_dir).resolve()
        except (OSError, RuntimeError, ValueError) as exc:
            self.notify(f"{name}: {exc}", title="Not exported", severity="error", timeout=8)
            return
        if is_dir:
            self.notify(
                f"{path} is a folder: give a file name, such as {path / DEFAULT_EXPORT}.",
                title="Not exported",
                severity="error",
                timeout=8,
            )
        elif is_facts:
            self.notify(
                "That is where your facts are kept.", title="Not exported", severity="error"
            )
        elif exists:
            from coach.tui.screens.dialogs import ConfirmScreen

            def answer(replace: bool | None) -> None:
                if replace:
                    self._export(path)

            question = f"{path} exists. Replace it with the draft?"
            self.app.push_screen(ConfirmScreen(question, yes="Replace", no="Keep it"), answer)
        else:
            self._export(path)

    def _export(self, path: Path) -> None:
        from coach.errors import CoachError
        from coach.proposal.export import document_for, write_document

        draft = self._draft_now()
        if draft is None:
            return
        text, kind = document_for(draft, path)
        try:
            write_document(path, text)
        except CoachError as exc:
            self.notify(exc.render(), title="Not exported", severity="error", timeout=8)
            return
        self.notify(f"Wrote the draft to {path} ({kind}).", title="Exported")

    def action_copy_markdown(self) -> None:
        draft = self._draft_now()
        if draft is not None:
            self.app.copy_to_clipboard(draft.markdown)
            self.notify("The draft (Markdown) is on the clipboard.", timeout=3)

    def action_switch_tab(self) -> None:
        tabs = self.query_one("#proposal-tabs", TabbedContent)
        draft = tabs.active == "proposal-draft-tab"
        tabs.active = "proposal-feedback-tab" if draft else "proposal-draft-tab"

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#proposal-tabs", TabbedContent).active = f"proposal-{tab}-tab"

    # -- flagging

    def action_flag(self) -> None:
        self.query_one(FeedbackPanel).flag_current()

    @on(FlagRequested)
    def _flag(self, message: FlagRequested) -> None:
        from coach.proposal import SITUATION
        from coach.proposal.guide import GAP_PREFIX

        if message.kind == "rule" and message.target.startswith(GAP_PREFIX):
            self.notify(GAP_NOTE, title=message.title, timeout=8)
            return
        if self.review is not None:
            self.coach_app.ask_and_flag(
                message, self.review.detection.text, "check", situation=SITUATION
            )

    def palette_commands(self) -> list[Command]:
        return [
            ("Proposal: review the draft now", self.action_review, "Same as ctrl+s"),
            (
                "Proposal: export the draft to a file",
                self.action_export,
                "Markdown (.md) or a web page to print (.html) (ctrl+o)",
            ),
            (
                "Proposal: copy the draft (Markdown)",
                self.action_copy_markdown,
                "To the clipboard, to paste into an email or a document",
            ),
            (
                "Proposal: practise with these facts",
                self.action_practise,
                "Save them and start a first pitch: the manager raises your concerns",
            ),
            (
                "Proposal: show the draft",
                partial(self.action_show_tab, "draft"),
                "The proposal as written from your facts (f2 switches)",
            ),
            (
                "Proposal: show the feedback",
                partial(self.action_show_tab, "feedback"),
                "What is missing and what coaching says (f2 switches)",
            ),
            (
                "Proposal: add a concern",
                self.action_add_concern,
                "Another concern you expect, with your answer",
            ),
            (
                "Proposal: flag the highlighted finding as wrong",
                self.action_flag,
                "Saved with the draft, so it can become a test case (ctrl+f)",
            ),
        ]
