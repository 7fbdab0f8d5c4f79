"""Recording and reading transcripts: the round trip, the order events are written in,
permissions, and what the reader makes of torn, corrupt and foreign files."""

from __future__ import annotations

import ast
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import test_transcript_helpers as helpers
from test_transcript_helpers import (
    STRONG,
    Clock,
    Run,
    day,
    events,
    lines_of,
    record,
    scenario_named,
    shipped_coach,
)

from coach.analysis import Analyzer
from coach.nlp.detection import Detection
from coach.session import Session
from coach.transcript import (
    FORMAT,
    VERSION,
    TranscriptError,
    TranscriptRecorder,
    TranscriptWriter,
    read_transcript,
    recording_path,
)
from coach.transcript.format import scenario_hash
from coach.transcript.reader import detection_from_json

run = helpers.run  # fixtures shared by the transcript tests
clean_env = helpers.clean_env

REPO = Path(__file__).resolve().parent.parent
POSIX = os.name == "posix"


def test_a_recorded_session_reads_back_as_it_was_played(tmp_path: Path, analyzer: Analyzer) -> None:
    path, session = record(tmp_path, analyzer, STRONG)
    assert path.parent == tmp_path / "transcripts"
    assert path.name == "20260301T090000Z-remote-trial.jsonl"
    transcript = read_transcript(path)
    assert transcript.warnings == ()
    header = transcript.header
    assert header.version == VERSION
    assert header.scenario_id == "remote-trial"
    assert header.scenario_title == session.scenario.title
    assert header.scenario_sha256 == scenario_hash(session.scenario)
    assert header.seed == 11 == session.seed
    assert dict(header.pipeline) == analyzer.pipeline
    assert header.app_version and header.started == "2026-03-01T09:00:00Z"
    assert header.manager_name == "Dana Reyes"
    assert transcript.opening == session.opening_line
    assert transcript.start_state == session.opening.state
    assert [t.text for t in transcript.turns] == STRONG
    for recorded, played in zip(transcript.turns, session.turns, strict=True):
        assert recorded.turn == played.turn
        assert recorded.node == played.node and recorded.situation == played.situation
        assert recorded.topic == played.topic
        assert recorded.manager_said == played.manager_said
        assert recorded.manager_line == played.manager_line
        assert recorded.detection == played.detection
        assert recorded.feedback == played.feedback
        assert recorded.finding_ids == played.findings
        assert recorded.scenario_state == played.state
        assert set(recorded.fired) == played.fired
        assert recorded.variables == dict(played.state.variables)
    assert transcript.finished and transcript.ending is not None
    assert transcript.ending.ending == "trial-agreed"
    assert transcript.ending.outcome_label == "Trial agreed"
    card = session.scorecard()
    assert card is not None and transcript.score == card.total
    recorded_card = transcript.scorecard
    assert recorded_card is not None
    assert recorded_card.render_plain() == card.render_plain()


def test_events_are_written_in_order_and_the_reply_before_its_analysis(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    seen: list[list[str]] = []

    class Watching:
        """A detector that looks at the file before it analyses anything."""

        pipeline = analyzer.pipeline

        def detect(self, text: str) -> Detection:
            path = recording_path(session)
            assert path is not None
            kinds = [e["event"] for e in events(path)]
            seen.append(kinds)
            last = events(path)[-1]
            assert last["event"] == "reply" and last["text"] == text
            return analyzer.detect(text)

    session = Session.start(
        scenario_named("remote-trial"),
        Watching(),
        shipped_coach(),
        11,
        recorder=TranscriptRecorder.new(tmp_path, clock=Clock(day(1))),
    )
    for text in STRONG:
        session.reply(text)
    assert len(seen) == 4
    path = recording_path(session)
    assert path is not None
    kinds = [e["event"] for e in events(path)]
    per_turn = ["reply", "analysis", "manager"]
    assert kinds == ["header", "manager", *per_turn * 4, "ending"]
    header = events(path)[0]
    assert header["format"] == FORMAT and header["version"] == VERSION
    for event in events(path)[1:]:
        assert event["time"].endswith("Z")


def test_turn_events_use_the_one_json_shape_of_a_checked_reply(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    path, session = record(tmp_path, analyzer, STRONG[:1], stop=False)
    analysis = next(e for e in events(path) if e["event"] == "analysis")
    reply = analysis["reply"]
    assert set(reply) == {"text", "situation", "behaviors", "findings", "suggestion", "pipeline"}
    assert reply["pipeline"] == analyzer.pipeline
    first = reply["findings"][0]
    assert set(first) == {"rule", "level", "title", "message", "why", "suggestion", "evidence"}
    assert detection_from_json(reply) == session.turns[0].detection
    assert analysis["state"]["variables"] == dict(session.state.variables)


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_files_and_directories_are_private(tmp_path: Path, analyzer: Analyzer) -> None:
    old = os.umask(0o022)
    try:
        data = tmp_path / "new-data-dir"
        path, _ = record(data, analyzer, STRONG[:1])
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_a_data_directory_the_user_chose_keeps_its_mode(tmp_path: Path, analyzer: Analyzer) -> None:
    data = tmp_path / "chosen"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    path, _ = record(data, analyzer, STRONG[:1])
    assert stat.S_IMODE(data.stat().st_mode) == 0o755
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_file_is_never_overwritten(tmp_path: Path, analyzer: Analyzer) -> None:
    first, _ = record(tmp_path, analyzer, STRONG[:1])
    before = first.read_bytes()
    second, _ = record(tmp_path, analyzer, STRONG[:1])  # the same second
    assert second.name == "20260301T090000Z-remote-trial-2.jsonl"
    assert first.read_bytes() == before


def test_a_reply_with_a_lone_surrogate_still_reads_back(tmp_path: Path, analyzer: Analyzer) -> None:
    text = "I'd like Fridays at home \ud800 to focus."
    path, _ = record(tmp_path, analyzer, [text])
    transcript = read_transcript(path)
    assert transcript.turns[0].text == text


# ---------------------------------------------------------------------------
# Torn and corrupt lines


def test_a_torn_last_line_is_reported_and_skipped(tmp_path: Path, analyzer: Analyzer) -> None:
    path, _ = record(tmp_path, analyzer, STRONG[:2], stop=False)
    count = len(lines_of(path))
    with open(path, "ab") as handle:
        handle.write(b'{"event":"reply","turn":3,"node":"measuring","text":"We could lo')
    transcript = read_transcript(path)
    assert [w.render() for w in transcript.warnings] == [
        f"coach: warning: {path}:{count + 1}: the last line is incomplete (the session was "
        "interrupted while writing it); skipped"
    ]
    assert [t.text for t in transcript.turns] == STRONG[:2]
    assert all(t.analysed for t in transcript.turns)


def test_a_whole_last_line_without_its_newline_is_kept(tmp_path: Path, analyzer: Analyzer) -> None:
    path, _ = record(tmp_path, analyzer, STRONG[:1], stop=False)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    transcript = read_transcript(path)
    assert transcript.warnings == ()
    assert transcript.turns[0].manager_line is not None


def test_a_corrupt_line_is_reported_with_its_number_and_the_rest_is_used(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    path, _ = record(tmp_path, analyzer, STRONG)
    lines = lines_of(path)
    # line 3 is reply 1; line 5 is the manager's answer to it
    assert json.loads(lines[2])["event"] == "reply" and json.loads(lines[4])["event"] == "manager"
    lines[2] = '{"event":"reply","turn":1,"text":"I\'d like to pro\n'
    lines[4] = "\x7fgarbage\n"
    path.write_text("".join(lines), encoding="utf-8")
    transcript = read_transcript(path)
    messages = [str(w) for w in transcript.warnings]
    assert messages == [
        f"{path}:3: corrupt line skipped (invalid JSON: Unterminated string starting at: "
        "column 34)",
        f"{path}:5: corrupt line skipped (invalid JSON: Expecting value: column 1)",
    ]
    # The reply's text comes back from its analysis; only the manager's answer is lost.
    assert [t.text for t in transcript.turns] == STRONG
    assert transcript.turns[0].manager_line is None
    assert transcript.turns[1].manager_said is None
    assert transcript.finished


def test_events_that_do_not_fit_are_warnings(tmp_path: Path, analyzer: Analyzer) -> None:
    path, _ = record(tmp_path, analyzer, STRONG[:1], stop=False)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"event":"applause","turn":1}\n')
        handle.write('{"event":"reply","turn":"two","text":"x"}\n')
        handle.write("[1, 2]\n")
        handle.write(json.dumps(events(path)[0]) + "\n")
    transcript = read_transcript(path)
    n = len(lines_of(path))
    assert [str(w) for w in transcript.warnings] == [
        f"{path}:{n - 3}: unknown event 'applause' skipped",
        f"{path}:{n - 2}: corrupt 'reply' event skipped ('turn' has the wrong type)",
        f"{path}:{n - 1}: corrupt line skipped (not a transcript event)",
        f"{path}:{n}: a second header skipped",
    ]
    assert len(transcript.turns) == 1


def test_reopening_completes_or_cuts_a_torn_line(tmp_path: Path, analyzer: Analyzer) -> None:
    path, _ = record(tmp_path, analyzer, STRONG[:1], stop=False)
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"event":"reply","tu')
    TranscriptWriter.reopen(path)
    assert path.read_bytes() == whole
    path.write_bytes(whole.rstrip(b"\n"))
    TranscriptWriter.reopen(path)
    assert path.read_bytes() == whole


# ---------------------------------------------------------------------------
# Files that are not (usable) transcripts: one line, exit 2, no traceback


def _header(**changes: object) -> str:
    header = {
        "event": "header",
        "format": FORMAT,
        "version": 1,
        "started": "2026-03-01T09:00:00Z",
        "scenario": {"id": "remote-trial"},
        "seed": 1,
    }
    header.update(changes)
    return json.dumps(header) + "\n"


BAD_FILES = {
    "empty": (b"", "the file is empty, not a transcript"),
    "blank": (b"\n\n", "the file is empty, not a transcript"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not a transcript"),
    "text": (
        b"Hello Sam,\nI'd like to talk.\n",
        "1: not a coach transcript (the first line is not JSON)",
    ),
    "json-list": (
        b'[{"text": "hi"}]\n',
        '1: not a coach transcript (the first line has no "format": "coach-transcript")',
    ),
    "other-jsonl": (
        b'{"id": 1, "text": "hi"}\n',
        '1: not a coach transcript (the first line has no "format": "coach-transcript")',
    ),
    "not-header": (
        b'{"event": "reply", "format": "coach-transcript"}\n',
        "1: not a coach transcript (the first line is not a header)",
    ),
    "newer": (
        _header(version=2).encode(),
        "1: transcript format version 2 is newer than this coach reads (up to 1) "
        "(upgrade coach to read it)",
    ),
    "unknown-version": (
        _header(version="1.0").encode(),
        "1: unknown transcript format version '1.0'",
    ),
    "corrupt-header": (
        b'{"event": "header", "format": "coach-transcript", "version": 1,,}\n',
        "1: the transcript header is corrupt; the file cannot be used",
    ),
    "torn-header": (
        b'{"event": "header", "format": "coach-transcript", "ver',
        "1: the transcript header is incomplete; the file cannot be used",
    ),
    "bad-header": (
        _header(seed="eleven").encode(),
        "1: the transcript header is invalid: 'seed' has the wrong type",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_files_that_cannot_be_used_are_one_line_errors(kind: str, tmp_path: Path, run: Run) -> None:
    data, message = BAD_FILES[kind]
    file = tmp_path / f"{kind}.jsonl"
    file.write_bytes(data)
    with pytest.raises(TranscriptError):
        read_transcript(file)
    for argv in (["replay", str(file), "--plain"], ["export", str(file)]):
        code, out, err = run(*argv)
        assert code == 2 and out == ""
        separator = ":" if message[0].isdigit() else ": "
        assert err == f"coach: error: {file}{separator}{message}\n"


def test_a_directory_and_a_missing_file(tmp_path: Path, run: Run) -> None:
    code, out, err = run("replay", str(tmp_path), "--plain")
    assert (code, out) == (2, "")
    assert err == f"coach: error: {tmp_path}: is a directory, not a transcript\n"
    code, _, err = run("replay", str(tmp_path / "gone.jsonl"), "--data-dir", str(tmp_path))
    assert code == 2
    assert err == (
        f"coach: error: file not found: {tmp_path / 'gone.jsonl'} "
        "('coach history' lists the recorded sessions)\n"
    )
    code, _, err = run("replay", "last", "--data-dir", str(tmp_path))
    assert code == 2
    assert err.startswith(f"coach: error: no transcripts in {tmp_path / 'transcripts'} (")


# ---------------------------------------------------------------------------
# coach score reads transcripts too


def test_score_accepts_a_transcript(tmp_path: Path, analyzer: Analyzer, run: Run) -> None:
    path, session = record(tmp_path, analyzer, STRONG)
    code, out, err = run("score", str(path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [r["text"] for r in data["replies"]] == STRONG
    assert [r["id"] for r in data["replies"]] == [1, 2, 3, 4]
    assert [r.get("situation") for r in data["replies"]] == [t.situation for t in session.turns]
    card = session.scorecard()
    assert card is not None and data["scorecard"]["total"] == card.total


def test_score_reports_a_torn_transcript_line_and_scores_the_rest(
    tmp_path: Path, analyzer: Analyzer, run: Run
) -> None:
    path, _ = record(tmp_path, analyzer, STRONG[:2], stop=False)
    with open(path, "ab") as handle:
        handle.write(b'{"event":"reply","tu')
    code, out, err = run("score", str(path), "--format", "json")
    assert code == 0
    assert len(json.loads(out)["replies"]) == 2
    assert "the last line is incomplete" in err and err.startswith("coach: warning: ")


# ---------------------------------------------------------------------------
# The domain layer stays free of UI libraries and of slow imports


@pytest.mark.parametrize(
    "module", sorted((REPO / "coach" / "transcript").glob("*.py")), ids=lambda p: p.name
)
def test_the_transcript_package_never_imports_a_ui_library(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"rich", "textual"}


def test_listing_and_reading_transcripts_does_not_import_spacy(
    tmp_path: Path, analyzer: Analyzer
) -> None:

    record(tmp_path, analyzer, STRONG)
    code = (
        "import sys\n"
        "from coach.transcript import load_history\n"
        f"history = load_history(__import__('pathlib').Path({str(tmp_path)!r}))\n"
        "assert history.sessions[0].score is not None\n"
        "heavy = [m for m in ('spacy', 'rich', 'textual') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
