"""``coach replay``: the recorded conversation, re-scoring with today's rules and
pipeline, scenarios that changed or went away, and retrying from a reply."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import test_transcript_helpers as helpers
from test_transcript_helpers import (
    STRONG,
    Run,
    events,
    record,
)

from coach.analysis import Analyzer
from coach.coaching import Coach
from coach.dialogue.library import load_scenario_file
from coach.transcript import match_scenario, read_transcript, rescore, rescore_text

run = helpers.run  # fixtures shared by the transcript tests
clean_env = helpers.clean_env

REPO = Path(__file__).resolve().parent.parent


def test_plain_replay_prints_the_conversation_as_practice_did(tmp_path: Path, run: Run) -> None:
    data = tmp_path / "data"
    code, played, err = run(
        "practice",
        "remote-trial",
        "--plain",
        "--seed",
        "11",
        "--data-dir",
        str(data),
        stdin="\n".join(STRONG) + "\n",
    )
    assert code == 0, err
    (file,) = (data / "transcripts").glob("*.jsonl")
    assert f"Recording to {file}" in err and f"Transcript: {file}" in err
    code, replayed, err = run("replay", "last", "--plain", "--data-dir", str(data))
    assert code == 0 and err == ""
    assert replayed.startswith("== First pitch to a cautious but fair manager ==\n")
    assert replayed.splitlines()[1].startswith(f"Session {file.stem}: recorded ")
    # Past the title lines, the replay is what the user saw, word for word.
    assert replayed.split("\n", 2)[2] == played.split("\n", 2)[2]
    code, by_id, _ = run("replay", file.stem, "--plain", "--data-dir", str(data))
    assert by_id == replayed


def test_without_a_terminal_the_replay_is_printed(
    tmp_path: Path, analyzer: Analyzer, run: Run
) -> None:
    path, _ = record(tmp_path, analyzer, STRONG[:2])
    code, out, err = run("replay", str(path))
    assert code == 0
    assert "You: " + STRONG[0] in out
    assert err == ""


def test_replay_shows_every_finding_with_all(tmp_path: Path, analyzer: Analyzer, run: Run) -> None:
    path, session = record(tmp_path, analyzer, STRONG[:1])
    code, out, _ = run("replay", str(path), "--plain", "--all")
    assert code == 0
    feedback = session.turns[0].feedback
    assert feedback is not None and len(feedback.findings) > 3
    for finding in feedback.findings:
        assert f"{finding.title}: {finding.message}" in out
    assert "more with --all" not in out


# ---------------------------------------------------------------------------
# Scenarios that changed or are gone


@pytest.fixture
def own_scenario(tmp_path: Path) -> Path:
    """A content directory with a copy of remote-trial under another id."""
    content = tmp_path / "content"
    content.mkdir()
    text = (REPO / "dialogues" / "remote-trial.yaml").read_text(encoding="utf-8")
    assert text.count("id: remote-trial") == 1
    (content / "my-trial.yaml").write_text(text.replace("id: remote-trial", "id: my-trial"))
    return content


def test_a_changed_scenario_warns_and_still_replays(
    tmp_path: Path, analyzer: Analyzer, run: Run, own_scenario: Path
) -> None:
    file = own_scenario / "my-trial.yaml"
    path, _ = record(tmp_path, analyzer, STRONG[:2], scenario=load_scenario_file(file))
    code, out, err = run("replay", str(path), "--plain", "--content", str(own_scenario))
    assert code == 0 and err == ""
    file.write_text(file.read_text().replace("Dana Reyes", "Dana Rivers"))
    code, changed, err = run("replay", str(path), "--plain", "--content", str(own_scenario))
    assert code == 0
    assert err == (
        f"coach: warning: {path}:1: scenario 'my-trial' has changed since this session was "
        "recorded (its content hash differs); showing the conversation as recorded\n"
    )
    assert changed == out and "Dana Reyes: " in changed
    file.unlink()
    code, gone, err = run("replay", str(path), "--plain", "--content", str(own_scenario))
    assert code == 0 and gone == out
    assert err == (
        f"coach: warning: {path}:1: scenario 'my-trial' no longer exists (or no longer "
        "loads); showing the conversation as recorded\n"
    )


def test_comments_and_layout_do_not_count_as_a_change(
    tmp_path: Path, analyzer: Analyzer, own_scenario: Path
) -> None:
    file = own_scenario / "my-trial.yaml"
    path, _ = record(tmp_path, analyzer, STRONG[:1], scenario=load_scenario_file(file))
    file.write_text("# a comment\n" + file.read_text() + "\n\n")
    match = match_scenario(read_transcript(path), [own_scenario])
    assert match.status == "same" and match.warnings == ()


# ---------------------------------------------------------------------------
# Re-scoring


@pytest.fixture
def changed_rules(rules_copy: Path) -> Path:
    """The shipped rules with one coaching rule changed: 'don't push for an answer' now
    fires on any offer to come in (a deliberately wrong rule, so that something moves)."""
    rule = rules_copy / "coaching" / "dont-push-for-answer.yaml"
    text = rule.read_text(encoding="utf-8")
    old_when = 'when: {behavior: "signal:push-for-answer"}'
    old_evidence = 'evidence: ["signal:push-for-answer"]'
    assert old_when in text and old_evidence in text
    text = text.replace(old_when, "when: {behavior: flexibility-offer}")
    rule.write_text(text.replace(old_evidence, "evidence: [flexibility-offer]"))
    return rules_copy


def test_rescoring_after_a_rule_changed_shows_the_difference(
    tmp_path: Path, analyzer: Analyzer, changed_rules: Path
) -> None:
    path, session = record(tmp_path, analyzer, STRONG)
    transcript = read_transcript(path)
    match = match_scenario(transcript)
    assert match.status == "same"

    today = Coach.load(rules_dir=changed_rules)
    result = rescore(transcript, analyzer, today, match.scenario, match.status)
    assert [t.findings_changed for t in result.turns] == [False, False, False, True]
    last = result.turns[3]
    assert [a.rule for a in last.added] == ["dont-push-for-answer"]
    assert last.removed == ()
    assert last.went_then == "trial-agreed" and last.goes_now == "think-it-over"
    assert result.first_divergence == 4
    card = session.scorecard()
    assert card is not None and result.score_then == card.total
    assert result.score_now is not None
    text = rescore_text(result)
    assert "Reply 4: “I'm also happy to come in" in text
    assert (
        "  + Don't push for an answer on the spot [dont-push-for-answer] (warning): new today"
        in text
    )
    assert (
        "  branch: then the conversation went to trial-agreed; today it would go to "
        "think-it-over" in text
    )
    assert f"Score: then {card.total}, now {result.score_now}" in text
    assert "Today's dialogue tree would branch differently after reply 4." in text

    # The same rules and pipeline as when it was recorded: nothing moves.
    same = rescore(transcript, analyzer, Coach.load(), match.scenario, match.status)
    assert not same.changed and same.first_divergence is None
    assert same.score_now == same.score_then


def test_replay_rescore_on_the_command_line(tmp_path: Path, analyzer: Analyzer, run: Run) -> None:
    path, _ = record(tmp_path, analyzer, STRONG)
    code, out, err = run("replay", str(path), "--plain", "--rescore")
    assert code == 0, err
    assert "Re-scored with today's rules and pipeline" in out
    assert out.count("findings: no change") == 4
    assert "(no change)" in out and "would take the same branches" in out


def test_a_rule_switched_off_then_stays_off_when_rescoring(
    tmp_path: Path, analyzer: Analyzer, run: Run
) -> None:
    from test_transcript_helpers import shipped_coach

    quiet = shipped_coach(("say-how-reachable",))
    path, _ = record(tmp_path, analyzer, STRONG, coach=quiet)
    assert events(path)[0]["disabled"] == ["say-how-reachable"]
    code, out, _ = run("replay", str(path), "--plain", "--rescore")
    assert code == 0 and out.count("findings: no change") == 4


def test_rescoring_without_the_scenario_compares_findings_only(
    tmp_path: Path, analyzer: Analyzer, run: Run, own_scenario: Path
) -> None:
    file = own_scenario / "my-trial.yaml"
    path, _ = record(tmp_path, analyzer, STRONG[:2], scenario=load_scenario_file(file))
    shutil.rmtree(own_scenario)
    code, out, err = run("replay", str(path), "--plain", "--rescore")
    assert code == 0
    assert "no longer exists" in err
    assert "Note: scenario 'my-trial' is not available today: branches not compared" in out


# ---------------------------------------------------------------------------
# Retry from a reply


def test_retry_from_a_reply_plays_on_in_a_new_linked_transcript(
    tmp_path: Path, analyzer: Analyzer, run: Run
) -> None:

    data = tmp_path / "data"
    path, session = record(data, analyzer, STRONG)
    before = path.read_bytes()
    code, out, err = run(
        "replay",
        str(path),
        "--retry-from",
        "2",
        "--data-dir",
        str(data),
        stdin="I really need an answer today, if possible.\n" * 2,
    )
    assert code == 0, err
    assert f"Retrying {path.stem} from after reply 2." in out
    assert out.count("\nYou: ") == 2 + 2  # the two kept replies, then the new ones
    assert path.read_bytes() == before
    (new,) = [p for p in (data / "transcripts").glob("*.jsonl") if p != path]
    retried = read_transcript(new)
    assert retried.header.origin is not None
    assert (retried.header.origin.transcript, retried.header.origin.turn) == (path.name, 2)
    assert [t.text for t in retried.turns[:2]] == STRONG[:2]
    assert retried.turns[0].feedback == session.turns[0].feedback
    assert retried.turns[1].scenario_state == session.turns[1].state
    assert retried.turns[2].text == "I really need an answer today, if possible."
    assert retried.turns[2].manager_said == session.turns[1].manager_line
    code, replayed, _ = run("replay", str(new), "--plain")
    assert f"Retried from reply 2 of {path.name}" in replayed


def test_retry_from_a_reply_out_of_range(tmp_path: Path, analyzer: Analyzer, run: Run) -> None:
    path, _ = record(tmp_path, analyzer, STRONG)
    code, out, err = run("replay", str(path), "--retry-from", "4", "--data-dir", str(tmp_path))
    assert code == 2 and out == ""
    assert err.endswith(
        f"coach: error: {path}: the conversation ended at reply 4 "
        "(retry from an earlier reply (0 to 3))\n"
    )
    code, _, err = run("replay", str(path), "--retry-from", "9", "--data-dir", str(tmp_path))
    assert code == 2
    assert err.endswith(
        f"coach: error: {path}: cannot retry from reply 9: choose 0 to 4 (the replies that "
        "were analysed)\n"
    )
    code, _, err = run("replay", str(path), "--retry-from", "-1")
    assert code == 2 and "must be 0 or more" in err
