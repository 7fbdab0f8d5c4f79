"""Every example embedded in a behaviour file runs as its own test.

``examples.present`` texts must show the behaviour, ``examples.absent`` texts must not.
All example texts go through ``nlp.pipe`` once per module; the tests look results up.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from coach.analysis import Analyzer
from coach.content.behaviours import BehaviourSet
from coach.content.library import load_behaviours
from coach.errors import CoachError
from coach.nlp.detection import Detection

MIN_EXAMPLES = 8


def _load() -> tuple[BehaviourSet | None, str]:
    """Content is loaded at collection time (fast, no spaCy) to parametrise the tests.
    Broken content must not break collection: it fails one test instead."""
    try:
        return load_behaviours(), ""
    except CoachError as exc:
        return None, exc.render()


_LOADED, _LOAD_ERROR = _load()


class Example(NamedTuple):
    behaviour: str
    expected: bool
    number: int
    text: str


def _examples() -> list[Example]:
    found: list[Example] = []
    for b in _LOADED.behaviours if _LOADED else []:
        for i, text in enumerate(b.spec.examples.present):
            found.append(Example(b.id, True, i, text))
        for i, text in enumerate(b.spec.examples.absent):
            found.append(Example(b.id, False, i, text))
    return found


EXAMPLES = _examples()


def _example_id(example: Example) -> str:
    kind = "present" if example.expected else "absent"
    return f"{example.behaviour}-{kind}-{example.number}"


@pytest.fixture(scope="module")
def detections(analyzer: Analyzer) -> dict[str, Detection]:
    texts = sorted({e.text for e in EXAMPLES})
    return dict(zip(texts, analyzer.detect_many(texts), strict=True))


def test_content_loads() -> None:
    assert _LOADED is not None, _LOAD_ERROR


def test_every_behaviour_file_is_covered(analyzer: Analyzer) -> None:
    assert _LOADED is not None, _LOAD_ERROR
    assert _LOADED.ids() == analyzer.behaviours.ids()


@pytest.mark.parametrize("example", EXAMPLES, ids=_example_id)
def test_example(example: Example, detections: dict[str, Detection]) -> None:
    detection = detections[example.text]
    result = detection.behaviours[example.behaviour]
    shown = ", ".join(detection.present()) or "(none)"
    if example.expected:
        assert result.present, (
            f"{example.behaviour} not detected in present example {example.number}: "
            f"{example.text!r} (detected: {shown})"
        )
    else:
        evidence = [e.text for e in result.evidence]
        assert not result.present, (
            f"{example.behaviour} wrongly detected in absent example {example.number}: "
            f"{example.text!r} (evidence: {evidence})"
        )


@pytest.mark.parametrize("behaviour_id", _LOADED.ids() if _LOADED else [])
def test_enough_examples(behaviour_id: str) -> None:
    assert _LOADED is not None
    examples = _LOADED.by_id[behaviour_id].spec.examples
    assert len(examples.present) >= MIN_EXAMPLES, (
        f"{behaviour_id} has {len(examples.present)} present examples; "
        f"at least {MIN_EXAMPLES} are needed"
    )
    assert len(examples.absent) >= MIN_EXAMPLES, (
        f"{behaviour_id} has {len(examples.absent)} absent examples; "
        f"at least {MIN_EXAMPLES} are needed"
    )


def test_examples_are_not_duplicated_within_a_behaviour() -> None:
    assert _LOADED is not None, _LOAD_ERROR
    for b in _LOADED.behaviours:
        present = b.spec.examples.present
        absent = b.spec.examples.absent
        assert len(set(present)) == len(present), f"{b.id}: duplicate present example"
        assert len(set(absent)) == len(absent), f"{b.id}: duplicate absent example"
        both = set(present) & set(absent)
        assert not both, f"{b.id}: examples both present and absent: {sorted(both)}"
