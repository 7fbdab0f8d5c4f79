"""Broken content gives one ``path:line:col: code: message`` line per problem."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import spacy

from coach.analysis import Analyzer
from coach.cli import main
from coach.config import DEFAULT_MODEL as MODEL
from coach.content.behaviours import BehaviourSet, CueSpec
from coach.content.library import load_behaviours
from coach.content.yamlsource import load_yaml, parse_yaml
from coach.errors import CoachError, ContentError, ContentErrors, SourceLocation
from coach.nlp.components import CueMatcher
from coach.nlp.pipeline import _add_cue

ERROR_LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>[EW]\d{3}): (?P<msg>.+)$"
)

VALID = """\
id: test-thing
title: Test thing
description: A behaviour written by the tests.
cues:
  fruit:
    patterns:
      - [{LOWER: banana}]
detect:
  - all: [fruit]
examples:
  present: [I like a banana.]
  absent: [I like an apple.]
"""


def write_behaviour(rules: Path, text: str, name: str = "99-test-thing.yaml") -> Path:
    file = rules / "behaviours" / name
    file.write_text(text, encoding="utf-8")
    return file


def load_error(rules: Path) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_behaviours(rules)
    return info.value


def assert_error(
    error: ContentError, file: Path, code: str, line: int, col: int | None = None
) -> re.Match[str]:
    rendered = error.render()
    assert "\n" not in rendered
    match = ERROR_LINE.match(rendered)
    assert match, rendered
    assert match["path"] == str(file)
    assert match["code"] == code, rendered
    assert int(match["line"]) == line, rendered
    if col is not None:
        assert int(match["col"]) == col, rendered
    assert error.exit_code == 2
    return match


def test_the_shipped_content_loads(rules_copy: Path) -> None:
    loaded = load_behaviours(rules_copy)
    assert len(loaded.ids()) == 14


def test_a_valid_extra_behaviour_loads(rules_copy: Path) -> None:
    write_behaviour(rules_copy, VALID)
    loaded = load_behaviours(rules_copy)
    assert "test-thing" in loaded.ids()


def test_yaml_syntax_error(rules_copy: Path) -> None:
    file = write_behaviour(rules_copy, VALID.replace("  - all: [fruit]", "  - all: [fruit"))
    error = load_error(rules_copy)
    match = assert_error(error, file, "E001", line=10)
    assert "YAML" in match["msg"]


def test_yaml_syntax_error_in_an_existing_file(rules_copy: Path) -> None:
    file = rules_copy / "behaviours" / "04-trial-proposal.yaml"
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, "title: [this is not closed\n")
    file.write_text("".join(lines), encoding="utf-8")
    # Other behaviours may refer to the broken one: those show up as further lines.
    with pytest.raises(CoachError) as info:
        load_behaviours(rules_copy)
    rendered = info.value.render().splitlines()
    assert all(ERROR_LINE.match(line) for line in rendered), rendered
    match = ERROR_LINE.match(rendered[0])
    assert match and match["code"] == "E001" and match["path"] == str(file)
    assert int(match["line"]) >= 3


def test_duplicate_key(rules_copy: Path) -> None:
    file = write_behaviour(rules_copy, VALID.replace("title: Test thing\n", "title: A\ntitle: B\n"))
    match = assert_error(load_error(rules_copy), file, "E002", line=3, col=1)
    assert "title" in match["msg"]


def test_duplicate_key_nested(rules_copy: Path) -> None:
    text = VALID.replace("  fruit:\n", "  fruit:\n    description: one\n    description: two\n")
    file = write_behaviour(rules_copy, text)
    assert_error(load_error(rules_copy), file, "E002", line=7, col=5)


def test_unknown_field(rules_copy: Path) -> None:
    file = write_behaviour(
        rules_copy, VALID.replace("title: Test thing\n", "title: T\ncolour: red\n")
    )
    match = assert_error(load_error(rules_copy), file, "E010", line=3, col=1)
    assert "colour" in match["msg"]


def test_unknown_field_in_a_cue(rules_copy: Path) -> None:
    file = write_behaviour(rules_copy, VALID.replace("    patterns:\n", "    paterns:\n"))
    match = assert_error(load_error(rules_copy), file, "E010", line=6, col=5)
    assert "paterns" in match["msg"]


def test_missing_field(rules_copy: Path) -> None:
    file = write_behaviour(rules_copy, VALID.replace("title: Test thing\n", ""))
    match = assert_error(load_error(rules_copy), file, "E011", line=1, col=1)
    assert "title" in match["msg"]


def test_unknown_cue_in_a_detect_rule(rules_copy: Path) -> None:
    file = write_behaviour(rules_copy, VALID.replace("all: [fruit]", "all: [fruit, vegetable]"))
    match = assert_error(load_error(rules_copy), file, "E022", line=9, col=18)
    assert "vegetable" in match["msg"]


def test_unknown_behaviour_reference(rules_copy: Path) -> None:
    file = write_behaviour(rules_copy, VALID.replace("all: [fruit]", 'all: ["@no-such-thing"]'))
    match = assert_error(load_error(rules_copy), file, "E021", line=9, col=11)
    assert "no-such-thing" in match["msg"]


def test_unknown_behaviour_in_derived(rules_copy: Path) -> None:
    text = VALID.split("detect:")[0] + "derived:\n  present: [personal-reason, nope]\n"
    file = write_behaviour(rules_copy, text)
    match = assert_error(load_error(rules_copy), file, "E021", line=9)
    assert "nope" in match["msg"]


def test_shared_cues_file_is_checked(rules_copy: Path) -> None:
    file = rules_copy / "cues.yaml"
    file.write_text(file.read_text(encoding="utf-8") + "  extra:\n    colour: red\n")
    match = ERROR_LINE.match(load_error(rules_copy).render())
    assert match and match["code"] == "E010" and match["path"] == str(file)


def test_several_broken_files_are_all_reported(rules_copy: Path) -> None:
    first = write_behaviour(rules_copy, VALID.replace("title: Test thing\n", ""), "98-a.yaml")
    second = write_behaviour(rules_copy, "id: [oops\n", "99-b.yaml")
    with pytest.raises(ContentErrors) as info:
        load_behaviours(rules_copy)
    lines = info.value.render().splitlines()
    assert len(lines) == 2
    assert all(ERROR_LINE.match(line) for line in lines)
    assert lines[0].startswith(f"{first}:") and lines[1].startswith(f"{second}:")


def test_invalid_utf8_content_file(rules_copy: Path) -> None:
    file = rules_copy / "behaviours" / "99-latin1.yaml"
    file.write_bytes(VALID.replace("Test thing", "Caf\xe9").encode("latin-1"))
    assert_error(load_error(rules_copy), file, "E003", line=1, col=1)


def test_content_error_reaches_the_cli_as_one_line(
    rules_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_behaviour(rules_copy, VALID.replace("title: Test thing\n", "title: T\ncolour: red\n"))
    monkeypatch.setattr("coach.content.library.rules_dir", lambda: rules_copy)
    assert main(["behaviours"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    match = ERROR_LINE.match(lines[0])
    assert match and match["code"] == "E010", lines[0]
    assert match["path"].endswith("99-test-thing.yaml")
    assert "Traceback" not in captured.err


# ---------------------------------------------------------------------------
# Patterns that spaCy rejects (E030)

BAD_PATTERN = """\
cues:
  fruit:
    patterns:
      - [{LOWER: banana}]
      - [{NOT_AN_ATTRIBUTE: banana}]
    dependency:
      - - {RIGHT_ID: a, RIGHT_ATTRS: {LOWER: x}}
        - {LEFT_ID: a, REL_OP: "???", RIGHT_ID: b, RIGHT_ATTRS: {LOWER: y}}
    exclude:
      - [{LOWER: {IN: 3}}]
"""


def _bad_cue(variant: str) -> tuple[CueSpec, Any]:
    document = parse_yaml(BAD_PATTERN, "bad.yaml")
    data = dict(document.data["cues"]["fruit"])
    for field in ("patterns", "dependency", "exclude"):
        if field != variant:
            data.pop(field)
    if variant != "patterns":
        data["patterns"] = [[{"LOWER": "banana"}]]
    return CueSpec.model_validate(data), lambda *key: document.locate(key)


@pytest.mark.parametrize(
    ("variant", "line", "col"),
    [("patterns", 5, 9), ("dependency", 7, 9), ("exclude", 10, 9)],
)
def test_rejected_pattern_is_located(variant: str, line: int, col: int) -> None:
    spec, locate = _bad_cue(variant)
    matcher = CueMatcher(spacy.blank("en"))
    with pytest.raises(ContentError) as info:
        _add_cue(matcher, "test/fruit", spec, locate, ("cues", "fruit"))
    error = info.value
    assert error.code == "E030"
    assert error.location == SourceLocation("bad.yaml", line, col)
    rendered = error.render()
    assert "\n" not in rendered
    match = ERROR_LINE.match(rendered)
    assert match and match["code"] == "E030"
    assert rendered.startswith(f"bad.yaml:{line}:{col}: E030: ")


def test_rejected_pattern_when_building_the_pipeline(rules_copy: Path) -> None:
    """The whole path: a bad pattern in a behaviour file stops the pipeline being built."""
    text = VALID.replace(
        "      - [{LOWER: banana}]\n", "      - [{LOWER: banana}]\n      - [{LOWR: x}]\n"
    )
    file = write_behaviour(rules_copy, text)
    behaviours: BehaviourSet = load_behaviours(rules_copy)  # the schema accepts it
    assert "test-thing" in behaviours.ids()
    with pytest.raises(ContentError) as info:
        Analyzer.load(MODEL, rules=rules_copy)
    assert_error(info.value, file, "E030", line=8, col=9)


# ---------------------------------------------------------------------------
# YAML is data: 1.2-style scalars, nothing constructed


def test_yaml_11_booleans_and_sexagesimals_stay_strings() -> None:
    doc = parse_yaml(
        "a: on\nb: off\nc: no\nd: yes\ne: 1:1\nf: 10:30\ng: On\nh: NO\ni: Yes\n"
        "t: true\nu: false\nn: 12\nwords: [on, off, no, yes, y, n]\n",
        "x.yaml",
    )
    assert doc.data == {
        "a": "on",
        "b": "off",
        "c": "no",
        "d": "yes",
        "e": "1:1",
        "f": "10:30",
        "g": "On",
        "h": "NO",
        "i": "Yes",
        "t": True,
        "u": False,
        "n": 12,
        "words": ["on", "off", "no", "yes", "y", "n"],
    }


def test_yaml_pattern_words_survive() -> None:
    """``{LOWER: on}`` must stay the word "on", not turn into True."""
    doc = parse_yaml("patterns:\n  - [{LOWER: on}, {LOWER: {IN: [off, no, yes]}}]\n", "x.yaml")
    assert doc.data["patterns"] == [[{"LOWER": "on"}, {"LOWER": {"IN": ["off", "no", "yes"]}}]]


@pytest.mark.parametrize("value", ["08", "09", "010", "007"])
def test_leading_zero_numbers_do_not_crash(value: str) -> None:
    """YAML 1.1 reads ``010`` as octal and fails on ``08``; YAML 1.2 reads plain digits
    in base 10. Either way, loading must not raise anything but a ContentError."""
    try:
        doc = parse_yaml(f"a: {value}\n", "x.yaml")
    except ContentError:
        return
    assert doc.data["a"] in (int(value, 10), value)


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object:os.system {}",
        "!!python/object/apply:os.system [echo hacked]",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_python_tags_are_rejected_not_constructed(tag: str) -> None:
    with pytest.raises(ContentError) as info:
        parse_yaml(f"id: x\nfield: {tag}\n", "evil.yaml")
    error = info.value
    assert error.code == "E001"
    assert error.render().startswith("evil.yaml:2:")


def test_python_tag_in_a_behaviour_file(rules_copy: Path) -> None:
    file = write_behaviour(
        rules_copy, VALID.replace("title: Test thing", "title: !!python/object/apply:os.getcwd []")
    )
    assert_error(load_error(rules_copy), file, "E001", line=2)


def test_locations_are_recorded(tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_text("top:\n  list:\n    - first\n    - second: 2\n", encoding="utf-8")
    doc = load_yaml(file)
    assert doc.locate(("top",)) == SourceLocation(str(file), 1, 1)
    assert doc.locate(("top", "list")) == SourceLocation(str(file), 2, 3)
    assert doc.locate(("top", "list", 1)) == SourceLocation(str(file), 4, 7)
    assert doc.locate(("top", "list", 1, "second")) == SourceLocation(str(file), 4, 7)
    # an unknown key falls back to its nearest located ancestor
    assert doc.locate(("top", "list", 1, "missing")) == SourceLocation(str(file), 4, 7)


def test_empty_file_is_an_error(rules_copy: Path) -> None:
    file = write_behaviour(rules_copy, "")
    error = load_error(rules_copy)
    match = ERROR_LINE.match(error.render())
    assert match and match["path"] == str(file)
