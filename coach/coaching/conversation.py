"""Reading a conversation for ``coach score``: the replies and their context.

Input formats are tried in turn (see :data:`READERS`); each says whether it
recognises the file and turns it into :class:`ReplyInput` records: a JSON list of
replies, or a practice session's transcript (JSON Lines, ``coach.transcript``), whose
replies keep the situation, topic and manager's line they were made in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from coach.errors import CoachError
from coach.vocabulary import SITUATIONS, TOPICS


@dataclass(frozen=True)
class ReplyInput:
    """One reply as read from a file, with the context it was made in."""

    text: str
    situation: str | None = None
    topic: str | None = None
    manager_said: str | None = None
    id: Any = None


class ConversationReader(Protocol):
    name: str

    def accepts(self, path: str, text: str) -> bool:
        """Whether this reader recognises the file (by name or content)."""
        ...

    def read(self, path: str, text: str) -> list[ReplyInput]:
        """The replies, oldest first; raise :class:`CoachError` on bad input."""
        ...


_REPLY_KEYS = ("id", "text", "situation", "topic", "manager_said")


class JsonReplyList:
    """``[{"text": ..., "situation"?: ..., "manager_said"?: ..., "topic"?: ...}, ...]``;
    a plain string stands for ``{"text": ...}``."""

    name = "JSON list of replies"

    def accepts(self, path: str, text: str) -> bool:
        return text.lstrip().startswith("[")

    def read(self, path: str, text: str) -> list[ReplyInput]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CoachError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
        if not isinstance(data, list) or not data:
            raise CoachError(f"{path}: expected a non-empty JSON list of replies")
        return [self._reply(path, i, item) for i, item in enumerate(data, start=1)]

    @staticmethod
    def _reply(path: str, number: int, item: Any) -> ReplyInput:
        where = f"{path}: reply {number}"
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict):
            raise CoachError(f"{where}: expected an object with 'text' (or a string)")
        unknown = [k for k in item if k not in _REPLY_KEYS]
        if unknown:
            raise CoachError(
                f"{where}: unknown key {unknown[0]!r}", hint=f"use {', '.join(_REPLY_KEYS)}"
            )
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            raise CoachError(f"{where}: 'text' must be a non-empty string")
        situation = _choice(item.get("situation"), SITUATIONS, f"{where}: 'situation'")
        topic = _choice(item.get("topic"), TOPICS, f"{where}: 'topic'")
        said = item.get("manager_said")
        if said is not None and not isinstance(said, str):
            raise CoachError(f"{where}: 'manager_said' must be a string or null")
        return ReplyInput(text, situation, topic, said or None, item.get("id"))


def _choice(value: Any, allowed: Sequence[str], what: str) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise CoachError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)


class TranscriptReplies:
    """A practice transcript (``<data dir>/transcripts/*.jsonl``): every recorded reply
    with the node's situation and topic and the manager's line it answered. Lines the
    transcript reader skips (a torn last line, a corrupt line) are reported as
    warnings on standard error."""

    name = "coach transcript (JSON Lines)"

    def accepts(self, path: str, text: str) -> bool:
        first = text.lstrip("\ufeff").split("\n", 1)[0]
        return first.lstrip().startswith("{") and '"coach-transcript"' in first

    def read(self, path: str, text: str) -> list[ReplyInput]:
        import sys
        from pathlib import Path

        from coach.transcript.reader import parse_transcript

        transcript = parse_transcript(text.encode("utf-8", "surrogatepass"), Path(path), path)
        for warning in transcript.warnings:
            print(warning.render(), file=sys.stderr)
        if not transcript.turns:
            raise CoachError(f"{path}: the transcript has no replies to score")
        return [
            ReplyInput(
                text=turn.text,
                situation=turn.situation if turn.situation in SITUATIONS else None,
                topic=turn.topic if turn.topic in TOPICS else None,
                manager_said=turn.manager_said,
                id=turn.turn,
            )
            for turn in transcript.turns
        ]


READERS: list[ConversationReader] = [JsonReplyList(), TranscriptReplies()]
"""Input formats for ``coach score``, tried in order."""


def read_conversation(argument: str) -> tuple[list[ReplyInput], str]:
    """Read a conversation from a file (or ``-`` for standard input): the replies and
    the name to use for the source in messages."""
    from coach.textinput import read_text_argument

    text, source = read_text_argument(argument)
    for reader in READERS:
        if reader.accepts(source, text):
            return reader.read(source, text), source
    known = "; ".join(r.name for r in READERS)
    raise CoachError(f"{source}: not a conversation coach can read", hint=f"expected: {known}")


def check_lengths(replies: Sequence[ReplyInput], source: str, max_chars: int) -> None:
    for number, reply in enumerate(replies, start=1):
        if len(reply.text) > max_chars:
            raise CoachError(
                f"{source}: reply {number} has {len(reply.text):,} characters; "
                f"the limit is {max_chars:,}",
                hint="raise the limit with --max-chars",
            )
