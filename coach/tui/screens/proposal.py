"""The proposal builder: the facts of a written proposal in a form on the left, the
draft and its feedback on the right, as ``coach proposal`` gives them.

The draft is reviewed again each time you pause typing: the same detection and
coaching as ``coach check`` in the situation ``opening-pitch``, with a finding for
every fact left empty. The facts are saved after each review (and when you leave)
in ``<data dir>/proposal/facts.json``, because practice sessions read them there:
the manager raises the concerns you said you expect.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
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
    from coach.tui.engine import Engine

REVIEW_DELAY = 0.6
"""Seconds of no typing before the draft is reviewed again."""

PRACTICE_SCENARIO = "remote-trial"
"""The scenario "Practise with these facts" opens: a first pitch, where the manager
raises the concerns one expects."""

DEFAULT_EXPORT = "proposal.md"
HTML_SUFFIXES = frozenset({".html", ".htm"})
GETTING_READY = "Getting ready… (loading the language model)"
NOTHING_YET = "Feedback on the draft appears here."
RETRY_NOTE = "Fix the template, then press ctrl+s to read it again."
GAP_NOTE = (
    "This point is not a coaching rule: it says a fact is still empty (or a concern "
    "has no answer). Fill it in on the left and it goes away."
)


# ---------------------------------------------------------------------------
# Messages from the workers


@dataclass
class ProposalReviewed(Message):
    """A review of the form's ``facts`` (stale when the form has changed since)."""

    facts: ProposalFacts
    review: ProposalReview
    saved: bool
    """Whether the reviewed facts are now what is saved."""
    save_error: str | None = None

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ProposalReviewed)


@dataclass
class ProposalFailed(Message):
    facts: ProposalFacts
    error: str


# ---------------------------------------------------------------------------
# Saving (plain functions: they run in workers too)


_WRITING = threading.Lock()
"""One writer of the facts file at a time, whichever screen or worker asks."""


class FactsKeeper:
    """The saved facts and the one way to replace them, from any thread. Each save
    is asked for with a ticket taken on the UI thread, so an older save that finishes
    late never overwrites a newer one."""

    def __init__(self, data_dir: Path, saved: ProposalFacts | None) -> None:
        from coach.proposal import ProposalFacts

        self.data_dir = data_dir
        self.saved = saved or ProposalFacts()
        """What the file holds (empty facts when there is no file yet)."""
        self.on_disk = saved is not None
        self._asked = 0
        self._written = 0

    def ticket(self) -> int:
        self._asked += 1
        return self._asked

    def save(self, facts: ProposalFacts, ticket: int) -> bool:
        """Write ``facts`` unless they are what is saved or a newer save came first;
        whether they are what is saved now. ``CoachError`` when the file cannot be
        written."""
        from coach.proposal import save_facts

        with _WRITING:
            if ticket < self._written:
                return False
            if facts != self.saved:
                save_facts(self.data_dir, facts)
                self.saved = facts
                self.on_disk = True
            self._written = ticket
            return True


def needs_topics(facts: ProposalFacts) -> bool:
    return any(c.topic is None for c in facts.concerns)


def with_topics(engine: Engine, facts: ProposalFacts) -> ProposalFacts:
    """The topic of each new concern, as a review detects it (the caller holds the
    engine's lock)."""
    return facts.with_topics(lambda text: engine.coach.detect_topic(engine.analyzer, text))


def export_path(name: str) -> Path:
    """A file name as typed: ``~`` expanded, relative to the current directory."""
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
        Binding("escape", "app.pop_screen", "Back", id="proposal.back", tooltip="Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.review: ProposalReview | None = None
        self.guide: FieldGuide | None = None
        self.template: ProposalTemplate | None = None
        self.setup_error: str | None = None
        """Why no draft can be written (a broken template), one line."""
        self.own_template = False
        """Whether the template is the user's own (``<data dir>/templates/proposal.md``)."""
        self.keeper: FactsKeeper | None = None
        self._warnings: list[str] = []
        self._loaded: ProposalFacts | None = None
        self._current: ProposalFacts | None = None
        self._requested: ProposalFacts | None = None
        self._settled: ProposalFacts | None = None
        """Form facts whose completed version (topics detected) is saved."""
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
        self.keeper = FactsKeeper(data_dir, self._loaded)

    def on_mount(self) -> None:
        self.sub_title = "write a proposal"
        for warning in self._warnings:
            self.notify(warning, title="Saved facts", severity="warning", timeout=8)
        if self.setup_error is not None:
            self.notify(self.setup_error, title="No draft can be written", severity="error")
        self._current = self._settled = self._form_facts()
        self._mark_saved()
        for form in self.query(FactsForm):
            form.focus_first()
        self.watch(self.coach_app, "engine", self._engine_changed)

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._keep(then=None)

    # -- the form's facts

    def _form_facts(self) -> ProposalFacts:
        from coach.proposal import ProposalFacts

        forms = self.query(FactsForm)
        return forms.first().facts() if forms else ProposalFacts()

    @on(Input.Changed)
    @on(TextArea.Changed, "#fact-gains")
    def _edited(self) -> None:
        self._current = self._form_facts()
        self._mark_saved()
        self._schedule(REVIEW_DELAY)

    def action_add_concern(self) -> None:
        for form in self.query(FactsForm):
            form.add_concern(focus=True)

    def _mark_saved(self) -> None:
        keeper = self.keeper
        saved = keeper is not None and keeper.on_disk and self._current == self._settled
        form = self.query_one("#proposal-form")
        subtitle = "saved" if saved else ""
        if form.border_subtitle != subtitle:
            form.border_subtitle = subtitle

    # -- reviewing

    def _engine_changed(self, _value: object) -> None:
        if self.coach_app.engine is None or self.setup_error is not None:
            self._show_waiting()
        else:
            if self.review is None:
                self.query_one(FeedbackPanel).clear_feedback()
            self._requested = None  # ready (again): review what the form holds now
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

    def _schedule(self, delay: float, *, force: bool = False) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        facts = self._current
        if facts is None or self.coach_app.engine is None or self.template is None:
            return
        if facts == self._requested and not force:
            return  # already reviewed, or on its way
        if delay <= 0:
            self._start_review(facts)
        else:
            self._timer = self.set_timer(delay, partial(self._start_review, facts))

    def _start_review(self, facts: ProposalFacts) -> None:
        assert self.keeper is not None and self.template is not None and self.guide is not None
        self._requested = facts
        self._review(facts, self.keeper.ticket(), self.template, self.guide)

    def action_review(self) -> None:
        self._current = self._form_facts()  # as it is now, edits in flight included
        if self.setup_error is not None:
            self._retry_template()
        elif self.coach_app.engine is None:
            self.notify("Still getting ready: the language model is loading.", timeout=3)
        else:
            self._schedule(0, force=True)

    def _retry_template(self) -> None:
        """After a broken template: read it again (it may be fixed now)."""
        from coach.errors import CoachError
        from coach.proposal import choose_template, user_template_path

        data_dir = self.coach_app.data_dir
        try:
            self.template = choose_template(data_dir, None)
            self.own_template = user_template_path(data_dir).is_file()
        except CoachError as exc:
            self.setup_error = exc.render().splitlines()[0]
            self._show_waiting()
            self.notify(self.setup_error, title="No draft can be written", severity="error")
            return
        if self.guide is None:
            return
        self.setup_error = None
        self._engine_changed(None)  # reviews at once when the model is loaded

    @work(thread=True, exclusive=True, group="proposal-review", exit_on_error=False)
    def _review(
        self,
        facts: ProposalFacts,
        ticket: int,
        template: ProposalTemplate,
        guide: FieldGuide,
    ) -> None:
        from coach.errors import CoachError
        from coach.proposal import build_draft, review_facts

        engine = self.coach_app.engine
        keeper = self.keeper
        if engine is None or keeper is None:
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
            self.post_message(ProposalFailed(facts, exc.render().splitlines()[0]))
            return
        error: str | None = None
        try:  # a late review still saves: the ticket keeps newer facts from being undone
            saved = keeper.save(review.draft.facts, ticket)
        except CoachError as exc:
            saved, error = False, exc.render()
        self.post_message(ProposalReviewed(facts, review, saved, error))

    @on(ProposalReviewed)
    def _reviewed(self, message: ProposalReviewed) -> None:
        if message.saved:
            self._settled = message.facts
        self._saving_failed(message.save_error)
        if self.coach_app.engine is None or message.facts != self._current:
            self._mark_saved()
            return  # stale: the facts changed since
        self.review = message.review
        with self.app.batch_update():
            self._show(message.review)
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
        if message.facts != self._current:
            return
        self.query_one(FeedbackPanel).clear_feedback(message.error)

    def _saving_failed(self, error: str | None) -> None:
        """Say so once per problem, not after every review."""
        if error is not None and error != self._save_error:
            self.notify(error, title="The facts were not saved", severity="error", timeout=8)
        self._save_error = error

    # -- keeping the facts when leaving or practising

    def _keep(self, then: Callable[[], object] | None) -> None:
        """Save the form's facts if they changed since the last save (the topics of
        new concerns detected first), then run ``then``. Detection waits for nothing
        on the UI thread: when a review holds the pipeline, a worker does it."""
        facts = self._current
        keeper = self.keeper
        app = self.coach_app
        if facts is None or keeper is None or facts == self._settled:
            if then is not None:
                then()
            return
        ticket = keeper.ticket()
        engine = app.engine
        if engine is not None and needs_topics(facts):
            if not engine.lock.acquire(blocking=False):
                app.run_worker(
                    partial(_keep_in_background, app, keeper, facts, ticket, then),
                    thread=True,
                    group="proposal-keep",
                    exit_on_error=False,
                )
                return
            try:
                facts = with_topics(engine, facts)
            finally:
                engine.lock.release()
        if _save_or_say(app, keeper, facts, ticket):
            self._settled = self._current
            if then is not None:
                then()

    def action_practise(self) -> None:
        self._keep(then=partial(self.coach_app.open_practice, PRACTICE_SCENARIO))

    @on(Button.Pressed, "#proposal-practise")
    def _practise_pressed(self) -> None:
        self.action_practise()

    # -- the draft, now

    def _draft_now(self) -> Draft | None:
        """The draft of the form as it is now (not waiting for the next review), or
        ``None`` with a notification saying why there is none."""
        from coach.proposal import build_draft

        if self.template is None or self.guide is None or self._current is None:
            self.notify(self.setup_error or "No draft yet.", severity="error", timeout=6)
            return None
        if self.coach_app.engine is None:
            self.notify("Still getting ready: the language model is loading.", timeout=3)
            return None
        return build_draft(self._current, self.template, self.guide)

    def action_export(self) -> None:
        if self._draft_now() is None:
            return
        from coach.tui.screens.dialogs import ExportScreen

        self.app.push_screen(ExportScreen(DEFAULT_EXPORT), self.export_to)

    def export_to(self, name: str | None) -> None:
        """Write the draft to the file ``name`` (what the export dialog asks for):
        never into a folder, and over an existing file only once the user says so."""
        from coach.proposal.store import facts_path

        if not name:
            return
        path = export_path(name)
        if path.is_dir():
            self.notify(
                f"{path} is a folder: give a file name, such as {path / DEFAULT_EXPORT}.",
                title="Not exported",
                severity="error",
                timeout=8,
            )
        elif path.resolve() == facts_path(self.coach_app.data_dir).resolve():
            self.notify(
                "That is where your facts are kept.", title="Not exported", severity="error"
            )
        elif path.exists():
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
        from coach.flags import Flag
        from coach.proposal import SITUATION
        from coach.proposal.guide import GAP_PREFIX

        if message.kind == "rule" and message.target.startswith(GAP_PREFIX):
            self.notify(GAP_NOTE, title=message.title, timeout=8)
            return
        engine = self.coach_app.engine
        review = self.review
        if engine is None or review is None:
            return
        flag = Flag(
            kind=message.kind,
            target=message.target,
            expected=message.expected,
            text=review.detection.text,
            situation=SITUATION,
            topic=None,
            manager_said=None,
            title=message.title,
            level=message.level,
            message=message.message,
            file=engine.content_file(message.kind, message.target),
            source="check",
            pipeline=engine.pipeline,
        )
        self.coach_app.ask_and_flag(flag)

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


# ---------------------------------------------------------------------------
# Saving outside the screen's life (it may be gone by then)


def _save_or_say(app: CoachApp, keeper: FactsKeeper, facts: ProposalFacts, ticket: int) -> bool:
    """Save on the UI thread; a failure is a notification. Whether they are saved."""
    from coach.errors import CoachError

    try:
        return keeper.save(facts, ticket)
    except CoachError as exc:
        app.notify(exc.render(), title="The facts were not saved", severity="error", timeout=8)
        return False


def _keep_in_background(
    app: CoachApp,
    keeper: FactsKeeper,
    facts: ProposalFacts,
    ticket: int,
    then: Callable[[], object] | None,
) -> None:
    """In a worker of the app: the topics detected (waiting for the pipeline), the
    facts saved, then ``then`` back on the UI thread."""
    from coach.errors import CoachError

    engine = app.engine
    if engine is not None:
        with engine.lock:
            facts = with_topics(engine, facts)
    try:
        saved = keeper.save(facts, ticket)
    except CoachError as exc:
        app.call_from_thread(
            app.notify, exc.render(), title="The facts were not saved", severity="error"
        )
        return
    if saved and then is not None:
        app.call_from_thread(then)
