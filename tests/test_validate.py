"""``coach validate``: every error and warning kind, with its exact line and location.

Each broken fixture is the valid scenario below with one change; the test asserts the
whole ``path:line:col: code: message`` line. The codes are those of docs/errors.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.cli import main
from coach.coaching import Coach
from coach.dialogue.library import (
    check_files,
    default_files,
    known_behaviours,
    known_rules,
    load_checked,
)
from coach.dialogue.validate import CODES
from coach.errors import ContentErrors

REPO = Path(__file__).resolve().parent.parent

VALID = """\
id: tiny
title: A tiny scenario
summary: Written by the tests.
difficulty: easy
situation: opening-pitch
manager:
  name: Sam Lee
  role: Manager
  persona: Plain.
variables:
  trust: 0
start: ask
nodes:
  ask:
    topic: availability
    say:
      - How would I reach you?
    transitions:
      - when: {behavior: communication-plan}
        goto: agreed
        add: {trust: 1}
      - when: {all: [{var: trust, gte: 1}, {finding: no-ultimatum}]}
        goto: again
      - goto: again
  again:
    say:
      - Again?
      - text: Trusted again?
        when: {visits: again, gte: 2}
    transitions:
      - when: {ever: hedging}
        goto: refused
      - goto: agreed
endings:
  agreed:
    outcome: agreed
    title: Agreed
    say: [Deal.]
    debrief: You got it.
  refused:
    outcome: refused
    title: Refused
    say: [No.]
    debrief: You did not.
"""


@pytest.fixture(scope="module")
def vocabulary() -> tuple[set[str], set[str]]:
    return known_behaviours(), known_rules()


Check = Callable[..., list[str]]


@pytest.fixture
def check(tmp_path: Path, vocabulary: tuple[set[str], set[str]]) -> Check:
    """Write scenario texts to files and return every problem line."""

    def run(*texts: str) -> list[str]:
        files = []
        for i, text in enumerate(texts):
            file = tmp_path / f"s{i}.yaml"
            file.write_text(text, encoding="utf-8")
            files.append(file)
        report = check_files(files, *vocabulary)
        return [p.render().replace(str(tmp_path) + "/", "") for p in report.problems]

    return run


def edit(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_fixture_is_valid(check: Check) -> None:
    assert check(VALID) == []


CASES = [
    # Any YAML content file
    ("yaml-syntax", edit("title: A tiny scenario", "title: [unclosed"), ["s0.yaml:3:8: E001"]),
    (
        "duplicate-key",
        edit("  trust: 0\n", "  trust: 0\n  trust: 1\n"),
        ["s0.yaml:12:3: E002: duplicate key 'trust'"],
    ),
    (
        "unknown-field",
        edit("    transitions:\n      - when: {ever", "    transition:\n      - when: {ever"),
        ["s0.yaml:30:5: E010: unknown field 'nodes.again.transition'"],
    ),
    ("missing-field", edit("start: ask\n", ""), ["s0.yaml:1:1: E011: missing field 'start'"]),
    (
        "invalid-value",
        edit("difficulty: easy", "difficulty: extreme"),
        ["s0.yaml:4:1: E012: difficulty: Input should be 'easy', 'medium' or 'hard'"],
    ),
    (
        "invalid-id",
        edit("  again:\n    say:", "  Again:\n    say:"),
        ["s0.yaml:25:3: E012: node 'Again': ids are lowercase words joined by hyphens"],
    ),
    (
        "not-a-number",
        edit("add: {trust: 1}", "add: {trust: '1'}"),
        ["s0.yaml:21:15: E012: nodes.ask.transitions.0.add.trust: Input should be a valid integer"],
    ),
    # Scenarios
    (
        "bad-condition",
        edit("{ever: hedging}", "{ever: hedging, gte: 2}"),
        ["s0.yaml:31:31: E100: unexpected key 'gte' here"],
    ),
    (
        "bad-condition-typo",
        edit("{behavior: communication-plan}", "{behaviour: communication-plan}"),
        [
            "s0.yaml:19:16: E100: unknown condition 'behaviour' (use all, any, not, behavior, "
            "ever, situation, topic, finding, var, visits, turn)"
        ],
    ),
    (
        "unknown-node",
        edit("        goto: refused", "        goto: refuse"),
        ["s0.yaml:32:9: E101: unknown node 'refuse' (did you mean 'refused'?)"],
    ),
    (
        "unknown-start",
        edit("start: ask", "start: asks"),
        ["s0.yaml:12:1: E101: unknown node 'asks' (did you mean 'ask'?)"],
    ),
    (
        "start-is-an-ending",
        edit("start: ask", "start: agreed"),
        ["s0.yaml:12:1: E101: unknown node 'agreed' (the start must be a node, not an ending)"],
    ),
    (
        "unknown-visits-node",
        edit("{visits: again, gte: 2}", "{visits: agian, gte: 2}"),
        ["s0.yaml:29:16: E101: unknown node 'agian' (did you mean 'again'?)"],
    ),
    (
        "out-of-time-names-a-node",
        edit("start: ask\n", "start: ask\nout_of_time: again\n"),
        ["s0.yaml:13:1: E101: unknown ending 'again' (it must name an ending)"],
    ),
    (
        "unknown-behaviour",
        edit("{ever: hedging}", "{ever: hedge}"),
        ["s0.yaml:31:16: E102: unknown behaviour 'hedge' (did you mean 'hedging'?)"],
    ),
    (
        "unknown-variable-in-update",
        edit("add: {trust: 1}", "add: {trust: 1, mood: 1}"),
        ["s0.yaml:21:25: E103: unknown variable 'mood' (declare it under 'variables')"],
    ),
    (
        "unknown-variable-in-condition",
        edit("{var: trust, gte: 1}", "{var: trusts, gte: 1}"),
        [
            "s0.yaml:11:3: W203: variable 'trust' is never read by a condition",
            "s0.yaml:22:23: E103: unknown variable 'trusts' (did you mean 'trust'?)",
        ],
    ),
    (
        "unknown-situation",
        edit("situation: opening-pitch", "situation: opening"),
        ["s0.yaml:5:1: E104: unknown situation 'opening' (did you mean 'opening-pitch'?)"],
    ),
    (
        "unknown-topic",
        edit("topic: availability", "topic: holidays"),
        ["s0.yaml:15:5: E104: unknown topic 'holidays'"],
    ),
    (
        "unknown-topic-in-condition",
        edit("{ever: hedging}", "{topic: securty}"),
        ["s0.yaml:31:16: E104: unknown topic 'securty' (did you mean 'security'?)"],
    ),
    (
        "no-fallback",
        edit(
            "      - goto: agreed\n", "      - when: {behavior: evidence}\n        goto: agreed\n"
        ),
        [
            "s0.yaml:33:9: E106: node 'again' has no fallback: end its transitions with one "
            "that has no 'when'"
        ],
    ),
    (
        "no-transitions",
        edit(
            "    transitions:\n      - when: {ever: hedging}\n        goto: refused\n"
            "      - goto: agreed\n",
            "",
        ),
        [
            "s0.yaml:25:3: E106: node 'again' has no transitions",
            "s0.yaml:25:3: W202: node 'again' has no path to an ending (only the turn limit "
            "ends it)",
            "s0.yaml:36:3: W201: ending 'refused' is unreachable from start",
        ],
    ),
    (
        "unknown-rule",
        edit("{finding: no-ultimatum}", "{finding: no-ultimatums}"),
        [
            "s0.yaml:22:45: E107: unknown coaching rule 'no-ultimatums' "
            "(did you mean 'no-ultimatum'?)"
        ],
    ),
    (
        "no-default-line",
        edit("      - Again?\n", ""),
        ["s0.yaml:26:5: E108: every variant has a 'when'; add one without, for when none holds"],
    ),
    (
        "unreachable-node",
        edit(
            "        goto: again\n      - goto: again\n",
            "        goto: agreed\n      - goto: agreed\n",
        ),
        [
            "s0.yaml:25:3: W201: node 'again' is unreachable from start",
            "s0.yaml:40:3: W201: ending 'refused' is unreachable from start",
        ],
    ),
    (
        "no-path-to-ending",
        edit(
            "        goto: refused\n      - goto: agreed\n",
            "        goto: again\n      - goto: again\n",
        ),
        [
            "s0.yaml:25:3: W202: node 'again' has no path to an ending (only the turn limit "
            "ends it)",
            "s0.yaml:40:3: W201: ending 'refused' is unreachable from start",
        ],
    ),
    (
        "unused-variable",
        edit("  trust: 0\n", "  trust: 0\n  patience: 3\n"),
        ["s0.yaml:12:3: W203: variable 'patience' is never read by a condition"],
    ),
    (
        "shadowed-transition",
        edit("      - goto: agreed\n", "      - goto: agreed\n      - goto: refused\n"),
        [
            "s0.yaml:34:9: W204: transition 3 of node 'again' comes after an unconditional one "
            "and is never tried"
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_is_reported_with_its_exact_location(
    check: Check, text: str, expected: list[str]
) -> None:
    problems = check(text)
    if expected == ["s0.yaml:3:8: E001"]:  # the wording of the syntax error is PyYAML's
        assert len(problems) == 1 and problems[0].startswith(expected[0] + ": YAML syntax:")
    else:
        assert problems == expected


def test_every_problem_line_has_the_contract_shape(check: Check) -> None:
    shape = re.compile(r"^[^:]+:\d+:\d+: [EW]\d{3}: .+$")
    for _, text, _ in CASES:
        for line in check(text):
            assert shape.match(line), line


def test_duplicate_scenario_ids_across_files(check: Check) -> None:
    assert check(VALID, VALID) == [
        "s1.yaml:1:1: E105: duplicate scenario id 'tiny' (also in s0.yaml)"
    ]


def test_a_node_and_an_ending_cannot_share_an_id(check: Check) -> None:
    text = edit("  refused:\n    outcome", "  again:\n    outcome")
    text = edit("goto: refused", "goto: again", text)
    assert check(text) == [
        "s0.yaml:40:3: E105: duplicate id 'again': a node and an ending share it"
    ]


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    text = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    section = text.split("## Scenarios", 1)[1].split("\n## ", 1)[0]
    documented = dict(re.findall(r"^\| ([EW]\d{3}) \| ([a-z-]+) \|", section, re.MULTILINE))
    assert documented == {code: name for code, (name, _) in CODES.items()}


def test_every_shipped_scenario_is_clean(vocabulary: tuple[set[str], set[str]]) -> None:
    report = check_files(default_files(), *vocabulary)
    assert [p.render() for p in report.problems] == []
    assert len(report.scenarios) >= 9


def test_a_scenario_with_errors_refuses_to_load(
    tmp_path: Path, vocabulary: tuple[set[str], set[str]]
) -> None:
    file = tmp_path / "broken.yaml"
    file.write_text(edit("goto: refused", "goto: nowhere"), encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_checked(file, *vocabulary)
    assert "E101: unknown node 'nowhere'" in info.value.render()


# ---------------------------------------------------------------------------
# The command


@pytest.fixture(scope="module")
def shipped_coach() -> Coach:
    return Coach.load()


@pytest.fixture(autouse=True)
def load_rules_once(shipped_coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands load the shipped coaching rules; reuse one load in this module."""
    monkeypatch.setattr(Coach, "load", classmethod(lambda cls, *a, **k: shipped_coach))


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_validate_command_on_shipped_content(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "validate")
    assert code == 0, out
    assert out == ""
    assert re.match(r"^\d+ scenario file\(s\) checked: no problems\n$", err)


def test_validate_command_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(edit("goto: refused", "goto: nowhere"), encoding="utf-8")
    code, out, err = run_main(capsys, "validate", str(broken))
    assert code == 1
    assert out == f"{broken}:32:9: E101: unknown node 'nowhere'\n"
    assert "1 error(s), 0 warning(s)" in err

    warned = tmp_path / "warned.yaml"
    warned.write_text(edit("  trust: 0\n", "  trust: 0\n  patience: 3\n"), encoding="utf-8")
    code, out, _ = run_main(capsys, "validate", str(warned))
    assert code == 0 and "W203" in out
    code, _, _ = run_main(capsys, "validate", "--strict", str(warned))
    assert code == 1

    code, out, _ = run_main(capsys, "validate", "--format", "json", str(tmp_path))
    problems = json.loads(out)
    assert code == 1
    assert {p["code"] for p in problems} == {"E101", "E105", "W203"}  # both are "tiny"
    assert problems[0]["severity"] == "error" and problems[0]["line"] == 32

    code, _, err = run_main(capsys, "validate", str(tmp_path / "missing.yaml"))
    assert code == 2 and err.startswith("coach: error: file not found")


def test_validate_command_with_a_content_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "dialogues").mkdir()
    (tmp_path / "dialogues" / "tiny.yaml").write_text(VALID, encoding="utf-8")
    code, _, err = run_main(capsys, "validate", "--content", str(tmp_path))
    assert code == 0
    assert f"{len(default_files()) + 1} scenario file(s) checked: no problems" in err


def test_the_annotated_example_in_the_authoring_guide_is_valid_and_fully_reachable(
    tmp_path: Path, vocabulary: tuple[set[str], set[str]]
) -> None:
    from coach.dialogue.playtest import playtest

    guide = (REPO / "docs" / "authoring-dialogues.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.DOTALL)
    assert len(blocks) == 1
    file = tmp_path / "friday-focus.yaml"
    file.write_text(blocks[0], encoding="utf-8")
    report = check_files([file], *vocabulary)
    assert [p.render() for p in report.problems] == []
    coverage = playtest(report.scenarios[0])
    assert coverage.ok and coverage.untaken_transitions == []
    # It uses every part of the format it documents.
    for feature in ("label:", "set:", "add:", "say:", "when:", "visits:", "ever:", "finding:"):
        assert feature in blocks[0]
