"""The coach: which advice applies to a reply at this moment, and a scorecard.

Detection says what a reply does; the coach says whether that was the right move
here, why, and how to say it better. It evaluates every enabled rule's condition
(:mod:`coach.conditions`) against the reply's behaviours and signals, the earlier
replies, the situation and the topic the manager raised, then ranks the findings,
fills each template with the user's own words and builds one combined rewrite.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.coaching.loading import CoachingContent, Rule, load_coaching
from coach.coaching.model import Feedback, Finding, ReplyContext, level_rank
from coach.coaching.placeholders import quote_list, render_template
from coach.coaching.rewrite import (
    Edit,
    ReplyWords,
    apply_swaps,
    coalesce,
    combined_rewrite,
    swapped_sentences,
    words_of,
)
from coach.coaching.scorecard import Scorecard, compute_scorecard
from coach.coaching.signals import (
    SIGNAL_PREFIX,
    ReplyScanner,
    Sentence,
    TopicDetector,
    check_patterns,
)
from coach.conditions import ConditionContext, evaluate
from coach.errors import ContentError, ContentErrors
from coach.nlp.detection import Detection, Evidence

if TYPE_CHECKING:
    from spacy.language import Language

    from coach.content.behaviours import BehaviourSet


@dataclass(frozen=True)
class CoachingWarning:
    """A problem worth telling the user about that does not stop the command."""

    code: str
    message: str

    def render(self) -> str:
        return f"coach: warning: {self.code}: {self.message}"


@dataclass(frozen=True)
class ReplyState:
    """Everything the rules can see about one reply, computed once."""

    text: str
    context: ConditionContext
    evidence: Mapping[str, tuple[Evidence, ...]]
    sentences: tuple[Sentence, ...]
    words: ReplyWords
    topic: str | None
    concern: tuple[Evidence, ...]


def _rank_key(rule: Rule) -> tuple[int, int, int, int]:
    praise = rule.level == "praise"
    return (1 if praise else 0, -level_rank(rule.level), -rule.spec.priority, rule.order)


class Coach:
    """Rules, signals, topics and the scorecard rubric, loaded and checked once."""

    def __init__(
        self,
        content: CoachingContent,
        disabled: Iterable[str] = (),
        warnings: Sequence[CoachingWarning] = (),
    ) -> None:
        self.content = content
        wanted = set(disabled)
        self.disabled = frozenset(wanted & set(content.by_id))
        self.rules: tuple[Rule, ...] = tuple(r for r in content.rules if r.id not in self.disabled)
        self.warnings = tuple(warnings)
        self._signals_at = lambda *key: content.signals_doc.locate(tuple(key))
        self.topics = TopicDetector(
            content.topics, lambda *key: content.topics_doc.locate(tuple(key))
        )
        # Every signal and topic pattern is checked now, so a bad pattern is a load
        # error rather than a surprise at the first reply; the tokenizer that runs
        # them is built on first use (see attach_pipeline).
        check_patterns(content.signals, self._signals_at, "signals")
        check_patterns(content.topics, self.topics.locate, "topics")
        self._scanner: ReplyScanner | None = None
        self._nlp: Language | None = None

    @classmethod
    def load(
        cls,
        rules_dir: Path | None = None,
        disabled: Iterable[str] = (),
        behaviours: BehaviourSet | None = None,
    ) -> Coach:
        """Load the rules directory (``rules/``: behaviours, coaching rules, signals,
        topics, scorecard); the shipped one when ``rules_dir`` is ``None``. Pass the
        behaviour set already loaded (``analyzer.behaviours``) to avoid loading it twice.

        Rule ids in ``disabled`` are switched off; ids that name no rule give a
        ``W040`` warning in :attr:`warnings` (naming the closest id) instead of an error.
        """
        if rules_dir is not None:
            content = load_coaching(rules_dir, behaviours=behaviours)
            return cls(content, disabled, unknown_rule_warnings(disabled, content.by_id))
        from coach.content.cache import cached_parsing, shared_cache
        from coach.content.library import load_behaviours
        from coach.paths import display_path
        from coach.paths import rules_dir as shipped

        known = behaviours or load_behaviours()
        cache = shared_cache()
        try:
            # Unchanged files come from the start-up cache; should they not load
            # cleanly, load again from the files so every error has its location.
            with cached_parsing(cache):
                coach = cls._build(load_coaching(shipped(), display_path, known), disabled)
        except (ContentError, ContentErrors):
            coach = cls._build(load_coaching(shipped(), display_path, known), disabled)
        cache.save()
        return coach

    @classmethod
    def _build(cls, content: CoachingContent, disabled: Iterable[str]) -> Coach:
        return cls(content, disabled, unknown_rule_warnings(disabled, content.by_id))

    def attach_pipeline(self, nlp: Language) -> None:
        """Read replies with this pipeline's tokenizer (the analyzer's ``nlp``) instead
        of building a blank English one: the same tokens, a faster start. Only the
        tokenizer runs. Call it before the first feedback; later calls change nothing."""
        if self._scanner is None:
            self._nlp = nlp

    @property
    def scanner(self) -> ReplyScanner:
        """The tokenizer-level reader of replies (signals, sentences), built on first use."""
        if self._scanner is None:
            self._scanner = ReplyScanner(self.content.signals, self._signals_at, self._nlp)
        return self._scanner

    # ------------------------------------------------------------------
    # Inspection

    def rule(self, rule_id: str) -> Rule | None:
        return self.content.by_id.get(rule_id)

    @property
    def all_rules(self) -> tuple[Rule, ...]:
        return tuple(self.content.rules)

    def topic_title(self, topic: str | None) -> str | None:
        if topic is None:
            return None
        spec = self.content.topics.get(topic)
        return spec.title if spec else topic

    # ------------------------------------------------------------------
    # Topics

    def detect_topic(self, analyzer_or_nlp: Any, manager_line: str) -> str | None:
        """The topic (one of ``coach.vocabulary.TOPICS``) a manager's line raises, or
        ``None``. Pass the :class:`~coach.analysis.Analyzer` or its spaCy ``nlp`` to
        read the line with that pipeline's tokenizer; ``None`` uses the coach's own.
        Only the tokenizer runs: topic patterns use token attributes."""
        match = self.topics.match(self._tokenizer_of(analyzer_or_nlp), manager_line)
        return match.topic if match else None

    def _tokenizer_of(self, analyzer_or_nlp: Any) -> Any:
        if analyzer_or_nlp is None:
            return self.scanner.nlp
        return getattr(analyzer_or_nlp, "nlp", analyzer_or_nlp)

    # ------------------------------------------------------------------
    # One reply

    def signals(self, text: str) -> dict[str, tuple[Evidence, ...]]:
        """Every signal of a text with its evidence (empty when absent)."""
        return self.scanner.signals(text)

    def _present(self, detection: Detection) -> set[str]:
        return set(detection.present()) | self.scanner.present(detection.text)

    def state(self, detection: Detection, ctx: ReplyContext) -> ReplyState:
        """What the rules see: behaviours and ``signal:`` ids of this reply and of the
        earlier ones, the situation, the topic (detected from ``manager_said`` when not
        given) and the user's own words."""
        topic = ctx.topic
        concern: tuple[Evidence, ...] = ()
        if ctx.manager_said:
            match = self.topics.match(self.scanner.nlp, ctx.manager_said)
            if match is not None and (topic is None or match.topic == topic):
                topic = match.topic
                concern = match.evidence
        evidence: dict[str, tuple[Evidence, ...]] = {
            bid: result.evidence for bid, result in detection.behaviours.items()
        }
        for sid, found in self.scanner.signals(detection.text).items():
            evidence[SIGNAL_PREFIX + sid] = found
        earlier: set[str] = set()
        for previous in ctx.earlier:
            earlier |= self._present(previous)
        # A reply to a raised concern is judged as one even when no situation is given
        # (`coach check --manager-said ...`): it is not an opening.
        situation = ctx.situation or ("pushback-concern" if topic is not None else None)
        context = ConditionContext(
            behaviors=frozenset(self._present(detection)),
            earlier=frozenset(earlier),
            situation=situation,
            topic=topic,
            turn=len(ctx.earlier) + 1,
        )
        sentences = tuple(self.scanner.sentences(detection.text))
        words = words_of(detection.text, sentences, evidence)
        for previous in reversed(ctx.earlier):
            if words.reason and words.schedule and words.metric and words.duration:
                break
            words = words.or_else(self._words(previous))
        if ctx.prepared:
            prepared = ctx.prepared
            words = words.or_else(
                ReplyWords(
                    prepared.get("reason"),
                    prepared.get("schedule"),
                    prepared.get("metric"),
                    prepared.get("duration"),
                )
            )
        return ReplyState(detection.text, context, evidence, sentences, words, topic, concern)

    def _words(self, detection: Detection) -> ReplyWords:
        evidence: dict[str, Sequence[Evidence]] = {
            bid: r.evidence for bid, r in detection.behaviours.items()
        }
        for sid, found in self.scanner.signals(detection.text).items():
            evidence[SIGNAL_PREFIX + sid] = found
        return words_of(detection.text, self.scanner.sentences(detection.text), evidence)

    def fires(self, rule: Rule, state: ReplyState) -> bool:
        return evaluate(rule.condition, state.context)

    def feedback(self, detection: Detection, ctx: ReplyContext) -> Feedback:
        """Every finding of the enabled rules, ranked, and one combined rewrite."""
        state = self.state(detection, ctx)
        fired = sorted((r for r in self.rules if self.fires(r, state)), key=_rank_key)
        return self._feedback(fired, state)

    def _feedback(self, fired: Sequence[Rule], state: ReplyState) -> Feedback:
        swaps: dict[str, str] = {}
        for rule in fired:
            for phrase, replacement in rule.spec.swap.items():
                swaps.setdefault(phrase, replacement)
        findings: list[Finding] = []
        edits: list[Edit] = []
        for rule in fired:
            evidence = self._evidence(rule, state)
            values = self._values(rule, state, evidence, swaps)
            spec = rule.spec
            suggestion = render_template(spec.suggestion, values) if spec.suggestion else None
            findings.append(
                Finding(
                    rule_id=rule.id,
                    title=spec.title,
                    level=spec.level,
                    message=render_template(spec.message, values),
                    why=" ".join(spec.why.split()),
                    suggestion=suggestion,
                    evidence=evidence,
                )
            )
            if spec.level != "praise" and (spec.swap or spec.rewrite):
                edits.append(self._edit(rule, state, evidence, values))
        misses = [f for f in findings if not f.is_praise]
        last = [
            e
            for name in ("concern-question", "signal:what-would-change", "signal:offers-time")
            for e in state.evidence.get(name, ())
        ]
        rewrite = combined_rewrite(state.sentences, edits, last) if misses else None
        return Feedback(tuple(findings), rewrite)

    def _evidence(self, rule: Rule, state: ReplyState) -> tuple[Evidence, ...]:
        spans = {
            (e.start, e.end): e for name in rule.spec.evidence for e in state.evidence.get(name, ())
        }
        return tuple(spans[k] for k in sorted(spans))

    def _values(
        self,
        rule: Rule,
        state: ReplyState,
        evidence: tuple[Evidence, ...],
        all_swaps: Mapping[str, str],
    ) -> dict[str, str | None]:
        spec = rule.spec
        hits = []
        for sentence in state.sentences:
            if any(sentence.start < e.end and e.start < sentence.end for e in evidence):
                hits += apply_swaps(sentence.text, spec.swap)[1]
        shown = []
        for hit in hits:
            found = " ".join(hit.found.split())
            if hit.replacement:
                shown.append(f"“{found}” → “{hit.replacement}”")
            else:
                shown.append(f"“{found}” → (leave it out)")
        situation = state.context.situation
        return {
            "quote": quote_list([e.text for e in coalesce(state.text, evidence)]) or None,
            "swaps": "; ".join(dict.fromkeys(shown)) or None,
            "swapped": swapped_sentences(state.sentences, evidence, all_swaps)
            if evidence
            else None,
            "reason": state.words.reason,
            "schedule": state.words.schedule,
            "metric": state.words.metric,
            "duration": state.words.duration,
            "topic": self.topic_title(state.topic),
            "concern": quote_list([e.text for e in state.concern]) or None,
            "situation": situation.replace("-", " ") if situation else None,
        }

    def _edit(
        self,
        rule: Rule,
        state: ReplyState,
        evidence: tuple[Evidence, ...],
        values: Mapping[str, str | None],
    ) -> Edit:
        spec = rule.spec
        rewrite = spec.rewrite
        add = None
        if rewrite is not None and rewrite.add is not None:
            swapped_here = bool(spec.swap) and values.get("swaps") is not None
            if not swapped_here:
                add = render_template(rewrite.add, values)
        return Edit(
            evidence=evidence,
            swap=spec.swap,
            drop=bool(rewrite and rewrite.drop),
            move_first=bool(rewrite and rewrite.move == "first"),
            add=add,
            at=rewrite.at if rewrite else "close",
        )

    # ------------------------------------------------------------------
    # A conversation

    def scorecard(self, turns: Sequence[tuple[Detection, ReplyContext]]) -> Scorecard:
        """Score a conversation: every reply with its context, oldest first."""
        contexts = [self.state(d, ctx).context for d, ctx in turns]
        return compute_scorecard(self.content.rubric, contexts)


def unknown_rule_warnings(
    disabled: Iterable[str], known: Mapping[str, object]
) -> tuple[CoachingWarning, ...]:
    """One ``W040`` warning per disabled id that names no rule, with a close match."""
    warnings = []
    for rule_id in dict.fromkeys(disabled):
        if rule_id in known:
            continue
        close = difflib.get_close_matches(rule_id, list(known), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see 'coach rules')"
        warnings.append(CoachingWarning("W040", f"there is no rule '{rule_id}' to disable{hint}"))
    return tuple(warnings)
