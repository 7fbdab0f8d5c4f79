"""The facts of a proposal as a form: one field per fact, labelled, prompted and
exemplified by the facts guide (``rules/proposal/fields.yaml``), so the app asks in
the same words as ``coach proposal``.

The form only holds what is typed; :meth:`FactsForm.facts` reads it as
:class:`~coach.proposal.ProposalFacts` (whitespace folded, empty concern rows left
out). Its inputs' ``Changed`` events reach the screen, which decides when to review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static, TextArea

from coach.tui.render import MUTED

if TYPE_CHECKING:
    from coach.proposal import FactField, FieldGuide, ProposalFacts


def split_example(example: str) -> tuple[str, str]:
    """The guide's concern example ("Client data at home: I would use…") as the
    concern and the answer."""
    concern, _, answer = example.partition(": ")
    return concern.strip(), answer.strip()


class ConcernRow(Vertical):
    """One concern you expect and your answer to it (its topic is the screen's
    business: it is detected, or kept from the saved facts)."""

    def __init__(
        self, concern: str = "", answer: str = "", example: tuple[str, str] = ("", "")
    ) -> None:
        super().__init__(classes="concern-row")
        concern_example, answer_example = example
        self.example = example
        # Made here, not in compose: the form reads a row the moment it is added.
        self._concern_placeholder = f"e.g. {concern_example}" if concern_example else "A concern"
        self.concern_input = Input(
            concern,
            placeholder=self._concern_placeholder,
            tooltip="A concern you expect your manager to raise",
            classes="concern",
            compact=True,
        )
        self.answer_input = Input(
            answer,
            placeholder=f"Your answer, e.g. {answer_example}" if answer_example else "Your answer",
            tooltip="What you would do about it",
            classes="answer",
            compact=True,
        )

    def compose(self) -> ComposeResult:
        yield self.concern_input
        yield self.answer_input

    def value(self) -> dict[str, str]:
        return {"concern": self.concern_input.value, "answer": self.answer_input.value}

    def is_blank(self) -> bool:
        return not (self.concern_input.value.strip() or self.answer_input.value.strip())

    @property
    def orphan(self) -> bool:
        """An answer with no concern: it would be left out, so the row says so."""
        return bool(self.answer_input.value.strip()) and not self.concern_input.value.strip()

    @on(Input.Changed)
    def _mark_orphan(self) -> None:
        orphan = self.orphan
        if orphan != self.has_class("-orphan"):
            self.set_class(orphan, "-orphan")
            self.concern_input.placeholder = (
                "Which concern does this answer? (left out until named)"
                if orphan
                else self._concern_placeholder
            )


class FactsForm(Vertical):
    """Every fact of the guide, filled with ``facts`` (the saved ones) to start."""

    def __init__(
        self, guide: FieldGuide, facts: ProposalFacts | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.guide = guide
        self.loaded = facts

    def compose(self) -> ComposeResult:
        for fact in self.guide.ordered():
            with Vertical(id=f"field-{fact.name}", classes="fact"):
                yield Static(
                    Content.assemble((fact.label, "bold $text-accent"), "\n", (fact.prompt, MUTED)),
                    classes="fact-label",
                )
                yield from self._field(fact)

    def _field(self, fact: FactField) -> ComposeResult:
        loaded = self.loaded
        example = f"e.g. {fact.example}" if fact.example else ""
        if fact.name == "gains":
            yield TextArea(
                "\n".join(loaded.gains) if loaded else "",
                soft_wrap=True,
                tab_behavior="focus",
                placeholder=example,
                tooltip=example or None,
                compact=True,
                id="fact-gains",
            )
        elif fact.name == "concerns":
            examples = split_example(fact.example)
            with Vertical(id="concern-rows"):
                for concern in loaded.concerns if loaded else ():
                    yield ConcernRow(concern.concern, concern.answer, examples)
                yield ConcernRow(example=examples)
            yield Button(
                "+ Add a concern",
                id="add-concern",
                compact=True,
                tooltip="Another concern you expect, with your answer",
            )
        else:
            yield Input(
                str(loaded.value(fact.name)) if loaded else "",
                placeholder=example,
                tooltip=example or None,
                compact=True,
                id=f"fact-{fact.name}",
                classes="fact-input",
            )

    def facts(self) -> ProposalFacts:
        """What the form holds now."""
        from coach.proposal import ProposalFacts

        data: dict[str, Any] = {}
        for fact in self.guide.ordered():
            if fact.name == "gains":
                data["gains"] = self.query_one("#fact-gains", TextArea).text.splitlines()
            elif fact.name == "concerns":
                data["concerns"] = [row.value() for row in self.query(ConcernRow)]
            else:
                data[fact.name] = self.query_one(f"#fact-{fact.name}", Input).value
        return ProposalFacts.from_json(data)

    def focus_first(self) -> None:
        fields = self.query(".fact-input")
        if fields:
            fields.first().focus()

    @on(Input.Changed, ".concern")
    def _grow(self) -> None:
        """A new empty row once the last one is used: there is always room for one more."""
        rows = self.query(ConcernRow)
        if rows and not rows.last().is_blank():
            self.add_concern(focus=False)

    @on(Button.Pressed, "#add-concern")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_concern(focus=True)

    def add_concern(self, *, focus: bool) -> None:
        """An empty concern row (the blank last one, when there is one, with ``focus``)."""
        rows = self.query(ConcernRow)
        if focus and rows and rows.last().is_blank():
            rows.last().concern_input.focus()
            return
        examples = rows.first().example if rows else ("", "")
        row = ConcernRow(example=examples)
        self.query_one("#concern-rows", Vertical).mount(row)
        if focus:
            self.call_after_refresh(row.concern_input.focus)
