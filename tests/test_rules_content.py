"""Broken coaching content: one exact ``path:line:col: code: message`` line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.coaching import Coach
from coach.coaching.loading import load_coaching
from coach.errors import ContentError, ContentErrors

VALID = """\
id: test-rule
title: Test rule
level: tip
when:
  all:
    - {behavior: hedging}
    - {situation: pushback-office}
evidence: [hedging]
message: You hedged ({quote}).
why: Because.
suggestion: Say it straight.
examples:
  fires:
    - text: Sorry to bother you, could I maybe work from home?
      situation: pushback-office
  silent:
    - Could we discuss it?
"""


def write_rule(rules: Path, text: str, name: str = "test-rule.yaml") -> Path:
    file = rules / "coaching" / name
    file.write_text(text, encoding="utf-8")
    return file


def load_errors(rules: Path) -> list[str]:
    """Every rendered error line of loading ``rules``."""
    with pytest.raises((ContentError, ContentErrors)) as info:
        load_coaching(rules)
    error = info.value
    assert error.exit_code == 2
    lines = error.render().splitlines()
    assert lines
    return lines


def test_the_shipped_content_and_a_valid_extra_rule_load(rules_copy: Path) -> None:
    write_rule(rules_copy, VALID)
    content = load_coaching(rules_copy)
    assert "test-rule" in content.by_id
    assert content.by_id["test-rule"].level == "tip"


def test_yaml_syntax_error(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("evidence: [hedging]", "evidence: [hedging"))
    (line,) = load_errors(rules_copy)
    assert line == f"{file}:9:8: E001: YAML syntax: did not find expected ',' or ']'"


def test_unknown_field(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("why: Because.\n", "why: Because.\ncolour: red\n"))
    assert load_errors(rules_copy) == [f"{file}:11:1: E010: unknown field 'colour'"]


def test_unknown_field_in_an_example(rules_copy: Path) -> None:
    text = VALID.replace("      situation: pushback-office\n", "      situaton: pushback-office\n")
    file = write_rule(rules_copy, text)
    assert load_errors(rules_copy) == [
        f"{file}:15:7: E010: unknown field 'examples.fires.0.situaton'"
    ]


def test_missing_field(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("why: Because.\n", ""))
    assert load_errors(rules_copy) == [f"{file}:1:1: E011: missing field 'why'"]


def test_bad_level(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("level: tip", "level: error"))
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:3:1: E012: level: ")


def test_unknown_behaviour_in_a_condition(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("{behavior: hedging}", "{behavior: hedgeing}"))
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:6:8: E040: unknown behaviour 'hedgeing'")


def test_unknown_behaviour_under_ever_and_not(rules_copy: Path) -> None:
    text = VALID.replace("    - {situation: pushback-office}\n", "    - not: {ever: triall}\n")
    file = write_rule(rules_copy, text)
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:7:13: E040: unknown behaviour 'triall'")


def test_unknown_behaviour_in_evidence(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("evidence: [hedging]", "evidence: [hedges]"))
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:8:12: E040: unknown behaviour 'hedges'")


def test_unknown_situation_in_a_condition(rules_copy: Path) -> None:
    file = write_rule(
        rules_copy, VALID.replace("{situation: pushback-office}", "{situation: pitch}")
    )
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:7:8: E041: unknown situation 'pitch' (use opening-pitch, ")


def test_unknown_situation_in_an_example(rules_copy: Path) -> None:
    text = VALID.replace("      situation: pushback-office\n", "      situation: pushback\n")
    file = write_rule(rules_copy, text)
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:15:7: E041: unknown situation 'pushback'")


def test_unknown_topic(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("{situation: pushback-office}", "{topic: money}"))
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:7:8: E042: unknown topic 'money'")


def test_unknown_signal(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("{behavior: hedging}", "{behavior: signal:thank}"))
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:6:8: E044: unknown signal 'thank' (signals: ")


def test_dialogue_only_leaf(rules_copy: Path) -> None:
    file = write_rule(
        rules_copy, VALID.replace("{situation: pushback-office}", "{var: trust, gte: 2}")
    )
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:7:8: E046: 'var' is for dialogue transitions")


def test_malformed_condition(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("  all:\n", "  every:\n"))
    assert load_errors(rules_copy) == [
        f"{file}:5:3: E047: unknown condition 'every' (use all, any, not, behavior, ever, "
        "situation, topic, finding, var, visits, turn)"
    ]


def test_unknown_placeholder(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("You hedged ({quote}).", "You hedged ({quotes})."))
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:9:1: E045: unknown placeholder {{quotes}} (known: ")


def test_stray_brace(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("Say it straight.", "Say it {straight."))
    assert load_errors(rules_copy) == [
        f"{file}:11:1: E045: unbalanced brace: write placeholders as {{name}} or {{name|fallback}}"
    ]


def test_quote_without_evidence(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("evidence: [hedging]\n", ""))
    assert load_errors(rules_copy) == [
        f"{file}:8:1: E045: {{quote}} needs the rule to list its 'evidence'"
    ]


def test_id_must_match_the_file_name(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID, name="other-name.yaml")
    assert load_errors(rules_copy) == [
        f"{file}:1:1: E048: the rule id 'test-rule' must match its file name (other-name.yaml)"
    ]


def test_praise_has_no_suggestion(rules_copy: Path) -> None:
    file = write_rule(rules_copy, VALID.replace("level: tip", "level: praise"))
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:1:1: E012: ")
    assert "praise rules have no 'suggestion'" in line


def test_problems_in_several_files_are_reported_together(rules_copy: Path) -> None:
    first = write_rule(rules_copy, VALID.replace("{behavior: hedging}", "{behavior: nope}"))
    second = write_rule(
        rules_copy,
        VALID.replace("id: test-rule", "id: test-rule-two").replace("level: tip", "level: meh"),
        name="test-rule-two.yaml",
    )
    lines = load_errors(rules_copy)
    assert len(lines) == 2
    assert any(line.startswith(f"{first}:6:8: E040:") for line in lines)
    assert any(line.startswith(f"{second}:3:1: E012:") for line in lines)


# ---------------------------------------------------------------------------
# Signals, topics and the scorecard


def test_signal_pattern_needing_the_parser(rules_copy: Path) -> None:
    file = rules_copy / "coaching" / "signals.yaml"
    text = file.read_text(encoding="utf-8")
    text = text.replace(
        "      - [{LOWER: {IN: [thanks, thank, thx, cheers, grateful]}}]",
        "      - [{LEMMA: thank}]",
    )
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        Coach.load(rules_copy)
    rendered = info.value.render()
    assert rendered.startswith(f"{file}:")
    assert ": E030: attribute 'LEMMA' needs the trained pipeline" in rendered


def test_signal_unless_names_an_unknown_signal(rules_copy: Path) -> None:
    file = rules_copy / "coaching" / "signals.yaml"
    text = file.read_text(encoding="utf-8").replace("unless: [offers-time]", "unless: [offer-time]")
    file.write_text(text, encoding="utf-8")
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:")
    assert ": E044: unknown signal 'offer-time' in 'unless'" in line


def test_topics_file_must_cover_every_topic(rules_copy: Path) -> None:
    file = rules_copy / "topics.yaml"
    text = file.read_text(encoding="utf-8")
    start = text.index("  cost:\n")
    file.write_text(text[:start], encoding="utf-8")
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:")
    assert ": E052: no patterns for topic 'cost'" in line


def test_topics_file_unknown_topic(rules_copy: Path) -> None:
    file = rules_copy / "topics.yaml"
    text = file.read_text(encoding="utf-8").replace("  cost:\n", "  money:\n")
    file.write_text(text, encoding="utf-8")
    lines = load_errors(rules_copy)
    assert any(": E042: unknown topic 'money'" in line for line in lines)


def test_scorecard_duplicate_id(rules_copy: Path) -> None:
    file = rules_copy / "scorecard.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("id: argues-business", "id: opens-with-business"), "utf-8")
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:")
    assert line.endswith(": E051: duplicate id 'opens-with-business'")


def test_scorecard_unknown_behaviour(rules_copy: Path) -> None:
    file = rules_copy / "scorecard.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("met: {behavior: evidence}", "met: {behavior: evidense}"), "utf-8")
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:")
    assert ": E040: unknown behaviour 'evidense'" in line


def test_scorecard_cap_out_of_range(rules_copy: Path) -> None:
    file = rules_copy / "scorecard.yaml"
    text = file.read_text(encoding="utf-8").replace("cap: 40", "cap: 140")
    file.write_text(text, encoding="utf-8")
    (line,) = load_errors(rules_copy)
    assert line.startswith(f"{file}:")
    assert ": E012: blockers.0.cap: " in line


# ---------------------------------------------------------------------------
# Disabling rules


def test_disabled_rules_are_switched_off_and_unknown_ids_warned_about() -> None:
    coach = Coach.load(disabled=["no-hedging", "no-hedgin", "nothing-like-it"])
    assert "no-hedging" in coach.disabled
    assert "no-hedging" not in {r.id for r in coach.rules}
    assert "no-hedging" in {r.id for r in coach.all_rules}
    rendered = [w.render() for w in coach.warnings]
    assert rendered == [
        "coach: warning: W040: there is no rule 'no-hedgin' to disable "
        "(did you mean 'no-hedging'?)",
        "coach: warning: W040: there is no rule 'nothing-like-it' to disable (see 'coach rules')",
    ]
