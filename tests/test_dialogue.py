"""The dialogue engine: a pure state machine over a compiled scenario.

Small scenarios written here pin down each rule of a step; a property-based test
drives every shipped scenario with random behaviour sets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.conditions import ConditionContext, parse_condition, references
from coach.content.yamlsource import parse_yaml
from coach.dialogue.engine import (
    ConversationOver,
    ScenarioState,
    pick_line,
    start,
    step,
)
from coach.dialogue.graph import condition_text, render, to_dot, to_mermaid
from coach.dialogue.library import default_files, load_scenario_file
from coach.dialogue.model import OUT_OF_TIME_ID, Line, Scenario, parse_scenario
from coach.dialogue.playtest import _Shape
from coach.dialogue.schema import scenario_schema

REPO = Path(__file__).resolve().parent.parent

SMALL = """\
id: small
title: A small scenario
summary: Written by the tests.
difficulty: easy
situation: opening-pitch
manager: {name: Sam Lee, role: Manager, persona: Plain.}
variables: {trust: 0, patience: 2}
start: ask
max_turns: 4
nodes:
  ask:
    say: [First variant., Second variant., Third variant.]
    transitions:
      - when: {behavior: ultimatum}
        goto: refused
      - when: {all: [{behavior: trial-proposal}, {var: trust, gte: 1}]}
        goto: agreed
        say: [Good.]
      - when: {behavior: business-benefit}
        goto: ask
        add: {trust: 1}
        say: ['Okay, go on.']
      - when: {finding: no-hedging}
        goto: ask
        set: {patience: 9}
      - goto: ask
        add: {patience: -1}
  unused-on-purpose:
    say:
      - Plain line.
      - text: Only when trusted.
        when: {var: trust, gte: 1}
    transitions:
      - goto: refused
endings:
  agreed:
    outcome: trial-agreed
    title: Agreed
    say: [Deal.]
    debrief: You got it.
  refused:
    outcome: refused
    title: Refused
    say: [No.]
    debrief: You did not.
"""


def small(text: str = SMALL) -> Scenario:
    return parse_scenario(parse_yaml(text, "small.yaml"))


def shipped() -> list[Scenario]:
    return [load_scenario_file(f) for f in default_files()]


SHIPPED = shipped()
BEHAVIOURS = sorted(
    {
        "business-benefit",
        "leads-with-business",
        "personal-reason",
        "personal-only",
        "trial-proposal",
        "concern-question",
        "communication-plan",
        "success-measure",
        "concrete-schedule",
        "evidence",
        "flexibility-offer",
        "track-record",
        "hedging",
        "ultimatum",
    }
)


def test_start_enters_the_start_node() -> None:
    scenario = small()
    state, line, ending = start(scenario, seed=1)
    assert state.node == "ask" and state.turn == 0 and ending is None
    assert state.visits == {"ask": 1}
    assert state.path == ("ask",)
    assert line in {"First variant.", "Second variant.", "Third variant."}


def test_the_first_transition_that_holds_is_taken() -> None:
    scenario = small()
    state = start(scenario, 1).state
    after, line, ending = step(scenario, state, {"business-benefit", "ultimatum"})
    assert ending is not None and ending.id == "refused" and line == "No."
    assert after.finished and after.path == ("ask", "refused")
    assert after.via == ("ask", 0)


def test_updates_conditions_and_reactions() -> None:
    scenario = small()
    state = start(scenario, 1).state
    state, line, _ = step(scenario, state, {"business-benefit"})
    assert state.variables == {"trust": 1, "patience": 2}
    assert line.startswith("Okay, go on. ")
    assert state.visits["ask"] == 2 and state.turn == 1
    state, line, ending = step(scenario, state, {"trial-proposal"})
    assert ending is not None and ending.id == "agreed"
    assert line == "Good. Deal."


def test_findings_and_set() -> None:
    scenario = small()
    state = start(scenario, 1).state
    state = step(scenario, state, set(), findings={"no-hedging"}).state
    assert state.variables["patience"] == 9
    state = step(scenario, state, set()).state
    assert state.variables["patience"] == 8


def test_earlier_behaviours_are_remembered() -> None:
    scenario = small()
    state = start(scenario, 1).state
    state = step(scenario, state, {"hedging", "evidence"}).state
    assert state.shown == {"hedging", "evidence"}


def test_the_turn_limit_ends_gracefully_with_the_built_in_ending() -> None:
    scenario = small()
    state = start(scenario, 1).state
    for _ in range(3):
        state, _, ending = step(scenario, state, set())
        assert ending is None
    state, line, ending = step(scenario, state, set())
    assert ending is not None and ending.id == OUT_OF_TIME_ID and ending.outcome == "deferred"
    assert state.turn == 4 and state.ending == OUT_OF_TIME_ID
    assert line in {ln.text for ln in scenario.time_up.say}
    with pytest.raises(ConversationOver):
        step(scenario, state, set())


def test_a_scenario_can_name_its_own_out_of_time_ending() -> None:
    text = SMALL.replace("max_turns: 4\n", "max_turns: 1\nout_of_time: refused\n")
    scenario = small(text)
    _, line, ending = step(scenario, start(scenario, 1).state, set())
    assert ending is not None and ending.id == "refused" and line == "No."


def test_the_same_seed_repeats_the_conversation_and_seeds_vary_it() -> None:
    scenario = small()
    openings = {start(scenario, seed).line for seed in range(40)}
    assert len(openings) == 3  # every variant gets picked by some seed
    assert start(scenario, 7).line == start(scenario, 7).line

    def conversation(seed: int) -> list[str]:
        state, line, _ = start(scenario, seed)
        lines = [line]
        for _ in range(3):
            state, line, _ = step(scenario, state, {"business-benefit"})
            lines.append(line)
        return lines

    assert conversation(3) == conversation(3)
    assert len({tuple(conversation(seed)) for seed in range(20)}) > 1


def test_conditional_variants_take_priority_when_they_hold() -> None:
    lines = (Line("plain"), Line("trusted", parse_condition({"var": "trust", "gte": 1})))
    trusted = ConditionContext(variables={"trust": 1})
    assert {pick_line(lines, trusted, seed, "k") for seed in range(20)} == {"trusted"}
    assert {pick_line(lines, ConditionContext(), seed, "k") for seed in range(20)} == {"plain"}


def test_state_round_trips_through_json() -> None:
    scenario = small()
    state = start(scenario, 5).state
    state = step(scenario, state, {"business-benefit", "hedging"}).state
    again = ScenarioState.from_json(json.loads(json.dumps(state.to_json())))
    assert again == state
    assert step(scenario, again, {"ultimatum"}) == step(scenario, state, {"ultimatum"})


def test_lines_are_folded_into_one_paragraph() -> None:
    text = SMALL.replace(
        "say: [First variant., Second variant., Third variant.]",
        "say:\n      - >\n        A folded\n        line.",
    )
    assert start(small(text), 1).line == "A folded line."


# ---------------------------------------------------------------------------
# Every shipped scenario, driven with random replies


@st.composite
def conversations(draw: st.DrawFn) -> tuple[Scenario, int, list[tuple[set[str], set[str]]]]:
    scenario = draw(st.sampled_from(SHIPPED))
    findings = sorted(
        name
        for t in scenario.transitions()
        if t.when is not None
        for kind, name in references(t.when)
        if kind == "finding"
    )
    reply = st.tuples(
        st.sets(st.sampled_from(BEHAVIOURS), max_size=6),
        st.sets(st.sampled_from(findings), max_size=2) if findings else st.just(set()),
    )
    replies = draw(st.lists(reply, min_size=scenario.max_turns, max_size=scenario.max_turns))
    seed = draw(st.integers(min_value=0, max_value=2**31))
    return scenario, seed, replies


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations())
def test_random_replies_never_break_a_scenario_and_always_end_in_time(
    case: tuple[Scenario, int, list[tuple[set[str], set[str]]]],
) -> None:
    scenario, seed, replies = case
    state, line, ending = start(scenario, seed)
    assert line
    for turn, (behaviours, findings) in enumerate(replies, start=1):
        state, line, ending = step(scenario, state, behaviours, findings)
        assert line, f"{scenario.id}: empty line at turn {turn}"
        assert state.turn == turn
        assert len(state.path) == turn + 1
        assert all(name in state.variables for name in scenario.variables)
        if ending is not None:
            assert state.ending == ending.id
            assert ending.id in scenario.endings or ending.id == OUT_OF_TIME_ID
            break
        assert state.node in scenario.nodes
    assert ending is not None, f"{scenario.id}: no ending within {scenario.max_turns} turns"
    assert state.turn <= scenario.max_turns


def test_shipped_library_meets_the_brief() -> None:
    """At least nine scenarios, each with eight nodes, three endings with different
    outcomes, variables, line variants, and branches on behaviours."""
    assert len(SHIPPED) >= 9
    ids = {s.id for s in SHIPPED}
    assert "remote-trial" in ids
    for scenario in SHIPPED:
        assert len(scenario.nodes) >= 8, scenario.id
        assert len({e.outcome for e in scenario.endings.values()}) >= 3, scenario.id
        assert scenario.variables, scenario.id
        assert all(len(node.say) >= 2 for node in scenario.nodes.values()), scenario.id
        shape = _Shape.of(scenario)
        branching = [n for n, b in shape.node_behaviours.items() if b]
        assert len(branching) == len(scenario.nodes), scenario.id
        assert all(e.debrief for e in scenario.endings.values())


# ---------------------------------------------------------------------------
# Graphs and schema


def test_condition_text_reads_like_the_yaml() -> None:
    condition = parse_condition(
        {
            "all": [
                {"behavior": "trial-proposal"},
                {"not": {"ever": "hedging"}},
                {"any": [{"var": "trust", "gte": 2}, {"visits": "ask", "lt": 3}]},
            ]
        }
    )
    assert condition_text(condition) == (
        "trial-proposal and not earlier hedging and (trust >= 2 or visits ask < 3)"
    )


def test_mermaid_and_dot_name_every_node_edge_and_ending() -> None:
    scenario = small()
    mermaid = to_mermaid(scenario)
    assert mermaid.startswith("---\ntitle: A small scenario\n---\nflowchart TD\n")
    assert 'n_ask -->|"ultimatum"| e_refused' in mermaid
    assert 'n_ask -->|"otherwise; patience -1"| n_ask' in mermaid
    assert 'n_ask -->|"finding no-hedging; patience = 9"| n_ask' in mermaid
    assert "e_out_of_time" in mermaid
    dot = to_dot(scenario)
    assert dot.startswith('digraph "small" {')
    assert '"ask" -> "agreed" [label="trial-proposal and trust >= 1"];' in dot
    assert dot.rstrip().endswith("}")
    assert render(scenario, "dot") == dot
    with pytest.raises(ValueError):
        render(scenario, "png")


def test_labels_replace_conditions_unless_asked() -> None:
    scenario = load_scenario_file(REPO / "dialogues" / "remote-trial.yaml")
    assert '|"ultimatum; trust -2"|' in to_mermaid(scenario)
    assert '|"ultimatum; trust -2"|' in to_mermaid(scenario, conditions=True)
    assert "business case and a trial" in to_mermaid(scenario)
    assert "leads-with-business and trial-proposal" in to_mermaid(scenario, conditions=True)


def test_schema_checked_in_copies_are_current() -> None:
    from coach.commands.schema import SCHEMAS
    from coach.commands.schema import render as render_schema

    for name in SCHEMAS:
        file = REPO / "schema" / f"{name}.schema.json"
        assert file.read_text(encoding="utf-8") == render_schema(name), (
            f"{file} is stale: run 'coach schema {name} -o {file.relative_to(REPO)}'"
        )


def test_schema_accepts_shipped_scenarios_where_a_validator_is_available() -> None:
    schema = scenario_schema()
    assert schema["$defs"]["condition"]["oneOf"]
    when = schema["$defs"]["TransitionSpec"]["properties"]["when"]
    assert when["$ref"] == "#/$defs/condition"
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    for file in default_files():
        jsonschema.validate(yaml.safe_load(file.read_text(encoding="utf-8")), schema)
