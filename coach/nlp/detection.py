"""Detection: for every behaviour, present or absent, with its evidence.

This layer knows nothing of the conversation; it answers "what does this text do?".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from spacy.language import Language
from spacy.tokens import Doc, Span

if TYPE_CHECKING:
    from coach.nlp.components import BehaviourDetector

# Curly quotes become straight ones before parsing, so contractions and patterns
# work the same with either; each swap is one code point for one.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"})
# Template placeholders ("[two] days", "[Manager name]") are read as what they stand
# for: the brackets are dropped before parsing and offsets mapped back afterwards.
_BRACKETS = "[]"


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class BehaviourResult:
    present: bool
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Detection:
    text: str
    behaviours: dict[str, BehaviourResult] = field(default_factory=dict)

    def present(self) -> list[str]:
        return [b for b, r in self.behaviours.items() if r.present]

    def absent(self) -> list[str]:
        return [b for b, r in self.behaviours.items() if not r.present]


@dataclass(frozen=True)
class NormalisedText:
    """The text the pipeline reads, and how its offsets map back to the original."""

    original: str
    text: str
    positions: tuple[int, ...] | None = None  # original index of each char; None = same

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.positions is None or start >= end:
            return start, end
        return self.positions[start], self.positions[end - 1] + 1


_SURROGATES = re.compile("[\ud800-\udfff]")


def normalise(original: str) -> NormalisedText:
    # Lone surrogates (possible in JSON input) cannot be encoded; each becomes U+FFFD.
    quoted = _SURROGATES.sub("\ufffd", original).translate(_QUOTES)
    if "[" not in quoted and "]" not in quoted:
        return NormalisedText(original, quoted)
    kept = [(i, ch) for i, ch in enumerate(quoted) if ch not in _BRACKETS]
    return NormalisedText(original, "".join(ch for _, ch in kept), tuple(i for i, _ in kept))


def _merge(spans: Iterable[Span], source: NormalisedText) -> tuple[Evidence, ...]:
    ranges = sorted({source.to_original(s.start_char, s.end_char) for s in spans})
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    original = source.original
    return tuple(Evidence(s, e, original[s:e]) for s, e in merged)


def detection_from_doc(doc: Doc, source: NormalisedText, behaviour_ids: Iterable[str]) -> Detection:
    found: dict[str, list[Span]] = doc._.coach_behaviours or {}
    results = {}
    for bid in behaviour_ids:
        spans = found.get(bid, [])
        results[bid] = BehaviourResult(bool(spans), _merge(spans, source))
    return Detection(source.original, results)


def _ids(nlp: Language) -> list[str]:
    detector = cast("BehaviourDetector", nlp.get_pipe("coach_behaviours"))
    return detector.display_order


def detect_behaviours(nlp: Language, text: str) -> Detection:
    source = normalise(text)
    return detection_from_doc(nlp(source.text), source, _ids(nlp))


def detect_many(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> Iterator[Detection]:
    """Batch detection through ``nlp.pipe``; yields in input order."""
    ids = _ids(nlp)
    sources: list[NormalisedText] = []

    def feed() -> Iterator[str]:
        for text in texts:
            source = normalise(text)
            sources.append(source)
            yield source.text

    for i, doc in enumerate(nlp.pipe(feed(), batch_size=batch_size)):
        yield detection_from_doc(doc, sources[i], ids)
