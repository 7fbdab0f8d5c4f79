"""Scorecard arithmetic: shares, weights, not-applicable checks, blockers that cap,
and the improvements picked one at a time. Most tests need no pipeline: they score
hand-made condition contexts against a small rubric written for the test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.analysis import Analyzer
from coach.coaching import Coach, ReplyContext
from coach.coaching.loading import Rubric, load_coaching
from coach.coaching.scorecard import (
    compute_scorecard,
    round_half_up,
    scorecard_text,
    uncapped_score,
)
from coach.conditions import ConditionContext
from coach.report import scorecard_json

RUBRIC = """\
groups:
  - id: a
    title: Group A
    weight: 3
    checks:
      - id: a1
        title: Proposed a trial
        met: {behavior: trial-proposal}
        weight: 2
        advice: Propose a trial.
      - id: a2
        title: Cited evidence
        met: {behavior: evidence}
        advice: Cite evidence.
  - id: b
    title: Group B
    weight: 1
    checks:
      - id: b1
        title: After a no, asked about concerns
        applies: {situation: after-no}
        met: {behavior: concern-question}
        advice: Ask what would change.
      - id: b2
        title: Never hedged
        met: {not: {behavior: hedging}}
        turns: every
        advice: Drop the hedges.
blockers:
  - id: threat
    title: Made a threat
    when: {behavior: ultimatum}
    cap: 40
    advice: Drop the threat.
  - id: personal-opening
    title: Opened with personal reasons only
    when:
      all: [{behavior: personal-only}, {turn: {eq: 1}}]
    cap: 30
    advice: Open with the business case.
"""


@pytest.fixture(scope="module")
def rubric(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    rules = tmp_path_factory.mktemp("rubric") / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", rules)
    (rules / "scorecard.yaml").write_text(RUBRIC, encoding="utf-8")
    return load_coaching(rules).rubric


def turn(*behaviours: str, situation: str | None = None, number: int = 1) -> ConditionContext:
    return ConditionContext(behaviors=frozenset(behaviours), situation=situation, turn=number)


def test_one_turn(rubric: Rubric) -> None:
    card = compute_scorecard(rubric, [turn("trial-proposal")])
    a, b = card.groups
    assert a.share == pytest.approx(2 / 3)  # a1 (weight 2) of a1 + a2 (weights 2 + 1)
    assert [c.met for c in a.checks] == [True, False]
    assert [c.met for c in b.checks] == [None, True]  # b1 does not apply: no after-no turn
    assert b.share == 1.0
    assert (b.met, b.applicable) == (1, 1)
    # 100 x (3 x 2/3 + 1 x 1) / (3 + 1)
    assert card.uncapped == pytest.approx(75.0)
    assert card.total == 75
    assert card.cap is None
    assert not card.fired_blockers


def test_checks_over_several_turns(rubric: Rubric) -> None:
    card = compute_scorecard(
        rubric,
        [
            turn("trial-proposal", number=1),
            turn("hedging", "concern-question", situation="after-no", number=2),
        ],
    )
    a, b = card.groups
    b1, b2 = b.checks
    assert (b1.met, b1.turns) == (True, (2,))  # applies to turn 2 only, met there
    assert (b2.met, b2.turns) == (False, (1,))  # 'every': turn 2 hedged
    assert b.share == 0.5
    # 100 x (3 x 2/3 + 1 x 0.5) / 4 = 62.5, rounded half up
    assert card.uncapped == pytest.approx(62.5)
    assert card.total == 63
    assert a.checks[0].turns == (1,)


def test_a_blocker_caps_the_score(rubric: Rubric) -> None:
    card = compute_scorecard(rubric, [turn("trial-proposal", "ultimatum")])
    assert card.uncapped == pytest.approx(75.0)
    assert card.cap == 40
    assert card.total == 40
    assert [b.id for b in card.fired_blockers] == ["threat"]
    assert card.fired_blockers[0].turns == (1,)


def test_a_cap_above_the_score_changes_nothing(rubric: Rubric) -> None:
    card = compute_scorecard(rubric, [turn("ultimatum", "hedging")])
    # a: 0 of 3, b: b2 not met -> 0; uncapped 0, capped at 40 -> 0
    assert card.uncapped == 0.0
    assert card.total == 0
    assert card.cap == 40


def test_the_lowest_cap_wins(rubric: Rubric) -> None:
    card = compute_scorecard(rubric, [turn("trial-proposal", "ultimatum", "personal-only")])
    assert {b.id for b in card.fired_blockers} == {"threat", "personal-opening"}
    assert card.cap == 30
    assert card.total == 30


def test_a_blocker_condition_can_depend_on_the_turn(rubric: Rubric) -> None:
    card = compute_scorecard(
        rubric, [turn("trial-proposal", number=1), turn("personal-only", number=2)]
    )
    assert not card.fired_blockers  # personal reasons only after the opening: no cap
    assert card.total == 75


def test_improvements_are_picked_one_at_a_time(rubric: Rubric) -> None:
    card = compute_scorecard(rubric, [turn("trial-proposal", "ultimatum", "personal-only")])
    steps = [(i.kind, i.id, round(i.gain, 6)) for i in card.improvements]
    # Removing the 40 cap alone gains nothing while the 30 cap holds: the 30 goes
    # first (30 -> 40), then the 40 (40 -> 75), then the unmet check a2 (75 -> 100).
    assert steps == [
        ("blocker", "personal-opening", 10.0),
        ("blocker", "threat", 35.0),
        ("check", "a2", 25.0),
    ]


def test_improvements_rank_checks_by_what_they_add(rubric: Rubric) -> None:
    card = compute_scorecard(rubric, [turn("hedging")])
    # a1 adds 100 x 3 x 2/3 / 4 = 50; a2 adds 25; b2 adds 25 (ties keep rubric order)
    assert [(i.id, round(i.gain, 6)) for i in card.improvements] == [
        ("a1", 50.0),
        ("a2", 25.0),
        ("b2", 25.0),
    ]


def test_nothing_to_improve(rubric: Rubric) -> None:
    card = compute_scorecard(rubric, [turn("trial-proposal", "evidence")])
    assert card.total == 100
    assert card.improvements == ()


def test_no_applicable_group_scores_zero() -> None:
    assert uncapped_score([]) == 0.0


@pytest.mark.parametrize(
    ("value", "expected"), [(62.5, 63), (62.49, 62), (0.5, 1), (99.5, 100), (0.0, 0)]
)
def test_rounding_half_up(value: float, expected: int) -> None:
    assert round_half_up(value) == expected


def test_plain_text_and_json(rubric: Rubric) -> None:
    card = compute_scorecard(rubric, [turn("trial-proposal", "ultimatum")])
    text = scorecard_text(card)
    assert text.startswith("Scorecard: 40/100 over 1 reply (capped at 40; 75 without the blocker)")
    assert "✓ Proposed a trial" in text
    assert "· Cited evidence" in text
    assert "- After a no, asked about concerns (not applicable)" in text
    assert "✗ Made a threat (reply 1): caps the score at 40" in text
    assert card.render_plain() == text
    data = scorecard_json(card)
    assert data["total"] == 40 and data["uncapped"] == 75.0 and data["cap"] == 40
    assert [g["id"] for g in data["groups"]] == ["a", "b"]
    assert data["groups"][1]["checks"][0]["met"] is None
    assert data["blockers"] == [
        {
            "id": "threat",
            "title": "Made a threat",
            "cap": 40,
            "turns": [1],
            "advice": "Drop the threat.",
        }
    ]
    assert data["improvements"][0]["kind"] == "blocker"


# ---------------------------------------------------------------------------
# The shipped rubric on real replies


def test_shipped_rubric_on_a_conversation(analyzer: Analyzer) -> None:
    coach = Coach.load()
    replies = [
        (
            "Hi Sam. Working from home on Tuesdays and Thursdays would let me clear the review "
            "queue a day sooner. Last quarter I shipped all three releases ahead of schedule. "
            "Could we try it for six weeks and then review it against the sprint goals?",
            ReplyContext(situation="opening-pitch"),
        ),
        (
            "I understand. What worries you most about it? I'd still come in for planning and "
            "anything client-facing.",
            ReplyContext(
                situation="pushback-office", manager_said="We prefer everyone in the office."
            ),
        ),
    ]
    detections = list(analyzer.detect_many([t for t, _ in replies]))
    turns = [
        (d, ReplyContext(ctx.situation, ctx.topic, ctx.manager_said, tuple(detections[:i])))
        for i, (d, (_, ctx)) in enumerate(zip(detections, replies, strict=True))
    ]
    card = coach.scorecard(turns)
    assert not card.fired_blockers
    assert card.total >= 60
    met = {c.id for g in card.groups for c in g.checks if c.met}
    assert {"opens-with-business", "proposes-trial", "asks-after-pushback"} <= met

    threat = analyzer.detect("Either I get remote Fridays or I'm handing in my notice.")
    capped = coach.scorecard(
        [*turns, (threat, ReplyContext("pushback-office", None, None, tuple(detections)))]
    )
    assert [b.id for b in capped.fired_blockers] == ["ultimatum"]
    assert capped.total <= 40
    assert capped.improvements[0].kind == "blocker"


def test_shipped_rubric_caps_a_personal_only_opening(analyzer: Analyzer) -> None:
    coach = Coach.load()
    detection = analyzer.detect("My commute is two hours a day and it's wearing me out.")
    card = coach.scorecard([(detection, ReplyContext(situation="opening-pitch"))])
    assert [b.id for b in card.fired_blockers] == ["personal-only-opening"]
    assert card.total <= 50
