"""Coverage playtests: drive a scenario with many replies and report its loose ends.

The idea of ink's "loose ends" and Vale's ``--coverage``, for dialogue trees: which
nodes and endings no conversation reaches, which transitions are never taken, and
which coaching rules never fire anywhere in the scenarios.

How a scenario is explored. The engine only sees a reply through the behaviours it
shows (and the coaching rules it fires), so a reply can be stood in for by a set of
behaviours, with no language model involved. At a given node, only the behaviours
named by that node's transitions, plus those named by ``ever`` conditions anywhere
(they are remembered for later), can change what happens next. The explorer
therefore plays, at every node, *every* combination of those behaviours (and of the
findings the node's conditions name): an exhaustive search while that is at most
:data:`EXHAUSTIVE_ATOMS` items, single items, pairs and triples beyond that. It also
plays the behaviour sets of real example replies (the behaviour and coaching rule
examples, run through detection by the caller), to tell which parts of the tree a
realistic reply reaches and which only a contrived combination does.

The search is breadth-first over engine states, so every state is first met at its
earliest turn; states that cannot behave differently (same node, variables, visit
counts that conditions read, and remembered behaviours) are explored once.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from coach.conditions import All, AnyOf, Behavior, Condition, Ever, Finding, Not, Turn, Visits
from coach.dialogue.engine import ScenarioState, choose, context, start, step
from coach.dialogue.model import Scenario, Transition
from coach.nlp.detection import Detection

EXHAUSTIVE_ATOMS = 12
MAX_STATES = 200_000


@dataclass(frozen=True)
class Probe:
    """A stand-in for a reply: what it shows, and which rules it fires."""

    behaviours: frozenset[str]
    findings: frozenset[str] = frozenset()


def _leaves(condition: Condition) -> Iterator[Condition]:
    match condition:
        case All(items) | AnyOf(items):
            for item in items:
                yield from _leaves(item)
        case Not(item):
            yield from _leaves(item)
        case _:
            yield condition


def _transition_leaves(scenario: Scenario) -> Iterator[tuple[Transition, Condition]]:
    for t in scenario.transitions():
        if t.when is not None:
            for leaf in _leaves(t.when):
                yield t, leaf


@dataclass(frozen=True)
class _Shape:
    """What matters for exploring a scenario: the items probes are built from."""

    node_behaviours: dict[str, tuple[str, ...]]
    node_findings: dict[str, tuple[str, ...]]
    remembered: frozenset[str]  # behaviours read by ``ever`` conditions
    counted: frozenset[str]  # nodes read by ``visits`` conditions
    uses_turn: bool

    @classmethod
    def of(cls, scenario: Scenario) -> _Shape:
        behaviours: dict[str, set[str]] = {n: set() for n in scenario.nodes}
        findings: dict[str, set[str]] = {n: set() for n in scenario.nodes}
        remembered: set[str] = set()
        counted: set[str] = set()
        uses_turn = False
        for t, leaf in _transition_leaves(scenario):
            match leaf:
                case Behavior(id):
                    behaviours[t.node].add(id)
                case Finding(id):
                    findings[t.node].add(id)
                case Ever(id):
                    remembered.add(id)
                case Visits(node, _):
                    counted.add(node)
                case Turn(_):
                    uses_turn = True
        return cls(
            node_behaviours={n: tuple(sorted(b)) for n, b in behaviours.items()},
            node_findings={n: tuple(sorted(f)) for n, f in findings.items()},
            remembered=frozenset(remembered),
            counted=frozenset(counted),
            uses_turn=uses_turn,
        )

    def key(self, state: ScenarioState) -> tuple[object, ...]:
        return (
            state.node,
            tuple(sorted(state.variables.items())),
            tuple(sorted((n, c) for n, c in state.visits.items() if n in self.counted)),
            state.shown & self.remembered,
            state.turn if self.uses_turn else None,
        )


def _subsets(items: Sequence[str]) -> Iterator[frozenset[str]]:
    if len(items) <= EXHAUSTIVE_ATOMS:
        sizes: Iterable[int] = range(len(items) + 1)
    else:
        sizes = (0, 1, 2, 3, len(items))
    for size in sizes:
        for combo in itertools.combinations(items, size):
            yield frozenset(combo)


def generated_probes(scenario: Scenario) -> dict[str, list[Probe]]:
    """Per node: every combination of the behaviours and findings that can matter there."""
    shape = _Shape.of(scenario)
    probes: dict[str, list[Probe]] = {}
    for node in scenario.nodes:
        behaviours = sorted(set(shape.node_behaviours[node]) | shape.remembered)
        tagged = [f"b:{b}" for b in behaviours] + [f"f:{f}" for f in shape.node_findings[node]]
        probes[node] = [
            Probe(
                frozenset(x[2:] for x in combo if x.startswith("b:")),
                frozenset(x[2:] for x in combo if x.startswith("f:")),
            )
            for combo in _subsets(tagged)
        ]
    return probes


@dataclass
class Coverage:
    """What an exploration of one scenario reached."""

    nodes: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    transitions: set[tuple[str, int]] = field(default_factory=set)
    states: int = 0
    truncated: bool = False


def explore(
    scenario: Scenario,
    probes: Callable[[str], Iterable[Probe]],
    max_states: int = MAX_STATES,
    seed: int = 0,
) -> Coverage:
    """Breadth-first search of the conversations ``probes`` (per node) can make."""
    shape = _Shape.of(scenario)
    coverage = Coverage()
    first = start(scenario, seed).state
    queue = deque([first])
    seen = {shape.key(first)}
    coverage.nodes.add(first.node)
    while queue:
        state = queue.popleft()
        coverage.states += 1
        tried: set[tuple[int, frozenset[str]]] = set()
        for probe in probes(state.node):
            ctx = context(scenario, state, probe.behaviours, probe.findings)
            transition = choose(scenario, ctx, state.node)
            index = -1 if transition is None else transition.index
            signature = (index, probe.behaviours & shape.remembered)
            if signature in tried:
                continue
            tried.add(signature)
            if transition is not None:
                coverage.transitions.add((transition.node, transition.index))
            after = step(scenario, state, probe.behaviours, probe.findings).state
            if after.ending is not None:
                coverage.endings.add(after.ending)
                continue
            coverage.nodes.add(after.node)
            key = shape.key(after)
            if key in seen:
                continue
            if len(seen) >= max_states:
                coverage.truncated = True
                continue
            seen.add(key)
            queue.append(after)
    return coverage


@dataclass
class ScenarioReport:
    scenario: Scenario
    full: Coverage
    realistic: Coverage
    """What the example replies alone reach."""
    example_sets: int
    generated: int

    @property
    def unreached_nodes(self) -> list[str]:
        return [n for n in self.scenario.nodes if n not in self.full.nodes]

    @property
    def unreached_endings(self) -> list[str]:
        return [e for e in self.ending_ids if e not in self.full.endings]

    @property
    def untaken_transitions(self) -> list[Transition]:
        """Transitions of reached nodes that no conversation takes."""
        return [
            t
            for t in self.scenario.transitions()
            if t.node in self.full.nodes and (t.node, t.index) not in self.full.transitions
        ]

    @property
    def generated_only(self) -> list[str]:
        """Nodes and endings reached only by generated combinations, never by an example."""
        ids = [*self.scenario.nodes, *self.ending_ids]
        reached = self.full.nodes | self.full.endings
        realistic = self.realistic.nodes | self.realistic.endings
        return [i for i in ids if i in reached and i not in realistic]

    @property
    def ending_ids(self) -> list[str]:
        """The scenario's endings (the built-in out-of-time one is not the author's, so
        it is not counted)."""
        return list(self.scenario.endings)

    @property
    def ok(self) -> bool:
        return not self.unreached_nodes and not self.unreached_endings


def playtest(
    scenario: Scenario,
    examples: Iterable[frozenset[str]] = (),
    max_states: int = MAX_STATES,
) -> ScenarioReport:
    """Explore with generated combinations and with the example replies' behaviour sets."""
    generated = generated_probes(scenario)
    shape = _Shape.of(scenario)
    example_sets = set(examples)
    realistic: dict[str, list[Probe]] = {}
    for node in scenario.nodes:
        relevant = set(shape.node_behaviours[node]) | shape.remembered
        realistic[node] = [
            Probe(b) for b in sorted({s & relevant for s in example_sets}, key=sorted)
        ]

    def everything(node: str) -> Iterator[Probe]:
        yield from realistic[node]
        yield from generated[node]

    return ScenarioReport(
        scenario=scenario,
        full=explore(scenario, everything, max_states),
        realistic=explore(scenario, realistic.__getitem__, max_states),
        example_sets=len(example_sets),
        generated=sum(len(p) for p in generated.values()),
    )


def contexts(scenario: Scenario, reached: Iterable[str]) -> list[tuple[str, str | None, str]]:
    """The distinct (situation, topic, manager line) a reply is made in, over the
    reached nodes: what coaching sees when the rules-fired pass runs."""
    found: dict[tuple[str, str | None], str] = {}
    for node_id in reached:
        node = scenario.nodes.get(node_id)
        if node is not None:
            found.setdefault((node.situation, node.topic), node.say[0].text)
    return [(s, t, line) for (s, t), line in found.items()]


# What coaching sees for one reply: the detection, the situation, the topic, the
# manager's line and the earlier replies; it answers with the ids of the rules fired.
FiredRules = Callable[[Detection, str, "str | None", str, tuple[Detection, ...]], Iterable[str]]


def rules_fired(
    reports: Iterable[ScenarioReport],
    detections: Sequence[Detection],
    fired: FiredRules,
    features: Callable[[Detection], frozenset[str]] = lambda d: frozenset(d.present()),
) -> set[str]:
    """Every coaching rule that fires on some example reply in some context the
    scenarios reach.

    Replies with the same ``features`` (by default the behaviours they show; the
    caller may add what else its rules read, such as signals) are tried once. Each is
    tried as a first reply, and after a history holding one earlier reply for every
    feature, so that rules about earlier replies can fire too."""
    distinct: dict[frozenset[str], Detection] = {}
    for detection in detections:
        distinct.setdefault(features(detection), detection)
    showing: dict[str, Detection] = {}
    for key, detection in distinct.items():
        for feature in sorted(key):
            showing.setdefault(feature, detection)
    history = tuple({id(d): d for d in showing.values()}.values())
    histories: list[tuple[Detection, ...]] = [(), history]
    seen_contexts: set[tuple[str, str | None]] = set()
    found: set[str] = set()
    for report in reports:
        for situation, topic, line in contexts(report.scenario, report.full.nodes):
            if (situation, topic) in seen_contexts:
                continue
            seen_contexts.add((situation, topic))
            for detection in distinct.values():
                for earlier in histories:
                    found.update(fired(detection, situation, topic, line, earlier))
    return found
