"""Flags: "this feedback is wrong", kept so that a wrong call becomes a test case.

A person practising (or checking a draft) can flag a finding that should not have
been given, or a behaviour that was detected wrongly or missed. Each flag keeps the
reply, the moment it was made in (situation, topic, the manager's line, the earlier
replies) and what the person expected, so it can be turned into an example of the
rule or behaviour concerned:

- a coaching rule that fired wrongly becomes a ``silent`` example (one that should
  have fired, a ``fires`` example), with its situation and context;
- a behaviour detected wrongly becomes an ``absent`` example, one missed a
  ``present`` example.

Flags are JSON lines in ``<data dir>/flags/flags.jsonl``: the directory is created
readable by the user alone (0700) and the file likewise (0600), since replies hold
career details. Each line is written in one ``write`` and fsynced. This module is
domain code: it never imports Textual or Rich.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from coach.errors import CoachError

FORMAT = 1
FLAGS_DIR = "flags"
FLAGS_FILE = "flags.jsonl"

KINDS = ("rule", "behaviour")
EXPECTED: dict[str, tuple[str, ...]] = {
    "rule": ("silent", "fires"),
    "behaviour": ("absent", "present"),
}
"""What a person may expect instead, per kind; the first is what flagging a shown
finding (or a detected behaviour) means."""

VERDICTS = {
    "silent": "should stay silent",
    "fires": "should fire",
    "absent": "is not there",
    "present": "was missed",
}


@dataclass(frozen=True)
class Flag:
    """One "this feedback is wrong", with everything needed to replay the call."""

    kind: str
    """``rule`` (a coaching rule) or ``behaviour`` (detection)."""
    target: str
    """The rule id or the behaviour id."""
    expected: str
    """``silent`` / ``fires`` for a rule, ``absent`` / ``present`` for a behaviour."""
    text: str
    """The reply (or draft) as it was judged."""
    situation: str | None = None
    topic: str | None = None
    manager_said: str | None = None
    earlier: tuple[str, ...] = ()
    """The earlier replies of the same conversation, oldest first."""
    comment: str = ""
    title: str = ""
    """The finding's (or behaviour's) title when it was flagged."""
    level: str | None = None
    message: str = ""
    """The finding's message as it was shown."""
    file: str | None = None
    """The content file holding the rule or behaviour (``rules/coaching/x.yaml``)."""
    source: str = "practice"
    """Where it was flagged: ``practice``, ``replay`` or ``check``."""
    scenario: str | None = None
    turn: int | None = None
    pipeline: Mapping[str, str] | None = None
    created: str = ""
    """UTC time, ISO 8601 (set when saved)."""
    id: str = ""
    """Short unique id (set when saved)."""
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)
    """Keys of a newer format, kept as read."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r} (expected rule or behaviour)")
        if self.expected not in EXPECTED[self.kind]:
            allowed = " or ".join(EXPECTED[self.kind])
            raise ValueError(f"a {self.kind} flag expects {allowed}, not {self.expected!r}")
        if not self.target:
            raise ValueError("a flag needs the id of a rule or behaviour")

    @property
    def verdict(self) -> str:
        """What the person said, in words: "should stay silent", "was missed"…"""
        return VERDICTS[self.expected]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        data["earlier"] = list(self.earlier)
        data["pipeline"] = dict(self.pipeline) if self.pipeline else None
        return {"format": FORMAT, **{k: v for k, v in data.items() if v not in (None, "")}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Flag:
        """A flag from one line; ``ValueError`` with a reason when it is not one."""
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        values = {k: v for k, v in data.items() if k in known}
        extra = {k: v for k, v in data.items() if k not in known and k != "format"}
        for key in ("kind", "target", "expected", "text"):
            if not isinstance(values.get(key), str):
                raise ValueError(f"'{key}' is missing or not a string")
        for key in ("situation", "topic", "manager_said", "level", "file", "scenario"):
            if values.get(key) is not None and not isinstance(values[key], str):
                raise ValueError(f"'{key}' must be a string")
        earlier = values.get("earlier", [])
        if not isinstance(earlier, list) or not all(isinstance(e, str) for e in earlier):
            raise ValueError("'earlier' must be a list of strings")
        values["earlier"] = tuple(earlier)
        turn = values.get("turn")
        if turn is not None and (not isinstance(turn, int) or isinstance(turn, bool)):
            raise ValueError("'turn' must be a whole number")
        pipeline = values.get("pipeline")
        if pipeline is not None and not isinstance(pipeline, dict):
            raise ValueError("'pipeline' must be an object")
        return cls(**values, extra=extra)


def flags_dir(data_dir: Path) -> Path:
    return data_dir / FLAGS_DIR


def flags_file(data_dir: Path) -> Path:
    return flags_dir(data_dir) / FLAGS_FILE


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


def new_id(when: _dt.datetime) -> str:
    return f"{when.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"


def save_flag(flag: Flag, data_dir: Path, when: _dt.datetime | None = None) -> Flag:
    """Append ``flag`` to the flags file (created 0600 in a 0700 directory) and fsync
    it; returns the flag with its ``id`` and ``created`` time set."""
    from coach.paths import ensure_private_dir

    moment = when or _now()
    saved = replace(
        flag,
        id=flag.id or new_id(moment),
        created=flag.created or moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    ensure_private_dir(data_dir)
    directory = ensure_private_dir(flags_dir(data_dir))
    path = directory / FLAGS_FILE
    line = (json.dumps(saved.to_json(), ensure_ascii=False) + "\n").encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise CoachError(
            f"cannot save the flag in {path}: {exc.strerror or exc}",
            hint="choose another data directory with COACH_DATA_DIR",
        ) from None
    return saved


@dataclass(frozen=True)
class FlagsRead:
    flags: tuple[Flag, ...]
    problems: tuple[str, ...]
    """One line per unreadable line (``path:line: reason``); those lines are skipped."""
    path: Path


def read_flags(data_dir: Path) -> FlagsRead:
    """Every readable flag, oldest first; a missing file means no flags."""
    path = flags_file(data_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return FlagsRead((), (), path)
    except OSError as exc:
        raise CoachError(f"cannot read {path}: {exc.strerror or exc}") from None
    flags: list[Flag] = []
    problems: list[str] = []
    for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not valid JSON ({exc.msg}); skipped")
            continue
        if not isinstance(data, dict):
            problems.append(f"{where}: not a JSON object; skipped")
            continue
        version = data.get("format", FORMAT)
        if isinstance(version, int) and version > FORMAT:
            problems.append(f"{where}: written by a newer coach (format {version}); read anyway")
        try:
            flags.append(Flag.from_json(data))
        except (TypeError, ValueError) as exc:
            problems.append(f"{where}: {exc}; skipped")
    return FlagsRead(tuple(flags), tuple(problems), path)


# ---------------------------------------------------------------------------
# Export: ready-to-paste YAML examples


def default_file(flag: Flag) -> str:
    """Where the rule or behaviour lives, when the flag did not record it."""
    if flag.file:
        return flag.file
    if flag.kind == "rule":
        return f"rules/coaching/{flag.target}.yaml"
    return f"rules/behaviours/*{flag.target}.yaml"


def example_entry(flag: Flag) -> str | dict[str, Any]:
    """The example as the content files write it: a behaviour example is the text
    alone; a rule example carries its context when it has one."""
    if flag.kind == "behaviour":
        return flag.text
    entry: dict[str, Any] = {"text": flag.text}
    if flag.situation:
        entry["situation"] = flag.situation
    if flag.topic:
        entry["topic"] = flag.topic
    if flag.manager_said:
        entry["manager_said"] = flag.manager_said
    if flag.earlier:
        entry["earlier"] = list(flag.earlier)
    return entry if len(entry) > 1 else flag.text


def _comment(text: str) -> str:
    return " ".join(text.split())


def _note(flag: Flag) -> str:
    parts = [flag.created[:10] or "undated"]
    if flag.source in ("practice", "replay") and flag.scenario:
        where = f"{flag.source} {flag.scenario}"
        if flag.turn is not None:
            where += f", reply {flag.turn}"
        parts.append(where)
    elif flag.source:
        parts.append(flag.source)
    if flag.id:
        parts.append(f"flag {flag.id}")
    note = ", ".join(parts)
    if flag.comment:
        note += f": “{_comment(flag.comment)}”"
    return note


def _dump_entry(entry: str | dict[str, Any]) -> str:
    """One list item as YAML: several lines as a literal block, never folded."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    dumped: str = yaml.dump(
        [entry],
        Dumper=Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=False,
    )
    return dumped


def export_yaml(flags: Sequence[Flag]) -> str:
    """YAML to paste into the content files: one document per rule or behaviour and
    kind of example, each headed by the file it belongs in. Every document is valid
    YAML of the same shape as the file's ``examples:`` mapping."""
    groups: dict[tuple[str, str, str], list[Flag]] = {}
    for flag in flags:
        groups.setdefault((default_file(flag), flag.target, flag.expected), []).append(flag)
    total = len(flags)
    out = [
        f"# coach flags export: {total} flag{'s' if total != 1 else ''} as examples.",
        "# Paste each list into the file named above it, under `examples:`, next to the",
        "# examples already there; then run `coach rules --test` (rules) or the test",
        "# suite (behaviours) to see the case fail until the rule or cue is fixed.",
    ]
    for (file, target, expected), members in sorted(groups.items()):
        first = members[0]
        what = f"{first.kind} {target}" + (f": {_comment(first.title)}" if first.title else "")
        out += [
            "---",
            f"# {file} ({what})",
            f"# {len(members)} flagged: it {VERDICTS[expected]} here",
            "examples:",
            f"  {expected}:",
        ]
        seen: set[str] = set()
        for flag in members:
            body = _dump_entry(example_entry(flag))
            if body in seen:
                out.append(f"    # also flagged {_note(flag)}")
                continue
            seen.add(body)
            out.append(f"    # {_note(flag)}")
            out += [f"    {line}" if line else "" for line in body.rstrip("\n").splitlines()]
    return "\n".join(out) + "\n"


def summary_line(flag: Flag, width: int = 48) -> str:
    """One line for listings: when, what, verdict, the start of the reply."""
    text = _comment(flag.text)
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    when = flag.created.replace("T", " ")[:16] if flag.created else "undated"
    line = f"{when}  {flag.kind:<9} {flag.target:<22} {flag.verdict:<19} “{text}”"
    if flag.comment:
        line += f"  ({_comment(flag.comment)})"
    return line


def describe_targets(flags: Iterable[Flag]) -> dict[str, int]:
    """How many flags each rule or behaviour has, most flagged first."""
    counts: dict[str, int] = {}
    for flag in flags:
        key = f"{flag.kind} {flag.target}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
