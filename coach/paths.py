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


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where transcripts, flags and answers live: ``--data-dir``, else
    ``COACH_DATA_DIR``, else the platform's user data directory. Not created here."""
    chosen = override or os.environ.get("COACH_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("coach", appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the user alone: it holds career details."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)
    except OSError as exc:
        raise CoachError(
            f"cannot create the data directory {path}: {exc.strerror or exc}",
            hint="choose another with --data-dir or COACH_DATA_DIR",
        ) from None
    return path
