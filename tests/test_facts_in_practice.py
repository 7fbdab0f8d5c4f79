"""Prepared facts reach a practice session: the manager's variables, the suggestions,
and the transcript that records and resumes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.analysis import Analyzer
from coach.coaching import Coach
from coach.dialogue.facts import PracticeFacts
from coach.dialogue.library import find_scenario_file, load_scenario_file
from coach.dialogue.model import Scenario
from coach.session import Session
from coach.transcript import read_transcript, recording_path, start_recorded_session
from coach.transcript.resume import resume_transcript

FACTS = PracticeFacts(
    expected_topics=frozenset({"fairness"}),
    schedule="Wednesdays and Fridays at home",
    metric="the month-end close delivered on time",
    duration="eight weeks",
)


@pytest.fixture(scope="module")
def coach() -> Coach:
    return Coach.load()


def load_scenario(name: str) -> Scenario:
    return load_scenario_file(find_scenario_file(name))


def test_expected_concerns_become_variables(analyzer: Analyzer, coach: Coach) -> None:
    scenario = load_scenario("remote-trial")
    with_facts = Session.start(scenario, analyzer, coach, seed=3, facts=FACTS)
    without = Session.start(scenario, analyzer, coach, seed=3)
    assert with_facts.opening.state.variables["expects-fairness"] == 1
    assert without.opening.state.variables["expects-fairness"] == 0


def test_suggestions_use_the_prepared_words(analyzer: Analyzer, coach: Coach) -> None:
    scenario = load_scenario("remote-trial")
    session = Session.start(scenario, analyzer, coach, seed=3, facts=FACTS)
    turn = session.reply("I'd like to work from home more, if possible.")
    assert turn.feedback is not None and turn.feedback.suggestion is not None
    assert "Wednesdays and Fridays at home" in turn.feedback.suggestion
    plain = Session.start(scenario, analyzer, coach, seed=3)
    other = plain.reply("I'd like to work from home more, if possible.")
    assert other.feedback is not None and other.feedback.suggestion is not None
    assert "Wednesdays and Fridays" not in other.feedback.suggestion


def test_transcripts_record_the_facts_and_resume_with_them(
    analyzer: Analyzer, coach: Coach, tmp_path: Path
) -> None:
    scenario = load_scenario("remote-trial")
    session = start_recorded_session(
        scenario, analyzer, coach, seed=3, data_dir=tmp_path, facts=FACTS
    )
    session.reply("I'd like to try Wednesdays and Fridays at home for eight weeks.")
    session.stop()
    path = recording_path(session)
    assert path is not None
    transcript = read_transcript(path)
    assert transcript.header.facts == FACTS.to_json()
    resumed = resume_transcript(transcript, scenario, analyzer, coach)
    assert resumed.session.facts == FACTS
