"""``coach purge``: every transcript and flag removed for good, after a confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_transcript_helpers as helpers
from test_transcript_helpers import (
    STRONG,
    Run,
    day,
    record,
)

from coach.analysis import Analyzer
from coach.commands import purge as purge_command

run = helpers.run  # fixtures shared by the transcript tests
clean_env = helpers.clean_env


@pytest.fixture
def data(tmp_path: Path, analyzer: Analyzer) -> Path:
    root = tmp_path / "data"
    record(root, analyzer, STRONG[:1], start=day(1))
    record(root, analyzer, STRONG[:1], start=day(2))
    flags = root / "flags"
    flags.mkdir()
    (flags / "flags.jsonl").write_text('{"kind": "rule"}\n')
    (root / "config-notes.txt").write_text("not ours to delete\n")
    return root


def test_purge_with_yes_removes_transcripts_and_flags_only(data: Path, run: Run) -> None:
    code, out, err = run("purge", "--yes", "--data-dir", str(data))
    assert (code, err) == (0, "")
    assert out == f"Deleted 2 transcripts and 1 flag file in {data}.\n"
    assert not (data / "transcripts").exists() and not (data / "flags").exists()
    assert (data / "config-notes.txt").exists()
    code, out, _ = run("purge", "--yes", "--data-dir", str(data))
    assert (code, out) == (0, f"Nothing to delete: no transcripts or flags in {data}.\n")


def test_without_a_terminal_purge_refuses_unless_told_yes(data: Path, run: Run) -> None:
    code, out, err = run("purge", "--data-dir", str(data), stdin="y\n")
    assert (code, out) == (2, "")
    assert err == (
        f"coach: error: refusing to delete 2 transcripts and 1 flag file in {data} without "
        "confirmation (pass --yes to delete without asking)\n"
    )
    assert len(list((data / "transcripts").glob("*.jsonl"))) == 2


@pytest.mark.parametrize(
    ("answer", "deleted"), [("y\n", True), ("yes\n", True), ("n\n", False), ("\n", False)]
)
def test_on_a_terminal_purge_asks_first(
    data: Path, run: Run, monkeypatch: pytest.MonkeyPatch, answer: str, deleted: bool
) -> None:
    monkeypatch.setattr(purge_command, "_interactive", lambda: True)
    code, out, err = run("purge", "--data-dir", str(data), stdin=answer)
    assert code == 0 and (out != "") is deleted
    assert err.startswith(f"Delete 2 transcripts and 1 flag file in {data} for good? [y/N] ")
    assert (data / "transcripts").exists() is not deleted
    assert (data / "flags").exists() is not deleted
    if not deleted:
        assert err.endswith("Nothing deleted.\n")


def test_purge_honours_coach_data_dir(
    data: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setenv("COACH_DATA_DIR", str(data))
    code, _, _ = run("purge", "-y")
    assert code == 0 and not (data / "transcripts").exists()
