"""Coverage playtests: every shipped node and ending is reachable by some conversation,
and the report finds loose ends that a look at the graph alone cannot."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from coach.analysis import Analyzer
from coach.cli import main
from coach.config import DEFAULT_MODEL
from coach.content.yamlsource import parse_yaml
from coach.dialogue.library import default_files, load_scenario_file
from coach.dialogue.model import Scenario, parse_scenario
from coach.dialogue.playtest import generated_probes, playtest, rules_fired
from coach.nlp.detection import BehaviourResult, Detection

LOOSE = """\
id: loose
title: Loose ends
summary: Written by the tests.
difficulty: easy
situation: opening-pitch
manager: {name: Sam Lee, role: Manager, persona: Plain.}
variables: {trust: 0}
start: ask
max_turns: 5
nodes:
  ask:
    say: [Well?]
    transitions:
      - when: {all: [{behavior: hedging}, {not: {behavior: hedging}}]}
        goto: impossible
      - when: {behavior: trial-proposal}
        goto: both
      - when: {all: [{behavior: trial-proposal}, {behavior: evidence}]}
        goto: agreed
        label: shadowed by the one before
      - when: {all: [{behavior: evidence}, {behavior: success-measure}]}
        goto: measured
      - when: {var: trust, gte: 2}
        goto: agreed
      - goto: ask
        add: {trust: 1}
  both:
    say: [And?]
    transitions:
      - goto: agreed
  impossible:
    say: [Never said.]
    transitions:
      - goto: refused
  measured:
    say: [Numbers, good.]
    transitions:
      - goto: agreed
endings:
  agreed: {outcome: agreed, title: Agreed, say: [Yes.], debrief: Good.}
  refused: {outcome: refused, title: Refused, say: [No.], debrief: Not good.}
"""


def loose() -> Scenario:
    return parse_scenario(parse_yaml(LOOSE, "loose.yaml"))


@pytest.mark.parametrize("file", default_files(), ids=lambda f: f.stem)
def test_every_shipped_node_and_ending_is_reachable(file: Path) -> None:
    report = playtest(load_scenario_file(file))
    assert report.unreached_nodes == []
    assert report.unreached_endings == []
    assert report.untaken_transitions == []
    assert not report.full.truncated
    assert report.ok


def test_playtest_finds_what_the_graph_cannot() -> None:
    report = playtest(loose(), examples=[frozenset({"trial-proposal"}), frozenset()])
    assert report.unreached_nodes == ["impossible"]
    assert report.unreached_endings == ["refused"]
    assert [(t.node, t.index) for t in report.untaken_transitions] == [("ask", 0), ("ask", 2)]
    assert not report.ok
    # Only a reply showing evidence and a success measure together reaches 'measured';
    # neither example reply does.
    assert report.generated_only == ["measured"]
    assert "measured" in report.full.nodes and "measured" not in report.realistic.nodes


def test_generated_probes_cover_every_combination_a_node_can_tell_apart() -> None:
    probes = generated_probes(loose())
    asked = {p.behaviours for p in probes["ask"]}
    assert len(asked) == 2**4  # hedging, trial-proposal, evidence, success-measure
    assert {p.behaviours for p in probes["both"]} == {frozenset()}


def test_rules_fired_tries_each_context_and_history() -> None:
    def detection(*present: str) -> Detection:
        return Detection(" ".join(present), {b: BehaviourResult(True) for b in present})

    calls: list[tuple[str, str | None, int]] = []

    def fired(
        d: Detection, situation: str, topic: str | None, said: str, earlier: tuple[Detection, ...]
    ) -> list[str]:
        calls.append((situation, topic, len(earlier)))
        found = [f"{situation}:{b}" for b in d.present()]
        if any("hedging" in e.present() for e in earlier):
            found.append("after-hedging")
        return found

    report = playtest(loose())
    detections = [detection("hedging"), detection("evidence"), detection("evidence")]
    found = rules_fired([report], detections, fired)
    assert found == {"opening-pitch:hedging", "opening-pitch:evidence", "after-hedging"}
    # one context, two distinct replies, each with and without a history
    assert calls == [("opening-pitch", None, 0), ("opening-pitch", None, 2)] * 2


# ---------------------------------------------------------------------------
# The command


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_playtest_command_without_examples(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "playtest", "--no-examples", "after-the-no", "trial-review")
    assert code == 0
    assert "after-the-no: The conversation after a no\n  nodes        9/9 reached\n" in out
    assert out.endswith("2 scenario(s): 20/20 nodes and 10/10 endings reached\n")

    file = tmp_path / "loose.yaml"
    file.write_text(LOOSE, encoding="utf-8")
    code, out, _ = run(capsys, "playtest", "--no-examples", str(file))
    assert code == 1
    assert f"{file}:31:3: node 'impossible' is never reached" in out
    assert f"{file}:41:3: ending 'refused' is never reached" in out
    assert f"{file}:18:9: transition 3 of 'ask' (shadowed by the one before) is never taken" in out

    code, out, _ = run(capsys, "playtest", "--no-examples", "--format", "json", str(file))
    data = json.loads(out)
    assert code == 1 and data["rules_never_fired"] is None
    assert data["scenarios"][0]["unreached_nodes"] == ["impossible"]


def test_playtest_command_with_examples_and_rules(
    capsys: pytest.CaptureFixture[str], analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def load(cls: type[Analyzer], model: str, rules: Path | None = None) -> Analyzer:
        assert model == DEFAULT_MODEL
        return analyzer

    monkeypatch.setattr(Analyzer, "load", classmethod(load))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = run(capsys, "playtest", "--format", "json", "trial-checkin")
    assert code == 0, err
    data = json.loads(out)
    assert data["examples"] > 100
    checkin = data["scenarios"][0]
    assert checkin["unreached_nodes"] == [] and checkin["unreached_endings"] == []
    assert isinstance(data["rules_never_fired"], list)
    assert "Running detection on" in err
