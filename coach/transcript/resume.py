"""Continuing a recorded session, or playing it again from one of its turns.

Both rebuild the :class:`~coach.session.Session` from the transcript, as it stood:
the recorded detections, feedback and dialogue states are used as they are (nothing
is analysed again), so the conversation continues exactly where it was, whatever
changed in the rules or the pipeline since.

- :func:`resume_transcript`: the same file goes on (a ``resumed`` event, then the new
  turns are appended). A reply that was sent but never analysed (the session was
  killed during its analysis) is handed back as ``pending``: send it with
  ``session.reply(pending)`` and it is analysed without being written twice.
- :func:`retry_transcript`: a *new* transcript starts from the state after reply N;
  its header names the file and turn it came from (``origin``) and it holds copies of
  the kept turns, so it replays on its own. The original is left as it is.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from coach.errors import CoachError
from coach.transcript.format import utc_now
from coach.transcript.reader import Transcript
from coach.transcript.writer import Origin, TranscriptRecorder, pipeline_of

if TYPE_CHECKING:
    from coach.coaching import Coach
    from coach.dialogue.facts import PracticeFacts
    from coach.dialogue.model import Scenario
    from coach.session import Detector, Session


@dataclass(frozen=True)
class Resumed:
    session: Session
    pending: str | None
    """A reply that was recorded but never analysed: send it first."""


def restore_session(
    transcript: Transcript,
    scenario: Scenario,
    analyzer: Detector,
    coach: Coach | None,
    *,
    upto: int | None = None,
) -> Session:
    """The session as it stood after reply ``upto`` (default: the last analysed one),
    rebuilt from the recorded turns; not recorded (attach a recorder to go on)."""
    from coach.dialogue import engine
    from coach.session import Session, TurnResult

    name = str(transcript.path)
    if transcript.scenario_id != scenario.id:
        raise CoachError(
            f"{name}: recorded with scenario {transcript.scenario_id!r}, not {scenario.id!r}"
        )
    analysed = transcript.analysed_turns
    last = len(analysed) if upto is None else upto
    start = engine.start(scenario, transcript.header.seed)
    started = transcript.start_state
    if started is not None and started.node in scenario.nodes:
        start = engine.Step(started, start.line, None)
    opening = engine.Step(start.state, transcript.opening or start.line, None)
    turns: list[TurnResult] = []
    for expected, recorded in enumerate(transcript.turns[:last], start=1):
        if recorded.turn != expected or not recorded.analysed:
            raise CoachError(
                f"{name}:{recorded.line}: reply {expected} is missing or was never analysed; "
                "the session cannot be rebuilt past it",
                hint=f"replay it, or retry from an earlier reply with --retry-from {expected - 1}",
            )
        state = recorded.scenario_state
        detection = recorded.detection
        assert state is not None and detection is not None
        if state.node not in scenario.nodes:
            raise CoachError(
                f"{name}:{recorded.line}: node {state.node!r} is no longer in scenario "
                f"{scenario.id!r}; the session cannot continue",
                hint="replay it instead: coach replay FILE --plain",
            )
        ending = None
        if state.ending is not None:
            ending = next((e for e in scenario.every_ending if e.id == state.ending), None)
        turns.append(
            TurnResult(
                turn=expected,
                node=recorded.node or (turns[-1].state.node if turns else start.state.node),
                situation=recorded.situation or scenario.nodes[state.node].situation,
                topic=recorded.topic,
                manager_said=recorded.manager_said
                or (turns[-1].manager_line if turns else opening.line),
                detection=detection,
                feedback=recorded.feedback,
                manager_line=recorded.manager_line or "",
                ending=ending,
                state=state,
                fired=frozenset(recorded.fired),
            )
        )
    if last > len(turns):
        raise CoachError(
            f"{name}: reply {last} is out of range (0 to {len(turns)} analysed replies)"
        )
    facts = _facts(transcript)
    return Session(scenario, analyzer, coach, opening, turns, facts=facts)


def _facts(transcript: Transcript) -> PracticeFacts | None:
    """The facts the session was practised with, so suggestions carry on using them."""
    from coach.dialogue.facts import PracticeFacts

    recorded = transcript.header.facts
    if not recorded:
        return None
    try:
        return PracticeFacts.from_json(recorded)
    except (KeyError, TypeError, ValueError):
        return None


def resume_transcript(
    transcript: Transcript,
    scenario: Scenario,
    analyzer: Detector,
    coach: Coach | None,
    *,
    clock: Callable[[], datetime] = utc_now,
) -> Resumed:
    """Continue an unfinished transcript in the same file (see the module docstring)."""
    name = str(transcript.path)
    if transcript.finished:
        raise CoachError(
            f"{name}: this session already reached an ending",
            hint="play it again from a reply: coach replay FILE --retry-from N",
        )
    session = restore_session(transcript, scenario, analyzer, coach)
    if session.finished:
        raise CoachError(f"{name}: this session already reached an ending")
    pending = transcript.pending
    recorder = TranscriptRecorder.resume(
        transcript.path,
        pipeline_of(analyzer),
        pending_turn=pending.turn if pending is not None else None,
        clock=clock,
    )
    session.attach(recorder)
    return Resumed(session, pending.text if pending is not None else None)


def retry_transcript(
    transcript: Transcript,
    turn: int,
    scenario: Scenario,
    analyzer: Detector,
    coach: Coach | None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    record: bool = True,
    clock: Callable[[], datetime] = utc_now,
) -> Session:
    """A new session from the state after reply ``turn`` (0: from the start), recorded
    in a new transcript linked to this one unless ``record`` is false."""
    from coach.paths import data_dir as resolve

    analysed = len(transcript.analysed_turns)
    if not 0 <= turn <= analysed:
        raise CoachError(
            f"{transcript.path}: cannot retry from reply {turn}: "
            f"choose 0 to {analysed} (the replies that were analysed)"
        )
    session = restore_session(transcript, scenario, analyzer, coach, upto=turn)
    if session.finished:
        raise CoachError(
            f"{transcript.path}: the conversation ended at reply {turn}",
            hint=f"retry from an earlier reply (0 to {turn - 1})",
        )
    if not record:
        return session
    recorder = TranscriptRecorder.new(
        resolve(data_dir),
        pipeline_of(analyzer),
        origin=Origin(transcript.name, turn),
        origin_pipeline=transcript.header.pipeline,
        clock=clock,
    )
    session.attach(recorder)
    return session
