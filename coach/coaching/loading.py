"""Load and check the coaching content: rules, signals, topics and the scorecard.

Everything is validated before use, and every problem is a ``file:line:col: code:``
line (codes in ``docs/errors.md``, "Coaching rules"). Problems in several files are
reported together. Nothing here needs the trained spaCy pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.coaching.formats import (
    BlockerSpec,
    CheckSpec,
    GroupSpec,
    RuleFile,
    ScorecardFile,
    SignalsFile,
    SignalSpec,
    TopicsFile,
    TopicSpec,
)
from coach.coaching.placeholders import TemplateError, parse_template, placeholder_names
from coach.coaching.signals import SIGNAL_PREFIX
from coach.conditions import KEYS, Condition, ConditionError, parse_condition
from coach.content.behaviours import BehaviourSet, load_behaviour_set
from coach.content.validation import validate_document
from coach.content.yamlsource import PathKey, YamlDocument, load_yaml
from coach.errors import ContentError, ContentErrors, SourceLocation
from coach.vocabulary import SITUATIONS, TOPICS

SIGNALS_FILE = "signals.yaml"
"""The one file under ``rules/coaching/`` that is not a rule."""

COACHING_LEAVES = frozenset({"behavior", "ever", "situation", "topic", "turn"})
"""Condition leaves a coaching rule or scorecard check may use. ``var``, ``visits``
and ``finding`` belong to the dialogue engine."""


@dataclass
class Rule:
    """A validated rule, its parsed condition and where it came from."""

    spec: RuleFile
    condition: Condition
    document: YamlDocument
    order: int

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def level(self) -> str:
        return self.spec.level

    @property
    def path(self) -> str:
        return self.document.path

    def locate(self, *key: str | int) -> SourceLocation:
        return self.document.locate(key)


@dataclass
class Check:
    spec: CheckSpec
    applies: Condition | None
    met: Condition
    group: str


@dataclass
class Group:
    spec: GroupSpec
    checks: list[Check]


@dataclass
class Blocker:
    spec: BlockerSpec
    when: Condition


@dataclass
class Rubric:
    groups: list[Group]
    blockers: list[Blocker]
    document: YamlDocument


@dataclass
class CoachingContent:
    behaviours: BehaviourSet
    rules: list[Rule]
    signals: dict[str, SignalSpec]
    signals_doc: YamlDocument
    topics: dict[str, TopicSpec]
    topics_doc: YamlDocument
    rubric: Rubric
    by_id: dict[str, Rule] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {r.id: r for r in self.rules}


# ---------------------------------------------------------------------------
# Conditions


def _leaves(data: Any, path: PathKey) -> Iterator[tuple[PathKey, str, Any]]:
    """Every leaf of an already parsed condition, with its path in the data."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield from _leaves(item, (*path, i))
        return
    if not isinstance(data, Mapping):
        return
    head = next(k for k in data if k in KEYS)
    value = data[head]
    if head in ("all", "any"):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, head, i))
    elif head == "not":
        yield from _leaves(value, (*path, head))
    else:
        yield (*path, head), head, value


@dataclass(frozen=True)
class Vocabulary:
    """The ids a coaching condition may name."""

    behaviours: frozenset[str]
    signals: frozenset[str] | None  # None: the signals file failed; do not pile on


def check_condition(
    document: YamlDocument, key: PathKey, data: Any, known: Vocabulary
) -> Condition:
    """Parse a condition and check every id it names, or raise a located error."""
    try:
        condition = parse_condition(data)
    except ConditionError as exc:
        raise ContentError(document.locate((*key, *exc.path)), "E047", exc.message) from None
    for path, kind, value in _leaves(data, key):
        where = document.locate(path)
        if kind not in COACHING_LEAVES:
            raise ContentError(
                where,
                "E046",
                f"'{kind}' is for dialogue transitions; coaching conditions use "
                f"{', '.join(sorted(COACHING_LEAVES))}",
            )
        if kind in ("behavior", "ever"):
            check_behaviour_name(value, where, known)
        elif kind == "situation" and value not in SITUATIONS:
            raise ContentError(
                where, "E041", f"unknown situation {value!r} (use {', '.join(SITUATIONS)})"
            )
        elif kind == "topic" and value not in TOPICS:
            raise ContentError(where, "E042", f"unknown topic {value!r} (use {', '.join(TOPICS)})")
    return condition


def check_behaviour_name(value: str, where: SourceLocation, known: Vocabulary) -> None:
    if value.startswith(SIGNAL_PREFIX):
        name = value[len(SIGNAL_PREFIX) :]
        if known.signals is not None and name not in known.signals:
            raise ContentError(
                where,
                "E044",
                f"unknown signal {name!r} (signals: {', '.join(sorted(known.signals))})",
            )
    elif value not in known.behaviours:
        raise ContentError(
            where,
            "E040",
            f"unknown behaviour {value!r} (see 'coach behaviours'; "
            f"signals take the prefix '{SIGNAL_PREFIX}')",
        )


# ---------------------------------------------------------------------------
# Files


def _errors_of(action: Callable[[], Any], errors: list[ContentError]) -> Any:
    try:
        return action()
    except ContentErrors as many:
        errors.extend(many.errors)
    except ContentError as exc:
        errors.append(exc)
    return None


def _load_signals(file: Path, shown: str) -> tuple[dict[str, SignalSpec], YamlDocument]:
    document = load_yaml(file, shown)
    spec = validate_document(document, SignalsFile)
    for sid, signal in spec.signals.items():
        for field_name in ("requires", "unless"):
            for i, other in enumerate(getattr(signal, field_name)):
                if other not in spec.signals or other == sid:
                    raise ContentError(
                        document.locate(("signals", sid, field_name, i)),
                        "E044",
                        f"unknown signal {other!r} in '{field_name}'"
                        if other != sid
                        else f"a signal cannot name itself in '{field_name}'",
                    )
    return dict(spec.signals), document


def _load_topics(file: Path, shown: str) -> tuple[dict[str, TopicSpec], YamlDocument]:
    document = load_yaml(file, shown)
    spec = validate_document(document, TopicsFile)
    for tid in spec.topics:
        if tid not in TOPICS:
            raise ContentError(
                document.locate(("topics", tid)),
                "E042",
                f"unknown topic {tid!r} (use {', '.join(TOPICS)})",
            )
    missing = [t for t in TOPICS if t not in spec.topics]
    if missing:
        raise ContentError(
            document.locate(("topics",)),
            "E052",
            f"no patterns for topic {missing[0]!r}: every topic needs a way to be detected",
        )
    return {t: spec.topics[t] for t in TOPICS}, document


def _check_template(document: YamlDocument, key: PathKey, template: str, rule: RuleFile) -> None:
    where = document.locate(key)
    try:
        parse_template(template)
    except TemplateError as exc:
        raise ContentError(where, "E045", str(exc)) from None
    if "quote" in placeholder_names(template) and not rule.evidence:
        raise ContentError(where, "E045", "{quote} needs the rule to list its 'evidence'")
    if "swaps" in placeholder_names(template) and not rule.swap:
        raise ContentError(where, "E045", "{swaps} needs a 'swap' table")


def _load_rule(file: Path, shown: str, order: int, known: Vocabulary) -> Rule:
    document = load_yaml(file, shown)
    spec = validate_document(document, RuleFile)
    if spec.id != file.stem:
        raise ContentError(
            document.locate(("id",)),
            "E048",
            f"the rule id {spec.id!r} must match its file name ({file.stem}.yaml)",
        )
    condition = check_condition(document, ("when",), spec.when, known)
    for i, name in enumerate(spec.evidence):
        check_behaviour_name(name, document.locate(("evidence", i)), known)
    _check_template(document, ("message",), spec.message, spec)
    if spec.suggestion is not None:
        _check_template(document, ("suggestion",), spec.suggestion, spec)
    if spec.rewrite is not None and spec.rewrite.add is not None:
        _check_template(document, ("rewrite", "add"), spec.rewrite.add, spec)
    for kind in ("fires", "silent"):
        for i, example in enumerate(getattr(spec.examples, kind)):
            if example.situation is not None and example.situation not in SITUATIONS:
                raise ContentError(
                    document.locate(("examples", kind, i, "situation")),
                    "E041",
                    f"unknown situation {example.situation!r} (use {', '.join(SITUATIONS)})",
                )
            if example.topic is not None and example.topic not in TOPICS:
                raise ContentError(
                    document.locate(("examples", kind, i, "topic")),
                    "E042",
                    f"unknown topic {example.topic!r} (use {', '.join(TOPICS)})",
                )
    return Rule(spec, condition, document, order)


def _load_rubric(file: Path, shown: str, known: Vocabulary) -> Rubric:
    document = load_yaml(file, shown)
    spec = validate_document(document, ScorecardFile)
    seen: set[str] = set()

    def unique(value: str, key: PathKey) -> None:
        if value in seen:
            raise ContentError(document.locate(key), "E051", f"duplicate id {value!r}")
        seen.add(value)

    groups: list[Group] = []
    for g, group in enumerate(spec.groups):
        unique(group.id, ("groups", g, "id"))
        checks = []
        for c, check in enumerate(group.checks):
            base: PathKey = ("groups", g, "checks", c)
            unique(check.id, (*base, "id"))
            applies = (
                check_condition(document, (*base, "applies"), check.applies, known)
                if check.applies is not None
                else None
            )
            met = check_condition(document, (*base, "met"), check.met, known)
            checks.append(Check(check, applies, met, group.id))
        groups.append(Group(group, checks))
    blockers = []
    for b, blocker in enumerate(spec.blockers):
        unique(blocker.id, ("blockers", b, "id"))
        when = check_condition(document, ("blockers", b, "when"), blocker.when, known)
        blockers.append(Blocker(blocker, when))
    return Rubric(groups, blockers, document)


def load_coaching(
    directory: Path,
    display: Callable[[Path], str] = str,
    behaviours: BehaviourSet | None = None,
) -> CoachingContent:
    """Load ``coaching/``, ``topics.yaml`` and ``scorecard.yaml`` from a rules
    directory (and ``behaviours/``, unless the loaded set is given), checking every
    reference; raise all problems at once."""
    if behaviours is None:
        behaviours = load_behaviour_set(directory, display=display)
    errors: list[ContentError] = []
    coaching = directory / "coaching"
    signals_file = coaching / SIGNALS_FILE
    loaded_signals = _errors_of(lambda: _load_signals(signals_file, display(signals_file)), errors)
    signals, signals_doc = loaded_signals or ({}, YamlDocument(display(signals_file), None))
    known = Vocabulary(frozenset(behaviours.ids()), frozenset(signals) if loaded_signals else None)
    topics_file = directory / "topics.yaml"
    loaded_topics = _errors_of(lambda: _load_topics(topics_file, display(topics_file)), errors)
    topics, topics_doc = loaded_topics or ({}, YamlDocument(display(topics_file), None))
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    files = sorted(f for f in coaching.glob("*.yaml") if f.name != SIGNALS_FILE)
    for order, file in enumerate(files):
        try:
            rule = _load_rule(file, display(file), order, known)
        except ContentError as exc:
            errors.append(exc)
            continue
        if rule.id in seen:
            first = seen[rule.id].locate("id")
            errors.append(
                ContentError(
                    rule.locate("id"), "E043", f"duplicate rule id {rule.id!r} (first in {first})"
                )
            )
            continue
        seen[rule.id] = rule
        rules.append(rule)
    scorecard_file = directory / "scorecard.yaml"
    rubric = _errors_of(
        lambda: _load_rubric(scorecard_file, display(scorecard_file), known), errors
    )
    if errors:
        raise errors[0] if len(errors) == 1 else ContentErrors(errors)
    return CoachingContent(behaviours, rules, signals, signals_doc, topics, topics_doc, rubric)
