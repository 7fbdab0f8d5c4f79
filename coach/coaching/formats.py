"""The coaching content formats, as strict pydantic models.

- ``rules/coaching/<rule-id>.yaml``: one coaching rule per file (:class:`RuleFile`);
- ``rules/coaching/signals.yaml``: reply-level signals the behaviours do not cover
  (:class:`SignalsFile`);
- ``rules/topics.yaml``: how each topic shows in a manager's line (:class:`TopicsFile`);
- ``rules/scorecard.yaml``: the rubric for a whole conversation (:class:`ScorecardFile`).

Every model forbids unknown keys, so a typo is an error with its ``file:line:col``.
Conditions (``when``, ``applies``, ``met``) stay plain data here; the loader parses
them with :mod:`coach.conditions` and checks every id they name.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from coach.vocabulary import LEVELS

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

Level = Literal["praise", "tip", "warning", "blocker"]
assert set(Level.__args__) == set(LEVELS)  # type: ignore[attr-defined]

Slot = Literal["open", "plan", "trial", "concerns", "close"]
SLOTS: tuple[str, ...] = Slot.__args__  # type: ignore[attr-defined]
"""Where a rule's added sentence goes in the combined rewrite, in reading order. The
reply's own sentences sit between ``open`` and ``plan``."""

TokenPattern = list[dict[str, Any]]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError("ids are lowercase words joined by hyphens, e.g. 'no-hedging'")
    return value


# ---------------------------------------------------------------------------
# Rules


class ExampleSpec(Strict):
    """One example reply: its text and, where the rule needs them, its context."""

    text: str = Field(min_length=1)
    situation: str | None = None
    topic: str | None = None
    manager_said: str | None = None
    earlier: list[str] = Field(default_factory=list)


def _as_examples(value: Any) -> Any:
    if isinstance(value, list):
        return [{"text": item} if isinstance(item, str) else item for item in value]
    return value


class RuleExamples(Strict):
    fires: list[ExampleSpec] = Field(default_factory=list)
    silent: list[ExampleSpec] = Field(default_factory=list)

    @field_validator("fires", "silent", mode="before")
    @classmethod
    def _texts(cls, value: Any) -> Any:
        return _as_examples(value)


class RewriteSpec(Strict):
    """How a rule changes the combined rewrite of a reply.

    ``drop: true`` leaves out the sentences holding the finding's evidence,
    ``move: first`` puts them first (after greetings), and ``add`` adds a sentence at
    the slot ``at``. ``add`` combines with either of the others (drop and add is a
    replacement); ``move`` and ``drop`` exclude each other.
    """

    add: str | None = None
    at: Slot = "close"
    move: Literal["first"] | None = None
    drop: bool = False

    @model_validator(mode="after")
    def _actions(self) -> RewriteSpec:
        if self.add is None and self.move is None and not self.drop:
            raise ValueError("a rewrite needs 'add', 'move: first' or 'drop: true'")
        if self.move is not None and self.drop:
            raise ValueError("'move' and 'drop' exclude each other")
        return self


class RuleFile(Strict):
    id: str
    title: str = Field(min_length=1)
    level: Level
    description: str = ""
    when: Any
    evidence: list[str] = Field(default_factory=list)
    message: str = Field(min_length=1)
    why: str = Field(min_length=1)
    source: str | None = None
    suggestion: str | None = None
    swap: dict[str, str] = Field(default_factory=dict)
    rewrite: RewriteSpec | None = None
    priority: int = Field(default=50, ge=0, le=100)
    examples: RuleExamples = Field(default_factory=RuleExamples)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)

    @field_validator("swap")
    @classmethod
    def _swap_keys(cls, value: dict[str, str]) -> dict[str, str]:
        for phrase in value:
            if not phrase.strip():
                raise ValueError("a swap phrase cannot be empty")
        return value

    @model_validator(mode="after")
    def _praise_has_no_fix(self) -> RuleFile:
        if self.level == "praise" and (self.suggestion or self.swap or self.rewrite):
            raise ValueError("praise rules have no 'suggestion', 'swap' or 'rewrite'")
        return self


# ---------------------------------------------------------------------------
# Signals and topics: token patterns and phrases run on the tokenizer's output


class PresenceExamples(Strict):
    present: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)


class CueLists(Strict):
    patterns: list[TokenPattern] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    exclude: list[TokenPattern] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something_to_match(self) -> CueLists:
        if not self.patterns and not self.phrases:
            raise ValueError("needs 'patterns' or 'phrases'")
        return self


class SignalSpec(CueLists):
    title: str = Field(min_length=1)
    description: str = ""
    sentence: Literal["any", "question", "statement"] = "any"
    requires: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    examples: PresenceExamples = Field(default_factory=PresenceExamples)


class SignalsFile(Strict):
    signals: dict[str, SignalSpec]

    @field_validator("signals")
    @classmethod
    def _ids(cls, value: dict[str, SignalSpec]) -> dict[str, SignalSpec]:
        for key in value:
            _check_id(key)
        return value


class TopicSpec(CueLists):
    title: str = Field(min_length=1)
    examples: PresenceExamples = Field(default_factory=PresenceExamples)


class TopicsFile(Strict):
    topics: dict[str, TopicSpec]


# ---------------------------------------------------------------------------
# Scorecard


class CheckSpec(Strict):
    id: str
    title: str = Field(min_length=1)
    weight: float = Field(default=1.0, gt=0)
    applies: Any = None
    met: Any
    turns: Literal["any", "every"] = "any"
    advice: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)


class GroupSpec(Strict):
    id: str
    title: str = Field(min_length=1)
    weight: float = Field(gt=0)
    checks: list[CheckSpec] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)


class BlockerSpec(Strict):
    id: str
    title: str = Field(min_length=1)
    when: Any
    cap: int = Field(ge=0, le=100)
    advice: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)


class ScorecardFile(Strict):
    groups: list[GroupSpec] = Field(min_length=1)
    blockers: list[BlockerSpec] = Field(default_factory=list)
