"""Signals and topics: small, tokenizer-level detection that coaching needs on top of
the behaviours.

The thirteen behaviours say what a reply does for the request. A few coaching rules
need more: whether the reply thanks the manager, pushes for an answer on the spot,
offers time to think, uses vague frequency words ("sometimes"), names security
measures. These *signals* are data (``rules/coaching/signals.yaml``): spaCy Matcher
token patterns and phrase lists, run on the output of a plain English tokenizer
(no tagger, no parser), so they only use token attributes such as ``LOWER``.
Coaching conditions name them as pseudo-behaviours with a ``signal:`` prefix
(``{behavior: signal:thanks}``, ``{ever: signal:duration}``).

Topics (``rules/topics.yaml``) work the same way on the manager's line.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach.coaching.formats import CueLists, SignalSpec, TopicSpec
from coach.errors import ContentError, SourceLocation
from coach.nlp.detection import Evidence, normalise

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

SIGNAL_PREFIX = "signal:"

# Token attributes the tokenizer sets on its own; anything else (LEMMA, POS, DEP…)
# would need the trained pipeline and silently never match here.
TOKEN_ATTRIBUTES = frozenset(
    {
        "ORTH",
        "TEXT",
        "LOWER",
        "NORM",
        "LENGTH",
        "SHAPE",
        "PREFIX",
        "SUFFIX",
        "IS_ALPHA",
        "IS_ASCII",
        "IS_DIGIT",
        "IS_LOWER",
        "IS_UPPER",
        "IS_TITLE",
        "IS_PUNCT",
        "IS_SPACE",
        "IS_STOP",
        "IS_BRACKET",
        "IS_QUOTE",
        "IS_LEFT_PUNCT",
        "IS_RIGHT_PUNCT",
        "IS_CURRENCY",
        "LIKE_NUM",
        "LIKE_URL",
        "LIKE_EMAIL",
        "OP",
    }
)

Locate = Callable[..., SourceLocation]


def _pattern_error(location: SourceLocation, detail: str) -> ContentError:
    detail = " ".join(detail.split())
    if len(detail) > 200:
        detail = detail[:197] + "..."
    return ContentError(location, "E030", f"spaCy rejected this pattern: {detail}")


def _check_attributes(pattern: list[dict[str, Any]], location: SourceLocation) -> None:
    for token in pattern:
        for key in token:
            if str(key).upper() not in TOKEN_ATTRIBUTES:
                raise ContentError(
                    location,
                    "E030",
                    f"attribute {key!r} needs the trained pipeline; signal and topic "
                    "patterns use token attributes only (LOWER, ORTH, LIKE_NUM, IS_PUNCT…)",
                )


class TokenCues:
    """Token patterns, phrases and exclusions for a set of keys, on one vocab."""

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.matcher = Matcher(vocab, validate=True)
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.excluder = Matcher(vocab, validate=True)
        self.make_doc = make_doc

    def add(self, key: str, spec: CueLists, locate: Locate, base: tuple[str | int, ...]) -> None:
        for kind, patterns, matcher in (
            ("patterns", spec.patterns, self.matcher),
            ("exclude", spec.exclude, self.excluder),
        ):
            for i, pattern in enumerate(patterns):
                where = locate(*base, kind, i)
                _check_attributes(pattern, where)
                try:
                    matcher.add(key, [pattern])
                except (ValueError, KeyError, TypeError) as exc:
                    raise _pattern_error(where, str(exc)) from None
        docs = [self.make_doc(p.lower()) for p in spec.phrases if p.strip()]
        if docs:
            self.phrases.add(key, docs)

    def find(self, doc: Doc) -> dict[str, list[Span]]:
        from spacy.tokens import Span

        strings = doc.vocab.strings
        excluded: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in self.excluder(doc):
            excluded.setdefault(strings[match_id], []).append((start, end))
        found: dict[str, list[Span]] = {}
        seen: set[tuple[str, int, int]] = set()
        for match_id, start, end in [*self.matcher(doc), *self.phrases(doc)]:
            key = strings[match_id]
            if (key, start, end) in seen:
                continue
            seen.add((key, start, end))
            if any(s < end and start < e for s, e in excluded.get(key, ())):
                continue
            found.setdefault(key, []).append(Span(doc, start, end))
        return found


def merge_evidence(ranges: Iterable[tuple[int, int]], text: str) -> tuple[Evidence, ...]:
    merged: list[list[int]] = []
    for start, end in sorted(set(ranges)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(Evidence(s, e, text[s:e]) for s, e in merged)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str

    @property
    def is_question(self) -> bool:
        return self.text.rstrip().rstrip("\"')”\u2019").endswith("?")


_LINE = re.compile(r"[^\n]+")


def check_patterns(specs: Mapping[str, CueLists], locate: Locate, kind: str) -> None:
    """Validate every pattern of a set of signals or topics now, on a bare vocabulary
    (cheap: no tokenizer is built), so a bad pattern is a load error."""
    from spacy.vocab import Vocab

    vocab = Vocab()
    cues = TokenCues(vocab, lambda text: _no_doc(text))
    for key, spec in specs.items():
        cues.add(key, spec.model_copy(update={"phrases": []}), locate, (kind, key))


def _no_doc(text: str) -> Doc:  # pragma: no cover - phrases are not compiled here
    raise AssertionError("phrases are not compiled when only checking patterns")


class ReplyScanner:
    """A plain English tokenizer with a sentencizer: sentences and signals of a reply.

    Built once per :class:`~coach.coaching.engine.Coach`, from a given pipeline's
    tokenizer (only the tokenizer runs) or a blank English one; results are cached
    per text because earlier replies are scanned again at every turn.
    """

    CACHE_SIZE = 512

    def __init__(
        self, signals: Mapping[str, SignalSpec], locate: Locate, nlp: Language | None = None
    ) -> None:
        from spacy.pipeline import Sentencizer

        if nlp is None:
            import spacy

            nlp = spacy.blank("en")
        self.nlp: Language = nlp
        self.sentencizer = Sentencizer()
        self.specs = dict(signals)
        self.cues = TokenCues(self.nlp.vocab, self.nlp.make_doc)
        for sid, spec in self.specs.items():
            self.cues.add(sid, spec, locate, ("signals", sid))
        self._cache: OrderedDict[str, tuple[list[Sentence], dict[str, tuple[Evidence, ...]]]] = (
            OrderedDict()
        )

    def _scan(self, text: str) -> tuple[list[Sentence], dict[str, tuple[Evidence, ...]]]:
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        source = normalise(text)
        doc = self.sentencizer(self.nlp.make_doc(source.text))
        sentences: list[Sentence] = []
        for sent in doc.sents:
            for line in _LINE.finditer(sent.text):
                chunk = line.group(0)
                if not chunk.strip():
                    continue
                lead = len(chunk) - len(chunk.lstrip())
                a = sent.start_char + line.start() + lead
                b = sent.start_char + line.start() + len(chunk.rstrip())
                start, end = source.to_original(a, b)
                sentences.append(Sentence(start, end, text[start:end]))
        starts = [s.start for s in sentences]

        def sentence_of(char: int) -> int:
            index = 0
            for i, start in enumerate(starts):
                if start <= char:
                    index = i
            return index

        raw = self.cues.find(doc)
        located: dict[str, list[tuple[int, int, int]]] = {}
        for key, spans in raw.items():
            for span in spans:
                start, end = source.to_original(span.start_char, span.end_char)
                located.setdefault(key, []).append((start, end, sentence_of(start)))
        signals: dict[str, tuple[Evidence, ...]] = {}
        for sid, spec in self.specs.items():
            vetoed = {s for u in spec.unless for _, _, s in located.get(u, [])}
            required = [{s for _, _, s in located.get(r, [])} for r in spec.requires]
            kept = []
            for start, end, s in located.get(sid, []):
                if s in vetoed or any(s not in found for found in required):
                    continue
                question = sentences[s].is_question if sentences else False
                if (spec.sentence == "question" and not question) or (
                    spec.sentence == "statement" and question
                ):
                    continue
                kept.append((start, end))
            signals[sid] = merge_evidence(kept, text)
        result = (sentences, signals)
        self._cache[text] = result
        if len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    def sentences(self, text: str) -> list[Sentence]:
        """The sentences of a text (a line break also ends one), offsets in ``text``."""
        return self._scan(text)[0]

    def signals(self, text: str) -> dict[str, tuple[Evidence, ...]]:
        """Every signal id with its evidence (empty when absent)."""
        return self._scan(text)[1]

    def present(self, text: str) -> set[str]:
        return {SIGNAL_PREFIX + sid for sid, ev in self.signals(text).items() if ev}


@dataclass(frozen=True)
class TopicMatch:
    topic: str
    evidence: tuple[Evidence, ...]


class TopicDetector:
    """Finds which topic a manager's line raises: the topic with the most matches,
    the earliest first match breaking ties, or none."""

    def __init__(self, topics: Mapping[str, TopicSpec], locate: Locate) -> None:
        self.topics = dict(topics)
        self.locate = locate
        self._by_vocab: dict[int, tuple[Any, TokenCues]] = {}

    def cues_for(self, nlp: Language) -> TokenCues:
        key = id(nlp.vocab)
        found = self._by_vocab.get(key)
        if found is not None and found[0] is nlp.vocab:
            return found[1]
        cues = TokenCues(nlp.vocab, nlp.make_doc)
        for tid, spec in self.topics.items():
            cues.add(tid, spec, self.locate, ("topics", tid))
        self._by_vocab[key] = (nlp.vocab, cues)
        return cues

    def match(self, nlp: Language, line: str) -> TopicMatch | None:
        if not line.strip():
            return None
        source = normalise(line)
        cues = self.cues_for(nlp)
        found = cues.find(cues.make_doc(source.text))
        order = list(self.topics)
        ranked = sorted(
            found.items(),
            key=lambda item: (-len(item[1]), min(s.start for s in item[1]), order.index(item[0])),
        )
        if not ranked:
            return None
        tid, spans = ranked[0]
        ranges = [source.to_original(s.start_char, s.end_char) for s in spans]
        return TopicMatch(tid, merge_evidence(ranges, line))
