"""Kill ``coach practice --plain`` with SIGKILL mid-session: every reply sent is in the
transcript, the file reads back, and it replays and resumes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import test_transcript_helpers as helpers
from test_transcript_helpers import (
    STRONG,
    Run,
)

from coach.transcript import read_transcript

run = helpers.run  # fixtures shared by the transcript tests
clean_env = helpers.clean_env


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]


def _wait_for(path_glob: Path, predicate: str, turn: int, process: subprocess.Popen[bytes]) -> Path:
    """Wait until a transcript in ``path_glob`` holds a ``predicate`` event for ``turn``."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, "coach exited early"
        for file in path_glob.glob("*.jsonl"):
            for line in file.read_text(encoding="utf-8").splitlines():
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if event.get("event") == predicate and event.get("turn") == turn:
                    return file
        time.sleep(0.02)
    raise AssertionError(f"no {predicate} event for turn {turn} within 90 s")


def test_a_session_killed_mid_way_keeps_every_reply_sent(tmp_path: Path, run: Run) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "COACH_DATA_DIR": str(data), "NO_COLOR": "1"}
    env.pop("COACH_CONFIG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "coach", "practice", "remote-trial", "--plain", "--seed", "11"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdin is not None
    try:
        transcripts = data / "transcripts"
        for turn, text in enumerate(STRONG[:3], start=1):
            process.stdin.write((text + "\n").encode("utf-8"))
            process.stdin.flush()
            # The reply is on the disk before it is analysed; after the last one the
            # process is killed straight away, most likely in the middle of analysis.
            _wait_for(transcripts, "reply", turn, process)
            if turn < 3:
                _wait_for(transcripts, "manager", turn, process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    (file,) = transcripts.glob("*.jsonl")
    transcript = read_transcript(file)
    assert [t.text for t in transcript.turns] == STRONG[:3]
    assert transcript.turns[0].analysed and transcript.turns[1].analysed
    assert not transcript.finished

    code, out, err = run("replay", str(file), "--plain")
    assert code == 0, err
    for text in STRONG[:3]:
        assert f"\nYou: {text}\n" in out
    assert "('coach resume' continues it)" in out

    # ... and it can be continued: the last reply is analysed (if it was not), once.
    code, out, err = run("resume", "--data-dir", str(data), stdin=STRONG[3] + "\n")
    assert code == 0, err
    resumed = read_transcript(file)
    assert [t.text for t in resumed.turns] == STRONG
    assert resumed.finished and resumed.ending is not None
    assert resumed.ending.ending == "trial-agreed"
    replies = [e for e in map(json.loads, file.read_text().splitlines()) if e["event"] == "reply"]
    assert [e["turn"] for e in replies] == [1, 2, 3, 4]
