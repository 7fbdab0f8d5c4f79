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

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDS
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.parts_of_speech import IDS as POS_IDS
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
        questions: set[int] = set()
        first: Span | None = None
        for sent in doc.sents:
            if is_question_sentence(sent):
                questions.add(sent.start)
            if first is None:
                # Aside patterns only matter until the first substantive sentence,
                # and only inside the sentence they open: match them there alone.
                aside_starts = {sent.start + start for _, start, _ in self.matcher(sent)}
                if not self._is_aside(sent, aside_starts):
                    first = sent
        doc._.coach_question_starts = questions
        doc._.coach_first_substantive = first
        return doc


@Language.factory("coach_sentences", default_config={"max_aside_tokens": 12})
def make_sentences(nlp: Language, name: str, max_aside_tokens: int) -> Sentences:
    return Sentences(nlp, max_aside_tokens)


# ---------------------------------------------------------------------------
# Matching with bounded gaps

_GAP = re.compile(r"^\{(\d*),(\d+)\}$")


def _gap_bounds(token: dict[str, Any]) -> tuple[int, int] | None:
    """``(min, max)`` for a wildcard token (``{OP: "{0,4}"}`` or ``{OP: "?"}``)."""
    if set(token) != {"OP"}:
        return None
    op = token["OP"]
    if op == "?":
        return 0, 1
    found = _GAP.match(str(op))
    return (int(found.group(1) or 0), int(found.group(2))) if found else None


_LITERAL_ATTRS = ("LOWER", "LEMMA", "ORTH", "NORM")
# Token attributes a pattern can be grouped by: literal words first, then classes.
_TRIGGER_ATTRS = (*_LITERAL_ATTRS, "POS", "TAG", "LIKE_NUM", "IS_TITLE", "IS_PUNCT")


Trigger = tuple[str, str | bool]


def _token_triggers(
    token: dict[str, Any],
) -> tuple[int, list[tuple[Trigger, dict[str, Any]]]] | None:
    """How a required pattern token can trigger its pattern: a rank (lower is rarer)
    and, per attribute value, the token to put in the pattern when it triggers."""
    if "OP" in token:
        return None
    for attr, value in token.items():
        if attr not in _LITERAL_ATTRS:
            continue
        words = [value] if isinstance(value, str) else None
        if isinstance(value, dict) and set(value) == {"IN"}:
            listed = value["IN"]
            if isinstance(listed, list) and all(isinstance(w, str) for w in listed):
                words = listed
        if words:
            common = any(w.lower() in STOP_WORDS for w in words)
            rank = (1 if common else 0) * 1000 + len(words)
            # One token per word: an equality is checked in C, a set in Python.
            return rank, [((attr, w), {**token, attr: w}) for w in words]
    for attr in _TRIGGER_ATTRS:
        value = token.get(attr)
        if isinstance(value, str | bool):
            return 100_000, [((attr, value), token)]
    return None


class TriggeredMatcher:
    """A set of spaCy Matchers grouped by a word their patterns require, each run only
    on the stretch of text around that word.

    spaCy starts every pattern at every token, so matching costs tokens times
    patterns. Almost every cue pattern requires some literal word (``{LEMMA:
    trial}``, or one of a list, expanded here into one pattern per word); each
    pattern is filed under its rarest required word and its group runs only when
    that word occurs, over a window as wide as the pattern can reach. Patterns that
    require no literal word (a regex, a part of speech) run on every text.
    """

    def __init__(self, vocab: Any, validate: bool = True) -> None:
        self.vocab = vocab
        self.validate = validate
        self.always = Matcher(vocab, validate=validate)
        # Groups are keyed by (attribute id, value id) as ``Doc.to_array`` gives them,
        # so finding the triggers in a text is one array read.
        self.groups: dict[tuple[int, int], Matcher] = {}
        # How far a group's patterns reach before and after the trigger token; None
        # when a pattern can be as long as the sentence (* or +).
        self.reach: dict[tuple[int, int], tuple[int | None, int | None]] = {}
        self.attrs: list[int | str] = []  # attribute ids that some group is keyed by

    def _key(self, trigger: Trigger) -> tuple[int, int]:
        attr, value = trigger
        attr_id = int(IDS[attr])
        if attr_id not in self.attrs:
            self.attrs.append(attr_id)
        if isinstance(value, bool):
            return attr_id, int(value)
        if attr == "POS":
            return attr_id, int(POS_IDS[value])
        return attr_id, int(self.vocab.strings.add(value))

    def __len__(self) -> int:
        return len(self.always) + sum(len(m) for m in self.groups.values())

    def add(self, key: str, pattern: list[dict[str, Any]]) -> None:
        if self.validate:  # check the pattern as written, for the author's sake
            Matcher(self.vocab, validate=True).add(key, [pattern])
        options = [(found, i) for i, t in enumerate(pattern) if (found := _token_triggers(t))]
        if not options:
            self.always.add(key, [pattern])
            return
        (_, triggers), index = min(options, key=lambda option: option[0][0])
        before, after = _reach(pattern[:index]), _reach(pattern[index:])
        for found_trigger, token in triggers:
            trigger = self._key(found_trigger)
            variant = [*pattern[:index], token, *pattern[index + 1 :]]
            group = self.groups.get(trigger)
            if group is None:
                group = self.groups[trigger] = Matcher(self.vocab)
                self.reach[trigger] = (before, after)
            else:
                known = self.reach[trigger]
                self.reach[trigger] = (_wider(known[0], before), _wider(known[1], after))
            group.add(key, [variant])

    def __call__(
        self, doc: Doc, sent_start: Sequence[int], sent_end: Sequence[int]
    ) -> Iterator[tuple[int, int, int]]:
        """Matches as ``(match_id, start, end)``; matches never cross a sentence."""
        if len(self.always):
            yield from self.always(doc)
        # Per trigger, the stretches of text its patterns can reach, merged where they
        # touch; each stretch is matched once.
        windows: dict[tuple[int, int], list[list[int]]] = {}
        groups, reaches, attrs = self.groups, self.reach, self.attrs
        if not attrs:
            return
        for i, row in enumerate(doc.to_array(attrs).tolist()):
            for attr, value in zip(attrs, row, strict=True):
                trigger = (attr, value)
                if trigger not in groups:
                    continue
                before, after = reaches[trigger]
                start = sent_start[i] if before is None else max(sent_start[i], i - before)
                end = sent_end[i] if after is None else min(sent_end[i], i + after)
                stretches = windows.setdefault(trigger, [])
                if stretches and start <= stretches[-1][1]:
                    stretches[-1][1] = max(stretches[-1][1], end)
                else:
                    stretches.append([start, end])
        seen: set[tuple[int, int, int]] = set()
        for trigger, stretches in windows.items():
            group = groups[trigger]
            for start, end in stretches:
                for match_id, s, e in group(doc[start:end]):
                    found = (match_id, start + s, start + e)
                    if found not in seen:
                        seen.add(found)
                        yield found


def _wider(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else max(a, b)


def _reach(pattern: list[dict[str, Any]]) -> int | None:
    total = 0
    for token in pattern:
        op = str(token.get("OP", ""))
        if op in {"*", "+"}:
            return None
        bounds = _GAP.match(op)
        total += int(bounds.group(2)) if bounds else 1
    return total


class GapMatcher:
    """A spaCy ``Matcher`` that handles bounded wildcards as gaps between segments.

    ``[A, {OP: "{0,4}"}, B]`` means "A, then B within four tokens". spaCy expands such
    a quantifier into a chain of optional any-token states, and with hundreds of
    patterns the matcher then tracks many states at every token. Here each segment
    is matched on its own and the segments are joined by distance, which finds the
    same spans for a fraction of the work.
    """

    def __init__(self, vocab: Any, validate: bool = True) -> None:
        self.matcher = TriggeredMatcher(vocab, validate)
        # first segment -> (pattern key, the other segments, the gaps between them)
        self.joins: dict[str, tuple[str, tuple[str, ...], tuple[tuple[int, int], ...]]] = {}
        self.segment_keys: set[str] = set()
        self._segments = 0

    def __len__(self) -> int:
        return len(self.matcher)

    def add(self, key: str, pattern: list[dict[str, Any]]) -> None:
        segments: list[list[dict[str, Any]]] = [[]]
        gaps: list[tuple[int, int]] = []
        for token in pattern:
            bounds = _gap_bounds(token)
            if bounds is None:
                segments[-1].append(token)
            elif not segments[-1] and gaps:  # two gaps in a row add up
                lo, hi = gaps[-1]
                gaps[-1] = (lo + bounds[0], hi + bounds[1])
            else:
                gaps.append(bounds)
                segments.append([])
        if not gaps:
            self.matcher.add(key, pattern)
            return
        if not segments[0] or not segments[-1]:
            raise ValueError("a pattern cannot start or end with a bare wildcard")
        keys = []
        for segment in segments:
            self._segments += 1
            segment_key = f"{key}\x1f{self._segments}"
            self.matcher.add(segment_key, segment)
            keys.append(segment_key)
        self.segment_keys.update(keys)
        self.joins[keys[0]] = (key, tuple(keys[1:]), tuple(gaps))

    def __call__(
        self, doc: Doc, sent_start: Sequence[int], sent_end: Sequence[int]
    ) -> list[tuple[str, int, int]]:
        strings = doc.vocab.strings
        found: list[tuple[str, int, int]] = []
        by_segment: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for match_id, start, end in self.matcher(doc, sent_start, sent_end):
            key = strings[match_id]
            if key in self.segment_keys:
                by_segment[key].append((start, end))
            else:
                found.append((key, start, end))
        for first, partial in by_segment.items():
            joined = self.joins.get(first)
            if joined is None:
                continue
            key, rest, gaps = joined
            for segment_key, (lo, hi) in zip(rest, gaps, strict=True):
                following = by_segment.get(segment_key)
                if not following:
                    partial = []
                    break
                partial = [
                    (s0, e1) for s0, e0 in partial for s1, e1 in following if lo <= s1 - e0 <= hi
                ]
            found.extend((key, s, e) for s, e in set(partial))
        return found


# ---------------------------------------------------------------------------
# Cues


# Negations that deny a reason rather than express a wish or a constraint. Under the
# cue constraint ``negation: denial`` only these drop a match: "I'm not asking because
# of the kids", "without the drive", "no migraines", and a negated "be" or "do" when
# the words sit in what is denied ("this isn't about my commute", "it's not a
# childcare thing"). "I don't want to move my kids" and "with my mum's care schedule I
# can't be in five days" keep it.
_DENYING_HEADS = frozenset({"ask", "mean", "no", "without"})
_DENIED_WHEN_UNDER = frozenset({"about", "because", "due", "over", "thing", "reason", "why"})


def _is_denial(root: Any) -> bool:
    negator = root._.coach_negated_by
    if negator in _DENYING_HEADS:
        return True
    if negator == "have":
        return bool(root.dep_ in {"dobj", "attr"} and root.head.lemma_ == "have")
    if negator in {"be", "do"}:
        token = root  # walk up to the negated verb, looking for what is denied
        while True:
            if token.lower_ in _DENIED_WHEN_UNDER or token.lemma_ in _DENIED_WHEN_UNDER:
                return True
            if token.head is token or token.lemma_ == negator:
                return False
            token = token.head
    return False


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
        self.matcher = GapMatcher(nlp.vocab)
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.dep_matcher = DependencyMatcher(nlp.vocab, validate=True)
        self.excluder = GapMatcher(nlp.vocab)
        self.constraints: dict[str, CueConstraints] = {}
        self.excluded_keys: set[str] = set()

    def set_validation(self, validate: bool) -> None:
        """Patterns from files that compiled cleanly before need not be checked again;
        call before adding any."""
        vocab = self.nlp.vocab
        self.matcher = GapMatcher(vocab, validate)
        self.excluder = GapMatcher(vocab, validate)
        self.dep_matcher = DependencyMatcher(vocab, validate=validate)

    def add_cue(self, key: str, constraints: CueConstraints) -> None:
        self.constraints[key] = constraints

    def add_token_pattern(self, key: str, pattern: list[dict[str, Any]]) -> None:
        self.matcher.add(key, pattern)

    def add_phrases(self, key: str, phrases: Iterable[str]) -> None:
        docs = [self.nlp.make_doc(p.lower()) for p in phrases]
        if docs:
            self.phrase_matcher.add(key, docs)

    def add_dependency_pattern(self, key: str, pattern: list[dict[str, Any]]) -> None:
        self.dep_matcher.add(key, [pattern])

    def add_exclusion(self, key: str, pattern: list[dict[str, Any]]) -> None:
        self.excluder.add(key, pattern)
        self.excluded_keys.add(key)

    def _raw_matches(
        self, doc: Doc, sent_start: Sequence[int], sent_end: Sequence[int]
    ) -> Iterable[tuple[str, int, int]]:
        strings = doc.vocab.strings
        yield from self.matcher(doc, sent_start, sent_end)
        for match_id, start, end in self.phrase_matcher(doc):
            yield strings[match_id], start, end
        if len(self.dep_matcher):
            for match_id, token_ids in self.dep_matcher(doc):
                yield strings[match_id], min(token_ids), max(token_ids) + 1

    def __call__(self, doc: Doc) -> Doc:
        questions: set[int] = doc._.coach_question_starts or set()
        sent_start = [0] * len(doc)
        sent_end = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                sent_start[i] = sent.start
                sent_end[i] = sent.end
        excluded: dict[str, list[tuple[int, int]]] = defaultdict(list)
        if self.excluded_keys:
            for key, start, end in self.excluder(doc, sent_start, sent_end):
                excluded[key].append((start, end))
        seen: set[tuple[str, int, int]] = set()
        spans: list[Span] = []
        for key, start, end in self._raw_matches(doc, sent_start, sent_end):
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
            if rule.negation == "denial" and negated and _is_denial(span.root):
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


Match = tuple[int, int]
"""A cue or evidence match as token offsets ``(start, end)``."""


@dataclass(frozen=True)
class _SentenceFacts:
    sent_start: list[int]
    questions: set[int]
    first: int


class BehaviourDetector:
    """Evaluates each behaviour's detect rules over the cue spans, in dependency order,
    and stores ``{behaviour id: [evidence spans]}`` in ``Doc._.coach_behaviours``."""

    def __init__(self) -> None:
        self.behaviours: list[CompiledBehaviour] = []
        self.display_order: list[str] = []

    def add_behaviour(self, behaviour: CompiledBehaviour) -> None:
        self.behaviours.append(behaviour)

    def _apply_rule(
        self, rule: CompiledRule, pool: dict[str, list[Match]], facts: _SentenceFacts
    ) -> list[Match]:
        sent_of = facts.sent_start

        def sentence_ok(m: Match) -> bool:
            start = sent_of[m[0]]
            if rule.sentence == "question" and start not in facts.questions:
                return False
            if rule.sentence == "statement" and start in facts.questions:
                return False
            return not (rule.position == "first-substantive" and start != facts.first)

        def sentence_allows(unless: RuleUnless, m: Match) -> bool:
            start = sent_of[m[0]]
            return all(
                any(sent_of[o[0]] == start for o in pool.get(k, ())) for k in unless.sentence_has
            )

        overlap_vetoes = [
            v
            for u in rule.unless
            if u.scope == "overlap"
            for v in pool.get(u.key, ())
            if sentence_allows(u, v)
        ]
        sentence_vetoes = {
            sent_of[v[0]]
            for u in rule.unless
            if u.scope == "sentence"
            for v in pool.get(u.key, ())
            if sentence_allows(u, v)
        }
        per_item: list[list[Match]] = []
        for key in rule.items:
            kept = [
                m
                for m in pool.get(key, ())
                if sentence_ok(m)
                and sent_of[m[0]] not in sentence_vetoes
                and not any(m[0] < v[1] and v[0] < m[1] for v in overlap_vetoes)
            ]
            if len(kept) < rule.min_count:
                return []
            per_item.append(kept)
        if rule.scope == "text":
            return [m for matches in per_item for m in matches]
        by_sentence: list[dict[int, list[Match]]] = []
        for matches in per_item:
            grouped: dict[int, list[Match]] = defaultdict(list)
            for m in matches:
                grouped[sent_of[m[0]]].append(m)
            by_sentence.append(grouped)
        shared = set(by_sentence[0])
        for grouped in by_sentence[1:]:
            shared &= set(grouped)
        evidence: list[Match] = []
        for start in sorted(shared):
            if all(len(g[start]) >= rule.min_count for g in by_sentence):
                for g in by_sentence:
                    evidence.extend(g[start])
        return evidence

    def __call__(self, doc: Doc) -> Doc:
        sent_start = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                sent_start[i] = sent.start
        first = doc._.coach_first_substantive
        facts = _SentenceFacts(
            sent_start, doc._.coach_question_starts or set(), first.start if first else -1
        )
        pool: dict[str, list[Match]] = defaultdict(list)
        for span in doc.spans.get(CUES_KEY, []):
            pool[span.label_].append((span.start, span.end))
        found: dict[str, list[Match]] = {}
        for behaviour in self.behaviours:
            if behaviour.derived_present:
                present = all(found.get(b) for b in behaviour.derived_present) and not any(
                    found.get(b) for b in behaviour.derived_absent
                )
                evidence = (
                    [m for b in behaviour.derived_present for m in found[b]] if present else []
                )
            else:
                evidence = []
                for rule in behaviour.rules:
                    evidence.extend(self._apply_rule(rule, pool, facts))
            found[behaviour.id] = evidence
            pool["@" + behaviour.id] = evidence
        doc._.coach_behaviours = {
            bid: [Span(doc, start, end, label=bid) for start, end in sorted(set(matches))]
            for bid, matches in found.items()
        }
        return doc


@Language.factory("coach_behaviours")
def make_behaviours(nlp: Language, name: str) -> BehaviourDetector:
    return BehaviourDetector()
