"""Flags ("this feedback is wrong"): saved privately, read back, exported as examples
that the content loaders accept, and listed by ``coach flags``."""

from __future__ import annotations

import ast
import datetime as dt
import json
import stat
from pathlib import Path

import pytest
import yaml

from coach.cli import main
from coach.coaching.formats import PresenceExamples, RuleExamples
from coach.flags import (
    Flag,
    export_yaml,
    flags_file,
    read_flags,
    save_flag,
    summary_line,
)

REPO = Path(__file__).resolve().parent.parent
WHEN = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)


def rule_flag(**changes: object) -> Flag:
    values: dict[str, object] = {
        "kind": "rule",
        "target": "no-hedging",
        "expected": "silent",
        "text": "Sorry to ask, but could I work from home on Fridays?\nIt helps me focus.",
        "situation": "opening-pitch",
        "topic": "availability",
        "manager_said": "What's on your mind?",
        "earlier": ("I'd like to talk about how I work.",),
        "comment": "I was only being polite",
        "title": "Ask without hedging or apologising",
        "level": "warning",
        "file": "rules/coaching/no-hedging.yaml",
        "scenario": "remote-trial",
        "turn": 2,
    }
    values.update(changes)
    return Flag(**values)  # type: ignore[arg-type]


def behaviour_flag(**changes: object) -> Flag:
    values: dict[str, object] = {
        "kind": "behaviour",
        "target": "trial-proposal",
        "expected": "present",
        "text": "Let's give it a go until Easter and then look at it again.",
        "title": "Proposes a time-boxed trial",
        "file": "rules/behaviours/04-trial-proposal.yaml",
        "source": "check",
    }
    values.update(changes)
    return Flag(**values)  # type: ignore[arg-type]


def test_a_flag_is_saved_privately_and_reads_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    saved = save_flag(rule_flag(), data, when=WHEN)
    assert saved.created == "2026-03-04T05:06:07Z"
    assert saved.id.startswith("20260304-050607-")
    path = flags_file(data)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    save_flag(behaviour_flag(), data, when=WHEN)
    found = read_flags(data)
    assert found.problems == ()
    assert found.flags == (saved, found.flags[1])
    assert found.flags[1].kind == "behaviour" and found.flags[1].verdict == "was missed"
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert line["format"] == 1 and line["expected"] == "silent"


def test_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    save_flag(rule_flag(), tmp_path, when=WHEN)
    with flags_file(tmp_path).open("a", encoding="utf-8") as out:
        out.write("{not json\n")
        out.write('["a list"]\n')
        out.write('{"kind": "rule", "target": "x", "expected": "absent", "text": "t"}\n')
        out.write(
            '{"format": 9, "kind": "rule", "target": "x", "expected": "fires", "text": "t"}\n'
        )
    found = read_flags(tmp_path)
    assert len(found.flags) == 2
    assert [p.split(": ", 1)[1] for p in found.problems] == [
        "not valid JSON (Expecting property name enclosed in double quotes); skipped",
        "not a JSON object; skipped",
        "a rule flag expects silent or fires, not 'absent'; skipped",
        "written by a newer coach (format 9); read anyway",
    ]
    assert found.problems[0].startswith(f"{flags_file(tmp_path)}:2: ")


def test_no_file_means_no_flags(tmp_path: Path) -> None:
    assert read_flags(tmp_path).flags == ()


def test_a_flag_must_make_sense() -> None:
    with pytest.raises(ValueError, match="expects absent or present"):
        behaviour_flag(expected="silent")
    with pytest.raises(ValueError, match="unknown kind"):
        rule_flag(kind="signal")


def test_export_is_valid_yaml_in_the_shape_of_the_content_files() -> None:
    flags = [
        rule_flag(id="a", created="2026-03-04T05:06:07Z"),
        rule_flag(id="b", created="2026-03-05T05:06:07Z", comment=""),  # same example twice
        rule_flag(target="propose-a-trial", expected="fires", earlier=(), topic=None),
        behaviour_flag(),
        behaviour_flag(expected="absent", text="The trial licence runs out on Friday."),
    ]
    text = export_yaml(flags)
    assert text.startswith("# coach flags export: 5 flags as examples.")
    documents = [d for d in yaml.safe_load_all(text) if d is not None]
    assert len(documents) == 4
    rules = [
        RuleExamples.model_validate(d["examples"])
        for d in documents
        if "silent" in d["examples"] or "fires" in d["examples"]
    ]
    behaviours = [
        PresenceExamples.model_validate(d["examples"])
        for d in documents
        if "present" in d["examples"] or "absent" in d["examples"]
    ]
    assert len(rules) == 2 and len(behaviours) == 2
    silent = next(r for r in rules if r.silent).silent
    assert len(silent) == 1  # the same reply flagged twice is one example
    example = silent[0]
    assert example.text == rule_flag().text
    assert (example.situation, example.topic) == ("opening-pitch", "availability")
    assert example.manager_said == "What's on your mind?"
    assert example.earlier == ["I'd like to talk about how I work."]
    assert "# rules/coaching/no-hedging.yaml (rule no-hedging: Ask without hedging" in text
    assert "# also flagged 2026-03-05" in text
    assert "“I was only being polite”" in text
    assert not any(line != line.rstrip() for line in text.splitlines())


def test_an_exported_rule_example_can_be_pasted_into_its_rule(tmp_path: Path) -> None:
    """The exported entry, appended to the rule's own examples, still loads."""
    from coach.coaching.formats import RuleFile

    document = yaml.safe_load((REPO / "rules/coaching/no-hedging.yaml").read_text("utf-8"))
    exported = yaml.safe_load_all(export_yaml([rule_flag()]))
    entry = next(d for d in exported if d)["examples"]["silent"]
    document["examples"].setdefault("silent", []).extend(entry)
    RuleFile.model_validate(document)


def test_summary_line() -> None:
    line = summary_line(rule_flag(created="2026-03-04T05:06:07Z"), width=20)
    assert line.startswith("2026-03-04 05:06  rule      no-hedging")
    assert "should stay silent" in line and "“Sorry to ask, but c…”" in line
    assert line.endswith("(I was only being polite)")


def test_the_flags_module_imports_no_ui_library() -> None:
    tree = ast.parse((REPO / "coach" / "flags.py").read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not imported & {"rich", "textual"}


# ---------------------------------------------------------------------------
# coach flags


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("COACH_CONFIG", raising=False)
    return tmp_path / "data"


def test_coach_flags_lists_and_exports(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["flags"]) == 0
    assert "No flags yet" in capsys.readouterr().err
    save_flag(rule_flag(), data_dir, when=WHEN)
    save_flag(behaviour_flag(), data_dir, when=WHEN)
    assert main(["flags"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2 and "no-hedging" in out and "trial-proposal" in out
    assert "2 flags in" in err
    assert main(["flags", "export"]) == 0
    out, _ = capsys.readouterr()
    assert out == export_yaml(read_flags(data_dir).flags)
    target = tmp_path / "examples.yaml"
    assert main(["flags", "export", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == out
    assert main(["flags", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [f["target"] for f in listed] == ["no-hedging", "trial-proposal"]


def test_coach_flags_usage_errors(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flags", "-o", "x.yaml"]) == 2
    assert "--output applies to export" in capsys.readouterr().err
    assert main(["flags", "export", "--format", "json"]) == 2
