"""Placeholders in rule messages, suggestions and rewrites: a closed vocabulary.

A template is plain text with ``{name}`` or ``{name|fallback}`` in it. Nothing is
evaluated: each name is looked up in a table of strings built from the reply (its
evidence, the user's own words) and its context; an unknown name or a stray brace is
a content error at load time. When a value is not available (the reply names no
schedule, say) the fallback is used, or nothing when there is none, so rules write
fallbacks as ``[bracketed]`` stand-ins the user fills in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

PLACEHOLDERS: dict[str, str] = {
    "quote": "the words of the reply this finding points at, quoted "
    "(the evidence of the behaviours or signals the rule lists under `evidence`)",
    "swaps": "the rule's `swap` phrases found in the reply, each with its replacement",
    "swapped": "the reply's sentences that hold this finding's evidence, rewritten with "
    "the rule's `swap` table",
    "reason": "the reply's business reason: the sentence holding `business-benefit` evidence",
    "schedule": "the arrangement the reply names, from `concrete-schedule` evidence "
    "(e.g. 'Mondays and Wednesdays', 'two days a week')",
    "metric": "what the reply says results are measured by, from `success-measure` evidence",
    "duration": "a length of time the reply names (e.g. 'six weeks'), from the "
    "`signal:duration` evidence",
    "topic": "the topic the manager raised, by its title in rules/topics.yaml",
    "concern": "the words of the manager's line that raised the topic, quoted",
    "situation": "the situation of the reply, in words",
}
"""Every placeholder name and what it stands for (documented in authoring-rules.md)."""

FROM_EARLIER = frozenset({"reason", "schedule", "metric", "duration"})
"""Placeholders that fall back to the most recent earlier reply that has the words."""

_TOKEN = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Placeholder:
    name: str
    fallback: str | None


class TemplateError(ValueError):
    pass


def parse_template(template: str) -> list[str | Placeholder]:
    """Split a template into text and placeholders, or raise :class:`TemplateError`."""
    parts: list[str | Placeholder] = []
    pos = 0
    for match in _TOKEN.finditer(template):
        text = template[pos : match.start()]
        _check_text(text)
        if text:
            parts.append(text)
        inner = match.group(1)
        name, bar, fallback = inner.partition("|")
        name = name.strip()
        if name not in PLACEHOLDERS:
            known = ", ".join(sorted(PLACEHOLDERS))
            raise TemplateError(f"unknown placeholder {{{name}}} (known: {known})")
        parts.append(Placeholder(name, fallback if bar else None))
        pos = match.end()
    rest = template[pos:]
    _check_text(rest)
    if rest:
        parts.append(rest)
    return parts


def _check_text(text: str) -> None:
    if "{" in text or "}" in text:
        raise TemplateError("unbalanced brace: write placeholders as {name} or {name|fallback}")


def placeholder_names(template: str) -> set[str]:
    return {p.name for p in parse_template(template) if isinstance(p, Placeholder)}


_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:?!])")


def render_template(template: str, values: Mapping[str, str | None]) -> str:
    """Fill a template; unavailable values take the fallback, or nothing."""
    out: list[str] = []
    for part in parse_template(template):
        if isinstance(part, str):
            out.append(part)
            continue
        value = values.get(part.name)
        if value:
            out.append(value)
        elif part.fallback is not None:
            out.append(part.fallback)
    text = " ".join("".join(out).split())
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def quote_list(texts: list[str], limit: int = 3) -> str:
    """“a”, “b” and “c”: evidence quoted for a message."""
    seen: list[str] = []
    for text in texts:
        clean = " ".join(text.split())
        if clean and clean.lower() not in (s.lower() for s in seen):
            seen.append(clean)
    quoted = [f"“{t}”" for t in seen[:limit]]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]
