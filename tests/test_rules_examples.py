"""Every example embedded in the coaching content runs as its own test.

Rules: ``fires`` examples must fire, ``silent`` ones must not (each in its situation,
with its topic, manager line and earlier replies). Signals and topics: ``present``
examples must be found, ``absent`` ones must not. All example texts go through the
session's pipeline once per module (``nlp.pipe``); the tests look results up.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.analysis import Analyzer
from coach.coaching import Coach
from coach.coaching.docs import rules_markdown
from coach.coaching.examples import (
    MIN_EXAMPLES,
    ExampleCase,
    ExampleResult,
    example_cases,
    run_examples,
)
from coach.coaching.placeholders import PLACEHOLDERS
from coach.errors import CoachError

REPO = Path(__file__).resolve().parent.parent


def _load() -> tuple[Coach | None, str]:
    """Content is loaded at collection time (no trained pipeline needed) to parametrise
    the tests. Broken content must not break collection: it fails one test instead."""
    try:
        return Coach.load(), ""
    except CoachError as exc:
        return None, exc.render()


_COACH, _LOAD_ERROR = _load()
CASES = example_cases(_COACH) if _COACH else []


@pytest.fixture(scope="module")
def results(analyzer: Analyzer) -> dict[str, ExampleResult]:
    assert _COACH is not None, _LOAD_ERROR
    return {r.case.name: r for r in run_examples(_COACH, analyzer, CASES)}


def test_coaching_content_loads() -> None:
    assert _COACH is not None, _LOAD_ERROR


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_example(case: ExampleCase, results: dict[str, ExampleResult]) -> None:
    result = results[case.name]
    assert result.passed, result.error().render()


@pytest.mark.parametrize("rule_id", [r.id for r in _COACH.all_rules] if _COACH else [])
def test_enough_examples(rule_id: str) -> None:
    assert _COACH is not None
    examples = _COACH.content.by_id[rule_id].spec.examples
    assert len(examples.fires) >= MIN_EXAMPLES, f"{rule_id}: {len(examples.fires)} fires"
    assert len(examples.silent) >= MIN_EXAMPLES, f"{rule_id}: {len(examples.silent)} silent"


def test_at_least_sixteen_rules_at_every_level() -> None:
    assert _COACH is not None, _LOAD_ERROR
    rules = _COACH.all_rules
    assert len(rules) >= 16
    assert {r.level for r in rules} == {"praise", "tip", "warning", "blocker"}


def test_every_signal_and_topic_has_examples() -> None:
    assert _COACH is not None, _LOAD_ERROR
    for sid, signal in _COACH.content.signals.items():
        assert signal.examples.present and signal.examples.absent, sid
    for tid, topic in _COACH.content.topics.items():
        assert topic.examples.present and topic.examples.absent, tid


def test_examples_are_not_both_firing_and_silent_in_the_same_context() -> None:
    assert _COACH is not None, _LOAD_ERROR
    for rule in _COACH.all_rules:
        fires = {e.model_dump_json() for e in rule.spec.examples.fires}
        silent = {e.model_dump_json() for e in rule.spec.examples.silent}
        assert not fires & silent, rule.id


def test_every_signal_is_used_by_a_rule_or_the_scorecard() -> None:
    assert _COACH is not None, _LOAD_ERROR
    text = "\n".join(
        p.read_text(encoding="utf-8")
        for p in [*(REPO / "rules" / "coaching").glob("*.yaml"), REPO / "rules" / "scorecard.yaml"]
        if p.name != "signals.yaml"
    )
    for sid in _COACH.content.signals:
        assert f"signal:{sid}" in text, f"signal {sid} is never used"


def test_the_advice_of_the_issue_is_covered() -> None:
    """Each piece of advice the coaching issue lists has a rule."""
    assert _COACH is not None, _LOAD_ERROR
    ids = {r.id for r in _COACH.all_rules}
    for rule_id in (
        "lead-with-business",
        "personal-only-opening",
        "propose-a-trial",
        "trial-needs-length",
        "trial-needs-review",
        "ask-concerns",
        "address-security",
        "address-clients",
        "address-collaboration",
        "address-visibility",
        "address-fairness",
        "say-how-reachable",
        "say-how-measured",
        "name-a-schedule",
        "back-with-evidence",
        "offer-to-come-in",
        "show-track-record",
        "no-hedging",
        "no-ultimatum",
        "dont-push-for-answer",
        "ask-what-would-change",
        "thank-the-manager",
    ):
        assert rule_id in ids


# ---------------------------------------------------------------------------
# Generated and hand-written docs stay in step with the content


def test_docs_rules_md_is_up_to_date() -> None:
    assert _COACH is not None, _LOAD_ERROR
    checked_in = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert checked_in == rules_markdown(_COACH.content), (
        "docs/rules.md is stale: run 'coach rules --markdown > docs/rules.md'"
    )


def test_docs_rules_md_has_the_fixed_headings_for_every_rule() -> None:
    assert _COACH is not None, _LOAD_ERROR
    text = rules_markdown(_COACH.content)
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    assert len(sections) == len(_COACH.all_rules)
    for section in sections:
        assert "### What it checks" in section
        assert "### Why it matters" in section
        if "✓ praise" in section.split("\n")[2]:
            assert "### Example that earns it" in section
        else:
            assert "### Example that fires" in section
            assert "### Use instead" in section


def test_authoring_guide_documents_every_placeholder_and_error_code() -> None:
    guide = (REPO / "docs" / "authoring-rules.md").read_text(encoding="utf-8")
    for name in PLACEHOLDERS:
        assert f"`{{{name}}}`" in guide, name
    errors = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    for code in ("E040", "E041", "E042", "E043", "E044", "E045", "E046", "E047", "E048"):
        assert f"| {code} |" in errors, code
    for code in ("E049", "E050", "E051", "E052", "W040"):
        assert f"| {code} |" in errors, code
