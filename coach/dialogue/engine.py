"""The dialogue engine: a pure state machine over a compiled :class:`Scenario`.

``start(scenario, seed)`` gives the first state and the manager's opening line;
``step(scenario, state, behaviours, findings)`` takes what the user's reply did and
returns the next state, the manager's next line and the ending, if one was reached.
No I/O, no clock, no randomness: the seed recorded in the state picks every line
variant (a hash of the seed, the node and its visit count), so replaying the same
replies with the same seed repeats the same conversation word for word.

How one step works:

1. the transitions of the current node are tried in order, each ``when`` evaluated by
   :mod:`coach.conditions` against this reply's behaviours, the behaviours of earlier
   replies, the variables, visit counts, the turn number, the node's situation and
   topic, and the coaching rules that fired on this reply; the first that holds is
   taken (one without ``when`` always holds);
2. its ``set`` then ``add`` updates are applied to the variables;
3. its target is entered: a node (its visit count goes up, a variant of its line is
   picked) or an ending. When the reply used up the scenario's ``max_turns``, the
   conversation ends with the scenario's out-of-time ending instead of another node;
4. the manager's line is the transition's reaction (if any) followed by the line of
   the node or ending entered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from coach.conditions import ConditionContext, evaluate
from coach.dialogue.model import Ending, Line, Scenario, Transition


class ConversationOver(RuntimeError):
    """``step`` was called on a state that already reached an ending."""


@dataclass(frozen=True)
class ScenarioState:
    """Everything the engine needs to continue a conversation; small and serialisable."""

    scenario: str
    seed: int
    node: str
    """The node whose line awaits a reply (after an ending: the last node spoken)."""
    variables: Mapping[str, int] = field(default_factory=dict)
    visits: Mapping[str, int] = field(default_factory=dict)
    turn: int = 0
    """Replies answered so far."""
    shown: frozenset[str] = frozenset()
    """Behaviours shown in any reply so far."""
    path: tuple[str, ...] = ()
    """Nodes entered in order, the start first and the ending (if any) last."""
    ending: str | None = None
    via: tuple[str, int] | None = None
    """The transition taken by the last step, as (node, index)."""

    @property
    def finished(self) -> bool:
        return self.ending is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "node": self.node,
            "variables": dict(self.variables),
            "visits": dict(self.visits),
            "turn": self.turn,
            "shown": sorted(self.shown),
            "path": list(self.path),
            "ending": self.ending,
            "via": list(self.via) if self.via else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScenarioState:
        via = data.get("via")
        return cls(
            scenario=str(data["scenario"]),
            seed=int(data["seed"]),
            node=str(data["node"]),
            variables={str(k): int(v) for k, v in data.get("variables", {}).items()},
            visits={str(k): int(v) for k, v in data.get("visits", {}).items()},
            turn=int(data.get("turn", 0)),
            shown=frozenset(str(b) for b in data.get("shown", ())),
            path=tuple(str(p) for p in data.get("path", ())),
            ending=None if data.get("ending") is None else str(data["ending"]),
            via=None if not via else (str(via[0]), int(via[1])),
        )


class Step(NamedTuple):
    state: ScenarioState
    line: str
    ending: Ending | None


def pick_line(lines: tuple[Line, ...], ctx: ConditionContext, seed: int, key: str) -> str:
    """One variant, chosen by hashing the seed and ``key``. Variants whose ``when``
    holds take priority over unconditional ones; conditional ones that do not hold are
    never used."""
    chosen = [line for line in lines if line.when is not None and evaluate(line.when, ctx)]
    pool = chosen or [line for line in lines if line.when is None]
    if not pool:
        return ""
    digest = hashlib.sha256(f"{seed}\x1f{key}".encode()).digest()
    return pool[int.from_bytes(digest[:8], "big") % len(pool)].text


def start(scenario: Scenario, seed: int, variables: Mapping[str, int] | None = None) -> Step:
    """The state before the first reply, and the manager's opening line.

    ``variables`` overrides the start values of declared variables (the fact
    variables of :mod:`coach.dialogue.facts`, built by ``initial_variables``); a name
    the scenario does not declare is a ``ValueError``."""
    node = scenario.nodes[scenario.start]
    values = dict(scenario.variables)
    if variables:
        unknown = sorted(set(variables) - set(values))
        if unknown:
            raise ValueError(f"scenario {scenario.id!r} declares no variable {unknown[0]!r}")
        values.update(variables)
    state = ScenarioState(
        scenario=scenario.id,
        seed=seed,
        node=node.id,
        variables=values,
        visits={node.id: 1},
        path=(node.id,),
    )
    ctx = ConditionContext(
        situation=node.situation, topic=node.topic, variables=state.variables, visits=state.visits
    )
    return Step(state, pick_line(node.say, ctx, seed, f"{node.id}/1"), None)


def context(
    scenario: Scenario,
    state: ScenarioState,
    behaviours: Iterable[str] = (),
    findings: Iterable[str] = (),
) -> ConditionContext:
    """What the transitions of the current node see for the next reply."""
    node = scenario.nodes[state.node]
    return ConditionContext(
        behaviors=frozenset(behaviours),
        earlier=state.shown,
        situation=node.situation,
        topic=node.topic,
        findings=frozenset(findings),
        variables=state.variables,
        visits=state.visits,
        turn=state.turn + 1,
    )


def choose(scenario: Scenario, ctx: ConditionContext, node_id: str) -> Transition | None:
    """The first transition of ``node_id`` whose condition holds."""
    for transition in scenario.nodes[node_id].transitions:
        if transition.when is None or evaluate(transition.when, ctx):
            return transition
    return None


def step(
    scenario: Scenario,
    state: ScenarioState,
    behaviours: Iterable[str],
    findings: Iterable[str] = (),
) -> Step:
    """Answer one reply: what it did (behaviours) and which coaching rules it fired."""
    if state.finished:
        raise ConversationOver(f"the conversation already ended ({state.ending})")
    shown_now = frozenset(behaviours)
    fired = frozenset(findings)
    ctx = context(scenario, state, shown_now, fired)
    transition = choose(scenario, ctx, state.node)
    turn = state.turn + 1
    reaction_lines: tuple[Line, ...] = ()
    if transition is None:  # validation forbids this (E106); repeat the node rather than fail
        target, variables = state.node, dict(state.variables)
    else:
        variables = dict(state.variables)
        variables.update(transition.set)
        for name, amount in transition.add.items():
            variables[name] = variables.get(name, 0) + amount
        target, reaction_lines = transition.goto, transition.say

    ending: Ending | None = scenario.endings.get(target)
    if ending is None and turn >= scenario.max_turns:
        ending = scenario.time_up
    entered = ending.id if ending is not None else target
    visits = dict(state.visits)
    visits[entered] = visits.get(entered, 0) + 1
    new_state = replace(
        state,
        node=state.node if ending is not None else target,
        variables=variables,
        visits=visits,
        turn=turn,
        shown=state.shown | shown_now,
        path=(*state.path, entered),
        ending=ending.id if ending is not None else None,
        via=None if transition is None else (transition.node, transition.index),
    )
    if ending is not None:
        here = scenario.nodes[state.node]
        situation, topic, lines = here.situation, here.topic, ending.say
    else:
        there = scenario.nodes[target]
        situation, topic, lines = there.situation, there.topic, there.say
    # Line variants see the reply just made and the state after it.
    after = ConditionContext(
        behaviors=shown_now,
        earlier=state.shown,
        situation=situation,
        topic=topic,
        findings=fired,
        variables=variables,
        visits=visits,
        turn=turn,
    )
    parts = []
    if reaction_lines and transition is not None:
        key = f"{state.node}#{transition.index}/{state.visits.get(state.node, 0)}"
        parts.append(pick_line(reaction_lines, after, state.seed, key))
    parts.append(pick_line(lines, after, state.seed, f"{entered}/{visits[entered]}"))
    return Step(new_state, " ".join(p for p in parts if p), ending)
