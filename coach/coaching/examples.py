"""Every example embedded in the coaching content, run as a test.

Rules carry ``examples: {fires: [...], silent: [...]}``, signals and topics carry
``examples: {present: [...], absent: [...]}``. ``coach rules --test`` and the pytest
suite both run them through :func:`run_examples`; a failure is reported as a
``file:line:col: E049:`` line pointing at the example.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.coaching.engine import Coach
from coach.coaching.model import ReplyContext
from coach.errors import ContentError, SourceLocation
from coach.nlp.detection import Detection

if TYPE_CHECKING:
    from coach.analysis import Analyzer

MIN_EXAMPLES = 3
"""Each rule needs at least this many ``fires`` and this many ``silent`` examples."""


@dataclass(frozen=True)
class ExampleCase:
    kind: str  # 'rule' | 'signal' | 'topic'
    owner: str  # the rule, signal or topic id
    expect: str  # 'fires' | 'silent' (rules), 'present' | 'absent' (signals, topics)
    index: int
    text: str
    location: SourceLocation
    situation: str | None = None
    topic: str | None = None
    manager_said: str | None = None
    earlier: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.owner}:{self.expect}:{self.index}"

    @property
    def positive(self) -> bool:
        return self.expect in ("fires", "present")


@dataclass(frozen=True)
class ExampleResult:
    case: ExampleCase
    passed: bool
    detail: str = ""

    def error(self) -> ContentError:
        return ContentError(self.case.location, "E049", self.detail)


def example_cases(coach: Coach) -> list[ExampleCase]:
    """Every embedded example of the coach's content, in file order."""
    cases: list[ExampleCase] = []
    content = coach.content
    for rule in content.rules:
        for expect in ("fires", "silent"):
            for i, ex in enumerate(getattr(rule.spec.examples, expect)):
                cases.append(
                    ExampleCase(
                        "rule",
                        rule.id,
                        expect,
                        i,
                        ex.text,
                        rule.locate("examples", expect, i),
                        ex.situation,
                        ex.topic,
                        ex.manager_said,
                        tuple(ex.earlier),
                    )
                )
    for kind, specs, document in (
        ("signal", content.signals, content.signals_doc),
        ("topic", content.topics, content.topics_doc),
    ):
        for owner, spec in specs.items():
            for expect in ("present", "absent"):
                for i, text in enumerate(getattr(spec.examples, expect)):
                    key = (f"{kind}s", owner, "examples", expect, i)
                    cases.append(ExampleCase(kind, owner, expect, i, text, document.locate(key)))
    return cases


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def run_examples(
    coach: Coach, analyzer: Analyzer, cases: Sequence[ExampleCase] | None = None
) -> list[ExampleResult]:
    """Run examples (all of them by default); texts go through the pipeline once."""
    chosen = list(example_cases(coach) if cases is None else cases)
    texts = sorted({t for c in chosen if c.kind == "rule" for t in (c.text, *c.earlier)})
    detections = dict(zip(texts, analyzer.detect_many(texts), strict=True))
    return [_run(coach, analyzer, case, detections) for case in chosen]


def _run(
    coach: Coach, analyzer: Analyzer, case: ExampleCase, detections: dict[str, Detection]
) -> ExampleResult:
    if case.kind == "signal":
        found = coach.signals(case.text)[case.owner]
        ok = bool(found) == case.positive
        seen = ", ".join(f"“{e.text}”" for e in found) or "nothing"
        what = "is not found" if case.positive else f"is found ({seen})"
        return ExampleResult(
            case, ok, f"signal '{case.owner}': {case.expect} example {what}: “{_short(case.text)}”"
        )
    if case.kind == "topic":
        topic = coach.detect_topic(analyzer, case.text)
        ok = (topic == case.owner) == case.positive
        got = topic or "no topic"
        return ExampleResult(
            case,
            ok,
            f"topic '{case.owner}': {case.expect} example reads as {got}: “{_short(case.text)}”",
        )
    rule = coach.content.by_id[case.owner]
    context = ReplyContext(
        situation=case.situation,
        topic=case.topic,
        manager_said=case.manager_said,
        earlier=tuple(detections[t] for t in case.earlier),
    )
    state = coach.state(detections[case.text], context)
    fired = coach.fires(rule, state)
    ok = fired == case.positive
    shown = ", ".join(sorted(state.context.behaviors)) or "nothing"
    where = []
    if case.situation:
        where.append(f"situation {case.situation}")
    if state.topic:
        where.append(f"topic {state.topic}")
    if state.context.earlier:
        where.append(f"earlier: {', '.join(sorted(state.context.earlier))}")
    setting = f"; {'; '.join(where)}" if where else ""
    verb = "stays silent" if case.positive else "fires"
    return ExampleResult(
        case,
        ok,
        f"rule '{rule.id}': this '{case.expect}' example {verb}: “{_short(case.text)}” "
        f"(reply shows: {shown}{setting})",
    )


def too_few_examples(coach: Coach, minimum: int = MIN_EXAMPLES) -> list[ContentError]:
    """``E050`` for every rule with fewer than ``minimum`` fires or silent examples."""
    problems = []
    for rule in coach.content.rules:
        fires = len(rule.spec.examples.fires)
        silent = len(rule.spec.examples.silent)
        if fires < minimum or silent < minimum:
            problems.append(
                ContentError(
                    rule.locate("examples"),
                    "E050",
                    f"rule '{rule.id}' has {fires} 'fires' and {silent} 'silent' examples; "
                    f"at least {minimum} of each are needed",
                )
            )
    return problems


def failures(results: Iterable[ExampleResult]) -> list[ExampleResult]:
    return [r for r in results if not r.passed]
