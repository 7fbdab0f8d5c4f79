"""``coach resume``: continue the newest session without an ending, in the same file;
a reply that was sent but never analysed is analysed first, and written once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_transcript_helpers as helpers
from test_transcript_helpers import (
    STRONG,
    Clock,
    Run,
    day,
    events,
    record,
    scenario_named,
    shipped_coach,
)

from coach.analysis import Analyzer
from coach.nlp.detection import Detection
from coach.session import Session
from coach.transcript import (
    TranscriptRecorder,
    read_transcript,
    recording_path,
    resume_transcript,
)

run = helpers.run  # fixtures shared by the transcript tests
clean_env = helpers.clean_env


def test_resume_continues_the_newest_unfinished_session_in_the_same_file(
    tmp_path: Path, analyzer: Analyzer, run: Run
) -> None:
    unfinished, _ = record(tmp_path, analyzer, STRONG[:2], start=day(1))
    record(tmp_path, analyzer, STRONG, start=day(2))  # newer, but finished
    _, straight = record(tmp_path / "elsewhere", analyzer, STRONG)
    code, out, err = run("resume", "--data-dir", str(tmp_path), stdin="\n".join(STRONG[2:]) + "\n")
    assert code == 0, err
    assert f"Resuming {unfinished.stem} after reply 2." in out
    assert f"Recording to {unfinished}" in err
    assert out.count("\nYou: ") == 4 and "Outcome: Trial agreed." in out
    transcript = read_transcript(unfinished)
    assert [t.text for t in transcript.turns] == STRONG
    assert [r.turn for r in transcript.resumptions] == [2]
    assert transcript.finished and transcript.warnings == ()
    # Exactly the conversation an uninterrupted session has.
    assert [t.manager_line for t in transcript.turns] == [t.manager_line for t in straight.turns]
    card = straight.scorecard()
    assert card is not None and transcript.score == card.total
    kinds = [e["event"] for e in events(unfinished)]
    assert kinds.count("stopped") == 1 and kinds.count("resumed") == 1


def test_a_reply_sent_but_never_analysed_is_analysed_once(
    tmp_path: Path, analyzer: Analyzer, run: Run
) -> None:
    class Crashes:
        pipeline = analyzer.pipeline

        def detect(self, text: str) -> Detection:
            if text == STRONG[2]:
                raise KeyboardInterrupt  # the terminal closed mid-analysis
            return analyzer.detect(text)

    session = Session.start(
        scenario_named("remote-trial"),
        Crashes(),
        shipped_coach(),
        11,
        recorder=TranscriptRecorder.new(tmp_path, clock=Clock(day(1))),
    )
    session.reply(STRONG[0])
    session.reply(STRONG[1])
    with pytest.raises(KeyboardInterrupt):
        session.reply(STRONG[2])
    path = recording_path(session)
    assert path is not None
    transcript = read_transcript(path)
    assert transcript.pending is not None and transcript.pending.text == STRONG[2]

    code, out, err = run("resume", path.stem, "--data-dir", str(tmp_path), stdin=STRONG[3] + "\n")
    assert code == 0, err
    assert "(this reply was sent but not analysed before the session stopped)" in err
    assert out.count(f"\nYou: {STRONG[2]}\n") == 1
    replies = [e["turn"] for e in events(path) if e["event"] == "reply"]
    assert replies == [1, 2, 3, 4]
    done = read_transcript(path)
    assert all(t.analysed for t in done.turns) and done.finished


def test_resume_rebuilds_the_session_from_the_recorded_turns(
    tmp_path: Path, analyzer: Analyzer
) -> None:

    path, played = record(tmp_path, analyzer, STRONG[:2])
    resumed = resume_transcript(
        read_transcript(path), scenario_named("remote-trial"), analyzer, shipped_coach()
    )
    session = resumed.session
    assert resumed.pending is None
    assert session.state == played.state and session.seed == played.seed
    assert [t.detection for t in session.turns] == [t.detection for t in played.turns]
    assert session.manager_line == played.manager_line
    assert recording_path(session) == path
    result = session.reply(STRONG[2])
    assert result.turn == 3 and result.manager_said == played.manager_line
    assert json.loads(path.read_text().splitlines()[-1])["event"] == "manager"


def test_nothing_to_resume(tmp_path: Path, analyzer: Analyzer, run: Run) -> None:
    code, _, err = run("resume", "--data-dir", str(tmp_path))
    assert code == 2
    assert err == (
        f"coach: error: no unfinished session in {tmp_path / 'transcripts'} ('coach history' "
        "lists the sessions; 'coach practice SCENARIO --plain' starts one)\n"
    )
    finished, _ = record(tmp_path, analyzer, STRONG)
    code, _, err = run("resume", "last", "--data-dir", str(tmp_path))
    assert code == 2
    assert err == (
        f"coach: error: {finished}: this session already reached an ending (play it again "
        "from a reply: coach replay FILE --retry-from N)\n"
    )
