"""``coach practice SCENARIO --plain`` end to end, and the authoring commands around it
(``scenarios``, ``graph``, ``schema``), run in-process with standard input replaced."""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from coach.analysis import Analyzer
from coach.cli import main
from coach.coaching import Coach
from coach.config import DEFAULT_MODEL

REPO = Path(__file__).resolve().parent.parent

STRONG = (
    "Thanks for making the time. I'd like to propose working from home on Tuesdays and "
    "Thursdays, because uninterrupted days would let me finish the billing migration faster. "
    "Could we try it for six weeks and then review it together?\n"
    "I'd post a short status update in the team channel every morning, keep my calendar "
    "current, and answer messages within fifteen minutes between 9 and 5.\n"
    "We could look at the sprint goals and ticket turnaround, and compare them with the last "
    "quarter.\n"
    "I'm also happy to come in for planning days and whenever the team needs me in person.\n"
)

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("COACH_MODEL", "COACH_CONFIG", "COACH_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("NO_COLOR", "1")


_COACHES: dict[tuple[str, ...], Coach] = {}
_LOAD_COACH = Coach.load


def cached_coach(
    cls: type[Coach], rules_dir: Path | None = None, disabled: Iterable[str] = ()
) -> Coach:
    """The shipped rules load once per test session (they are only read)."""
    assert rules_dir is None
    key = tuple(sorted(disabled))
    if key not in _COACHES:
        _COACHES[key] = _LOAD_COACH(disabled=key)
    return _COACHES[key]


@pytest.fixture
def run(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    """Run ``coach`` in-process on the given standard input, reusing the session's
    pipeline for the default model."""

    def load(cls: type[Analyzer], model: str, rules: Path | None = None) -> Analyzer:
        assert model == DEFAULT_MODEL and rules is None
        return analyzer

    monkeypatch.setattr(Analyzer, "load", classmethod(load))
    monkeypatch.setattr(Coach, "load", classmethod(cached_coach))

    def run_main(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(
            sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
        )
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run_main


def test_a_scenario_can_be_played_to_an_ending(run: Run) -> None:
    code, out, err = run("practice", "remote-trial", "--plain", "--seed", "11", stdin=STRONG)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "== First pitch to a cautious but fair manager =="
    assert lines[1] == "You are talking to Dana Reyes (Engineering manager)."
    assert out.count("\nDana Reyes: ") == 5  # the opening, three replies, the close
    assert out.count("\nYou: ") == 4  # piped replies are echoed so stdout reads whole
    assert "  Feedback:\n" in out and "  Try: " in out
    assert "Outcome: Trial agreed. Dana agrees to a trial.\n" in out
    assert "Debrief: You gave Dana what a cautious manager needs" in out
    assert "Scorecard: " in out and "To raise the score:" in out
    # Progress goes to stderr, never the conversation itself.
    assert "Seed 11" in err and "Dana" not in err
    assert "Loading the language model" in err


def test_the_same_seed_replays_the_same_conversation(run: Run) -> None:
    first = run("practice", "remote-trial", "--plain", "--seed", "4", stdin=STRONG)
    second = run("practice", "remote-trial", "--plain", "--seed", "4", stdin=STRONG)
    assert first[1] == second[1]


def test_quit_and_end_of_input_stop_with_a_scorecard_so_far(run: Run) -> None:
    reply = STRONG.splitlines()[0]
    code, out, _ = run("practice", "remote-trial", "--plain", stdin=f"{reply}\n/quit\nignored\n")
    assert code == 0
    assert out.count("\nYou: ") == 1 and "ignored" not in out
    assert "Stopped before an ending.\n" in out and "Scorecard: " in out
    code, out, _ = run("practice", "remote-trial", "--plain", stdin="")
    assert code == 0
    assert "Stopped before an ending.\n" in out and "Scorecard" not in out


def test_blank_lines_are_not_replies(run: Run) -> None:
    code, out, _ = run("practice", "remote-trial", "--plain", stdin="\n   \n/quit\n")
    assert code == 0 and "\nYou: " not in out


def test_multiline_replies_end_with_a_blank_line(run: Run) -> None:
    stdin = (
        "I'd like to work from home on Fridays.\n"
        "It would let me finish the reports faster.\n"
        "\n"
        "/quit\n"
    )
    code, out, _ = run("practice", "remote-trial", "--plain", "--multiline", stdin=stdin)
    assert code == 0
    assert (
        "You: I'd like to work from home on Fridays.\n"
        "     It would let me finish the reports faster.\n"
    ) in out
    assert out.count("\nYou: ") == 1
    # End of input sends what was typed.
    code, out, _ = run(
        "practice", "remote-trial", "--plain", "--multiline", stdin="Hello there.\nSecond line"
    )
    assert "You: Hello there.\n     Second line\n" in out


def test_an_over_long_reply_is_refused_and_the_conversation_goes_on(run: Run) -> None:
    stdin = "x" * 50 + "\n/quit\n"
    code, out, err = run("practice", "remote-trial", "--plain", "--max-chars", "20", stdin=stdin)
    assert code == 0
    assert "coach: error: the reply has 50 characters; the limit is 20" in err
    assert "\nYou: " not in out


def test_a_weak_way_through_ends_differently(run: Run) -> None:
    stdin = (
        "Sorry to bother you, I was just wondering if maybe I could work from home sometimes?\n"
        "Honestly, my commute is really long and I'd like more time with my kids.\n"
        "It would just make my life a lot easier, you know.\n"
    )
    code, out, _ = run("practice", "remote-trial", "--plain", "--seed", "11", stdin=stdin)
    assert code == 0
    assert "Outcome: Refused. Dana says not right now.\n" in out
    assert "✗" in out or "!" in out


def test_without_a_terminal_the_app_points_to_plain_mode(run: Run) -> None:
    code, out, err = run("practice", "remote-trial")
    assert code == 2 and out == ""
    assert err == (
        "coach: error: the full-screen app needs a terminal "
        "(use 'coach practice remote-trial --plain')\n"
    )


def test_unknown_scenario(run: Run) -> None:
    code, _, err = run("practice", "remote-trail", "--plain")
    assert code == 2
    assert err == "coach: error: unknown scenario 'remote-trail' ('coach scenarios' lists them)\n"


def test_a_broken_scenario_file_does_not_start(run: Run, tmp_path: Path) -> None:
    file = tmp_path / "broken.yaml"
    text = (REPO / "dialogues" / "remote-trial.yaml").read_text(encoding="utf-8")
    file.write_text(text.replace("goto: park-it\n", "goto: parkit\n", 1), encoding="utf-8")
    code, out, err = run("practice", str(file), "--plain")
    assert code == 2 and out == ""
    assert "E101: unknown node 'parkit' (did you mean 'park-it'?)" in err
    assert "Traceback" not in err


# ---------------------------------------------------------------------------
# scenarios, graph, schema


def test_scenarios_lists_every_scenario(run: Run) -> None:
    code, out, err = run("scenarios", "--format", "json")
    assert code == 0, err
    listing = json.loads(out)
    assert len(listing) >= 9
    first = next(s for s in listing if s["id"] == "remote-trial")
    assert first["difficulty"] == "easy" and first["manager"]["name"] == "Dana Reyes"
    assert first["file"] == "dialogues/remote-trial.yaml"
    code, out, _ = run("scenarios")
    assert code == 0
    assert "remote-trial" in out and "First pitch to a cautious but fair manager" in out


def test_scenarios_include_a_content_directory(run: Run, tmp_path: Path) -> None:
    text = (REPO / "dialogues" / "remote-trial.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(
        text.replace("id: remote-trial", "id: my-own"), encoding="utf-8"
    )
    code, out, _ = run("scenarios", "--format", "json", "--content", str(tmp_path))
    assert code == 0
    assert "my-own" in {s["id"] for s in json.loads(out)}
    code, out, _ = run("graph", "mine", "--content", str(tmp_path))
    assert code == 0 and out.startswith("---\ntitle: ")


def test_graph_formats(run: Run) -> None:
    code, out, _ = run("graph", "office-first")
    assert code == 0
    assert "flowchart TD" in out and "e_walked_out" in out
    code, out, _ = run("graph", "office-first", "--format", "dot", "--conditions")
    assert code == 0
    assert out.startswith('digraph "office-first" {') and "concern-question" in out
    code, _, err = run("graph", "nope")
    assert code == 2 and "unknown scenario 'nope'" in err


def test_schema_prints_and_writes(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$defs"]["condition"] and schema["properties"]["nodes"]
    target = tmp_path / "scenario.schema.json"
    code, out, _ = run("schema", "scenario", "-o", str(target))
    assert code == 0 and out == "" and json.loads(target.read_text()) == schema
    code, out, _ = run("schema", "behaviour")
    assert code == 0 and "cues" in json.loads(out)["properties"]


def test_which_feedback_is_shown_follows_the_check_options(run: Run) -> None:
    def conversation_part(*flags: str) -> str:
        code, out, _ = run(
            "practice", "remote-trial", "--plain", "--seed", "11", *flags, stdin=STRONG
        )
        assert code == 0
        return out.split("\nOutcome:")[0]

    default = conversation_part()
    assert re.search(r"\(\+\d+ more with --all\)", default)
    everything = conversation_part("--all")
    assert "more with --all" not in everything
    assert everything.count("\n    ") > default.count("\n    ")
    assert "    ✓ " in everything
    assert "    ✓ " not in conversation_part("--all", "--no-praise")
    blockers_only = conversation_part("--min-level", "blocker", "--no-praise")
    assert "    ! " not in blockers_only and "  Feedback: nothing to add." in blockers_only


def test_switching_rules_off_warns_about_unknown_ids(run: Run) -> None:
    code, _, err = run(
        "practice", "remote-trial", "--plain", "--disable", "no-such-rule", stdin="/quit\n"
    )
    assert code == 0
    assert "coach: warning: W040" in err and "no-such-rule" in err
