"""Golden conversations: real replies through detection, coaching and the dialogue.

Each file in ``tests/golden/`` is one conversation with one scenario: the replies,
and what they must produce. At every turn the behaviours detected (exactly) and the
top three findings (in rank order); at the end the path of nodes and the ending.
Every shipped scenario has at least two, a strong and a weak way through, reaching
different endings.

The findings follow the coaching rules, which change more often than the dialogue.
After a deliberate change to the rules, rewrite the expected findings (and nothing
else) with::

    COACH_UPDATE_GOLDEN_FINDINGS=1 .venv/bin/pytest tests/test_dialogue_golden.py

then read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.analysis import Analyzer
from coach.coaching import Coach
from coach.dialogue.library import default_files, load_scenario_file
from coach.session import Session

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GOLDEN_FILES = sorted(GOLDEN_DIR.glob("*.yaml"))
UPDATE = os.environ.get("COACH_UPDATE_GOLDEN_FINDINGS") == "1"
TOP = 3


@pytest.fixture(scope="module")
def coach() -> Coach:
    return Coach.load()


@pytest.fixture(scope="module")
def scenarios() -> dict[str, Any]:
    found = {}
    for file in default_files():
        scenario = load_scenario_file(file)
        found[scenario.id] = scenario
    return found


def load_golden(file: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(file.read_text(encoding="utf-8"))
    return data


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def dump_golden(data: dict[str, Any]) -> str:
    """The canonical text of a golden file (used when rewriting findings)."""
    out = [
        f"# {data['description']}",
        f"scenario: {data['scenario']}",
        f"description: {json.dumps(data['description'], ensure_ascii=False)}",
        f"seed: {data['seed']}",
        "turns:",
    ]
    for turn in data["turns"]:
        wrapped = textwrap.wrap(turn["reply"], 84)
        out.append("  - reply: >-")
        out += [f"      {line}" for line in wrapped]
        out.append(f"    behaviours: {_flow(turn['behaviours'])}")
        out.append(f"    findings: {_flow(turn['findings'])}")
    out.append(f"path: {_flow(data['path'])}")
    out.append(f"ending: {data['ending']}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("file", GOLDEN_FILES, ids=lambda f: f.stem)
def test_golden_conversation(
    file: Path, analyzer: Analyzer, coach: Coach, scenarios: dict[str, Any]
) -> None:
    golden = load_golden(file)
    scenario = scenarios[golden["scenario"]]
    session = Session.start(scenario, analyzer, coach, seed=golden["seed"])
    findings_now = []
    for number, turn in enumerate(golden["turns"], start=1):
        assert not session.finished, f"{file.name}: the conversation ended before turn {number}"
        result = session.reply(turn["reply"])
        assert sorted(result.behaviours) == sorted(turn["behaviours"]), (
            f"{file.name}: turn {number} behaviours"
        )
        assert result.feedback is not None
        top = [f.rule_id for f in result.feedback.top(TOP)]
        findings_now.append(top)
        if not UPDATE:
            assert top == turn["findings"], f"{file.name}: turn {number} top findings"
    assert list(session.state.path) == golden["path"], f"{file.name}: path"
    assert session.ending is not None, f"{file.name}: no ending after the last reply"
    assert session.ending.id == golden["ending"]
    if UPDATE:
        for turn, top in zip(golden["turns"], findings_now, strict=True):
            turn["findings"] = top
        file.write_text(dump_golden(golden), encoding="utf-8")


def test_golden_files_are_canonical() -> None:
    """Files stay in the form ``dump_golden`` writes, so updating findings only ever
    changes findings."""
    for file in GOLDEN_FILES:
        assert file.read_text(encoding="utf-8") == dump_golden(load_golden(file)), file.name


def test_every_scenario_has_a_strong_and_a_weak_way_through(scenarios: dict[str, Any]) -> None:
    outcomes: dict[str, set[str]] = defaultdict(set)
    for file in GOLDEN_FILES:
        golden = load_golden(file)
        scenario = scenarios[golden["scenario"]]
        outcomes[scenario.id].add(scenario.endings[golden["ending"]].outcome)
    for scenario_id in scenarios:
        assert len(outcomes[scenario_id]) >= 2, f"{scenario_id}: {outcomes[scenario_id]}"
