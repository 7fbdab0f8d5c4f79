"""Checks that keep scenarios correct: references, dead ends, loose ends.

:func:`check_scenario` looks at one compiled scenario and returns every problem it
finds, errors (``E1xx``) and warnings (``W2xx``), each with its ``file:line:col``.
The codes are listed in ``docs/errors.md`` (section "Scenarios") and in
:data:`CODES`; a test keeps the two in step.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from coach.content.yamlsource import PathKey
from coach.dialogue.facts import FACT_PREFIX
from coach.dialogue.model import Line, Scenario
from coach.errors import ContentError, ContentErrors, SourceLocation
from coach.vocabulary import SITUATIONS, TOPICS

CODES: dict[str, tuple[str, str]] = {
    "E100": ("bad-condition", "a `when` condition is malformed (unknown key, wrong shape)"),
    "E101": (
        "unknown-node",
        "`start`, a `goto`, `out_of_time` or a `visits` condition names no node or ending",
    ),
    "E102": ("unknown-behaviour", "a condition names a behaviour that detection does not have"),
    "E103": ("unknown-variable", "a condition, `add` or `set` names an undeclared variable"),
    "E104": ("unknown-situation", "a situation or topic is not in the closed vocabulary"),
    "E105": (
        "duplicate-id",
        "a node and an ending share an id, or two scenario files share a scenario id",
    ),
    "E106": (
        "no-fallback",
        "a node has no transitions, or its last transition has a `when` (no 'otherwise')",
    ),
    "E107": ("unknown-rule", "a `finding` condition names a coaching rule that does not exist"),
    "E108": ("no-default-line", "every variant of a `say` list has a `when`, so none may apply"),
    "W201": ("unreachable-node", "no chain of transitions leads from `start` to this node"),
    "W202": ("no-path-to-ending", "no chain of transitions leads from this node to an ending"),
    "W203": ("unused-variable", "a declared variable is never read by any condition"),
    "W204": ("shadowed-transition", "a transition after an unconditional one is never tried"),
}


@dataclass(frozen=True)
class Problem:
    """One error or warning, rendered ``path:line:col: code: message``."""

    location: SourceLocation
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")

    def render(self) -> str:
        return f"{self.location}: {self.code}: {self.message}"

    @classmethod
    def from_error(cls, error: ContentError) -> Problem:
        return cls(error.location, error.code, error.message)

    @staticmethod
    def from_errors(error: ContentError | ContentErrors) -> list[Problem]:
        if isinstance(error, ContentErrors):
            return [Problem.from_error(e) for e in error.errors]
        return [Problem.from_error(error)]

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.col, self.code)


# ---------------------------------------------------------------------------
# Where conditions and lines are in a file


def _get(data: Any, key: PathKey) -> Any:
    """The value at ``key`` in plain YAML data, or None."""
    for part in key:
        if isinstance(data, Mapping):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _line_lists(scenario: Scenario) -> Iterator[tuple[PathKey, tuple[Line, ...]]]:
    for node in scenario.nodes.values():
        yield ("nodes", node.id, "say"), node.say
        for t in node.transitions:
            yield (*t.key, "say"), t.say
    for ending in scenario.endings.values():
        yield ("endings", ending.id, "say"), ending.say


def _condition_places(scenario: Scenario) -> Iterator[PathKey]:
    """The path of every ``when`` in the scenario."""
    for t in scenario.transitions():
        if t.when is not None:
            yield (*t.key, "when")
    for key, lines in _line_lists(scenario):
        for i, line in enumerate(lines):
            if line.when is not None:
                yield (*key, i, "when")


_LEAVES = ("behavior", "ever", "situation", "topic", "finding", "var", "visits")


def _leaves(data: Any, key: PathKey) -> Iterator[tuple[PathKey, str, str]]:
    """Every leaf of a (valid) raw condition: its path, its kind and the id it names.
    The kinds match :func:`coach.conditions.references`, which reads parsed ones."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield from _leaves(item, (*key, i))
    elif isinstance(data, Mapping):
        for head in ("all", "any"):
            if head in data:
                yield from _leaves(data[head], (*key, head))
        if "not" in data:
            yield from _leaves(data["not"], (*key, "not"))
        for head in _LEAVES:
            if head in data:
                yield (*key, head), head, str(data[head])


_KIND = {"ever": "behavior", "var": "var", "visits": "node"}


def condition_references(scenario: Scenario) -> Iterator[tuple[PathKey, str, str]]:
    """Every id named by a condition: ``(path, kind, id)``, kind as in
    :func:`coach.conditions.references` (behavior, situation, topic, finding, var, node).
    Read from the file's data, so each carries the place it was written."""
    raw = scenario.document.data if scenario.document else None
    for place in _condition_places(scenario):
        for key, head, name in _leaves(_get(raw, place), place):
            yield key, _KIND.get(head, head), name


# ---------------------------------------------------------------------------
# The graph


def edges(scenario: Scenario) -> dict[str, list[str]]:
    """Node id -> targets of its transitions (in order, repeats kept out)."""
    graph: dict[str, list[str]] = {}
    for node in scenario.nodes.values():
        targets: list[str] = []
        for t in node.transitions:
            if t.goto not in targets:
                targets.append(t.goto)
        graph[node.id] = targets
    return graph


def reachable(scenario: Scenario) -> set[str]:
    """Nodes and endings some chain of transitions leads to from ``start`` (conditions
    are not evaluated). The out-of-time ending counts as reachable from any node."""
    graph = edges(scenario)
    seen: set[str] = set()
    queue = deque([scenario.start])
    while queue:
        current = queue.popleft()
        if current in seen or (current not in graph and current not in scenario.endings):
            continue
        seen.add(current)
        queue.extend(graph.get(current, ()))
    if seen & set(scenario.nodes):
        seen.add(scenario.time_up.id)
    return seen


def reaches_an_ending(scenario: Scenario) -> set[str]:
    """Nodes from which some chain of transitions leads to an ending."""
    graph = edges(scenario)
    good: set[str] = set(scenario.endings)
    changed = True
    while changed:
        changed = False
        for node, targets in graph.items():
            if node not in good and any(t in good for t in targets):
                good.add(node)
                changed = True
    return good - set(scenario.endings)


# ---------------------------------------------------------------------------
# The checks


def check_scenario(
    scenario: Scenario,
    behaviours: Collection[str],
    rules: Collection[str] | None = None,
) -> list[Problem]:
    """Every problem in one scenario. ``rules`` is the set of coaching rule ids, or
    None when coaching rules are not available (``finding`` references then go
    unchecked)."""
    problems: list[Problem] = []

    def report(key: PathKey, code: str, message: str) -> None:
        problems.append(Problem(scenario.locate(*key), code, message))

    targets = set(scenario.nodes) | set(scenario.endings)
    variables = set(scenario.variables)

    # Closed vocabularies: situations and topics.
    if scenario.situation not in SITUATIONS:
        report(("situation",), "E104", _unknown("situation", scenario.situation, SITUATIONS))
    for node in scenario.nodes.values():
        here = ("nodes", node.id)
        if node.situation not in SITUATIONS and node.situation != scenario.situation:
            report((*here, "situation"), "E104", _unknown("situation", node.situation, SITUATIONS))
        if node.topic is not None and node.topic not in TOPICS:
            report((*here, "topic"), "E104", _unknown("topic", node.topic, TOPICS))
    for name in scenario.variables:  # fact variables: expects-<topic> (coach.dialogue.facts)
        if name.startswith(FACT_PREFIX) and name[len(FACT_PREFIX) :] not in TOPICS:
            topic = name[len(FACT_PREFIX) :]
            report(
                ("variables", name),
                "E104",
                f"unknown topic {topic!r} in the fact variable {name!r}{_suggest(topic, TOPICS)}",
            )

    # Ids and references to nodes.
    for ending_id in scenario.endings:
        if ending_id in scenario.nodes:
            report(
                ("endings", ending_id),
                "E105",
                f"duplicate id {ending_id!r}: a node and an ending share it",
            )
    if scenario.start not in scenario.nodes:
        hint = (
            " (the start must be a node, not an ending)"
            if scenario.start in targets
            else _suggest(scenario.start, scenario.nodes)
        )
        report(("start",), "E101", f"unknown node {scenario.start!r}{hint}")
    if scenario.out_of_time is not None and scenario.out_of_time not in scenario.endings:
        hint = " (it must name an ending)" if scenario.out_of_time in targets else ""
        report(("out_of_time",), "E101", f"unknown ending {scenario.out_of_time!r}{hint}")
    for t in scenario.transitions():
        if t.goto not in targets:
            report((*t.key, "goto"), "E101", f"unknown node {t.goto!r}{_suggest(t.goto, targets)}")
        for kind, changes in (("add", t.add), ("set", t.set)):
            for name in changes:
                if name not in variables:
                    report(
                        (*t.key, kind, name),
                        "E103",
                        f"unknown variable {name!r}{_declare_hint(name, variables)}",
                    )

    # References inside conditions.
    read_variables: set[str] = set()
    for key, kind, name in condition_references(scenario):
        if kind == "behavior" and name not in behaviours:
            report(key, "E102", f"unknown behaviour {name!r}{_suggest(name, behaviours)}")
        elif kind == "situation" and name not in SITUATIONS:
            report(key, "E104", _unknown("situation", name, SITUATIONS))
        elif kind == "topic" and name not in TOPICS:
            report(key, "E104", _unknown("topic", name, TOPICS))
        elif kind == "finding" and rules is not None and name not in rules:
            report(key, "E107", f"unknown coaching rule {name!r}{_suggest(name, rules)}")
        elif kind == "node" and name not in targets:
            report(key, "E101", f"unknown node {name!r}{_suggest(name, targets)}")
        elif kind == "var":
            read_variables.add(name)
            if name not in variables:
                report(key, "E103", f"unknown variable {name!r}{_declare_hint(name, variables)}")

    # Fallbacks, shadowed transitions and default lines.
    for node in scenario.nodes.values():
        here = ("nodes", node.id)
        if not node.transitions:
            report(here, "E106", f"node {node.id!r} has no transitions")
            continue
        unconditional = [t.index for t in node.transitions if t.when is None]
        if not unconditional:
            report(
                (*here, "transitions", len(node.transitions) - 1),
                "E106",
                f"node {node.id!r} has no fallback: end its transitions with one that has "
                "no 'when'",
            )
        else:
            for t in node.transitions[unconditional[0] + 1 :]:
                report(
                    t.key,
                    "W204",
                    f"transition {t.index + 1} of node {node.id!r} comes after an "
                    "unconditional one and is never tried",
                )
    for key, lines in _line_lists(scenario):
        if lines and all(line.when is not None for line in lines):
            report(key, "E108", "every variant has a 'when'; add one without, for when none holds")

    # The graph: unreachable nodes and dead ends (only once every reference resolves,
    # so a typo in one goto is one error rather than a cascade of warnings).
    broken = any(p.code in ("E101", "E105") for p in problems)
    if not broken:
        seen = reachable(scenario)
        for node_id in scenario.nodes:
            if node_id not in seen:
                report(("nodes", node_id), "W201", f"node {node_id!r} is unreachable from start")
        for ending_id in scenario.endings:
            if ending_id not in seen:
                report(
                    ("endings", ending_id),
                    "W201",
                    f"ending {ending_id!r} is unreachable from start",
                )
        finishing = reaches_an_ending(scenario)
        for node_id in scenario.nodes:
            if node_id not in finishing:
                report(
                    ("nodes", node_id),
                    "W202",
                    f"node {node_id!r} has no path to an ending (only the turn limit ends it)",
                )
    for name in scenario.variables:
        if name not in read_variables:
            report(("variables", name), "W203", f"variable {name!r} is never read by a condition")

    return sorted(problems, key=Problem.sort_key)


def _unknown(kind: str, value: str, known: Collection[str]) -> str:
    return f"unknown {kind} {value!r}{_suggest(value, known)}"


def _suggest(value: str, known: Collection[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(value, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _declare_hint(name: str, known: Collection[str]) -> str:
    suggestion = _suggest(name, known)
    return suggestion or " (declare it under 'variables')"


def duplicate_ids(scenarios: list[Scenario]) -> list[Problem]:
    """Scenario ids used by more than one file (E105), reported at every later file."""
    first: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for scenario in scenarios:
        earlier = first.setdefault(scenario.id, scenario)
        if earlier is not scenario:
            problems.append(
                Problem(
                    scenario.locate("id"),
                    "E105",
                    f"duplicate scenario id {scenario.id!r} (also in {earlier.path})",
                )
            )
    return problems
