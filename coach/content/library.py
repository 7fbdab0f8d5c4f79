"""Where shipped content is loaded from: one call per kind of content."""

from __future__ import annotations

from pathlib import Path

from coach.content.behaviours import BehaviourSet, load_behaviour_set
from coach.content.cache import shared_cache
from coach.paths import display_path, rules_dir


def load_behaviours(directory: Path | None = None) -> BehaviourSet:
    """The behaviour set from ``rules/`` (or another rules directory, for tests)."""
    if directory is None:
        return load_behaviour_set(rules_dir(), display=display_path, cache=shared_cache())
    return load_behaviour_set(directory)
