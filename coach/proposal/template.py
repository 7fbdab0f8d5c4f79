"""Proposal templates: Markdown with ``{name}`` placeholders from a closed list.

A template is data (``rules/proposal/*.md``; a user's own in
``<data dir>/templates/proposal.md`` or ``--template FILE`` takes precedence). Each
``{name}`` is replaced by a fact as the user wrote it; nothing is evaluated, an
unknown name or a stray brace is an ``E310`` error at its ``file:line:col``, and
``{{`` / ``}}`` stand for literal braces. How a value is written depends on where
the placeholder stands:

- alone on its line: a list fact (``gains``, ``concerns``) becomes a bulleted list,
  any other fact a sentence (capital letter, full stop);
- inside a sentence: the words as written (a trailing full stop dropped), a list
  joined with "; ".

An empty fact is written as its stand-in (``[how results will be measured]``, from
``rules/proposal/fields.yaml``) so the gap shows in the draft; a line holding an
empty optional fact (``name``, ``manager``) is left out.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coach.errors import ContentError, SourceLocation
from coach.proposal.facts import ProposalFacts
from coach.proposal.guide import FieldGuide

PLACEHOLDERS: dict[str, str] = {
    "name": "your name (optional: a line holding it is left out when it is empty)",
    "manager": "who the proposal is for (optional, like name)",
    "role": "your role and team",
    "schedule": "the days or hours you ask for",
    "gains": "what the team or employer gains (a list: bullets when alone on a line)",
    "reachability": "how you stay reachable",
    "measures": "how results are measured",
    "trial_length": "how long the trial runs",
    "review": "when you review it together",
    "concerns": "the concerns you expect, each with your answer (a list)",
    "date": "today's date (3 March 2025)",
}
"""Every placeholder a template may use (documented in docs/prepare.md)."""

TEMPLATE_NAME = "proposal.md"
USER_TEMPLATES_DIR = "templates"
MISSING_ANSWER = "[your answer]"
PROSE_FACTS = frozenset({"schedule", "reachability", "measures", "trial_length", "review"})
"""Facts written as a sentence when their placeholder stands alone on a line (the
others, such as ``name`` in a signature, are written as they are)."""

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")
_BULLET_SAFE = re.compile(r"[.!?…:;\"'”’)\]]$")  # noqa: RUF001 (closing quotes)


@dataclass(frozen=True)
class Slot:
    name: str


Part = str | Slot


@dataclass(frozen=True)
class ProposalTemplate:
    text: str
    path: str
    lines: tuple[tuple[Part, ...], ...]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(p.name for line in self.lines for p in line if isinstance(p, Slot))


def parse_template(text: str, path: str) -> ProposalTemplate:
    """Split a template into text and placeholders; ``E310`` on a bad placeholder."""
    lines: list[tuple[Part, ...]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts: list[Part] = []
        pos = 0
        for match in _TOKEN.finditer(line):
            if match.start() > pos:
                parts.append(line[pos : match.start()])
            token = match.group(0)
            where = SourceLocation(path, number, match.start() + 1)
            if token in ("{{", "}}"):
                parts.append(token[0])
            elif token in ("{", "}"):
                raise ContentError(
                    where,
                    "E310",
                    "unbalanced brace: write placeholders as {name}, literal braces as {{ }}",
                )
            else:
                name = (match.group(1) or "").strip()
                if name not in PLACEHOLDERS:
                    known = ", ".join(PLACEHOLDERS)
                    raise ContentError(
                        where, "E310", f"unknown placeholder {{{name}}} (known: {known})"
                    )
                parts.append(Slot(name))
            pos = match.end()
        if pos < len(line):
            parts.append(line[pos:])
        lines.append(tuple(_merge(parts)))
    return ProposalTemplate(text, path, tuple(lines))


def _merge(parts: Sequence[Part]) -> list[Part]:
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged


def read_template(file: Path, display: str | None = None) -> ProposalTemplate:
    shown = display or str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(SourceLocation(shown, 1, 1), "E003", "file not found") from None
    except UnicodeDecodeError:
        raise ContentError(SourceLocation(shown, 1, 1), "E003", "not valid UTF-8") from None
    except OSError as exc:
        raise ContentError(SourceLocation(shown, 1, 1), "E003", exc.strerror or str(exc)) from None
    return parse_template(text, shown)


def shipped_templates_dir() -> Path:
    from coach.paths import rules_dir

    return rules_dir() / "proposal"


def shipped_template_names() -> tuple[str, ...]:
    """The templates that ship with coach (``proposal``, ``email``…)."""
    return tuple(sorted(p.stem for p in shipped_templates_dir().glob("*.md")))


def user_template_path(data_dir: Path) -> Path:
    """``<data dir>/templates/proposal.md``: used instead of the shipped one if present."""
    return data_dir / USER_TEMPLATES_DIR / TEMPLATE_NAME


def choose_template(data_dir: Path | None = None, override: str | None = None) -> ProposalTemplate:
    """The template to use: ``override`` (a file, or the name of a shipped template),
    else the user's ``<data dir>/templates/proposal.md``, else the shipped one."""
    from coach.errors import CoachError
    from coach.paths import display_path

    if override:
        given = Path(override)
        if given.is_file():
            return read_template(given)
        if given.suffix == "" and override in shipped_template_names():
            file = shipped_templates_dir() / f"{override}.md"
            return read_template(file, display_path(file))
        if given.is_dir():
            raise CoachError(f"{override} is a directory, not a template")
        names = ", ".join(shipped_template_names())
        raise CoachError(f"template not found: {override}", hint=f"a file, or one of: {names}")
    if data_dir is not None:
        mine = user_template_path(data_dir)
        if mine.is_file():
            return read_template(mine)
    file = shipped_templates_dir() / TEMPLATE_NAME
    return read_template(file, display_path(file))


# ---------------------------------------------------------------------------
# Filling


def format_date(day: _dt.date) -> str:
    months = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    return f"{day.day} {months[day.month - 1]} {day.year}"


def as_sentence(text: str) -> str:
    """Capital letter first, end punctuation last."""
    text = " ".join(text.split())
    if not text:
        return text
    if text[0].islower():
        text = text[0].upper() + text[1:]
    if not _BULLET_SAFE.search(text):
        text += "."
    return text


def as_phrase(text: str) -> str:
    """Words inside a sentence: no trailing full stop, comma or semicolon."""
    return " ".join(text.split()).rstrip(" .,;:")


def stand_ins(guide: FieldGuide) -> frozenset[str]:
    """Every text that stands for an empty fact in a draft."""
    found = {f.stand_in for f in guide.ordered() if f.stand_in}
    return frozenset({*found, MISSING_ANSWER})


def _inline(facts: ProposalFacts, name: str, guide: FieldGuide, today: _dt.date) -> str | None:
    if name == "date":
        return format_date(today)
    if facts.is_empty(name):
        return guide.stand_in(name)
    if name == "gains":
        return "; ".join(as_phrase(g) for g in facts.gains)
    if name == "concerns":
        return "; ".join(
            f"{as_phrase(c.concern)}: {as_phrase(c.answer) or MISSING_ANSWER}"
            for c in facts.concerns
        )
    return as_phrase(str(facts.value(name)))


def _block(facts: ProposalFacts, name: str, guide: FieldGuide, today: _dt.date) -> list[str]:
    """The lines a placeholder alone on its line becomes (without indentation)."""
    if name == "date" or facts.is_empty(name):
        value = _inline(facts, name, guide, today)
        return [] if value is None else [value]
    if name == "gains":
        return [f"- {as_sentence(g)}" for g in facts.gains]
    if name == "concerns":
        return [
            f"- **{as_phrase(c.concern)}**: {as_sentence(c.answer) if c.answer else MISSING_ANSWER}"
            for c in facts.concerns
        ]
    value = str(facts.value(name))
    return [as_sentence(value) if name in PROSE_FACTS else value]


def fill_template(
    template: ProposalTemplate,
    facts: ProposalFacts,
    guide: FieldGuide,
    today: _dt.date | None = None,
) -> str:
    """The Markdown draft: every placeholder replaced (see the module notes)."""
    day = today or _dt.date.today()
    out: list[str] = []
    for parts in template.lines:
        slots = [p for p in parts if isinstance(p, Slot)]
        if any(_inline(facts, s.name, guide, day) is None for s in slots):
            continue  # an empty optional fact: leave the line out
        texts = [p for p in parts if isinstance(p, str)]
        if len(slots) == 1 and all(not t.strip() for t in texts):
            indent = texts[0] if texts and isinstance(parts[0], str) else ""
            out.extend(indent + line for line in _block(facts, slots[0].name, guide, day))
            continue
        line = "".join(
            p if isinstance(p, str) else (_inline(facts, p.name, guide, day) or "") for p in parts
        )
        out.append(line.rstrip())
    return _tidy(out)


def _tidy(lines: list[str]) -> str:
    """At most one blank line in a row; none at either end."""
    kept: list[str] = []
    for line in lines:
        if not line.strip() and (not kept or not kept[-1].strip()):
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept) + "\n"
