"""The one place that knows where content, data and config live.

Shipped content (``rules/``, ``dialogues/``) sits at the top of a checkout. A wheel
carries it inside the package as ``coach/_content/`` (hatch ``force-include``), which
an editable install does not get, so both places are tried: the packaged copy first,
then the checkout next to the package.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from coach.errors import CoachError

_PACKAGE_DIR = Path(__file__).resolve().parent


def content_root() -> Path:
    """The directory that holds ``rules/`` and ``dialogues/`` for this installation."""
    packaged = Path(str(resources.files("coach"))) / "_content"
    if (packaged / "rules").is_dir():
        return packaged
    checkout = _PACKAGE_DIR.parent
    if (checkout / "rules").is_dir():
        return checkout
    raise CoachError(
        "the shipped rules were not found next to the coach package",
        hint="reinstall coach; the installation looks incomplete",
    )


def rules_dir() -> Path:
    return content_root() / "rules"


def behaviours_dir() -> Path:
    return rules_dir() / "behaviours"


def dialogues_dir() -> Path:
    return content_root() / "dialogues"


def display_path(path: Path) -> str:
    """A short, stable name for a content file in error lines."""
    root = content_root()
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        try:
            return os.path.relpath(path)
        except ValueError:  # pragma: no cover - other drive on Windows
            return str(path)
