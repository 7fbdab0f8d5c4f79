"""The session service: detection, coaching and the dialogue engine for one conversation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from coach.analysis import Analyzer
from coach.coaching import Coach
from coach.dialogue.engine import ConversationOver
from coach.dialogue.library import find_scenario_file, load_scenario_file
from coach.dialogue.model import Scenario
from coach.session import Session

REPO = Path(__file__).resolve().parent.parent

STRONG = [
    "Working from home on Wednesdays would let me focus on the design reviews and get them "
    "back to the team faster.",
    "I'd answer messages within fifteen minutes and post a summary in the team channel every "
    "afternoon.",
    "Could we try it for a month and see how it goes?",
    "I really need an answer today, if possible.",
]


@pytest.fixture(scope="module")
def coach() -> Coach:
    return Coach.load()


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario_file(find_scenario_file("remote-trial"))


def play(session: Session, replies: list[str]) -> list[str]:
    return [session.reply(text).manager_line for text in replies]


def test_a_turn_carries_everything_the_shells_show(
    scenario: Scenario, analyzer: Analyzer, coach: Coach
) -> None:
    session = Session.start(scenario, analyzer, coach, seed=12)
    assert session.seed == 12
    assert session.opening_line and session.manager_line == session.opening_line
    assert session.turns_left == scenario.max_turns and not session.finished
    result = session.reply(STRONG[0])
    assert result.turn == 1
    assert result.node == "opening" and result.situation == "opening-pitch"
    assert result.manager_said == session.opening_line
    assert result.text == STRONG[0]
    assert "leads-with-business" in result.behaviours
    assert result.feedback is not None
    assert result.findings == tuple(f.rule_id for f in result.feedback.findings)
    assert set(result.findings) <= result.fired
    assert result.state.node == "how-would-it-work" == session.node.id
    assert session.manager_line == result.manager_line
    assert session.turns_left == scenario.max_turns - 1


def test_the_same_seed_and_replies_replay_the_same_conversation(
    scenario: Scenario, analyzer: Analyzer, coach: Coach
) -> None:
    first = Session.start(scenario, analyzer, coach, seed=99)
    second = Session.start(scenario, analyzer, coach, seed=99)
    assert play(first, STRONG) == play(second, STRONG)
    assert first.state == second.state
    assert first.ending is not None and first.ending.id == "think-it-over"
    with pytest.raises(ConversationOver):
        first.reply("One more thing.")


def test_the_scorecard_covers_the_whole_conversation(
    scenario: Scenario, analyzer: Analyzer, coach: Coach
) -> None:
    session = Session.start(scenario, analyzer, coach, seed=1)
    assert session.scorecard() is None
    play(session, STRONG[:2])
    card = session.scorecard()
    assert card is not None and card.turns == 2
    contexts = session.replies()
    assert [c.earlier for _, c in contexts] == [(), (session.turns[0].detection,)]
    assert contexts[1][1].manager_said == session.turns[0].manager_line


def test_restart_from_a_turn_leaves_the_original_alone(
    scenario: Scenario, analyzer: Analyzer, coach: Coach
) -> None:
    session = Session.start(scenario, analyzer, coach, seed=5)
    play(session, STRONG[:3])
    retry = session.restart_from(1)
    assert len(retry.turns) == 1 and len(session.turns) == 3
    assert retry.state == session.turns[0].state
    assert retry.manager_line == session.turns[0].manager_line
    # Replying the same way again gives the same turn, word for word.
    assert retry.reply(STRONG[1]).manager_line == session.turns[1].manager_line
    assert len(session.turns) == 3
    fresh = session.restart_from(0)
    assert fresh.turns == [] and fresh.manager_line == session.opening_line
    with pytest.raises(ValueError):
        session.restart_from(4)


def test_without_a_coach_there_is_no_feedback_but_the_dialogue_runs(
    scenario: Scenario, analyzer: Analyzer
) -> None:
    session = Session.start(scenario, analyzer, None, seed=3)
    result = session.reply(STRONG[0])
    assert result.feedback is None and result.findings == () and result.fired == frozenset()
    assert session.scorecard() is None
    assert result.state.node == "how-would-it-work"


def test_switching_a_rule_off_hides_it_but_does_not_change_the_manager(
    scenario: Scenario, analyzer: Analyzer, coach: Coach
) -> None:
    quiet = Coach.load(disabled=("dont-push-for-answer",))
    normal = Session.start(scenario, analyzer, coach, seed=4)
    hidden = Session.start(scenario, analyzer, quiet, seed=4)
    assert play(normal, STRONG) == play(hidden, STRONG)
    assert normal.turns[-1].findings[0] == "dont-push-for-answer"
    assert "dont-push-for-answer" not in hidden.turns[-1].findings
    assert "dont-push-for-answer" in hidden.turns[-1].fired
    assert hidden.ending is not None and hidden.ending.id == "think-it-over"


def test_seeds_are_chosen_when_not_given(scenario: Scenario, analyzer: Analyzer) -> None:
    seeds = {Session.start(scenario, analyzer, None).seed for _ in range(5)}
    assert len(seeds) > 1


@pytest.mark.parametrize(
    "module",
    [*sorted((REPO / "coach" / "dialogue").glob("*.py")), REPO / "coach" / "session.py"],
    ids=lambda p: p.name,
)
def test_the_domain_never_imports_a_ui_library(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"rich", "textual"}
