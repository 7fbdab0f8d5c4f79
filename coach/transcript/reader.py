"""Reading transcripts back, tolerant of what a crash leaves and strict about the rest.

:func:`read_transcript` gives a :class:`Transcript`: the header, the opening line,
the turns (each reply with the analysis and the manager's answer, as recorded), the
ending and the scorecard. What it cannot use is reported, never a traceback:

- **errors** (:class:`TranscriptError`, exit 2) when the file cannot be used at all:
  a directory, an empty or binary file, a file that is not a transcript, an unknown
  or newer format version, a header that is corrupt or incomplete;
- **warnings** (:attr:`Transcript.warnings`, each ``FILE:LINE: message``) for what
  can be skipped: a torn last line (the session was killed while writing it), a
  corrupt line, an unknown event, a reply whose lines are missing.

Everything is kept as the plain JSON that was recorded (the one shape of a checked
reply from :mod:`coach.report`); the ``detection``, ``feedback`` and ``scorecard``
properties turn it back into the domain objects the app's widgets show. This module
imports neither spaCy nor a UI library until those properties are used.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    VERSION,
    parse_timestamp,
)
from coach.transcript.writer import Origin

if TYPE_CHECKING:
    from coach.coaching import Feedback, Finding, Scorecard
    from coach.dialogue.engine import ScenarioState
    from coach.nlp.detection import Detection

MAX_BYTES = 50 * 1024 * 1024
"""Larger files are refused: no practice session comes near this."""

LEVELS = ("praise", "tip", "warning", "blocker")


class TranscriptError(CoachError):
    """A file that cannot be used as a transcript: ``FILE:LINE: message``."""

    def __init__(self, path: str, line: int | None, message: str, hint: str | None = None) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}", hint=hint)
        self.path = path
        self.line = line


@dataclass(frozen=True)
class TranscriptWarning:
    """Something in a transcript that was skipped or does not match; the rest is used."""

    path: str
    line: int | None
    message: str

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def render(self) -> str:
        return f"coach: warning: {self}"


# ---------------------------------------------------------------------------
# What a transcript holds


@dataclass(frozen=True)
class Header:
    version: int
    started: str
    app_version: str
    scenario_id: str
    scenario_title: str
    scenario_sha256: str | None
    manager_name: str | None
    manager_role: str | None
    seed: int
    pipeline: Mapping[str, str]
    disabled: tuple[str, ...] = ()
    origin: Origin | None = None
    facts: Mapping[str, Any] | None = None  # what the user prepared, when they had

    @property
    def started_at(self) -> datetime | None:
        return parse_timestamp(self.started)


@dataclass(frozen=True)
class RecordedTurn:
    """One reply and what came of it, as recorded."""

    turn: int
    text: str
    node: str | None
    situation: str | None
    topic: str | None
    line: int
    """Where the reply (or, when its own line was lost, its analysis) is in the file."""
    manager_said: str | None = None
    """The manager's line this reply answered."""
    manager_line: str | None = None
    """What the manager said next (``None`` when the session stopped before)."""
    reply: Mapping[str, Any] | None = None
    """The checked reply as recorded (``coach.report``'s shape); ``None`` when the reply
    was never analysed (the session stopped or crashed during the analysis)."""
    fired: tuple[str, ...] = ()
    state: Mapping[str, Any] | None = None
    """The dialogue state after this reply (``ScenarioState.to_json()``)."""
    sent: str | None = None

    @property
    def analysed(self) -> bool:
        return self.reply is not None

    @property
    def findings_json(self) -> list[Mapping[str, Any]]:
        return list(self.reply.get("findings", [])) if self.reply is not None else []

    @property
    def finding_ids(self) -> tuple[str, ...]:
        return tuple(str(f["rule"]) for f in self.findings_json)

    @property
    def suggestion(self) -> str | None:
        value = self.reply.get("suggestion") if self.reply is not None else None
        return value if isinstance(value, str) else None

    @property
    def behaviours(self) -> list[str]:
        if self.reply is None:
            return []
        return [b for b, r in self.reply["behaviors"].items() if r.get("present")]

    @property
    def variables(self) -> dict[str, int]:
        return dict(self.state.get("variables", {})) if self.state is not None else {}

    @property
    def detection(self) -> Detection | None:
        return detection_from_json(self.reply) if self.reply is not None else None

    @property
    def feedback(self) -> Feedback | None:
        if self.reply is None or "findings" not in self.reply:
            return None
        return feedback_from_json(self.reply)

    @property
    def scenario_state(self) -> ScenarioState | None:
        if self.state is None:
            return None
        from coach.dialogue.engine import ScenarioState

        return ScenarioState.from_json(self.state)


@dataclass(frozen=True)
class RecordedEnding:
    turn: int
    ending: str
    outcome: str
    outcome_label: str
    title: str
    debrief: str
    scorecard_json: Mapping[str, Any] | None
    line: int

    @property
    def scorecard(self) -> Scorecard | None:
        return None if self.scorecard_json is None else scorecard_from_json(self.scorecard_json)


@dataclass(frozen=True)
class Stop:
    """The user left before an ending (``/quit``); the scorecard so far."""

    turn: int
    scorecard_json: Mapping[str, Any] | None
    line: int
    time: str | None = None


@dataclass(frozen=True)
class Resumption:
    """The session was continued (``coach resume``) from reply ``turn``."""

    turn: int
    pipeline: Mapping[str, str]
    app_version: str
    line: int
    time: str | None = None


@dataclass(frozen=True)
class Transcript:
    path: Path
    header: Header
    opening: str | None
    turns: tuple[RecordedTurn, ...]
    ending: RecordedEnding | None = None
    stops: tuple[Stop, ...] = ()
    resumptions: tuple[Resumption, ...] = ()
    warnings: tuple[TranscriptWarning, ...] = field(default=())
    opening_state: Mapping[str, Any] | None = None
    """The dialogue state before the first reply (``ScenarioState.to_json()``)."""

    @property
    def start_state(self) -> ScenarioState | None:
        if self.opening_state is None:
            return None
        from coach.dialogue.engine import ScenarioState

        return ScenarioState.from_json(self.opening_state)

    @property
    def id(self) -> str:
        """The session id: the file name without ``.jsonl``."""
        return self.path.stem

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def scenario_id(self) -> str:
        return self.header.scenario_id

    @property
    def manager_name(self) -> str:
        return self.header.manager_name or "Manager"

    @property
    def finished(self) -> bool:
        return self.ending is not None

    @property
    def analysed_turns(self) -> tuple[RecordedTurn, ...]:
        return tuple(t for t in self.turns if t.analysed)

    @property
    def pending(self) -> RecordedTurn | None:
        """The last reply when it was sent but never analysed."""
        if self.turns and not self.turns[-1].analysed and self.ending is None:
            return self.turns[-1]
        return None

    @property
    def scorecard_json(self) -> Mapping[str, Any] | None:
        """The ending's scorecard; for a stopped session, the scorecard so far when it
        was taken after the last reply."""
        if self.ending is not None:
            return self.ending.scorecard_json
        if self.stops and self.stops[-1].turn == len(self.turns):
            return self.stops[-1].scorecard_json
        return None

    @property
    def scorecard(self) -> Scorecard | None:
        data = self.scorecard_json
        return None if data is None else scorecard_from_json(data)

    @property
    def score(self) -> int | None:
        data = self.scorecard_json
        return int(data["total"]) if data is not None else None


# ---------------------------------------------------------------------------
# Reading


class _Bad(Exception):
    """An event whose fields are missing or of the wrong type."""


def read_transcript(path: str | Path, display: str | None = None) -> Transcript:
    """Read a transcript; raises :class:`TranscriptError` when the file cannot be used.
    ``display`` is the name used in messages (default: the path as given)."""
    file = Path(path)
    shown = display or str(path)
    if file.is_dir():
        raise TranscriptError(shown, None, "is a directory, not a transcript")
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise TranscriptError(shown, None, f"{size:,} bytes is too large for a transcript")
        data = file.read_bytes()
    except FileNotFoundError:
        raise CoachError(
            f"file not found: {shown}", hint="'coach history' lists the recorded sessions"
        ) from None
    except OSError as exc:
        raise TranscriptError(shown, None, f"cannot be read: {exc.strerror or exc}") from None
    return parse_transcript(data, file, shown)


def parse_transcript(data: bytes, path: Path, shown: str | None = None) -> Transcript:
    """Parse the bytes of a transcript (see :func:`read_transcript`)."""
    name = shown or str(path)
    if not data.strip():
        raise TranscriptError(name, None, "the file is empty, not a transcript")
    if b"\x00" in data:
        raise TranscriptError(name, None, "binary file, not a transcript")
    lines = data.split(b"\n")
    torn_possible = not data.endswith(b"\n")
    if not torn_possible:
        lines.pop()  # the empty piece after the final newline
    header = _read_header(lines[0], name, torn=torn_possible and len(lines) == 1)
    builder = _Builder(path, name, header)
    last = len(lines)
    for number, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            if torn_possible and number == last:
                builder.warn(number, _TORN)
            else:
                builder.warn(number, "corrupt line skipped (not UTF-8 text)")
            continue
        try:
            event = json.loads(text)
        except json.JSONDecodeError as exc:
            if torn_possible and number == last:
                builder.warn(number, _TORN)
            else:
                builder.warn(
                    number, f"corrupt line skipped (invalid JSON: {exc.msg}: column {exc.colno})"
                )
            continue
        builder.add(number, event)
    return builder.build()


_TORN = "the last line is incomplete (the session was interrupted while writing it); skipped"


def _read_header(raw: bytes, name: str, torn: bool) -> Header:
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        if FORMAT in text:
            what = "incomplete" if torn else "corrupt"
            raise TranscriptError(
                name, 1, f"the transcript header is {what}; the file cannot be used"
            ) from None
        raise TranscriptError(
            name, 1, "not a coach transcript (the first line is not JSON)"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TranscriptError(
            name, 1, f'not a coach transcript (the first line has no "format": "{FORMAT}")'
        )
    if data.get("event") != HEADER:
        raise TranscriptError(name, 1, "not a coach transcript (the first line is not a header)")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise TranscriptError(name, 1, f"unknown transcript format version {version!r}")
    if version > VERSION:
        raise TranscriptError(
            name,
            1,
            f"transcript format version {version} is newer than this coach reads (up to {VERSION})",
            hint="upgrade coach to read it",
        )
    try:
        return _header(data)
    except _Bad as exc:
        raise TranscriptError(name, 1, f"the transcript header is invalid: {exc}") from None


def _need(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in data:
        raise _Bad(f"'{key}' is missing")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _Bad(f"'{key}' has the wrong type")
    return value


def _maybe(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _Bad(f"'{key}' has the wrong type")
    return value


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(f"'{what}' must be a list of strings")
    return tuple(value)


def _pipeline(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _Bad("'pipeline' must be an object")
    return {str(k): str(v) for k, v in value.items()}


def _header(data: Mapping[str, Any]) -> Header:
    scenario = _need(data, "scenario", dict)
    manager = _maybe(scenario, "manager", dict) or {}
    app = _maybe(data, "app", dict) or {}
    origin_data = _maybe(data, "origin", dict)
    origin = None
    if origin_data is not None:
        origin = Origin(_need(origin_data, "transcript", str), _need(origin_data, "turn", int))
    return Header(
        version=int(data["version"]),
        started=_need(data, "started", str),
        app_version=str(app.get("version", "")),
        scenario_id=_need(scenario, "id", str),
        scenario_title=_maybe(scenario, "title", str) or _need(scenario, "id", str),
        scenario_sha256=_maybe(scenario, "sha256", str),
        manager_name=_maybe(manager, "name", str),
        manager_role=_maybe(manager, "role", str),
        seed=_need(data, "seed", int),
        pipeline=_pipeline(data.get("pipeline", {})),
        disabled=_strings(data.get("disabled", []), "disabled"),
        origin=origin,
        facts=data["facts"] if isinstance(data.get("facts"), dict) else None,
    )


def _check_evidence(items: Any) -> None:
    if not isinstance(items, list):
        raise _Bad("'evidence' must be a list")
    for item in items:
        if not isinstance(item, dict):
            raise _Bad("evidence must be objects")
        _need(item, "start", int)
        _need(item, "end", int)
        _need(item, "text", str)


def _check_reply(reply: Any) -> Mapping[str, Any]:
    if not isinstance(reply, dict):
        raise _Bad("'reply' must be an object")
    _need(reply, "text", str)
    behaviours = _need(reply, "behaviors", dict)
    for result in behaviours.values():
        if not isinstance(result, dict):
            raise _Bad("'behaviors' entries must be objects")
        _need(result, "present", bool)
        _check_evidence(result.get("evidence", []))
    findings = _maybe(reply, "findings", list) or []
    for finding in findings:
        if not isinstance(finding, dict):
            raise _Bad("findings must be objects")
        for key in ("rule", "title", "message"):
            _need(finding, key, str)
        if finding.get("level") not in LEVELS:
            raise _Bad(f"unknown finding level {finding.get('level')!r}")
        _maybe(finding, "why", str)
        _maybe(finding, "suggestion", str)
        _check_evidence(finding.get("evidence", []))
    _maybe(reply, "suggestion", str)
    return reply


def _check_counts(value: Any, what: str) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value.values()
    ):
        raise _Bad(f"'{what}' must map names to whole numbers")


def _check_state(state: Any) -> Mapping[str, Any]:
    if not isinstance(state, dict):
        raise _Bad("'state' must be an object")
    _need(state, "scenario", str)
    _need(state, "seed", int)
    _need(state, "node", str)
    _need(state, "turn", int)
    _check_counts(state.get("variables", {}), "variables")
    _check_counts(state.get("visits", {}), "visits")
    _strings(state.get("shown", []), "shown")
    _strings(state.get("path", []), "path")
    _maybe(state, "ending", str)
    via = state.get("via")
    if via is not None and not (
        isinstance(via, list)
        and len(via) == 2
        and isinstance(via[0], str)
        and isinstance(via[1], int)
    ):
        raise _Bad("'via' must be [node, index]")
    return state


def check_scorecard(card: Any) -> Mapping[str, Any]:
    """The shape of ``coach.report.scorecard_json`` (raises ``ValueError``)."""
    try:
        return _check_scorecard(card)
    except _Bad as exc:
        raise ValueError(str(exc)) from None


def _check_scorecard(card: Any) -> Mapping[str, Any]:
    if not isinstance(card, dict):
        raise _Bad("'scorecard' must be an object")
    _need(card, "total", int)
    _need(card, "uncapped", (int, float))
    _maybe(card, "cap", int)
    _need(card, "turns", int)
    for group in _need(card, "groups", list):
        if not isinstance(group, dict):
            raise _Bad("scorecard groups must be objects")
        _need(group, "id", str)
        _need(group, "title", str)
        _need(group, "weight", (int, float))
        for check in _need(group, "checks", list):
            if not isinstance(check, dict):
                raise _Bad("scorecard checks must be objects")
            _need(check, "id", str)
            _need(check, "title", str)
            _need(check, "weight", (int, float))
            if check.get("met") not in (True, False, None):
                raise _Bad("a check's 'met' must be true, false or null")
            _need(check, "turns", list)
            _need(check, "advice", str)
    for key in ("blockers", "improvements"):
        for item in _maybe(card, key, list) or []:
            if not isinstance(item, dict):
                raise _Bad(f"scorecard {key} must be objects")
            _need(item, "id", str)
            _need(item, "title", str)
            _need(item, "advice", str)
    return card


@dataclass
class _TurnDraft:
    turn: int
    text: str
    line: int
    node: str | None = None
    situation: str | None = None
    topic: str | None = None
    sent: str | None = None
    reply: Mapping[str, Any] | None = None
    fired: tuple[str, ...] = ()
    state: Mapping[str, Any] | None = None


class _Builder:
    def __init__(self, path: Path, name: str, header: Header) -> None:
        self.path = path
        self.name = name
        self.header = header
        self.warnings: list[TranscriptWarning] = []
        self.turns: dict[int, _TurnDraft] = {}
        self.manager: dict[int, str] = {}
        self.opening_state: Mapping[str, Any] | None = None
        self.ending: RecordedEnding | None = None
        self.stops: list[Stop] = []
        self.resumptions: list[Resumption] = []

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(TranscriptWarning(self.name, line, message))

    def add(self, number: int, event: Any) -> None:
        if not isinstance(event, dict) or not isinstance(event.get("event"), str):
            self.warn(number, "corrupt line skipped (not a transcript event)")
            return
        kind = event["event"]
        handler = {
            MANAGER: self._manager,
            REPLY: self._reply,
            ANALYSIS: self._analysis,
            ENDING: self._ending,
            STOPPED: self._stopped,
            RESUMED: self._resumed,
        }.get(kind)
        if handler is None:
            what = "a second header" if kind == HEADER else f"unknown event {kind!r}"
            self.warn(number, f"{what} skipped")
            return
        if self.ending is not None:
            self.warn(number, f"'{kind}' event after the ending skipped")
            return
        try:
            turn = _need(event, "turn", int)
            if turn < 0:
                raise _Bad("'turn' must not be negative")
            handler(number, turn, event)
        except _Bad as exc:
            self.warn(number, f"corrupt '{kind}' event skipped ({exc})")

    def _manager(self, number: int, turn: int, event: Mapping[str, Any]) -> None:
        text = _need(event, "text", str)
        state = event.get("state")
        if turn == 0 and state is not None:
            self.opening_state = _check_state(state)
        self.manager[turn] = text

    def _reply(self, number: int, turn: int, event: Mapping[str, Any]) -> None:
        if turn < 1:
            raise _Bad("replies are numbered from 1")
        text = _need(event, "text", str)
        old = self.turns.get(turn)
        if old is not None and old.reply is not None:
            self.warn(number, f"reply {turn} was recorded again; the later one is kept")
        self.turns[turn] = _TurnDraft(
            turn,
            text,
            number,
            node=_maybe(event, "node", str),
            situation=_maybe(event, "situation", str),
            topic=_maybe(event, "topic", str),
            sent=_maybe(event, "time", str),
        )

    def _analysis(self, number: int, turn: int, event: Mapping[str, Any]) -> None:
        if turn < 1:
            raise _Bad("replies are numbered from 1")
        reply = _check_reply(_need(event, "reply", dict))
        state = _check_state(_need(event, "state", dict))
        fired = _strings(event.get("fired", []), "fired")
        draft = self.turns.get(turn)
        if draft is None or draft.text != reply["text"]:
            # The reply's own line was lost; the analysis carries its text.
            draft = _TurnDraft(turn, reply["text"], number)
            self.turns[turn] = draft
        draft.node = _maybe(event, "node", str) or draft.node
        draft.situation = _maybe(event, "situation", str) or draft.situation
        draft.topic = _maybe(event, "topic", str) if "topic" in event else draft.topic
        draft.reply = reply
        draft.fired = fired
        draft.state = state

    def _ending(self, number: int, turn: int, event: Mapping[str, Any]) -> None:
        card = _maybe(event, "scorecard", dict)
        self.ending = RecordedEnding(
            turn=turn,
            ending=_need(event, "ending", str),
            outcome=_need(event, "outcome", str),
            outcome_label=_maybe(event, "outcome_label", str) or _need(event, "outcome", str),
            title=_need(event, "title", str),
            debrief=_need(event, "debrief", str),
            scorecard_json=None if card is None else _check_scorecard(card),
            line=number,
        )

    def _stopped(self, number: int, turn: int, event: Mapping[str, Any]) -> None:
        card = _maybe(event, "scorecard", dict)
        self.stops.append(
            Stop(
                turn,
                None if card is None else _check_scorecard(card),
                number,
                _maybe(event, "time", str),
            )
        )

    def _resumed(self, number: int, turn: int, event: Mapping[str, Any]) -> None:
        app = _maybe(event, "app", dict) or {}
        self.resumptions.append(
            Resumption(
                turn,
                _pipeline(event.get("pipeline", {})),
                str(app.get("version", "")),
                number,
                _maybe(event, "time", str),
            )
        )

    def build(self) -> Transcript:
        turns: list[RecordedTurn] = []
        expected = 1
        for number in sorted(self.turns):
            draft = self.turns[number]
            if number != expected:
                missing = (
                    f"reply {expected}"
                    if number == expected + 1
                    else f"replies {expected} to {number - 1}"
                )
                self.warn(draft.line, f"{missing} missing before this line (lost lines)")
            expected = number + 1
            turns.append(
                RecordedTurn(
                    turn=number,
                    text=draft.text,
                    node=draft.node,
                    situation=draft.situation,
                    topic=draft.topic,
                    line=draft.line,
                    manager_said=self.manager.get(number - 1),
                    manager_line=self.manager.get(number),
                    reply=draft.reply,
                    fired=draft.fired,
                    state=draft.state,
                    sent=draft.sent,
                )
            )
        self.warnings.sort(key=lambda w: w.line or 0)
        return Transcript(
            path=self.path,
            header=self.header,
            opening=self.manager.get(0),
            turns=tuple(turns),
            opening_state=self.opening_state,
            ending=self.ending,
            stops=tuple(self.stops),
            resumptions=tuple(self.resumptions),
            warnings=tuple(self.warnings),
        )


# ---------------------------------------------------------------------------
# Back to domain objects (imported lazily: they bring spaCy in)


def detection_from_json(reply: Mapping[str, Any]) -> Detection:
    """The :class:`~coach.nlp.detection.Detection` a checked reply was written from."""
    from coach.nlp.detection import BehaviourResult, Detection, Evidence

    return Detection(
        str(reply["text"]),
        {
            str(bid): BehaviourResult(
                bool(result["present"]),
                tuple(
                    Evidence(int(e["start"]), int(e["end"]), str(e["text"]))
                    for e in result.get("evidence", [])
                ),
            )
            for bid, result in reply["behaviors"].items()
        },
    )


def finding_from_json(data: Mapping[str, Any]) -> Finding:
    from coach.coaching import Finding
    from coach.nlp.detection import Evidence

    suggestion = data.get("suggestion")
    return Finding(
        rule_id=str(data["rule"]),
        title=str(data["title"]),
        level=str(data["level"]),
        message=str(data["message"]),
        why=str(data.get("why") or ""),
        suggestion=suggestion if isinstance(suggestion, str) else None,
        evidence=tuple(
            Evidence(int(e["start"]), int(e["end"]), str(e["text"]))
            for e in data.get("evidence", [])
        ),
    )


def feedback_from_json(reply: Mapping[str, Any]) -> Feedback:
    from coach.coaching import Feedback

    suggestion = reply.get("suggestion")
    return Feedback(
        tuple(finding_from_json(f) for f in reply.get("findings", [])),
        suggestion if isinstance(suggestion, str) else None,
    )


def scorecard_from_json(data: Mapping[str, Any]) -> Scorecard:
    """A :class:`~coach.coaching.Scorecard` from ``coach.report.scorecard_json``. Only
    the blockers that fired are recorded, so only those come back."""
    from coach.coaching import BlockerResult, CheckResult, GroupResult, Improvement, Scorecard

    groups = tuple(
        GroupResult(
            str(g["id"]),
            str(g["title"]),
            float(g["weight"]),
            tuple(
                CheckResult(
                    str(c["id"]),
                    str(c["title"]),
                    float(c["weight"]),
                    c["met"],
                    tuple(int(t) for t in c.get("turns", [])),
                    str(c["advice"]),
                )
                for c in g["checks"]
            ),
        )
        for g in data["groups"]
    )
    blockers = tuple(
        BlockerResult(
            str(b["id"]),
            str(b["title"]),
            int(b.get("cap", 0)),
            tuple(int(t) for t in b.get("turns", [])),
            str(b["advice"]),
        )
        for b in data.get("blockers", [])
    )
    improvements = tuple(
        Improvement(
            str(i.get("kind", "check")),
            str(i["id"]),
            str(i["title"]),
            str(i["advice"]),
            float(i.get("gain", 0.0)),
        )
        for i in data.get("improvements", [])
    )
    cap = data.get("cap")
    return Scorecard(
        groups=groups,
        blockers=blockers,
        uncapped=float(data["uncapped"]),
        cap=int(cap) if cap is not None else None,
        total=int(data["total"]),
        improvements=improvements,
        turns=int(data["turns"]),
    )


def render_warnings(warnings: Sequence[TranscriptWarning]) -> list[str]:
    return [w.render() for w in warnings]
