"""What the user prepared before the conversation, as the dialogue sees it.

A practice session may start from the facts of the user's written proposal
(``coach proposal``): the concerns they expect, their days, their metric, the trial
length. Two things use them:

- the dialogue: each expected concern sets a *fact variable* at the start. The names
  form a closed scheme, one per topic of :data:`coach.vocabulary.TOPICS`:
  ``expects-security``, ``expects-clients``… (``1`` when the user expects that
  concern). A scenario that wants them declares them under ``variables`` with the
  value ``0`` and reads them like any variable, typically in a line variant::

      say:
        - text: You probably saw this coming. How would client data stay safe?
          when: {var: expects-security, eq: 1}
        - My problem is the data...

  Scenarios that do not declare them are not affected. ``coach validate`` reports a
  declared ``expects-<x>`` whose ``<x>`` is not a topic (``E104``).
- coaching: :meth:`PracticeFacts.words` gives the user's own words for the
  placeholders that otherwise fall back to earlier replies (``{schedule}``,
  ``{metric}``, ``{duration}``, ``{reason}``), so a suggested rewrite can use the days
  and the measure the user wrote down.

:class:`PracticeFacts` is plain data with no dependency on the proposal package;
``coach.proposal.practice_facts(...)`` builds it from saved facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from coach.dialogue.engine import Step, start
from coach.dialogue.model import Scenario
from coach.vocabulary import TOPICS

FACT_PREFIX = "expects-"


def expects_variable(topic: str) -> str:
    """The fact variable of a topic: ``security`` -> ``expects-security``."""
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")
    return FACT_PREFIX + topic


FACT_VARIABLES: tuple[str, ...] = tuple(FACT_PREFIX + topic for topic in TOPICS)
"""Every fact variable a scenario may declare."""


def is_fact_variable(name: str) -> bool:
    """Whether ``name`` follows the fact-variable scheme (a known topic or not)."""
    return name.startswith(FACT_PREFIX)


@dataclass(frozen=True)
class PracticeFacts:
    """What the user prepared: the concerns they expect (as topics) and their own
    words for the arrangement, the measure, the trial length and the business case."""

    expected_topics: frozenset[str] = frozenset()
    schedule: str | None = None
    """The days or hours ("Tuesdays and Thursdays at home")."""
    metric: str | None = None
    """How results are measured ("the month-end reports delivered on time")."""
    duration: str | None = None
    """The trial length ("eight weeks")."""
    reason: str | None = None
    """The business case, as a sentence."""

    def __post_init__(self) -> None:
        unknown = sorted(set(self.expected_topics) - set(TOPICS))
        if unknown:
            raise ValueError(f"unknown topic(s): {', '.join(unknown)}")

    def variables(self) -> dict[str, int]:
        """The fact variables these facts set (``expects-<topic>: 1``)."""
        return {expects_variable(t): 1 for t in sorted(self.expected_topics)}

    def words(self) -> dict[str, str]:
        """Values for coaching's placeholders (names as in
        ``coach.coaching.placeholders.FROM_EARLIER``), for those that are known."""
        values = {
            "schedule": self.schedule,
            "metric": self.metric,
            "duration": self.duration,
            "reason": self.reason,
        }
        return {k: v for k, v in values.items() if v}

    def to_json(self) -> dict[str, Any]:
        """For a transcript header, so a replay starts from the same facts."""
        return {"expected_topics": sorted(self.expected_topics), **self.words()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PracticeFacts:
        topics = data.get("expected_topics", [])
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            raise ValueError("'expected_topics' must be a list of topics")

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) and value else None

        return cls(
            expected_topics=frozenset(t for t in topics if t in TOPICS),
            schedule=text("schedule"),
            metric=text("metric"),
            duration=text("duration"),
            reason=text("reason"),
        )


def fact_variables(scenario: Scenario) -> tuple[str, ...]:
    """The fact variables a scenario declares."""
    return tuple(name for name in scenario.variables if name in FACT_VARIABLES)


def initial_variables(scenario: Scenario, facts: PracticeFacts | None) -> dict[str, int]:
    """The variables a conversation starts with: the scenario's start values, with
    the fact variables it declares set from ``facts``. Facts a scenario does not
    declare are ignored, so any scenario can be played with any facts."""
    variables = dict(scenario.variables)
    if facts is not None:
        for name, value in facts.variables().items():
            if name in variables:
                variables[name] = value
    return variables


def start_with_facts(scenario: Scenario, seed: int, facts: PracticeFacts | None) -> Step:
    """``engine.start`` with the fact variables set: the opening state and line."""
    return start(scenario, seed, initial_variables(scenario, facts))


def expected_topics_of(variables: Mapping[str, int]) -> frozenset[str]:
    """The topics a state's fact variables say the user expected."""
    return frozenset(
        name[len(FACT_PREFIX) :]
        for name, value in variables.items()
        if name in FACT_VARIABLES and value
    )


def practice_topics(topics: Iterable[str]) -> PracticeFacts:
    """Facts that only say which concerns are expected (tests, the app's picker)."""
    return PracticeFacts(expected_topics=frozenset(topics))
