"""coach's own spaCy pipeline components.

Each is a class plus a ``make_*`` factory registered with ``@Language.factory``, in the
style of spaCy's ``SpanRuler``: patterns are data added after construction, matching
and annotating are separate steps, and results go on the ``Doc`` (``doc.spans`` and
the ``coach_*`` extensions), never to a side channel.

- ``coach_line_breaks`` (before the parser): a line break starts a sentence, so
  bullet lists, subject lines and greetings stand on their own.
- ``coach_negation``: marks tokens inside the scope of a negation, read off the parse.
- ``coach_sentences``: which sentences are questions, and which one is the first
  substantive sentence (greetings, thanks and acknowledgements aside).
- ``coach_cues``: runs the cue patterns of every behaviour into ``doc.spans``.
- ``coach_behaviours``: combines cues into behaviours with evidence spans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup

from coach.nlp.extensions import register_extensions

register_extensions()

CUES_KEY = "coach_cues"

# Clause-level dependents that a negation does not reach into.
_CLAUSE_DEPS = frozenset({"advcl", "relcl", "parataxis", "conj", "acl", "csubj"})
# Verbs whose negation is felt in the clause they embed ("I don't think we need a trial").
_RAISING_LEMMAS = frozenset({"think", "believe", "expect", "suppose", "want", "need"})
_NEGATIVE_DETERMINERS = frozenset({"no", "never"})
_QUESTION_OPENERS = frozenset(
    {"can", "could", "would", "will", "do", "does", "did", "is", "are", "should", "may", "might"}
)
_WH_WORDS = frozenset({"what", "which", "who", "why", "how", "when", "where", "whom", "whose"})


# ---------------------------------------------------------------------------
# Line breaks


class LineBreakSentencizer:
    """Starts a sentence after every line break and semicolon; runs before the parser,
    which keeps these boundaries. Bullet lists and "A; B" then split where people
    meant them to."""

    def __call__(self, doc: Doc) -> Doc:
        for i, token in enumerate(doc[:-1]):
            if "\n" in token.text or "\n" in token.whitespace_ or token.text == ";":
                nxt = doc[i + 1]
                if not nxt.is_space:
                    nxt.is_sent_start = True
        return doc


@Language.factory("coach_line_breaks")
def make_line_breaks(nlp: Language, name: str) -> LineBreakSentencizer:
    return LineBreakSentencizer()


# ---------------------------------------------------------------------------
# Negation


def _negation_root(token: Any) -> tuple[Any, str] | None:
    """The token whose scope a negation covers, and the word that names the negation."""
    if token.lower_ in _NEGATIVE_DETERMINERS and token.dep_ == "det":
        return token.head, "no"
    if token.dep_ == "neg":
        head = token.head
        if head.pos_ in {"NOUN", "PROPN", "ADJ", "ADV"} and token.i > head.i:
            return None  # contrastive "X, not Y": the parse hangs "not" on X wrongly
        return head, head.lemma_.lower()
    if token.lower_ == "without" and token.dep_ == "prep":
        return token, "without"
    return None


def _mark_scope(root: Any, negator: str, marked: list[str]) -> None:
    stack = [root]
    while stack:
        tok = stack.pop()
        if not marked[tok.i]:
            marked[tok.i] = negator
        for child in tok.children:
            if child.dep_ in _CLAUSE_DEPS:
                continue
            if child.dep_ == "ccomp" and tok.lemma_ not in _RAISING_LEMMAS:
                continue
            stack.append(child)


class Negation:
    """Sets ``Token._.coach_negated`` from the parse: a ``neg`` dependent negates its
    head's clause (not the clauses hanging off it), "no" negates its noun phrase, and
    "without" negates its object."""

    def __call__(self, doc: Doc) -> Doc:
        marked = [""] * len(doc)
        for token in doc:
            found = _negation_root(token)
            if found is not None:
                _mark_scope(found[0], found[1], marked)
        for token, negator in zip(doc, marked, strict=True):
            if negator:
                token._.coach_negated = True
                token._.coach_negated_by = negator
        return doc


@Language.factory("coach_negation")
def make_negation(nlp: Language, name: str) -> Negation:
    return Negation()


# ---------------------------------------------------------------------------
# Sentences: questions and the first substantive sentence


def _content_tokens(sent: Span) -> list[Any]:
    return [t for t in sent if not (t.is_space or t.is_punct)]


def is_question_sentence(sent: Span) -> bool:
    """A question by its mark, or by its shape when chat leaves the mark off."""
    content = _content_tokens(sent)
    if not content:
        return False
    if "?" in content[-1].text or any("?" in t.text for t in sent[-3:]):
        return True
    last = sent[-1]
    if last.text in {".", "!"}:
        return False
    first = content[0]
    if first.lower_ in _WH_WORDS and len(content) > 2:
        return any(t.dep_ in {"aux", "ROOT"} and t.pos_ in {"AUX", "VERB"} for t in content[1:3])
    if first.lower_ in _QUESTION_OPENERS and len(content) > 2:
        return content[1].tag_ in {"PRP", "NN", "NNP", "DT", "EX"}
    return False


class Sentences:
    """Marks question sentences and finds the first substantive sentence.

    A sentence is an aside when it is a short verbless line (a greeting, a name), a
    heading ending in a colon, or a short sentence that opens with an aside pattern
    ("thanks for…", "got a minute?", "I understand."). The aside patterns come from
    ``rules/cues.yaml``.
    """

    def __init__(self, nlp: Language, max_aside_tokens: int) -> None:
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.max_aside_tokens = max_aside_tokens

    def add_aside_patterns(self, patterns: Sequence[list[dict[str, Any]]]) -> None:
        self.matcher.add("aside", list(patterns))

    def _is_aside(self, sent: Span, aside_starts: set[int]) -> bool:
        content = _content_tokens(sent)
        if not content:
            return True
        words = [t for t in content if t.is_alpha]
        if not any(t.pos_ in {"VERB", "AUX"} for t in content):
            ends_with_colon = sent[-1].text == ":" or sent.text.rstrip().endswith(":")
            if len(words) <= 4 or ends_with_colon:
                return True
        return content[0].i in aside_starts and len(words) <= self.max_aside_tokens

    def __call__(self, doc: Doc) -> Doc:
        aside_starts = {start for _, start, _ in self.matcher(doc)}
        questions: set[int] = set()
        first: Span | None = None
        for sent in doc.sents:
            if is_question_sentence(sent):
                questions.add(sent.start)
            if first is None and not self._is_aside(sent, aside_starts):
                first = sent
        doc._.coach_question_starts = questions
        doc._.coach_first_substantive = first
        return doc


@Language.factory("coach_sentences", default_config={"max_aside_tokens": 12})
def make_sentences(nlp: Language, name: str, max_aside_tokens: int) -> Sentences:
    return Sentences(nlp, max_aside_tokens)


# ---------------------------------------------------------------------------
# Cues


# Negations that deny a reason rather than express a wish: "this isn't about my
# commute", "I'm not asking because of the kids", "without the drive". Under the cue
# constraint ``negation: denial`` only these drop a match; "I don't want to move my
# kids" keeps it.
_DENIALS = frozenset({"be", "ask", "have", "mean", "no", "without", "about", "do"})


@dataclass(frozen=True)
class CueConstraints:
    negation: str = "drop"
    sentence: str = "any"


class CueMatcher:
    """Runs every cue's token, phrase and dependency patterns and keeps the matches
    that meet the cue's constraints, as spans labelled with the cue's key in
    ``doc.spans["coach_cues"]``."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.dep_matcher = DependencyMatcher(nlp.vocab, validate=True)
        self.excluder = Matcher(nlp.vocab, validate=True)
        self.constraints: dict[str, CueConstraints] = {}
        self.excluded_keys: set[str] = set()

    def add_cue(self, key: str, constraints: CueConstraints) -> None:
        self.constraints[key] = constraints

    def add_token_pattern(self, key: str, pattern: list[dict[str, Any]]) -> None:
        self.matcher.add(key, [pattern])

    def add_phrases(self, key: str, phrases: Iterable[str]) -> None:
        docs = [self.nlp.make_doc(p.lower()) for p in phrases]
        if docs:
            self.phrase_matcher.add(key, docs)

    def add_dependency_pattern(self, key: str, pattern: list[dict[str, Any]]) -> None:
        self.dep_matcher.add(key, [pattern])

    def add_exclusion(self, key: str, pattern: list[dict[str, Any]]) -> None:
        self.excluder.add(key, [pattern])
        self.excluded_keys.add(key)

    def _raw_matches(self, doc: Doc) -> Iterable[tuple[str, int, int]]:
        strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
            yield strings[match_id], start, end
        for match_id, start, end in self.phrase_matcher(doc):
            yield strings[match_id], start, end
        if len(self.dep_matcher):
            for match_id, token_ids in self.dep_matcher(doc):
                yield strings[match_id], min(token_ids), max(token_ids) + 1

    def __call__(self, doc: Doc) -> Doc:
        questions: set[int] = doc._.coach_question_starts or set()
        sent_start = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                sent_start[i] = sent.start
        excluded: dict[str, list[tuple[int, int]]] = defaultdict(list)
        if self.excluded_keys:
            strings = doc.vocab.strings
            for match_id, start, end in self.excluder(doc):
                excluded[strings[match_id]].append((start, end))
        seen: set[tuple[str, int, int]] = set()
        spans: list[Span] = []
        for key, start, end in self._raw_matches(doc):
            if (key, start, end) in seen:
                continue
            seen.add((key, start, end))
            rule = self.constraints.get(key, CueConstraints())
            if any(s < end and start < e for s, e in excluded.get(key, ())):
                continue
            if sent_start[start] != sent_start[end - 1]:
                continue  # evidence never spans two sentences
            span = Span(doc, start, end, label=key)
            negated = bool(span.root._.coach_negated)
            if (rule.negation == "drop" and negated) or (
                rule.negation == "require" and not negated
            ):
                continue
            if rule.negation == "denial" and span.root._.coach_negated_by in _DENIALS:
                continue
            in_question = sent_start[start] in questions
            if (rule.sentence == "question" and not in_question) or (
                rule.sentence == "statement" and in_question
            ):
                continue
            spans.append(span)
        doc.spans[CUES_KEY] = SpanGroup(doc, name=CUES_KEY, spans=spans)
        return doc


@Language.factory("coach_cues")
def make_cues(nlp: Language, name: str) -> CueMatcher:
    return CueMatcher(nlp)


# ---------------------------------------------------------------------------
# Behaviours


@dataclass(frozen=True)
class RuleUnless:
    key: str
    scope: str
    sentence_has: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompiledRule:
    """A detect rule with its cue names resolved to cue keys (or ``@behaviour``)."""

    items: tuple[str, ...]
    scope: str
    min_count: int
    sentence: str
    position: str
    unless: tuple[RuleUnless, ...]


@dataclass(frozen=True)
class CompiledBehaviour:
    id: str
    rules: tuple[CompiledRule, ...]
    derived_present: tuple[str, ...] = ()
    derived_absent: tuple[str, ...] = ()


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


class BehaviourDetector:
    """Evaluates each behaviour's detect rules over the cue spans, in dependency order,
    and stores ``{behaviour id: [evidence spans]}`` in ``Doc._.coach_behaviours``."""

    def __init__(self) -> None:
        self.behaviours: list[CompiledBehaviour] = []
        self.display_order: list[str] = []

    def add_behaviour(self, behaviour: CompiledBehaviour) -> None:
        self.behaviours.append(behaviour)

    @staticmethod
    def _sentence_ok(rule: CompiledRule, span: Span, questions: set[int], first: Any) -> bool:
        start = span.sent.start
        if rule.sentence == "question" and start not in questions:
            return False
        if rule.sentence == "statement" and start in questions:
            return False
        return not (
            rule.position == "first-substantive" and (first is None or start != first.start)
        )

    def _apply_rule(self, rule: CompiledRule, pool: dict[str, list[Span]], doc: Doc) -> list[Span]:
        questions: set[int] = doc._.coach_question_starts or set()
        first = doc._.coach_first_substantive

        def sentence_allows(unless: RuleUnless, span: Span) -> bool:
            start = span.sent.start
            return all(
                any(s.sent.start == start for s in pool.get(k, [])) for k in unless.sentence_has
            )

        overlap_vetoes = [
            [v for v in pool.get(u.key, []) if sentence_allows(u, v)]
            for u in rule.unless
            if u.scope == "overlap"
        ]
        sentence_vetoes = {
            s.sent.start
            for u in rule.unless
            if u.scope == "sentence"
            for s in pool.get(u.key, [])
            if sentence_allows(u, s)
        }
        per_item: list[list[Span]] = []
        for key in rule.items:
            kept = [
                s
                for s in pool.get(key, [])
                if self._sentence_ok(rule, s, questions, first)
                and not any(_overlaps(s, v) for vs in overlap_vetoes for v in vs)
                and s.sent.start not in sentence_vetoes
            ]
            if len(kept) < rule.min_count:
                return []
            per_item.append(kept)
        if rule.scope == "text":
            return [s for spans in per_item for s in spans]
        by_sentence: list[dict[int, list[Span]]] = []
        for spans in per_item:
            grouped: dict[int, list[Span]] = defaultdict(list)
            for s in spans:
                grouped[s.sent.start].append(s)
            by_sentence.append(grouped)
        shared = set(by_sentence[0])
        for grouped in by_sentence[1:]:
            shared &= set(grouped)
        evidence: list[Span] = []
        for start in sorted(shared):
            if all(len(g[start]) >= rule.min_count for g in by_sentence):
                for g in by_sentence:
                    evidence.extend(g[start])
        return evidence

    def __call__(self, doc: Doc) -> Doc:
        pool: dict[str, list[Span]] = defaultdict(list)
        for span in doc.spans.get(CUES_KEY, []):
            pool[span.label_].append(span)
        found: dict[str, list[Span]] = {}
        for behaviour in self.behaviours:
            if behaviour.derived_present:
                present = all(found.get(b) for b in behaviour.derived_present) and not any(
                    found.get(b) for b in behaviour.derived_absent
                )
                evidence = (
                    [s for b in behaviour.derived_present for s in found[b]] if present else []
                )
            else:
                evidence = []
                for rule in behaviour.rules:
                    evidence.extend(self._apply_rule(rule, pool, doc))
            found[behaviour.id] = evidence
            pool["@" + behaviour.id] = evidence
        doc._.coach_behaviours = found
        return doc


@Language.factory("coach_behaviours")
def make_behaviours(nlp: Language, name: str) -> BehaviourDetector:
    return BehaviourDetector()
