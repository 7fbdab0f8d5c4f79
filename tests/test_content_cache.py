"""The start-up cache of parsed content: used when files are unchanged, ignored when
they change or the cache is damaged, and never hiding an error's location."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.content.behaviours import BehaviourSet, load_behaviour_set
from coach.content.cache import ContentCache
from coach.errors import ContentError, ContentErrors


def _load(rules: Path, cache_file: Path) -> tuple[BehaviourSet, ContentCache]:
    cache = ContentCache(cache_file)
    return load_behaviour_set(rules, cache=cache), cache


def test_second_load_comes_from_the_cache(rules_copy: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    first, _ = _load(rules_copy, cache_file)
    assert not first.patterns_checked
    first.remember(compiled=True)
    stored = json.loads(cache_file.read_text())
    assert stored["patterns_checked"] is True
    assert any(name.endswith("04-trial-proposal.yaml") for name in stored["files"])

    second, _ = _load(rules_copy, cache_file)
    assert second.patterns_checked
    assert [b.id for b in second.behaviours] == [b.id for b in first.behaviours]


def test_a_changed_file_is_parsed_again(rules_copy: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    first, _ = _load(rules_copy, cache_file)
    first.remember(compiled=True)
    target = rules_copy / "behaviours" / "04-trial-proposal.yaml"
    target.write_text(
        target.read_text().replace("title: Proposes a time-boxed trial", "title: Changed")
    )
    second, cache = _load(rules_copy, cache_file)
    assert second.by_id["trial-proposal"].spec.title == "Changed"
    assert not second.patterns_checked
    assert cache.dirty


def test_errors_in_cached_content_keep_their_location(rules_copy: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    first, _ = _load(rules_copy, cache_file)
    first.remember(compiled=False)
    # Corrupt the cached data of one file (as an older coach might have written it):
    # validation fails, and the error must come from a fresh parse with a location.
    stored = json.loads(cache_file.read_text())
    for name, entry in stored["files"].items():
        if name.endswith("04-trial-proposal.yaml"):
            entry["data"]["surprise"] = 1
    cache_file.write_text(json.dumps(stored))
    second, _ = _load(rules_copy, cache_file)  # the file itself is fine
    assert "trial-proposal" in second.by_id


@pytest.mark.parametrize("content", ["not json", '{"key": 1}', "[]", ""])
def test_a_damaged_cache_is_ignored(rules_copy: Path, tmp_path: Path, content: str) -> None:
    cache_file = tmp_path / "cache.json"
    cache_file.write_text(content)
    loaded, _ = _load(rules_copy, cache_file)
    assert len(loaded.behaviours) == 14
    loaded.remember(compiled=False)
    assert json.loads(cache_file.read_text())["files"]


def test_a_real_error_is_reported_with_its_location(rules_copy: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    first, _ = _load(rules_copy, cache_file)
    first.remember(compiled=True)
    target = rules_copy / "behaviours" / "04-trial-proposal.yaml"
    target.write_text(target.read_text().replace("hint:", "hnit:", 1))
    with pytest.raises((ContentError, ContentErrors)) as info:
        _load(rules_copy, cache_file)
    lines = info.value.render().splitlines()
    assert any(
        line.endswith("E010: unknown field 'hnit'")
        and "04-trial-proposal.yaml:" in line
        and ":1:1:" not in line
        for line in lines
    ), lines
