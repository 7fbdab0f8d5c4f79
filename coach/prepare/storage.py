"""Private JSON files in the data directory: saved atomically, readable by the user
alone, and never lost when they cannot be read.

The readiness answers (``<data dir>/prepare/answers.json``) and the proposal facts
(``<data dir>/proposal/facts.json``) hold career details, so their directories are
created ``0700`` and the files ``0600``. A save writes a temporary file next to the
target, fsyncs it and renames it over the target, so an interrupted save leaves the
previous version intact. A file that cannot be used (not JSON, or written in another
format) is moved aside under a new name (``answers.json.broken-<UTC time>``, never
overwriting anything) and reported as a ``W300`` warning, so the user gets a fresh
start without losing what was there.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.errors import CoachError

FORMAT_KEY = "format"


@dataclass(frozen=True)
class DataWarning:
    """A problem with a saved file that does not stop the command."""

    code: str
    message: str

    def render(self) -> str:
        return f"coach: warning: {self.code}: {self.message}"


@dataclass(frozen=True)
class Loaded:
    """What :func:`read_record` found: the data (``None`` when there is none to use)
    and a warning when a file was set aside."""

    data: dict[str, Any] | None
    warning: DataWarning | None = None


def utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


def timestamp(moment: _dt.datetime | None = None) -> str:
    """ISO 8601 in UTC, to the second (``2025-03-01T09:30:00Z``)."""
    moment = (moment or utc_now()).astimezone(_dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def private_subdir(data_dir: Path, name: str) -> Path:
    """``<data dir>/<name>``, created ``0700``. The data directory itself is created
    ``0700`` when coach creates it; one the user chose and made is left as it is."""
    from coach.paths import ensure_private_dir

    if not data_dir.exists():
        ensure_private_dir(data_dir)
    return ensure_private_dir(data_dir / name)


def _sync_directory(directory: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows has no directory handles
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_private_json(path: Path, data: Mapping[str, Any]) -> None:
    """Replace ``path`` with ``data`` as JSON, atomically, mode ``0600``. The parent
    directory must exist (see :func:`private_subdir`)."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # whatever the umask says
            view = memoryview(text.encode("utf-8"))
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise CoachError(
            f"cannot save {path}: {exc.strerror or exc}",
            hint="choose another data directory with --data-dir or COACH_DATA_DIR",
        ) from None
    _sync_directory(path.parent)


def set_aside(path: Path, moment: _dt.datetime | None = None) -> Path:
    """Move ``path`` to ``<name>.broken-<UTC time>`` (``-2``, ``-3``… when that is
    taken); nothing is ever overwritten. Returns the new path."""
    stamp = (moment or utc_now()).astimezone(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    base = f"{path.name}.broken-{stamp}"
    for attempt in range(1, 1000):
        target = path.with_name(base if attempt == 1 else f"{base}-{attempt}")
        if target.exists() or target.is_symlink():
            continue
        try:
            os.link(path, target)  # fails if the target appeared meanwhile
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system
            if target.exists():  # pragma: no cover - a race
                continue
            try:
                os.rename(path, target)
            except OSError as exc:
                raise CoachError(
                    f"cannot move {path} aside: {exc.strerror or exc}",
                    hint="move or delete it yourself",
                ) from None
            return target
        path.unlink()
        return target
    raise CoachError(f"cannot move {path} aside: too many earlier copies", hint="tidy them up")


def read_record(path: Path, expected_format: int, what: str) -> Loaded:
    """Read a JSON object written with ``{"format": expected_format, ...}``.

    A missing file gives no data and no warning. A file that is not a JSON object,
    or has another format, is set aside with a ``W300`` warning. A file that exists
    but cannot be read at all (permissions) is an error: moving it would not help.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(None)
    except IsADirectoryError:
        raise CoachError(f"{path} is a directory, not {what}") from None
    except OSError as exc:
        raise CoachError(f"cannot read {path}: {exc.strerror or exc}") from None
    reason: str | None = None
    data: Any = None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        reason = "it is not UTF-8 text"
    except json.JSONDecodeError as exc:
        reason = f"it is not valid JSON: {exc.msg} at line {exc.lineno}"
    if reason is None:
        reason = format_problem(data, expected_format)
    if reason is None:
        return Loaded(data)
    return Loaded(None, set_aside_warning(path, reason))


def format_problem(data: Any, expected_format: int) -> str | None:
    """Why ``data`` is not a record of ``expected_format``, or ``None`` when it is."""
    if not isinstance(data, dict):
        return "it does not hold a JSON object"
    found = data.get(FORMAT_KEY)
    if isinstance(found, bool) or not isinstance(found, int):
        return "it uses an older format"
    if found < expected_format:
        return f"it uses an older format ({found})"
    if found > expected_format:
        return f"it was written by a newer version of coach (format {found})"
    return None


def set_aside_warning(path: Path, reason: str) -> DataWarning:
    """Move ``path`` aside and say so: the ``W300`` warning."""
    target = set_aside(path)
    return DataWarning(
        "W300",
        f"{path} could not be used ({reason}); it is kept as {target.name} and you start afresh",
    )
