"""``coach history``: sessions, trends and per-advice progress over a fixture directory
of transcripts made with the writer; ``--delete``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_transcript_helpers as helpers
from test_transcript_helpers import (
    STRONG,
    WEAK,
    Run,
    day,
    record,
)

from coach.analysis import Analyzer
from coach.transcript import load_history, read_transcript, sparkline
from coach.transcript.history import advice_progress, recency_weights

run = helpers.run  # fixtures shared by the transcript tests
clean_env = helpers.clean_env


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer) -> Path:
    """Five sessions over five days, oldest first: remote-trial weak, strong, an
    unfinished one, strong again; office-first weak. And a file that is not a
    transcript."""
    root = tmp_path_factory.mktemp("history")
    record(root, analyzer, WEAK, start=day(1))
    record(root, analyzer, STRONG, start=day(2))
    record(root, analyzer, STRONG[:2], start=day(3), stop=False)
    record(root, analyzer, STRONG, start=day(4))
    record(root, analyzer, WEAK, scenario="office-first", start=day(5))
    (root / "transcripts" / "notes.jsonl").write_text("not a transcript\n")
    return root


def _scores(root: Path) -> dict[str, int | None]:
    return {
        p.stem: read_transcript(p).score for p in sorted((root / "transcripts").glob("2026*.jsonl"))
    }


def test_sessions_per_scenario_with_outcome_score_and_trend(data: Path) -> None:
    history = load_history(data)
    ids = [s.id for s in history.sessions]
    assert ids == [
        "20260305T090000Z-office-first",
        "20260304T090000Z-remote-trial",
        "20260303T090000Z-remote-trial",
        "20260302T090000Z-remote-trial",
        "20260301T090000Z-remote-trial",
    ]
    assert history.skipped == (
        f"{data / 'transcripts' / 'notes.jsonl'}:1: not a coach transcript (the first line "
        "is not JSON)",
    )
    scores = _scores(data)
    weak, strong = scores["20260301T090000Z-remote-trial"], scores["20260302T090000Z-remote-trial"]
    assert weak is not None and strong is not None and weak < strong
    unfinished = history.sessions[2]
    assert not unfinished.finished and unfinished.resumable and unfinished.replies == 2
    assert unfinished.score is None  # killed: no scorecard was written
    assert history.resumable() == unfinished

    trial = history.scenario("remote-trial")
    assert trial is not None
    assert len(trial.sessions) == 4 and trial.scores == (weak, strong, strong)
    assert (trial.last, trial.best, trial.change) == (strong, strong, strong - weak)
    assert trial.trend == sparkline([weak, strong, strong])
    assert len(trial.trend) == 3 and trial.trend[0] < trial.trend[1]
    office = history.scenario("office-first")
    assert office is not None and office.scores == (scores["20260305T090000Z-office-first"],)
    assert office.change is None
    assert history.sessions[0].outcome == "refused"


def test_advice_met_in_the_strong_sessions_only_counts_recent_ones_more(data: Path) -> None:
    history = load_history(data)
    trial = next(a for a in history.advice if a.id == "proposes-trial")
    # Scored sessions, oldest first: weak (missed), strong (met), strong (met), and
    # office-first weak (missed).
    assert trial.results == (False, True, True, False)
    assert (trial.applicable, trial.met) == (4, 2)
    w = recency_weights(4)
    assert trial.rate == pytest.approx((w[1] + w[2]) / sum(w))
    assert trial.recent == "▁██▁"
    assert trial.last is False
    rates = [a.rate for a in history.advice if a.rate is not None]
    assert rates == sorted(rates)  # weakest first


def test_recency_weights_and_sparklines() -> None:
    assert recency_weights(4) == pytest.approx([0.5, 0.5 ** (2 / 3), 0.5 ** (1 / 3), 1.0])
    assert recency_weights(7)[0] == pytest.approx(0.25)
    assert sparkline([0, 50, 100, None, 12.5]) == "▁▅█ ▂"
    assert sparkline([]) == ""


def test_advice_progress_by_hand() -> None:
    def card(met: bool | None, blocker: bool) -> dict[str, object]:
        check = {"id": "c", "title": "C", "advice": "Do c.", "met": met}
        blockers = [{"id": "b", "title": "B", "advice": "Avoid b.", "turns": [1]}]
        return {"groups": [{"checks": [check]}], "blockers": blockers if blocker else []}

    progress = advice_progress(
        [card(True, True), card(None, False), card(False, False), card(True, False)]
    )
    by_id = {a.id: a for a in progress}
    w = recency_weights(4)
    check = by_id["c"]
    assert (check.applicable, check.met, check.recent) == (3, 2, "█·▁█")
    assert check.rate == pytest.approx((w[0] + w[3]) / (w[0] + w[2] + w[3]))
    blocker = by_id["b"]
    assert blocker.kind == "blocker" and blocker.results == (False, True, True, True)
    assert blocker.rate == pytest.approx((w[1] + w[2] + w[3]) / sum(w))


def test_history_on_the_command_line(data: Path, run: Run) -> None:
    code, out, err = run("history", "--data-dir", str(data))
    assert code == 0
    assert err == (
        f"coach: warning: {data / 'transcripts' / 'notes.jsonl'}:1: not a coach transcript "
        "(the first line is not JSON) (skipped)\n"
    )
    assert out.startswith("Sessions (5, newest first)\n")
    assert "20260303T090000Z-remote-trial  2026-03-03 09:00  unfinished" in out
    assert "Trial agreed" in out and "Refused" in out
    trial = load_history(data).scenario("remote-trial")
    assert trial is not None
    assert (
        f"  remote-trial: 4 sessions, last {trial.last}, best {trial.best}, trend {trial.trend}"
        in out
    )
    assert "Advice: how often you met it" in out and "Proposed a time-boxed trial" in out
    assert "Unfinished: 20260303T090000Z-remote-trial ('coach resume' continues it)" in out

    code, out, _ = run("history", "--data-dir", str(data), "--format", "json")
    assert code == 0
    parsed = json.loads(out)
    assert [s["id"] for s in parsed["sessions"]] == [s.id for s in load_history(data).sessions]
    assert {s["scenario"] for s in parsed["scenarios"]} == {"remote-trial", "office-first"}
    assert parsed["half_life"] == 3.0 and parsed["advice"][0]["rate"] is not None

    code, out, _ = run("history", "--data-dir", str(data), "--scenario", "office-first")
    assert out.startswith("Sessions (1, newest first)\n")


def test_no_sessions_yet(tmp_path: Path, run: Run) -> None:
    code, out, err = run("history", "--data-dir", str(tmp_path))
    assert (code, err) == (0, "")
    assert out == (
        f"No recorded sessions in {tmp_path}.\nPractise one with: coach practice SCENARIO --plain\n"
    )


def test_delete_removes_one_session_for_good(tmp_path: Path, analyzer: Analyzer, run: Run) -> None:
    first, _ = record(tmp_path, analyzer, STRONG[:1], start=day(1))
    second, _ = record(tmp_path, analyzer, STRONG[:1], start=day(2))
    code, out, err = run("history", "--data-dir", str(tmp_path), "--delete", first.stem)
    assert (code, err) == (0, "")
    assert out == f"Deleted {first.stem} ({first})\n"
    assert not first.exists() and second.exists()
    assert [s.id for s in load_history(tmp_path).sessions] == [second.stem]
    code, _, err = run("history", "--data-dir", str(tmp_path), "--delete", first.stem)
    assert code == 2
    assert err == (
        f"coach: error: no recorded session {first.stem!r} in {tmp_path / 'transcripts'} "
        "('coach history' lists the session ids)\n"
    )
    outside = tmp_path / "keep.jsonl"
    outside.write_text("{}\n")
    code, _, err = run(
        "history", "--data-dir", str(tmp_path / "transcripts"), "--delete", "../keep"
    )
    assert code == 2 and "not a session id: '../keep'" in err and outside.exists()
    code, out, _ = run("history", "--data-dir", str(tmp_path), "--delete", "last")
    assert code == 0 and not second.exists()
