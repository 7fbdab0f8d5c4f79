"""Structured conditions: one small, closed language for coaching rules and dialogue
transitions alike.

A condition is YAML structure, never a string to evaluate::

    all:
      - {behavior: trial-proposal}
      - not: {ever: concern-question}
      - any: [{situation: pushback-office}, {topic: security}]
      - {var: trust, gte: 2}
      - {visits: ask-concerns, lte: 1}
      - {turn: {gte: 3}}
      - {finding: no-hedging}

Leaves:

- ``behavior``: the behaviour is present in this reply;
- ``ever``: the behaviour was present in an earlier reply of the conversation
  (combine with ``behavior`` under ``any`` for "so far, this reply included");
- ``situation`` / ``topic``: the situation of this reply, the topic the manager raised;
- ``var``: compare a dialogue variable (``eq``, ``gte``, ``lte``, ``gt``, ``lt``);
- ``visits``: how many times a dialogue node has been visited (same comparisons);
- ``turn``: the turn number, from 1 (``{turn: {gte: 3}}``);
- ``finding``: a coaching rule fired on this reply.

Parsing rejects unknown keys and malformed values with the path of the problem, so
loaders can report ``file:line:col``; :func:`references` lists every id a condition
names so loaders can check them against what exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

PathKey = tuple[str | int, ...]

COMPARISONS = ("eq", "gte", "lte", "gt", "lt")


class ConditionError(ValueError):
    """A malformed condition, with the path inside the YAML data where it is."""

    def __init__(self, path: PathKey, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


@dataclass(frozen=True)
class Behavior:
    id: str


@dataclass(frozen=True)
class Ever:
    id: str


@dataclass(frozen=True)
class Situation:
    id: str


@dataclass(frozen=True)
class Topic:
    id: str


@dataclass(frozen=True)
class Finding:
    id: str


@dataclass(frozen=True)
class Compare:
    """A numeric test: every given bound must hold."""

    bounds: tuple[tuple[str, float], ...]

    def holds(self, value: float) -> bool:
        for op, bound in self.bounds:
            ok = {
                "eq": value == bound,
                "gte": value >= bound,
                "lte": value <= bound,
                "gt": value > bound,
                "lt": value < bound,
            }[op]
            if not ok:
                return False
        return True


@dataclass(frozen=True)
class Var:
    name: str
    test: Compare


@dataclass(frozen=True)
class Visits:
    node: str
    test: Compare


@dataclass(frozen=True)
class Turn:
    test: Compare


Condition: TypeAlias = (
    All | AnyOf | Not | Behavior | Ever | Situation | Topic | Finding | Var | Visits | Turn
)

_ID_LEAVES: dict[str, type[Behavior | Ever | Situation | Topic | Finding]] = {
    "behavior": Behavior,
    "ever": Ever,
    "situation": Situation,
    "topic": Topic,
    "finding": Finding,
}
KEYS = ("all", "any", "not", *_ID_LEAVES, "var", "visits", "turn")


@dataclass(frozen=True)
class ConditionContext:
    """What a condition can see: this reply, the conversation so far, the dialogue."""

    behaviors: frozenset[str] = frozenset()
    earlier: frozenset[str] = frozenset()
    situation: str | None = None
    topic: str | None = None
    findings: frozenset[str] = frozenset()
    variables: Mapping[str, float] = field(default_factory=dict)
    visits: Mapping[str, int] = field(default_factory=dict)
    turn: int = 1


# ---------------------------------------------------------------------------
# Parsing


def _number(value: Any, path: PathKey) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConditionError(path, f"expected a number, got {value!r}")
    return float(value)


def _compare(data: Mapping[str, Any], path: PathKey, allowed_extra: set[str]) -> Compare:
    bounds: list[tuple[str, float]] = []
    for key, value in data.items():
        if key in allowed_extra:
            continue
        if key not in COMPARISONS:
            raise ConditionError(
                (*path, key), f"unknown comparison {key!r} (use {', '.join(COMPARISONS)})"
            )
        bounds.append((key, _number(value, (*path, key))))
    if not bounds:
        raise ConditionError(path, f"needs a comparison: one of {', '.join(COMPARISONS)}")
    return Compare(tuple(bounds))


def _identifier(value: Any, path: PathKey) -> str:
    if not isinstance(value, str) or not value:
        raise ConditionError(path, f"expected an id, got {value!r}")
    return value


def parse_condition(data: Any, path: PathKey = ()) -> Condition:
    """Build a condition from plain YAML data, or raise :class:`ConditionError`."""
    if isinstance(data, list):
        return All(tuple(parse_condition(item, (*path, i)) for i, item in enumerate(data)))
    if not isinstance(data, Mapping):
        raise ConditionError(path, f"a condition is a mapping, got {data!r}")
    heads = [k for k in data if k in KEYS]
    if len(heads) != 1:
        unknown = [k for k in data if k not in KEYS and k not in COMPARISONS]
        if unknown:
            raise ConditionError(
                (*path, str(unknown[0])),
                f"unknown condition {unknown[0]!r} (use {', '.join(KEYS)})",
            )
        raise ConditionError(path, f"a condition has exactly one of: {', '.join(KEYS)}")
    head = heads[0]
    value = data[head]
    here = (*path, head)
    if head in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(here, f"'{head}' takes a non-empty list of conditions")
        _no_extra(data, {head}, path)
        items = tuple(parse_condition(item, (*here, i)) for i, item in enumerate(value))
        return All(items) if head == "all" else AnyOf(items)
    if head == "not":
        _no_extra(data, {head}, path)
        return Not(parse_condition(value, here))
    if head in _ID_LEAVES:
        _no_extra(data, {head}, path)
        return _ID_LEAVES[head](_identifier(value, here))
    if head == "var":
        return Var(_identifier(value, here), _compare(data, path, {"var"}))
    if head == "visits":
        return Visits(_identifier(value, here), _compare(data, path, {"visits"}))
    # turn
    _no_extra(data, {head}, path)
    if not isinstance(value, Mapping):
        raise ConditionError(here, "'turn' takes comparisons, e.g. {turn: {gte: 3}}")
    return Turn(_compare(value, here, set()))


def _no_extra(data: Mapping[str, Any], allowed: set[str], path: PathKey) -> None:
    for key in data:
        if key not in allowed:
            raise ConditionError((*path, str(key)), f"unexpected key {key!r} here")


# ---------------------------------------------------------------------------
# Evaluation and inspection


def evaluate(condition: Condition, ctx: ConditionContext) -> bool:
    match condition:
        case All(items):
            return all(evaluate(c, ctx) for c in items)
        case AnyOf(items):
            return any(evaluate(c, ctx) for c in items)
        case Not(item):
            return not evaluate(item, ctx)
        case Behavior(id):
            return id in ctx.behaviors
        case Ever(id):
            return id in ctx.earlier
        case Situation(id):
            return ctx.situation == id
        case Topic(id):
            return ctx.topic == id
        case Finding(id):
            return id in ctx.findings
        case Var(name, test):
            return test.holds(float(ctx.variables.get(name, 0)))
        case Visits(node, test):
            return test.holds(float(ctx.visits.get(node, 0)))
        case Turn(test):
            return test.holds(float(ctx.turn))
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def references(condition: Condition) -> Iterator[tuple[str, str]]:
    """Every ``(kind, id)`` a condition names: behavior, situation, topic, finding,
    var, node. ``ever`` names a behaviour too."""
    match condition:
        case All(items) | AnyOf(items):
            for c in items:
                yield from references(c)
        case Not(item):
            yield from references(item)
        case Behavior(id) | Ever(id):
            yield "behavior", id
        case Situation(id):
            yield "situation", id
        case Topic(id):
            yield "topic", id
        case Finding(id):
            yield "finding", id
        case Var(name, _):
            yield "var", name
        case Visits(node, _):
            yield "node", node
        case Turn(_):
            return


def json_schema() -> dict[str, Any]:
    """JSON Schema of the condition language, for editors (``coach schema``)."""
    ref = {"$ref": "#/$defs/condition"}
    compare = {k: {"type": "number"} for k in COMPARISONS}
    ident = {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"}
    variants: list[dict[str, Any]] = [
        {"type": "array", "items": ref, "description": "all of these"},
        _object({"all": {"type": "array", "items": ref, "minItems": 1}}, ["all"]),
        _object({"any": {"type": "array", "items": ref, "minItems": 1}}, ["any"]),
        _object({"not": ref}, ["not"]),
    ]
    variants += [_object({key: ident}, [key]) for key in _ID_LEAVES]
    variants.append(_object({"var": {"type": "string"}, **compare}, ["var"]))
    variants.append(_object({"visits": ident, **compare}, ["visits"]))
    variants.append(
        _object(
            {"turn": {"type": "object", "properties": compare, "additionalProperties": False}},
            ["turn"],
        )
    )
    return {"oneOf": variants}


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
