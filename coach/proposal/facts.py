"""The facts of a written proposal, in the user's own words.

Given interactively, in a YAML or JSON file (``coach proposal --facts FILE``), or
by the app's form, and kept in ``<data dir>/proposal/facts.json`` for reuse (by the
next draft, and by practice sessions: see :mod:`coach.proposal.practice`)::

    name: Alex Morgan                       # optional, for the signature
    manager: Dana Reyes                     # optional
    role: Data analyst in the finance reporting team
    schedule: Tuesdays and Thursdays at home
    gains:                                  # one point per item (a string is one item)
      - I would finish the month-end reports a day earlier
    reachability: a short update in the team channel every morning, replies within an hour
    measures: month-end reports delivered on the agreed day
    trial_length: eight weeks
    review: a check-in after four weeks and a review at the end
    concerns:
      - concern: Client data at home
        answer: the encrypted company laptop on the VPN, never public Wi-Fi
        topic: security                     # optional: detected from the concern

Every fact may be left empty; an empty one becomes a finding on the draft. Unknown
keys and wrong types are ``file:line:col`` errors, as in content files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coach.content.validation import validate_document
from coach.content.yamlsource import YamlDocument, load_yaml
from coach.errors import CoachError, ContentError
from coach.vocabulary import TOPICS

FACTS: tuple[str, ...] = (
    "name",
    "manager",
    "role",
    "schedule",
    "gains",
    "reachability",
    "measures",
    "trial_length",
    "review",
    "concerns",
)
"""Every fact, in the order they are asked."""

OPTIONAL: frozenset[str] = frozenset({"name", "manager"})
"""Facts whose absence is not a finding."""

LIST_FACTS: frozenset[str] = frozenset({"gains", "concerns"})


# ---------------------------------------------------------------------------
# The file as written


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConcernSpec(_Strict):
    concern: str = Field(description="The concern you expect, in your words.")
    answer: str = Field(default="", description="Your answer to it.")
    topic: str | None = Field(
        default=None, description="One of the topics (security, clients…); detected if left out."
    )

    @field_validator("topic")
    @classmethod
    def _known_topic(cls, value: str | None) -> str | None:
        if value is not None and value not in TOPICS:
            raise ValueError(f"unknown topic {value!r} (topics: {', '.join(TOPICS)})")
        return value


class FactsSpec(_Strict):
    name: str = ""
    manager: str = ""
    role: str = ""
    schedule: str = ""
    gains: list[str] | str = Field(default_factory=list)
    reachability: str = ""
    measures: str = ""
    trial_length: str = ""
    review: str = ""
    concerns: list[ConcernSpec] = Field(default_factory=list)


# ---------------------------------------------------------------------------
# The facts


def _clean(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Concern:
    concern: str
    answer: str = ""
    topic: str | None = None


@dataclass(frozen=True)
class ProposalFacts:
    """What the proposal says, each fact as the user wrote it (whitespace folded)."""

    name: str = ""
    manager: str = ""
    role: str = ""
    schedule: str = ""
    gains: tuple[str, ...] = ()
    reachability: str = ""
    measures: str = ""
    trial_length: str = ""
    review: str = ""
    concerns: tuple[Concern, ...] = field(default_factory=tuple)

    @classmethod
    def from_spec(cls, spec: FactsSpec) -> ProposalFacts:
        gains = [spec.gains] if isinstance(spec.gains, str) else spec.gains
        return cls(
            name=_clean(spec.name),
            manager=_clean(spec.manager),
            role=_clean(spec.role),
            schedule=_clean(spec.schedule),
            gains=tuple(g for g in map(_clean, gains) if g),
            reachability=_clean(spec.reachability),
            measures=_clean(spec.measures),
            trial_length=_clean(spec.trial_length),
            review=_clean(spec.review),
            concerns=tuple(
                Concern(_clean(c.concern), _clean(c.answer), c.topic)
                for c in spec.concerns
                if _clean(c.concern)
            ),
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProposalFacts:
        """Facts from plain data; ``ValueError`` with a reason when they are not."""
        try:
            return cls.from_spec(FactsSpec.model_validate(dict(data)))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(top level)"
            raise ValueError(f"{where}: {first['msg']}") from None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "manager": self.manager,
            "role": self.role,
            "schedule": self.schedule,
            "gains": list(self.gains),
            "reachability": self.reachability,
            "measures": self.measures,
            "trial_length": self.trial_length,
            "review": self.review,
            "concerns": [
                {"concern": c.concern, "answer": c.answer, "topic": c.topic} for c in self.concerns
            ],
        }

    def value(self, name: str) -> Any:
        """A fact by name (see :data:`FACTS`)."""
        if name not in FACTS:
            raise KeyError(name)
        return getattr(self, name)

    def is_empty(self, name: str) -> bool:
        return not self.value(name)

    def missing(self) -> tuple[str, ...]:
        """The facts left empty that should not be (the optional ones aside)."""
        return tuple(f for f in FACTS if f not in OPTIONAL and self.is_empty(f))

    def with_values(self, **values: Any) -> ProposalFacts:
        return replace(self, **values)

    def with_topics(self, detect: Callable[[str], str | None]) -> ProposalFacts:
        """Fill in the topic of each concern that has none, with ``detect`` (for
        example ``lambda text: coach.detect_topic(None, text)``)."""
        concerns = tuple(
            c if c.topic is not None else replace(c, topic=detect(c.concern)) for c in self.concerns
        )
        return replace(self, concerns=concerns)

    def with_known_topics(self, *known: ProposalFacts | None) -> ProposalFacts:
        """The topic of each concern that has none, taken from ``known`` facts holding
        the same concern (saved ones, or those a review has read). A topic given by
        hand in a facts file is kept this way while the concern's words stay the
        same; a concern nobody has read yet stays without one."""
        topics = {
            _clean(c.concern).lower(): c.topic
            for facts in known
            if facts is not None
            for c in facts.concerns
            if c.topic is not None
        }
        return self.with_topics(lambda text: topics.get(_clean(text).lower()))

    @property
    def expected_topics(self) -> frozenset[str]:
        """The topics of the concerns the user expects (those with a topic)."""
        return frozenset(c.topic for c in self.concerns if c.topic is not None)

    @property
    def trial_days(self) -> int | None:
        """The trial length in days, when it reads as one ("eight weeks" -> 56)."""
        return duration_days(self.trial_length)


# ---------------------------------------------------------------------------
# Reading a facts file


def read_facts_file(path: Path) -> ProposalFacts:
    """Facts from a YAML or JSON file, strictly: ``file:line:col`` errors."""
    if path.is_dir():
        raise CoachError(f"{path} is a directory, not a facts file")
    if not path.exists():
        raise CoachError(f"file not found: {path}")
    return parse_facts(load_yaml(path))


def parse_facts(document: YamlDocument) -> ProposalFacts:
    if document.data is None:
        raise ContentError(
            document.locate(()), "E012", "the facts file is empty (expected a mapping)"
        )
    return ProposalFacts.from_spec(validate_document(document, FactsSpec))


# ---------------------------------------------------------------------------
# Lengths of time

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "quarter": 91}
_DURATION = re.compile(
    r"\b(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")[\s-]+(day|week|fortnight|month|quarter)s?\b",
    re.IGNORECASE,
)


def duration_days(text: str) -> int | None:
    """The first length of time in ``text``, in days ("six weeks" -> 42, "90 days"
    -> 90, "three months" -> 90), or ``None``."""
    match = _DURATION.search(text)
    if match is None:
        return None
    amount, unit = match.group(1).lower(), match.group(2).lower()
    count = int(amount) if amount.isdigit() else _NUMBER_WORDS[amount]
    return count * _UNIT_DAYS[unit]
