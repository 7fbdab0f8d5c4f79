"""The transcript format: names, versions, file naming and the scenario hash.

A transcript is JSON Lines: one event per line, each an object whose ``"event"`` key
says what it is. The first line is always the ``header``. ``docs/transcripts.md``
describes every event and field; this module holds the constants both the writer and
the reader use, so they cannot drift apart. Nothing here imports spaCy, Rich or
Textual: listing and reading transcripts must stay fast for the app's home screen.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.dialogue.model import Scenario

FORMAT = "coach-transcript"
"""The ``format`` of every header: what says "this is a coach transcript"."""

VERSION = 1
"""The format version this coach writes and the newest it reads."""

SUFFIX = ".jsonl"
TRANSCRIPTS = "transcripts"
"""The directory under the data directory that holds the transcripts."""
FLAGS = "flags"
"""The directory under the data directory that holds flagged findings (the app's)."""

HEADER = "header"
MANAGER = "manager"
REPLY = "reply"
ANALYSIS = "analysis"
ENDING = "ending"
STOPPED = "stopped"
RESUMED = "resumed"
EVENTS = (HEADER, MANAGER, REPLY, ANALYSIS, ENDING, STOPPED, RESUMED)

_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6}Z)-(?P<rest>.+)$")


def utc_now() -> datetime:
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, to the second: ``2026-11-23T18:45:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def file_stem(started: datetime, scenario_id: str, attempt: int = 1) -> str:
    """``<UTC time>-<scenario>``, e.g. ``20261123T184500Z-remote-trial``; a second file
    started in the same second gets ``-2`` and so on."""
    stem = f"{started.astimezone(UTC).strftime(_STAMP)}-{scenario_id}"
    return stem if attempt == 1 else f"{stem}-{attempt}"


def stamp_of(name: str) -> str:
    """The UTC time a transcript's file name starts with, or ``""``."""
    match = _NAME.match(name)
    return match.group("stamp") if match else ""


def transcripts_dir(data_dir: Path) -> Path:
    return data_dir / TRANSCRIPTS


def flags_dir(data_dir: Path) -> Path:
    return data_dir / FLAGS


def scenario_hash(scenario: Scenario) -> str | None:
    """SHA-256 of the scenario's content: its parsed data as canonical JSON, so that
    comments, layout and the file's location do not count as a change, and any change
    to what is said or how the conversation branches does. ``None`` for a scenario
    built in code (no file)."""
    if scenario.document is None:
        return None
    return content_hash(scenario.document.data)


def content_hash(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
