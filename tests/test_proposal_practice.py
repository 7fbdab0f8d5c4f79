"""From proposal to practice: facts become dialogue variables at the start, and a
scenario's manager raises the concern the user expected."""

from __future__ import annotations

import pytest

from coach.coaching import Coach
from coach.conditions import Var
from coach.content.yamlsource import parse_yaml
from coach.dialogue import (
    FACT_VARIABLES,
    PracticeFacts,
    expects_variable,
    initial_variables,
    start,
    start_with_facts,
    step,
)
from coach.dialogue.facts import expected_topics_of, fact_variables
from coach.dialogue.library import default_files, load_scenario_file
from coach.dialogue.model import Scenario, parse_scenario
from coach.dialogue.validate import check_scenario
from coach.vocabulary import TOPICS

SCENARIO = """\
id: facts
title: Facts
summary: Written by the tests.
difficulty: easy
situation: opening-pitch
manager: {name: Sam Lee, role: Manager, persona: Plain.}
variables: {trust: 0, expects-security: 0}
start: ask
nodes:
  ask:
    say:
      - Go on.
      - text: You saw this coming. What about client data at home?
        when: {var: expects-security, eq: 1}
    transitions:
      - when: {var: trust, gte: 1}
        goto: done
      - goto: done
        add: {trust: 1}
endings:
  done: {outcome: agreed, title: Done, say: [Fine.], debrief: Done.}
"""


def scenario(text: str = SCENARIO) -> Scenario:
    return parse_scenario(parse_yaml(text, "facts.yaml"))


def shipped(scenario_id: str) -> Scenario:
    for file in default_files():
        if file.stem == scenario_id:
            return load_scenario_file(file)
    raise AssertionError(scenario_id)


SECURITY = PracticeFacts(expected_topics=frozenset({"security", "clients"}))


def test_the_fact_variables_form_a_closed_scheme_over_the_topics() -> None:
    assert tuple(f"expects-{t}" for t in TOPICS) == FACT_VARIABLES
    assert expects_variable("security") == "expects-security"
    with pytest.raises(ValueError, match="unknown topic"):
        expects_variable("weather")
    with pytest.raises(ValueError, match="unknown topic"):
        PracticeFacts(expected_topics=frozenset({"weather"}))
    assert SECURITY.variables() == {"expects-clients": 1, "expects-security": 1}
    assert expected_topics_of({"expects-security": 1, "expects-cost": 0, "trust": 3}) == {
        "security"
    }
    assert PracticeFacts.from_json(SECURITY.to_json()) == SECURITY


def test_only_declared_fact_variables_are_set() -> None:
    small = scenario()
    assert fact_variables(small) == ("expects-security",)
    assert initial_variables(small, None) == {"trust": 0, "expects-security": 0}
    assert initial_variables(small, SECURITY) == {"trust": 0, "expects-security": 1}
    with pytest.raises(ValueError, match="declares no variable 'expects-clients'"):
        start(small, 1, SECURITY.variables())


def test_a_line_variant_is_chosen_by_the_facts() -> None:
    small = scenario()
    for seed in range(20):
        assert start(small, seed).line == "Go on."
        opening = start_with_facts(small, seed, SECURITY)
        assert opening.line == "You saw this coming. What about client data at home?"
        assert opening.state.variables["expects-security"] == 1
        assert step(small, opening.state, []).ending is not None


def test_security_clients_raises_the_expected_concern() -> None:
    rachel = shipped("security-clients")
    for seed in (1, 2, 3):
        plain = step(rachel, start(rachel, seed).state, ["business-benefit"])
        assert plain.state.node == "data-worry"
        assert "you saw this coming" not in plain.line
        opening = start_with_facts(rachel, seed, SECURITY)
        after = step(rachel, opening.state, ["business-benefit"])
        assert after.state.node == "data-worry"
        assert after.line.endswith(
            "I imagine you saw this coming, so let's go straight to it. We hold sensitive "
            "financial data. How would it stay as secure at your kitchen table as it is here?"
        )
        clients = step(rachel, after.state, ["evidence"])
        assert clients.state.node == "client-worry"
        assert "You probably expected this one too. The clients." in clients.line


def test_remote_trial_raises_it_at_the_close_and_rewards_the_answer() -> None:
    dana = shipped("remote-trial")
    facts = PracticeFacts(expected_topics=frozenset({"security"}))
    state = start_with_facts(dana, 5, facts).state
    for shown in (["business-benefit"], ["communication-plan"], ["trial-proposal"]):
        reached = step(dana, state, shown)
        state = reached.state
    assert state.node == "closing" and state.variables["trust"] < 4
    assert reached.line.endswith(
        "One more thing before we wrap up, and I suspect you saw it coming. You work with "
        "customer data. How would it stay secure at home?"
    )
    answered = step(dana, state, ["communication-plan"], ["praise-answers-concern"])
    assert answered.ending is not None and answered.ending.id == "trial-agreed"
    assert answered.line.startswith("Good, that was my last worry.")
    unanswered = step(dana, state, ["communication-plan"])
    assert unanswered.ending is not None and unanswered.ending.id == "think-it-over"


@pytest.mark.parametrize("scenario_id", ["remote-trial", "security-clients"])
def test_each_expected_concern_line_raises_its_topic(scenario_id: str) -> None:
    coach = Coach.load()
    found = 0
    for node in shipped(scenario_id).nodes.values():
        for line in node.say:
            if isinstance(line.when, Var) and line.when.name.startswith("expects-"):
                topic = line.when.name.removeprefix("expects-")
                assert coach.detect_topic(None, line.text) == topic, line.text
                assert node.topic in (None, topic), (node.id, topic)
                found += 1
    assert found >= 3


def test_a_fact_variable_must_name_a_topic() -> None:
    bad = scenario(SCENARIO.replace("expects-security", "expects-weather"))
    problems = [p.render() for p in check_scenario(bad, set(), None)]
    assert problems == [
        "facts.yaml:7:23: E104: unknown topic 'weather' in the fact variable 'expects-weather'"
    ]
