"""A scenario as a picture for authors: Mermaid (renders on GitHub) or Graphviz dot."""

from __future__ import annotations

import re

from coach.conditions import (
    All,
    AnyOf,
    Behavior,
    Condition,
    Ever,
    Finding,
    Not,
    Situation,
    Topic,
    Turn,
    Var,
    Visits,
)
from coach.dialogue.model import Scenario, Transition

FORMATS = ("mermaid", "dot")

_OPS = {"eq": "=", "gte": ">=", "lte": "<=", "gt": ">", "lt": "<"}


def _bounds(bounds: tuple[tuple[str, float], ...]) -> str:
    return " and ".join(f"{_OPS[op]} {_number(value)}" for op, value in bounds)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def condition_text(condition: Condition, nested: bool = False) -> str:
    """A short reading of a condition: ``trial-proposal and trust >= 2``."""
    match condition:
        case All(items) | AnyOf(items):
            joiner = " and " if isinstance(condition, All) else " or "
            text = joiner.join(condition_text(c, nested=True) for c in items)
            return f"({text})" if nested and len(items) > 1 else text
        case Not(item):
            return f"not {condition_text(item, nested=True)}"
        case Behavior(id):
            return id
        case Ever(id):
            return f"earlier {id}"
        case Situation(id):
            return f"situation {id}"
        case Topic(id):
            return f"topic {id}"
        case Finding(id):
            return f"finding {id}"
        case Var(name, test):
            return f"{name} {_bounds(test.bounds)}"
        case Visits(node, test):
            return f"visits {node} {_bounds(test.bounds)}"
        case Turn(test):
            return f"turn {_bounds(test.bounds)}"
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def edge_text(transition: Transition, conditions: bool = False) -> str:
    """What an arrow says: the label (or the condition), then the variable updates."""
    if transition.when is None:
        head = transition.label or "otherwise"
    elif transition.label and not conditions:
        head = transition.label
    else:
        head = condition_text(transition.when)
    changes = [f"{k} = {v}" for k, v in transition.set.items()]
    changes += [f"{k} {v:+d}" for k, v in transition.add.items()]
    return "; ".join([head, ", ".join(changes)]) if changes else head


def _mermaid_id(prefix: str, name: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9]", "_", name)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def to_mermaid(scenario: Scenario, conditions: bool = False) -> str:
    ids = {n: _mermaid_id("n_", n) for n in scenario.nodes}
    ids.update({e: _mermaid_id("e_", e) for e in scenario.endings})
    time_up = scenario.time_up
    ids.setdefault(time_up.id, _mermaid_id("e_", time_up.id))
    lines = [
        "---",
        f"title: {_mermaid_text(scenario.title)}",
        "---",
        "flowchart TD",
        "    classDef ending fill:#f4f4f4,stroke:#555,stroke-width:2px",
        f'    start(("start")) --> {ids.get(scenario.start, "missing")}',
    ]
    for node in scenario.nodes.values():
        where = node.situation + (f" · {node.topic}" if node.topic else "")
        lines.append(f'    {ids[node.id]}["{_mermaid_text(node.id)}<br/><i>{where}</i>"]')
    for ending in scenario.every_ending:
        text = _mermaid_text(f"{ending.id}<br/><b>{ending.outcome_label}</b>")
        lines.append(f'    {ids[ending.id]}(["{text}"]):::ending')
    for transition in scenario.transitions():
        source = ids[transition.node]
        target = ids.get(transition.goto, _mermaid_id("missing_", transition.goto))
        label = _mermaid_text(edge_text(transition, conditions))
        lines.append(f'    {source} -->|"{label}"| {target}')
    lines.append(f'    time(("after {scenario.max_turns} replies")) -.-> {ids[time_up.id]}')
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(scenario: Scenario, conditions: bool = False) -> str:
    time_up = scenario.time_up
    lines = [
        f'digraph "{_dot_text(scenario.id)}" {{',
        f'    label="{_dot_text(scenario.title)}";',
        "    labelloc=t;",
        "    rankdir=TB;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
        '    "__start" [shape=circle, label="start"];',
        f'    "__start" -> "{_dot_text(scenario.start)}";',
    ]
    for node in scenario.nodes.values():
        where = node.situation + (f" / {node.topic}" if node.topic else "")
        lines.append(f'    "{_dot_text(node.id)}" [label="{_dot_text(node.id)}\\n({where})"];')
    for ending in scenario.every_ending:
        label = _dot_text(f"{ending.id}") + "\\n" + _dot_text(ending.outcome_label)
        lines.append(
            f'    "{_dot_text(ending.id)}" [shape=box, style="rounded,bold", label="{label}"];'
        )
    for t in scenario.transitions():
        label = _dot_text(edge_text(t, conditions))
        lines.append(f'    "{_dot_text(t.node)}" -> "{_dot_text(t.goto)}" [label="{label}"];')
    lines.append(f'    "__time" [shape=plaintext, label="after {scenario.max_turns} replies"];')
    lines.append(f'    "__time" -> "{_dot_text(time_up.id)}" [style=dashed];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(scenario: Scenario, fmt: str, conditions: bool = False) -> str:
    if fmt == "mermaid":
        return to_mermaid(scenario, conditions)
    if fmt == "dot":
        return to_dot(scenario, conditions)
    raise ValueError(f"unknown graph format {fmt!r} (use {', '.join(FORMATS)})")
