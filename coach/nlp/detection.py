"""Detection: for every behaviour, present or absent, with its evidence.

This layer knows nothing of the conversation; it answers "what does this text do?".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

# Curly quotes become straight ones before parsing. Each swap is one code point for
# one, so offsets into the normalised text are offsets into the original.
# Square brackets (template placeholders such as "[two] days") become spaces the same way.
_NORMALISE = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'", "[": " ", "]": " "}
)


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


def normalise(text: str) -> str:
    return text.translate(_NORMALISE)


def _merge(spans: Iterable[Span], original: str) -> tuple[Evidence, ...]:
    ranges = sorted({(s.start_char, s.end_char) for s in spans})
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(Evidence(s, e, original[s:e]) for s, e in merged)


def detection_from_doc(doc: Doc, original: str, behaviour_ids: Iterable[str]) -> Detection:
    found: dict[str, list[Span]] = doc._.coach_behaviours or {}
    results = {}
    for bid in behaviour_ids:
        spans = found.get(bid, [])
        results[bid] = BehaviourResult(bool(spans), _merge(spans, original))
    return Detection(original, results)


def _ids(nlp: Language) -> list[str]:
    ids: list[str] = nlp.get_pipe("coach_behaviours").display_order
    return ids


def detect_behaviours(nlp: Language, text: str) -> Detection:
    return detection_from_doc(nlp(normalise(text)), text, _ids(nlp))


def detect_many(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> Iterator[Detection]:
    """Batch detection through ``nlp.pipe``; yields in input order."""
    ids = _ids(nlp)
    originals: list[str] = []

    def feed() -> Iterator[str]:
        for text in texts:
            originals.append(text)
            yield normalise(text)

    for i, doc in enumerate(nlp.pipe(feed(), batch_size=batch_size)):
        yield detection_from_doc(doc, originals[i], ids)
