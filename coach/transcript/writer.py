"""Writing transcripts as a session happens, crash-safe.

Every event is one JSON line, written with a single ``os.write`` loop, then flushed
to the disk with ``os.fsync`` before the call returns; the user's reply is written
(and synced) before it is analysed. A ``kill -9`` at any moment therefore loses at
most the line being written, which the reader reports as a torn last line and skips.
New files are created with ``O_EXCL`` and mode ``0600``, in a ``transcripts/``
directory of mode ``0700``: they hold career details.

Three layers, use the highest that fits:

- :func:`start_recorded_session` / :func:`restart_recorded`: a recorded
  :class:`~coach.session.Session` in one call (the app and ``practice --plain``);
- :class:`TranscriptRecorder`: the session observer that turns what happens into
  events (``Session.start(..., recorder=TranscriptRecorder.new(data_dir))``);
- :class:`TranscriptWriter`: creates a file and appends events to it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach import __version__
from coach.errors import CoachError
from coach.transcript.format import (
    ANALYSIS,
    ENDING,
    FORMAT,
    HEADER,
    MANAGER,
    REPLY,
    RESUMED,
    STOPPED,
    SUFFIX,
    VERSION,
    file_stem,
    scenario_hash,
    timestamp,
    transcripts_dir,
    utc_now,
)

if TYPE_CHECKING:
    from coach.coaching import Coach, Scorecard
    from coach.dialogue.facts import PracticeFacts
    from coach.dialogue.model import Scenario
    from coach.session import Detector, Session, TurnResult

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
UNKNOWN_PIPELINE: Mapping[str, str] = {"name": "unknown", "version": ""}


class TranscriptWriteError(CoachError):
    """The transcript could not be written (disk full, file deleted, no permission)."""


@dataclass(frozen=True)
class Origin:
    """Where a retried session came from: a transcript and the reply it restarts after."""

    transcript: str
    """The file name of the transcript (``<UTC time>-<scenario>.jsonl``)."""
    turn: int

    def to_json(self) -> dict[str, Any]:
        return {"transcript": self.transcript, "turn": self.turn}


def encode_event(event: Mapping[str, Any]) -> bytes:
    """One event as one UTF-8 JSON line. Text that cannot be UTF-8 (a lone surrogate)
    is written with ``\\u`` escapes instead, so the line always reads back."""
    try:
        line = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        return (line + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(event, separators=(",", ":")) + "\n").encode("ascii")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _sync_directory(directory: Path) -> None:
    """Make a new file's name durable too (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def prepare_directory(data_dir: Path) -> Path:
    """``<data dir>/transcripts``, created ``0700`` (and the data directory too, when
    coach creates it; an existing data directory the user chose is left as it is)."""
    from coach.paths import ensure_private_dir

    if not data_dir.exists():
        ensure_private_dir(data_dir)
    return ensure_private_dir(transcripts_dir(data_dir))


class TranscriptWriter:
    """Appends events to one transcript file; each is on the disk when the call returns."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(
        cls,
        data_dir: Path,
        scenario: Scenario,
        seed: int,
        pipeline: Mapping[str, str],
        *,
        disabled: Sequence[str] = (),
        origin: Origin | None = None,
        now: datetime | None = None,
        facts: Mapping[str, Any] | None = None,
    ) -> TranscriptWriter:
        """A new transcript ``<data dir>/transcripts/<UTC time>-<scenario>.jsonl`` with
        its header written. The file is created with ``O_EXCL`` (never overwriting)
        and mode ``0600``."""
        directory = prepare_directory(data_dir)
        started = now or utc_now()
        for attempt in range(1, 10_000):
            path = directory / (file_stem(started, scenario.id, attempt) + SUFFIX)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
            try:
                fd = os.open(path, flags, 0o600)
            except FileExistsError:
                continue
            except OSError as exc:
                raise TranscriptWriteError(
                    f"cannot create the transcript {path}: {exc.strerror or exc}",
                    hint="choose another data directory with --data-dir or COACH_DATA_DIR, "
                    "or practise without recording (--no-record)",
                ) from None
            break
        else:  # pragma: no cover - ten thousand sessions started in one second
            raise TranscriptWriteError(f"cannot find a free transcript name in {directory}")
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # whatever the umask says
            header = header_event(scenario, seed, pipeline, disabled, origin, started, facts)
            _write_all(fd, encode_event(header))
            os.fsync(fd)
        except OSError as exc:
            raise TranscriptWriteError(
                f"cannot write the transcript {path}: {exc.strerror or exc}"
            ) from None
        finally:
            os.close(fd)
        _sync_directory(directory)
        return cls(path)

    @classmethod
    def reopen(cls, path: Path) -> TranscriptWriter:
        """Continue an existing transcript. A last line cut short by a crash (no
        newline) is completed when it is whole JSON, and cut off otherwise, so that new
        events start on a line of their own."""
        try:
            with open(path, "r+b") as handle:
                data = handle.read()
                if data and not data.endswith(b"\n"):
                    cut = data.rfind(b"\n") + 1
                    tail = data[cut:]
                    try:
                        json.loads(tail.decode("utf-8"))
                        handle.write(b"\n")
                    except ValueError:
                        handle.truncate(cut)
                    handle.flush()
                    os.fsync(handle.fileno())
        except OSError as exc:
            raise TranscriptWriteError(
                f"cannot continue the transcript {path}: {exc.strerror or exc}"
            ) from None
        return cls(path)

    def write(self, event: Mapping[str, Any]) -> None:
        """Append one event, flushed and synced to the disk before returning."""
        data = encode_event(event)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | _NOFOLLOW | _BINARY)
        except FileNotFoundError:
            raise TranscriptWriteError(
                f"the transcript {self.path} was deleted while the session was recorded",
                hint="the rest of this session is not recorded",
            ) from None
        except OSError as exc:
            raise TranscriptWriteError(
                f"cannot write the transcript {self.path}: {exc.strerror or exc}"
            ) from None
        try:
            _write_all(fd, data)
            os.fsync(fd)
        except OSError as exc:
            raise TranscriptWriteError(
                f"cannot write the transcript {self.path}: {exc.strerror or exc}"
            ) from None
        finally:
            os.close(fd)


# ---------------------------------------------------------------------------
# Events (see docs/transcripts.md for every field)


def header_event(
    scenario: Scenario,
    seed: int,
    pipeline: Mapping[str, str],
    disabled: Sequence[str] = (),
    origin: Origin | None = None,
    started: datetime | None = None,
    facts: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event": HEADER,
        "format": FORMAT,
        "version": VERSION,
        "started": timestamp(started or utc_now()),
        "app": {"name": "coach", "version": __version__},
        "scenario": {
            "id": scenario.id,
            "title": scenario.title,
            "sha256": scenario_hash(scenario),
            "manager": {"name": scenario.manager.name, "role": scenario.manager.role},
        },
        "seed": seed,
        "pipeline": dict(pipeline),
        "disabled": sorted(disabled),
    }
    if origin is not None:
        event["origin"] = origin.to_json()
    if facts:
        event["facts"] = dict(facts)  # prepared with `coach proposal`; see docs/prepare.md
    return event


def manager_event(
    turn: int,
    node: str,
    text: str,
    ending: str | None = None,
    at: datetime | None = None,
    state: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A manager's line; the opening one (turn 0) carries the dialogue ``state`` the
    conversation starts from (its variables may have been set from prepared facts)."""
    event: dict[str, Any] = {"event": MANAGER, "turn": turn, "node": node, "text": text}
    if ending is not None:
        event["ending"] = ending
    if state is not None:
        event["state"] = dict(state)
    event["time"] = timestamp(at or utc_now())
    return event


def reply_event(
    turn: int,
    node: str,
    situation: str,
    topic: str | None,
    text: str,
    at: datetime | None = None,
) -> dict[str, Any]:
    return {
        "event": REPLY,
        "turn": turn,
        "node": node,
        "situation": situation,
        "topic": topic,
        "text": text,
        "time": timestamp(at or utc_now()),
    }


def analysis_event(
    result: TurnResult, pipeline: Mapping[str, str], at: datetime | None = None
) -> dict[str, Any]:
    from coach.report import checked_reply, coached_reply

    if result.feedback is None:
        reply = checked_reply(result.detection, dict(pipeline), situation=result.situation)
    else:
        reply = coached_reply(
            result.detection, dict(pipeline), result.feedback, situation=result.situation
        )
    return {
        "event": ANALYSIS,
        "turn": result.turn,
        "node": result.node,
        "situation": result.situation,
        "topic": result.topic,
        "reply": reply,
        "fired": sorted(result.fired),
        "state": result.state.to_json(),
        "time": timestamp(at or utc_now()),
    }


def ending_event(
    result: TurnResult, scorecard: Scorecard | None, at: datetime | None = None
) -> dict[str, Any]:
    from coach.report import scorecard_json

    ending = result.ending
    assert ending is not None
    return {
        "event": ENDING,
        "turn": result.turn,
        "ending": ending.id,
        "outcome": ending.outcome,
        "outcome_label": ending.outcome_label,
        "title": ending.title,
        "debrief": ending.debrief,
        "scorecard": None if scorecard is None else scorecard_json(scorecard),
        "time": timestamp(at or utc_now()),
    }


def stopped_event(
    turn: int, scorecard: Scorecard | None, at: datetime | None = None
) -> dict[str, Any]:
    from coach.report import scorecard_json

    return {
        "event": STOPPED,
        "turn": turn,
        "scorecard": None if scorecard is None else scorecard_json(scorecard),
        "time": timestamp(at or utc_now()),
    }


def resumed_event(
    turn: int, pipeline: Mapping[str, str], at: datetime | None = None
) -> dict[str, Any]:
    return {
        "event": RESUMED,
        "turn": turn,
        "app": {"name": "coach", "version": __version__},
        "pipeline": dict(pipeline),
        "time": timestamp(at or utc_now()),
    }


# ---------------------------------------------------------------------------
# The session observer


def pipeline_of(detector: object) -> Mapping[str, str]:
    """The pipeline identity of an analyzer (``{"name", "version"}``)."""
    found = getattr(detector, "pipeline", None)
    if isinstance(found, Mapping):
        return {str(k): str(v) for k, v in found.items()}
    return UNKNOWN_PIPELINE


class TranscriptRecorder:
    """Records a :class:`~coach.session.Session` as it happens (a ``SessionRecorder``).

    Make one with :meth:`new` (a new file when the session starts; a restarted
    session's kept turns are copied into it) or :meth:`resume` (appends to an existing
    transcript), and pass it to ``Session.start(..., recorder=...)``,
    ``session.restart_from(turn, recorder=...)`` or ``session.attach(...)``.
    """

    def __init__(
        self,
        *,
        data_dir: Path | None = None,
        path: Path | None = None,
        pipeline: Mapping[str, str] | None = None,
        origin: Origin | None = None,
        origin_pipeline: Mapping[str, str] | None = None,
        pending_turn: int | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if (data_dir is None) == (path is None):
            raise ValueError("give data_dir (a new transcript) or path (resume one)")
        self.data_dir = data_dir
        self._resume_path = path
        self.pipeline = pipeline
        self.origin = origin
        self.origin_pipeline = origin_pipeline
        self.pending_turn = pending_turn
        self.clock = clock
        self.writer: TranscriptWriter | None = None

    @classmethod
    def new(
        cls,
        data_dir: Path,
        pipeline: Mapping[str, str] | None = None,
        *,
        origin: Origin | None = None,
        origin_pipeline: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> TranscriptRecorder:
        """Record into a new file under ``data_dir``, created when the session starts.
        ``pipeline`` defaults to the session's analyzer's; ``origin_pipeline`` is the
        pipeline that analysed turns copied from an earlier transcript."""
        return cls(
            data_dir=data_dir,
            pipeline=pipeline,
            origin=origin,
            origin_pipeline=origin_pipeline,
            clock=clock,
        )

    @classmethod
    def resume(
        cls,
        path: Path,
        pipeline: Mapping[str, str] | None = None,
        *,
        pending_turn: int | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> TranscriptRecorder:
        """Append to the transcript at ``path``. ``pending_turn`` is a reply already in
        the file but never analysed: when it is sent again it is not written twice."""
        return cls(path=path, pipeline=pipeline, pending_turn=pending_turn, clock=clock)

    @property
    def path(self) -> Path | None:
        """The transcript file (``None`` until a new session has started)."""
        return self.writer.path if self.writer is not None else self._resume_path

    def _pipeline(self, session: Session) -> Mapping[str, str]:
        if self.pipeline is None:
            self.pipeline = pipeline_of(session.detector)
        return self.pipeline

    def _write(self, event: Mapping[str, Any]) -> None:
        assert self.writer is not None, "the session has not started"
        self.writer.write(event)

    # -- SessionRecorder

    def session_started(self, session: Session) -> None:
        pipeline = self._pipeline(session)
        if self._resume_path is not None:
            self.writer = TranscriptWriter.reopen(self._resume_path)
            self._write(resumed_event(len(session.turns), pipeline, self.clock()))
            return
        assert self.data_dir is not None
        disabled = sorted(session.coach.disabled) if session.coach is not None else []
        self.writer = TranscriptWriter.create(
            self.data_dir,
            session.scenario,
            session.seed,
            pipeline,
            disabled=disabled,
            origin=self.origin,
            now=self.clock(),
            facts=session.facts.to_json() if session.facts is not None else None,
        )
        opening = session.opening
        self._write(
            manager_event(
                0, opening.state.node, opening.line, at=self.clock(), state=opening.state.to_json()
            )
        )
        copied = self.origin_pipeline or pipeline
        for result in session.turns:  # a restarted session: the turns it keeps
            self._write(
                reply_event(
                    result.turn,
                    result.node,
                    result.situation,
                    result.topic,
                    result.text,
                    self.clock(),
                )
            )
            self._turn_events(session, result, copied)

    def reply_sent(self, session: Session, text: str) -> None:
        turn = session.state.turn + 1
        if self.pending_turn == turn:
            self.pending_turn = None  # already in the file, waiting for its analysis
            return
        node = session.node
        self._write(reply_event(turn, node.id, node.situation, node.topic, text, self.clock()))

    def turn_finished(self, session: Session, result: TurnResult) -> None:
        self._turn_events(session, result, self._pipeline(session))

    def session_stopped(self, session: Session) -> None:
        self._write(stopped_event(len(session.turns), session.scorecard(), self.clock()))

    def _turn_events(
        self, session: Session, result: TurnResult, pipeline: Mapping[str, str]
    ) -> None:
        self._write(analysis_event(result, pipeline, self.clock()))
        ending = result.ending.id if result.ending is not None else None
        self._write(
            manager_event(result.turn, result.state.node, result.manager_line, ending, self.clock())
        )
        if result.ending is not None:
            card = _scorecard(session, session.turns[: result.turn])
            self._write(ending_event(result, card, self.clock()))


def _scorecard(session: Session, turns: Sequence[TurnResult]) -> Scorecard | None:
    if session.coach is None or not turns:
        return None
    if len(turns) == len(session.turns):
        return session.scorecard()
    return session.coach.scorecard(session.replies()[: len(turns)])


# ---------------------------------------------------------------------------
# One-call factories for the app and the command line


def start_recorded_session(
    scenario: Scenario,
    analyzer: Detector,
    coach: Coach | None = None,
    seed: int | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    clock: Callable[[], datetime] = utc_now,
    facts: PracticeFacts | None = None,
) -> Session:
    """``Session.start`` with a transcript: a new file under ``data_dir`` (default:
    ``--data-dir`` / ``COACH_DATA_DIR`` / the platform's user data directory) holding
    the header and the opening line before this returns. :func:`recording_path` says
    where it is. Raises :class:`TranscriptWriteError` (a ``CoachError``) when the file
    cannot be created."""
    from coach.paths import data_dir as resolve
    from coach.session import Session

    recorder = TranscriptRecorder.new(resolve(data_dir), pipeline_of(analyzer), clock=clock)
    return Session.start(scenario, analyzer, coach, seed, recorder=recorder, facts=facts)


def restart_recorded(
    session: Session,
    turn: int,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Session:
    """``session.restart_from(turn)``, recorded in a new transcript whose header names
    the transcript and turn it came from (``origin``) and which holds copies of the
    kept turns, so that it replays on its own."""
    from coach.paths import data_dir as resolve

    before = recording_path(session)
    origin = Origin(before.name, turn) if before is not None else None
    previous = session.recorder
    origin_pipeline = previous.pipeline if isinstance(previous, TranscriptRecorder) else None
    recorder = TranscriptRecorder.new(
        resolve(data_dir),
        pipeline_of(session.detector),
        origin=origin,
        origin_pipeline=origin_pipeline,
        clock=clock,
    )
    return session.restart_from(turn, recorder=recorder)


def recording_path(session: Session) -> Path | None:
    """The transcript a session is being recorded to, or ``None``."""
    recorder = session.recorder
    return recorder.path if isinstance(recorder, TranscriptRecorder) else None
