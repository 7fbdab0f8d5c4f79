"""How each fact is asked for, and what an empty one means: ``rules/proposal/fields.yaml``.

The CLI's prompts and the app's form read the labels, prompts and examples from it;
the draft uses each fact's ``stand_in`` while the fact is empty; and an empty fact
becomes a finding (the same :class:`~coach.coaching.Finding` coaching gives, with the
rule id ``proposal-no-<fact>``), listed with the coaching findings on the draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.content.validation import validate_document
from coach.content.yamlsource import YamlDocument, load_yaml
from coach.errors import ContentError
from coach.proposal.facts import FACTS, OPTIONAL, ProposalFacts

if TYPE_CHECKING:
    from coach.coaching.model import Finding

FIELDS_FILE = "fields.yaml"

CODES: dict[str, tuple[str, str]] = {
    "E310": (
        "bad-placeholder",
        "a proposal template uses an unknown `{placeholder}` or a stray brace",
    ),
    "E311": ("unknown-fact", "`fields.yaml` has an entry for a fact that does not exist"),
    "E312": (
        "fact-not-covered",
        "`fields.yaml` has no entry for a fact, or a required fact lacks `stand_in` or `missing`",
    ),
}
"""Codes of the proposal builder (the readiness check's are in coach.prepare)."""
GAP_PREFIX = "proposal-"
UNANSWERED_ID = "proposal-unanswered-concern"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GapSpec(_Strict):
    title: str = Field(min_length=1)
    level: Literal["tip", "warning", "blocker"]
    covers: list[str] = Field(
        default_factory=list,
        description="Coaching rules whose finding says the same; left out while this shows.",
    )
    message: str = Field(min_length=1)
    why: str = Field(min_length=1)


class FieldSpec(_Strict):
    label: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    example: str = ""
    stand_in: str | None = None
    missing: GapSpec | None = None


class GuideSpec(_Strict):
    fields: dict[str, FieldSpec]
    unanswered_concern: GapSpec


@dataclass(frozen=True)
class Gap:
    title: str
    level: str
    message: str
    why: str
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactField:
    """One fact as the prompts and the form show it."""

    name: str
    label: str
    prompt: str
    example: str
    stand_in: str | None
    missing: Gap | None

    @property
    def optional(self) -> bool:
        return self.name in OPTIONAL

    @property
    def is_list(self) -> bool:
        return self.name in ("gains", "concerns")

    @property
    def gap_id(self) -> str:
        return f"{GAP_PREFIX}no-{self.name.replace('_', '-')}"


@dataclass(frozen=True)
class FieldGuide:
    fields: Mapping[str, FactField]
    unanswered_concern: Gap
    path: str = "<fields>"

    def ordered(self) -> tuple[FactField, ...]:
        """Every fact, in the order of :data:`~coach.proposal.facts.FACTS`."""
        return tuple(self.fields[name] for name in FACTS)

    def stand_in(self, name: str) -> str | None:
        return self.fields[name].stand_in

    def covered(self, facts: ProposalFacts) -> frozenset[str]:
        """Coaching rules whose findings the gaps of ``facts`` already make."""
        return frozenset(
            rule
            for fact in self.ordered()
            if fact.missing is not None and facts.is_empty(fact.name)
            for rule in fact.missing.covers
        )

    def gaps(self, facts: ProposalFacts) -> tuple[Finding, ...]:
        """The findings for what the facts leave empty: one per empty fact, one per
        concern without an answer; in the order the facts are asked."""
        found: list[Finding] = []
        for fact in self.ordered():
            if fact.missing is not None and facts.is_empty(fact.name):
                found.append(_finding(fact.gap_id, fact.missing, fact.missing.message))
        for concern in facts.concerns:
            if not concern.answer:
                gap = self.unanswered_concern
                message = gap.message.replace("{concern}", f"“{concern.concern}”")
                found.append(_finding(UNANSWERED_ID, gap, message))
        return tuple(found)


def _finding(rule_id: str, gap: Gap, message: str) -> Finding:
    from coach.coaching.model import Finding  # imports spaCy: only when drafting

    return Finding(
        rule_id=rule_id,
        title=gap.title,
        level=gap.level,
        message=message,
        why=gap.why,
        suggestion=None,
    )


def _prose(text: str) -> str:
    return " ".join(text.split())


def _gap(spec: GapSpec) -> Gap:
    return Gap(
        _prose(spec.title), spec.level, _prose(spec.message), _prose(spec.why), tuple(spec.covers)
    )


def parse_guide(document: YamlDocument) -> FieldGuide:
    spec = validate_document(document, GuideSpec)
    for name in spec.fields:
        if name not in FACTS:
            raise ContentError(
                document.locate(("fields", name)),
                "E311",
                f"unknown fact {name!r} (facts: {', '.join(FACTS)})",
            )
    for name in FACTS:
        if name not in spec.fields:
            raise ContentError(
                document.locate(("fields",)), "E312", f"the fact {name!r} has no entry"
            )
    for name, entry in spec.fields.items():
        if name not in OPTIONAL and (entry.stand_in is None or entry.missing is None):
            raise ContentError(
                document.locate(("fields", name)),
                "E312",
                f"the fact {name!r} needs a 'stand_in' and a 'missing' finding "
                "(only name and manager are optional)",
            )
    if "{" in spec.unanswered_concern.message.replace("{concern}", ""):
        raise ContentError(
            document.locate(("unanswered_concern", "message")),
            "E310",
            "the only placeholder here is {concern}",
        )
    return FieldGuide(
        fields={
            name: FactField(
                name=name,
                label=_prose(entry.label),
                prompt=_prose(entry.prompt),
                example=_prose(entry.example),
                stand_in=entry.stand_in,
                missing=None if entry.missing is None else _gap(entry.missing),
            )
            for name, entry in spec.fields.items()
        },
        unanswered_concern=_gap(spec.unanswered_concern),
        path=document.path,
    )


def load_field_guide(path: Path | None = None) -> FieldGuide:
    """The shipped guide (``rules/proposal/fields.yaml``), or the file at ``path``."""
    if path is None:
        from coach.paths import display_path, rules_dir

        file = rules_dir() / "proposal" / FIELDS_FILE
        return parse_guide(load_yaml(file, display_path(file)))
    return parse_guide(load_yaml(path))
