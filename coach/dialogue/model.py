"""The scenario format: one YAML file per conversation the coach can play.

A scenario names the person across the table, the variables the conversation keeps
(trust, patience…), a start node, the nodes (each a manager line in several variants
and an ordered list of transitions) and the endings (an outcome and a debrief). The
file is read in two steps:

1. :class:`ScenarioSpec` (pydantic, unknown keys rejected) checks the shape, with
   ``file:line:col`` errors from :mod:`coach.content.validation`;
2. :func:`parse_scenario` compiles it into the frozen :class:`Scenario` the engine
   runs: conditions parsed by :mod:`coach.conditions`, each node's situation resolved.

Cross-references (unknown nodes, behaviours, variables…) and graph checks are made by
:mod:`coach.dialogue.validate`, which reports every problem rather than the first.
See ``docs/authoring-dialogues.md`` for the format, with an annotated example.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, WithJsonSchema

from coach.conditions import Condition, ConditionError, parse_condition
from coach.content.behaviours import ID_PATTERN
from coach.content.validation import validate_document
from coach.content.yamlsource import PathKey, YamlDocument
from coach.errors import ContentError, SourceLocation

OUTCOMES: dict[str, str] = {
    "agreed": "Agreed",
    "trial-agreed": "Trial agreed",
    "compromise": "Compromise",
    "deferred": "Deferred",
    "refused": "Refused",
    "walked-out": "Walked out",
}
"""Every outcome an ending can have, with the label shown to people."""

DIFFICULTIES = ("easy", "medium", "hard")
DEFAULT_MAX_TURNS = 12

# Built in, so a scenario without ``out_of_time`` still ends gracefully at its limit.
OUT_OF_TIME_ID = "out-of-time"

# Conditions are parsed by coach.conditions, not by pydantic; in the JSON Schema this
# marker becomes a reference to the condition language (see coach.dialogue.schema).
CONDITION_MARKER = "x-coach-condition"
WhenField = Annotated[Any, WithJsonSchema({CONDITION_MARKER: True})]


# ---------------------------------------------------------------------------
# The file as written (shape only)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LineSpec(_Strict):
    """A line variant that is only used while its condition holds."""

    text: str = Field(min_length=1, description="What the manager says.")
    when: WhenField = Field(
        default=None, description="Use this variant only when the condition holds."
    )


LineVariants = list[Annotated[str, Field(min_length=1)] | LineSpec]


class PersonSpec(_Strict):
    name: str = Field(min_length=1, description="The person the user talks to.")
    role: str = Field(min_length=1, description="Their job, as shown next to their lines.")
    persona: str = Field(
        min_length=1, description="How they think and talk: a note for authors and the TUI."
    )


class TransitionSpec(_Strict):
    when: WhenField = Field(
        default=None,
        description="Condition on the reply and the conversation; none means 'otherwise'.",
    )
    goto: str = Field(description="The next node, or an ending.")
    add: dict[str, StrictInt] = Field(
        default_factory=dict, description="Add to variables (negative numbers subtract)."
    )
    set: dict[str, StrictInt] = Field(default_factory=dict, description="Set variables.")
    say: LineVariants = Field(
        default_factory=list,
        description="A reaction said before the next node's line (variants).",
    )
    label: str = Field(default="", description="A short name for this branch, for graphs.")


class NodeSpec(_Strict):
    say: LineVariants = Field(min_length=1, description="The manager's line, in variants.")
    situation: str | None = Field(
        default=None, description="Where the conversation is (defaults to the scenario's)."
    )
    topic: str | None = Field(default=None, description="The concern the manager raises here.")
    transitions: list[TransitionSpec] = Field(
        default_factory=list, description="Tried in order; the first that holds is taken."
    )
    note: str = Field(default="", description="A note for authors; never shown to players.")


class EndingSpec(_Strict):
    outcome: Literal["agreed", "trial-agreed", "compromise", "deferred", "refused", "walked-out"]
    title: str = Field(min_length=1, description="One line on how it ended.")
    say: LineVariants = Field(min_length=1, description="The manager's closing line.")
    debrief: str = Field(min_length=1, description="What happened and why, for the user.")


class ScenarioSpec(_Strict):
    id: str = Field(description="Stable id: lowercase words joined by hyphens.")
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    difficulty: Literal["easy", "medium", "hard"]
    situation: str = Field(description="The situation of every node that names none.")
    manager: PersonSpec
    variables: dict[str, StrictInt] = Field(
        default_factory=dict, description="Numbers the conversation keeps, with start values."
    )
    start: str = Field(description="The first node.")
    max_turns: int = Field(
        default=DEFAULT_MAX_TURNS, ge=1, le=100, description="Replies before time runs out."
    )
    out_of_time: str | None = Field(
        default=None, description="The ending used when max_turns is reached."
    )
    nodes: dict[str, NodeSpec] = Field(min_length=1)
    endings: dict[str, EndingSpec] = Field(min_length=1)


# ---------------------------------------------------------------------------
# The compiled scenario (what the engine runs)


@dataclass(frozen=True)
class Line:
    text: str
    when: Condition | None = None


@dataclass(frozen=True)
class Transition:
    node: str
    index: int
    goto: str
    when: Condition | None = None
    add: Mapping[str, int] = field(default_factory=dict)
    set: Mapping[str, int] = field(default_factory=dict)
    say: tuple[Line, ...] = ()
    label: str = ""

    @property
    def key(self) -> PathKey:
        """Where the transition is in the file."""
        return ("nodes", self.node, "transitions", self.index)


@dataclass(frozen=True)
class Node:
    id: str
    say: tuple[Line, ...]
    situation: str
    topic: str | None
    transitions: tuple[Transition, ...]


@dataclass(frozen=True)
class Ending:
    id: str
    outcome: str
    title: str
    say: tuple[Line, ...]
    debrief: str

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome, self.outcome)


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    persona: str


DEFAULT_OUT_OF_TIME = Ending(
    id=OUT_OF_TIME_ID,
    outcome="deferred",
    title="Time ran out before a decision",
    say=(
        Line("I'm sorry, I have to jump into another meeting. Let's pick this up another time."),
        Line("We're out of time, I'm afraid. Put something in my calendar and we'll continue."),
    ),
    debrief="The meeting ended before either of you reached a decision. Make the case, the "
    "plan and the trial earlier and more directly, so the time goes on the answer.",
)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    difficulty: str
    situation: str
    manager: Person
    variables: Mapping[str, int]
    start: str
    max_turns: int
    out_of_time: str | None
    nodes: Mapping[str, Node]
    endings: Mapping[str, Ending]
    document: YamlDocument | None = field(default=None, compare=False, repr=False)

    @property
    def path(self) -> str:
        return self.document.path if self.document else f"<{self.id}>"

    def locate(self, *key: str | int) -> SourceLocation:
        if self.document is None:
            return SourceLocation(self.path, 1, 1)
        return self.document.locate(key)

    @property
    def time_up(self) -> Ending:
        """The ending used when the turn limit is reached."""
        if self.out_of_time is not None and self.out_of_time in self.endings:
            return self.endings[self.out_of_time]
        return DEFAULT_OUT_OF_TIME

    @property
    def every_ending(self) -> list[Ending]:
        """The scenario's endings, and the built-in out-of-time one when it is used."""
        endings = list(self.endings.values())
        if self.time_up.id not in self.endings:
            endings.append(self.time_up)
        return endings

    def transitions(self) -> list[Transition]:
        return [t for node in self.nodes.values() for t in node.transitions]


# ---------------------------------------------------------------------------
# Compiling


def _condition(document: YamlDocument, data: Any, key: PathKey) -> Condition | None:
    if data is None:
        return None
    try:
        return parse_condition(data, key)
    except ConditionError as exc:
        raise ContentError(document.locate(exc.path), "E100", exc.message) from None


def _prose(text: str) -> str:
    """Folded or wrapped YAML text as one paragraph."""
    return " ".join(text.split())


def _lines(document: YamlDocument, variants: LineVariants, key: PathKey) -> tuple[Line, ...]:
    lines: list[Line] = []
    for i, variant in enumerate(variants):
        if isinstance(variant, str):
            lines.append(Line(_prose(variant)))
        else:
            when = _condition(document, variant.when, (*key, i, "when"))
            lines.append(Line(_prose(variant.text), when))
    return tuple(lines)


def _check_id(document: YamlDocument, value: str, key: PathKey, what: str) -> None:
    if not ID_PATTERN.match(value):
        raise ContentError(
            document.locate(key),
            "E012",
            f"{what} {value!r}: ids are lowercase words joined by hyphens",
        )


def parse_scenario(document: YamlDocument) -> Scenario:
    """Validate the shape of a scenario file and compile it; raises :class:`ContentError`."""
    spec = validate_document(document, ScenarioSpec)
    _check_id(document, spec.id, ("id",), "scenario id")
    for name in spec.variables:
        _check_id(document, name, ("variables", name), "variable")
    for kind in ("nodes", "endings"):
        for name in getattr(spec, kind):
            _check_id(document, name, (kind, name), kind[:-1])
    nodes: dict[str, Node] = {}
    for node_id, node in spec.nodes.items():
        here: PathKey = ("nodes", node_id)
        transitions = tuple(
            Transition(
                node=node_id,
                index=i,
                goto=t.goto,
                when=_condition(document, t.when, (*here, "transitions", i, "when")),
                add=dict(t.add),
                set=dict(t.set),
                say=_lines(document, t.say, (*here, "transitions", i, "say")),
                label=t.label,
            )
            for i, t in enumerate(node.transitions)
        )
        nodes[node_id] = Node(
            id=node_id,
            say=_lines(document, node.say, (*here, "say")),
            situation=node.situation or spec.situation,
            topic=node.topic,
            transitions=transitions,
        )
    endings = {
        ending_id: Ending(
            id=ending_id,
            outcome=ending.outcome,
            title=ending.title,
            say=_lines(document, ending.say, ("endings", ending_id, "say")),
            debrief=_prose(ending.debrief),
        )
        for ending_id, ending in spec.endings.items()
    }
    return Scenario(
        id=spec.id,
        title=spec.title,
        summary=_prose(spec.summary),
        difficulty=spec.difficulty,
        situation=spec.situation,
        manager=Person(spec.manager.name, spec.manager.role, _prose(spec.manager.persona)),
        variables=dict(spec.variables),
        start=spec.start,
        max_turns=spec.max_turns,
        out_of_time=spec.out_of_time,
        nodes=nodes,
        endings=endings,
        document=document,
    )
