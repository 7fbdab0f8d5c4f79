"""Where transcripts are on the disk: listing them, finding one, deleting them.

Transcripts live in ``<data dir>/transcripts/`` (see :func:`coach.paths.data_dir`),
one ``<UTC time>-<scenario>.jsonl`` file per session; the file name without
``.jsonl`` is the session's id. ``last`` stands for the newest. Flags the app saves
live in ``<data dir>/flags/``; :func:`purge` removes both directories.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from coach.errors import CoachError
from coach.transcript.format import SUFFIX, flags_dir, stamp_of, transcripts_dir

LAST = "last"


def transcript_files(data_dir: Path) -> list[Path]:
    """Every transcript file, oldest first (by the time in the name, then the time the
    file was last written)."""
    directory = transcripts_dir(data_dir)
    try:
        files = [p for p in directory.iterdir() if p.suffix == SUFFIX and p.is_file()]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise CoachError(f"cannot list {directory}: {exc.strerror or exc}") from None
    return sorted(files, key=_age_key)


def _age_key(path: Path) -> tuple[str, int, str]:
    try:
        written = path.stat().st_mtime_ns
    except OSError:
        written = 0
    return (stamp_of(path.stem), written, path.name)


def newest_first(data_dir: Path) -> Iterator[Path]:
    yield from reversed(transcript_files(data_dir))


def last_transcript(data_dir: Path) -> Path:
    files = transcript_files(data_dir)
    if not files:
        raise CoachError(
            f"no transcripts in {transcripts_dir(data_dir)}",
            hint="practise a scenario first: coach practice SCENARIO --plain",
        )
    return files[-1]


def find_transcript(argument: str, data_dir: Path) -> Path:
    """A transcript named on the command line: ``last`` (the newest), a path to a file,
    or a session id (the file name in the transcripts directory, with or without
    ``.jsonl``). ``./last`` names a file called ``last``."""
    if argument == LAST:
        return last_transcript(data_dir)
    given = Path(argument)
    if given.exists():
        return given
    if os.sep not in argument and "/" not in argument:
        candidate = transcripts_dir(data_dir) / argument
        for option in (candidate, candidate.with_name(candidate.name + SUFFIX)):
            if option.is_file():
                return option
    raise CoachError(
        f"file not found: {argument}", hint="'coach history' lists the recorded sessions"
    )


def session_file(session_id: str, data_dir: Path) -> Path:
    """The file of a recorded session, by id (or ``last``), inside the transcripts
    directory only: deleting never reaches outside it."""
    directory = transcripts_dir(data_dir)
    if session_id == LAST:
        return last_transcript(data_dir)
    name = Path(session_id).name
    if name != session_id or not name or name in (".", ".."):
        raise CoachError(
            f"not a session id: {session_id!r}", hint="'coach history' lists the session ids"
        )
    for option in (directory / name, directory / (name + SUFFIX)):
        if option.is_file() and option.suffix == SUFFIX:
            return option
    raise CoachError(
        f"no recorded session {session_id!r} in {directory}",
        hint="'coach history' lists the session ids",
    )


def delete_session(session_id: str, data_dir: Path) -> Path:
    """Delete one transcript for good; returns the file that was removed."""
    file = session_file(session_id, data_dir)
    try:
        file.unlink()
    except OSError as exc:
        raise CoachError(f"cannot delete {file}: {exc.strerror or exc}") from None
    return file


@dataclass(frozen=True)
class PurgePlan:
    """What :func:`purge` removes."""

    data_dir: Path
    transcripts: tuple[Path, ...]
    flags: tuple[Path, ...]
    directories: tuple[Path, ...]

    @property
    def empty(self) -> bool:
        return not self.directories

    def describe(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return (
            f"{count(len(self.transcripts), 'transcript')} and "
            f"{count(len(self.flags), 'flag file')} in {self.data_dir}"
        )


def purge_plan(data_dir: Path) -> PurgePlan:
    directories = tuple(d for d in (transcripts_dir(data_dir), flags_dir(data_dir)) if d.exists())
    return PurgePlan(
        data_dir=data_dir,
        transcripts=tuple(_files_under(transcripts_dir(data_dir))),
        flags=tuple(_files_under(flags_dir(data_dir))),
        directories=directories,
    )


def _files_under(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.is_file() or p.is_symlink())


def purge(data_dir: Path) -> PurgePlan:
    """Remove ``<data dir>/transcripts/`` and ``<data dir>/flags/`` with everything in
    them. Nothing else in the data directory is touched."""
    plan = purge_plan(data_dir)
    for directory in plan.directories:
        if directory.is_symlink() or not directory.is_dir():
            directory.unlink()
            continue
        try:
            shutil.rmtree(directory)
        except OSError as exc:
            raise CoachError(f"cannot delete {directory}: {exc.strerror or exc}") from None
    return plan
