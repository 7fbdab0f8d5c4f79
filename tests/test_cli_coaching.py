"""The coaching side of the command line: ``check`` with context and filters,
``rules``, ``score``, the config keys, and their exit codes (0, 1, 2)."""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import coach.paths
from coach.analysis import Analyzer
from coach.cli import main
from coach.coaching import Coach
from coach.config import DEFAULT_MODEL

WEAK = "sorry, I was just wondering if maybe I could work from home sometimes\n"
THREAT = "Either I get remote Fridays or I'm handing in my notice.\n"
REPO = Path(__file__).resolve().parent.parent
ERROR_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>[EW]\d{3}): .+$")

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("COACH_MODEL", "COACH_CONFIG", "COACH_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "250")


_COACHES: dict[tuple[str, tuple[str, ...]], Coach] = {}


@pytest.fixture
def fast_load(analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reuse the session's pipeline, and one coach per set of disabled rules."""
    real_analyzer = Analyzer.load.__func__  # type: ignore[attr-defined]
    real_coach = Coach.load.__func__  # type: ignore[attr-defined]

    def load_analyzer(
        cls: type[Analyzer], model: str, rules: Path | None = None, behaviours: Any = None
    ) -> Analyzer:
        if model == DEFAULT_MODEL and rules is None:
            return analyzer
        result: Analyzer = real_analyzer(cls, model, rules, behaviours)
        return result

    def load_coach(
        cls: type[Coach], rules_dir: Path | None = None, disabled: Any = (), behaviours: Any = None
    ) -> Coach:
        key = (str(rules_dir or coach.paths.rules_dir()), tuple(disabled))
        if key not in _COACHES or key[0] != str(REPO / "rules"):
            _COACHES[key] = real_coach(cls, rules_dir, disabled, behaviours)
        return _COACHES[key]

    monkeypatch.setattr(Analyzer, "load", classmethod(load_analyzer))
    monkeypatch.setattr(Coach, "load", classmethod(load_coach))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], fast_load: None) -> Run:
    def run_main(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run_main


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8"))


def write(tmp_path: Path, name: str, text: str) -> Path:
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    return file


def usage_error(code: int, out: str, err: str) -> str:
    assert code == 2, (code, out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("coach: error: "), lines[0]
    return lines[0]


# ---------------------------------------------------------------------------
# check: the "done when"


def test_weak_reply_after_pushback(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, WEAK)
    code, out, err = run("check", "--situation", "pushback-office")
    assert code == 0, err
    assert "\x1b[" not in out  # NO_COLOR and piped: no colour, symbols still there
    assert "Situation: pushback-office" in out
    feedback = out[out.index("Feedback") : out.index("Suggested rewrite")]
    assert "Feedback (3 of 6 points)" in feedback
    order = [
        feedback.index(f"[{rule}]") for rule in ("ask-concerns", "no-hedging", "name-a-schedule")
    ]
    assert order == sorted(order)
    assert "! warning Ask what the concerns are [ask-concerns]" in feedback
    assert "“sorry” and “just wondering if maybe”" in feedback
    assert "Try: Ask, then listen: “What worries you most about it?”" in feedback
    assert "3 more points: --all shows every one" in feedback
    rewrite = out[out.index("Suggested rewrite") : out.index("What this text does")]
    assert "I'd like to work from home on [two set days] a week." in rewrite
    assert "What worries you most about it?" in rewrite
    assert "[propose-a-trial]" not in feedback  # the fourth point waits for --all


def test_all_shows_every_point(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, WEAK)
    code, out, _ = run("check", "--situation", "pushback-office", "--all")
    assert code == 0
    for rule in (
        "ask-concerns",
        "no-hedging",
        "name-a-schedule",
        "propose-a-trial",
        "offer-to-come-in",
    ):
        assert f"[{rule}]" in out
    assert "more point" not in out


def test_symbols_for_blockers_and_praise(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "t.txt", THREAT.strip() + " Thanks for hearing me out.\n")
    code, out, _ = run("check", "--all", str(file))
    assert code == 0
    assert "✗ blocker No ultimatums [no-ultimatum]" in out
    assert "✓ praise  Thanks the manager [praise-thanks]" in out


# ---------------------------------------------------------------------------
# check: --fail-on, --min-level, --no-praise, --disable


@pytest.mark.parametrize(
    ("text", "level", "expected"),
    [
        (WEAK, "warning", 1),
        (WEAK, "tip", 1),
        (WEAK, "blocker", 0),
        (THREAT, "blocker", 1),
        (
            "I understand. What worries you most about it? "
            "I'd still come in for planning and anything client-facing.\n",
            "tip",
            0,
        ),
    ],
)
def test_fail_on(run: Run, tmp_path: Path, text: str, level: str, expected: int) -> None:
    file = write(tmp_path, "reply.txt", text)
    code, out, err = run("check", "--situation", "pushback-office", "--fail-on", level, str(file))
    assert code == expected, err
    assert "Feedback" in out  # the output is still there


def test_fail_on_respects_min_level(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "reply.txt", "How about a trial? What worries you about it?\n")
    args = ("check", "--situation", "pushback-office", "--fail-on", "tip")
    assert run(*args, str(file))[0] == 1
    assert run(*args, "--min-level", "warning", str(file))[0] == 0


def test_min_level_and_no_praise(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "reply.txt", "How about a trial? Thanks for hearing me out.\n")
    _, everything, _ = run("check", "--situation", "pushback-office", "--all", str(file))
    assert "! tip" in everything and "✓ praise" in everything
    _, warnings, _ = run(
        "check", "--situation", "pushback-office", "--all", "--min-level", "warning", str(file)
    )
    assert "! tip" not in warnings and "! warning" in warnings and "✓ praise" in warnings
    _, quiet, _ = run("check", "--situation", "pushback-office", "--all", "--no-praise", str(file))
    assert "✓ praise" not in quiet and "! tip" in quiet


def test_disable(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, WEAK)
    code, out, err = run(
        "check",
        "--situation",
        "pushback-office",
        "--all",
        "--disable",
        "no-hedging",
        "--disable",
        "ask-concerns",
    )
    assert code == 0 and err == ""
    assert "[no-hedging]" not in out.split("What this text does")[0]
    assert "[ask-concerns]" not in out


def test_disable_unknown_rule_warns(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, WEAK)
    code, out, err = run("check", "--disable", "no-hedgin")
    assert code == 0
    assert err.strip() == (
        "coach: warning: W040: there is no rule 'no-hedgin' to disable (did you mean 'no-hedging'?)"
    )
    assert "[no-hedging]" in out


# ---------------------------------------------------------------------------
# check: JSON


def assert_findings_shape(result: dict[str, Any], text: str) -> None:
    for f in result["findings"]:
        assert set(f) == {"rule", "level", "title", "message", "why", "suggestion", "evidence"}
        assert f["level"] in ("praise", "tip", "warning", "blocker")
        for e in f["evidence"]:
            assert set(e) == {"start", "end", "text"}
            assert text[e["start"] : e["end"]] == e["text"]


def test_json_has_findings_and_the_rewrite(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "reply.txt", WEAK)
    code, out, _ = run("check", "--format", "json", "--situation", "pushback-office", str(file))
    assert code == 0
    result = json.loads(out)
    assert list(result) == ["text", "situation", "behaviors", "findings", "suggestion", "pipeline"]
    assert result["situation"] == "pushback-office"
    assert [f["rule"] for f in result["findings"]][:3] == [
        "ask-concerns",
        "no-hedging",
        "name-a-schedule",
    ]
    assert len(result["findings"]) == 6  # JSON carries every finding, not the top three
    assert_findings_shape(result, WEAK)
    assert result["suggestion"].startswith("I'd like to work from home on [two set days] a week.")


def test_json_without_misses_has_no_suggestion(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "reply.txt", "Thanks for hearing me out.\n")
    code, out, _ = run(
        "check", "--format", "json", "--situation", "after-no", "--no-praise", str(file)
    )
    assert code == 0
    result = json.loads(out)
    assert [f["rule"] for f in result["findings"]] == ["ask-what-would-change"]
    assert "suggestion" in result
    file = write(tmp_path, "good.txt", "Thanks for hearing me out. What would need to change?\n")
    result = json.loads(run("check", "--format", "json", "--situation", "after-no", str(file))[1])
    assert all(f["level"] == "praise" for f in result["findings"])
    assert "suggestion" not in result


# ---------------------------------------------------------------------------
# check: the manager's line and the topic


def test_manager_said_detects_the_topic(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "reply.txt", "Everyone handles data from home these days.\n")
    said = "You handle client financial data. I'm not comfortable with that leaving the building."
    code, out, _ = run("check", "--manager-said", said, str(file))
    assert code == 0
    assert "(topic security (data security))" in out
    assert "[address-security]" in out
    result = json.loads(run("check", "--format", "json", "--manager-said", said, str(file))[1])
    assert result["findings"][0]["rule"] == "address-security"
    assert "“financial data”" in result["findings"][0]["message"]


def test_topic_flag(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "reply.txt", "I'm sure they won't mind.\n")
    code, out, _ = run("check", "--topic", "clients", "--format", "json", str(file))
    assert code == 0
    assert json.loads(out)["findings"][0]["rule"] == "address-clients"


def test_manager_said_without_a_topic(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "reply.txt", "What worries you most about it?\n")
    code, out, _ = run("check", "--manager-said", "Go on.", str(file))
    assert code == 0
    assert "(no topic recognised)" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("--situation", "pitch"),
        ("--topic", "money"),
        ("--fail-on", "praise"),
        ("--min-level", "severe"),
        ("--topic", "security", "--manager-said", "What about security?"),
    ],
    ids=["situation", "topic", "fail-on", "min-level", "topic-and-manager-said"],
)
def test_bad_flags(run: Run, tmp_path: Path, argv: tuple[str, ...]) -> None:
    file = write(tmp_path, "reply.txt", WEAK)
    usage_error(*run("check", *argv, str(file)))


# ---------------------------------------------------------------------------
# check --email

EMAIL = """Hi Sam,

Sorry to bother you, I was just wondering if maybe I could work from home on Fridays.
Working from home would let me clear the backlog faster.

Thanks,
Alex Smith
Remote Team Lead

On Mon, 3 Mar 2025 at 10:02, Sam Lee <sam@example.com> wrote:
> Send me a proposal; I need an answer today.
"""


def test_email_mode(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "email.txt", EMAIL)
    code, out, _ = run("check", "--email", "--format", "json", str(file))
    assert code == 0
    result = json.loads(out)
    assert result["text"] == EMAIL  # the original text; offsets point into it
    assert_findings_shape(result, EMAIL)
    for behaviour in result["behaviors"].values():
        for e in behaviour["evidence"]:
            assert EMAIL[e["start"] : e["end"]] == e["text"]
            assert e["start"] < EMAIL.index("On Mon")
    rules = [f["rule"] for f in result["findings"]]
    assert "dont-push-for-answer" not in rules  # the quoted manager's line is ignored
    assert "no-hedging" in rules
    assert "Alex" not in result["suggestion"] and "Sam" not in result["suggestion"]
    plain = json.loads(run("check", "--format", "json", str(file))[1])
    assert "dont-push-for-answer" in [f["rule"] for f in plain["findings"]]


def test_email_mode_human(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "email.txt", EMAIL)
    code, out, _ = run("check", "--email", str(file))
    assert code == 0
    assert "Email mode: quotes, signature and greeting are ignored" in out
    assert "> Send me a proposal" in out  # shown (dimmed), not judged


def test_email_mode_with_nothing_left(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "email.txt", "> only a quote\n> and more\n")
    line = usage_error(*run("check", "--email", str(file)))
    assert "nothing is left to check" in line


# ---------------------------------------------------------------------------
# check --jsonl


def test_jsonl_with_context(run: Run, tmp_path: Path) -> None:
    records = [
        {"id": 1, "text": WEAK, "situation": "pushback-office"},
        {
            "id": 2,
            "text": "Everyone handles data from home these days.",
            "manager_said": "What happens if your laptop gets hacked at home?",
        },
        {"id": 3, "text": "I'm sure they won't mind.", "topic": "clients"},
    ]
    file = write(tmp_path, "in.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    code, out, _ = run("check", "--jsonl", str(file))
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == [1, 2, 3]
    assert results[0]["findings"][0]["rule"] == "ask-concerns"
    assert results[0]["situation"] == "pushback-office"
    assert results[1]["findings"][0]["rule"] == "address-security"
    assert results[2]["findings"][0]["rule"] == "address-clients"
    for record, result in zip(records, results, strict=True):
        assert_findings_shape(result, record["text"])
    assert run("check", "--jsonl", str(file), "--fail-on", "warning")[0] == 1
    assert run("check", "--jsonl", str(file), "--fail-on", "blocker")[0] == 0


@pytest.mark.parametrize(
    ("record", "words"),
    [
        ({"id": 1, "text": "hi", "situation": "pitch"}, "'situation' must be one of"),
        ({"id": 1, "text": "hi", "topic": "money"}, "'topic' must be one of"),
        ({"id": 1, "text": "hi", "manager_said": 5}, "'manager_said' must be a string"),
    ],
)
def test_jsonl_bad_context(run: Run, tmp_path: Path, record: dict[str, Any], words: str) -> None:
    file = write(tmp_path, "in.jsonl", '{"id": 0, "text": "fine"}\n' + json.dumps(record) + "\n")
    line = usage_error(*run("check", "--jsonl", str(file)))
    assert ":2:" in line and words in line


# ---------------------------------------------------------------------------
# Config file: disable and min_level


def test_config_disable_and_min_level(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(tmp_path, "config.toml", 'disable = ["no-hedging"]\nmin_level = "warning"\n')
    reply = write(tmp_path, "reply.txt", WEAK)
    code, out, err = run(
        "--config", str(config), "check", "--all", "--situation", "pushback-office", str(reply)
    )
    assert code == 0 and err == ""
    feedback = out.split("What this text does")[0]
    assert "[no-hedging]" not in feedback
    assert "! tip" not in feedback
    assert "[ask-concerns]" in feedback
    # the flag wins over the file
    code, out, _ = run(
        "--config",
        str(config),
        "check",
        "--all",
        "--min-level",
        "tip",
        "--situation",
        "pushback-office",
        str(reply),
    )
    assert "! tip" in out


def test_config_unknown_rule_warns(run: Run, tmp_path: Path) -> None:
    config = write(tmp_path, "config.toml", 'disable = ["no-such-rule"]\n')
    reply = write(tmp_path, "reply.txt", WEAK)
    code, _, err = run("--config", str(config), "check", str(reply))
    assert code == 0
    assert "coach: warning: W040: there is no rule 'no-such-rule' to disable" in err


@pytest.mark.parametrize(
    "content", ['disable = "no-hedging"\n', "disable = [1]\n", 'min_level = "loud"\n']
)
def test_config_bad_values(run: Run, tmp_path: Path, content: str) -> None:
    config = write(tmp_path, "config.toml", content)
    reply = write(tmp_path, "reply.txt", WEAK)
    line = usage_error(*run("--config", str(config), "check", str(reply)))
    assert str(config) in line


# ---------------------------------------------------------------------------
# rules


def test_rules_listing(run: Run) -> None:
    code, out, err = run("rules")
    assert code == 0, err
    shipped = Coach.load()
    for rule in shipped.all_rules:
        assert rule.id in out and rule.spec.title in out
    assert "✗ blocker no-ultimatum" in out
    assert "✓ praise  praise-trial" in out


def test_rules_listing_json(run: Run) -> None:
    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    listing = json.loads(out)
    assert {item["id"] for item in listing} == {r.id for r in Coach.load().all_rules}
    assert set(listing[0]) == {"id", "level", "title", "priority", "disabled"}


def test_rules_explain(run: Run) -> None:
    code, out, _ = run("rules", "no-hedging")
    assert code == 0
    for heading in (
        "What it checks",
        "Why it matters",
        "Use instead",
        "Examples that fire",
        "Examples that stay silent",
    ):
        assert heading in out
    assert "“I was just wondering if maybe I could” → “I'd like to”" in out
    assert "this reply shows hedging" in out
    code, out, _ = run("rules", "no-hedging", "--format", "json")
    data = json.loads(out)
    assert data["id"] == "no-hedging" and data["level"] == "warning"
    assert data["swap"]["sorry"] == ""
    assert len(data["examples"]["fires"]) >= 3


def test_rules_explain_unknown(run: Run) -> None:
    line = usage_error(*run("rules", "no-hedgin"))
    assert "no coaching rule 'no-hedgin'" in line and "did you mean 'no-hedging'?" in line


def test_rules_markdown_is_the_checked_in_reference(run: Run) -> None:
    code, out, _ = run("rules", "--markdown")
    assert code == 0
    assert out == (REPO / "docs" / "rules.md").read_text(encoding="utf-8")


def test_rules_test_passes(run: Run) -> None:
    code, out, err = run("rules", "--test")
    assert code == 0, out + err
    assert re.search(r"^\d+ examples of \d+ rules, \d+ signals and 10 topics: 0 failed$", out, re.M)


def test_rules_test_one_rule(run: Run) -> None:
    code, out, _ = run("rules", "no-hedging", "--test")
    assert code == 0
    assert out.strip() == "6 examples of no-hedging: 0 failed"


def test_rules_test_reports_a_failing_example(
    run: Run, rules_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = rules_copy / "coaching" / "no-hedging.yaml"
    text = file.read_text(encoding="utf-8").replace(
        "    - Could we discuss a hybrid arrangement for my role?\n",
        "    - Sorry, I know it's a lot to ask.\n",
    )
    file.write_text(text, encoding="utf-8")
    monkeypatch.setattr(coach.paths, "rules_dir", lambda: rules_copy)
    code, out, _ = run("rules", "--test")
    assert code == 1
    lines = out.strip().splitlines()
    match = ERROR_LINE.match(lines[0])
    assert match, lines
    assert match["code"] == "E049" and match["path"].endswith("no-hedging.yaml")
    line_number = text.splitlines().index("    - Sorry, I know it's a lot to ask.") + 1
    assert (int(match["line"]), int(match["col"])) == (line_number, 7)
    assert "rule 'no-hedging': this 'silent' example fires" in lines[0]
    assert lines[-1].endswith(": 1 failed")


def test_rules_test_reports_content_that_does_not_load(
    run: Run, rules_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = rules_copy / "coaching" / "no-hedging.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("level: warning", "level: [oops"))
    monkeypatch.setattr(coach.paths, "rules_dir", lambda: rules_copy)
    code, out, err = run("rules", "--test")
    assert code == 1
    match = ERROR_LINE.match(out.strip().splitlines()[0])
    assert match and match["code"] == "E001" and match["path"].endswith("no-hedging.yaml")
    assert "do not load" in err
    # any other command that needs the rules cannot start: exit 2, same line
    code, out, err = run("rules")
    assert code == 2 and ERROR_LINE.match(err.strip())


# ---------------------------------------------------------------------------
# score


CONVERSATION = [
    {
        "text": "Hi Sam, thanks for making time. Sorry, I was just wondering if maybe I could "
        "work from home sometimes? My commute is awful.",
        "situation": "opening-pitch",
    },
    {
        "text": "I understand. What worries you most about it?",
        "situation": "pushback-office",
        "manager_said": "We'd really prefer to have everyone in the office.",
    },
    {
        "text": "I'd only use the company laptop and the VPN, and anything confidential I'd do "
        "in the office.",
        "manager_said": "You handle client financial data. I'm not comfortable with that "
        "leaving the building.",
    },
    "Could we try Tuesdays and Thursdays at home for six weeks and review it against the "
    "sprint goals? Thanks for hearing me out.",
]


def test_score_human(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "conversation.json", json.dumps(CONVERSATION))
    code, out, err = run("score", str(file))
    assert code == 0, err
    assert "Reply 1  opening-pitch" in out and "Reply 4" in out
    assert "Scorecard: 50/100  over 4 replies" in out
    assert "capped at 50 by a blocker" in out
    for group in ("The business case", "The plan", "The trial", "Handling concerns", "Tone"):
        assert group in out
    assert "✗ Opened with personal reasons only (reply 1): caps the score at 50" in out
    assert "The changes that would raise the score most" in out
    assert "  1. ✗ avoid: Opened with personal reasons only  (+6)" in out
    assert "  3. " in out


def test_score_json(run: Run, tmp_path: Path) -> None:
    file = write(tmp_path, "conversation.json", json.dumps(CONVERSATION))
    code, out, _ = run("score", "--format", "json", str(file))
    assert code == 0
    data = json.loads(out)
    assert len(data["replies"]) == 4
    assert data["replies"][0]["findings"][0]["rule"] == "personal-only-opening"
    card = data["scorecard"]
    assert card["total"] == 50 and card["cap"] == 50 and card["turns"] == 4
    assert [g["id"] for g in card["groups"]] == [
        "business-case",
        "the-plan",
        "the-trial",
        "handling-concerns",
        "tone",
    ]
    assert [b["id"] for b in card["blockers"]] == ["personal-only-opening"]
    assert len(card["improvements"]) == 3
    answered = next(c for g in card["groups"] for c in g["checks"] if c["id"] == "answers-concern")
    assert answered["met"] is True and answered["turns"] == [3]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{}", "not a conversation"),
        ("[]", "non-empty JSON list"),
        ("[1]", "reply 1: expected an object"),
        ('[{"text": "hi", "situation": "pitch"}]', "reply 1: 'situation' must be one of"),
        ('[{"text": "hi", "colour": "red"}]', "reply 1: unknown key 'colour'"),
        ('[{"text": "  "}]', "'text' must be a non-empty string"),
        ('[{"text": "hi"},', "invalid JSON"),
    ],
)
def test_score_bad_input(run: Run, tmp_path: Path, content: str, words: str) -> None:
    file = write(tmp_path, "conversation.json", content)
    line = usage_error(*run("score", str(file)))
    assert words in line


def test_score_missing_file(run: Run, tmp_path: Path) -> None:
    assert "not found" in usage_error(*run("score", str(tmp_path / "nope.json")))
