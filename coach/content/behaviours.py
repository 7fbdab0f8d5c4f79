"""The behaviour file format: what detection looks for, as data.

A behaviour file names *cues* (spaCy Matcher token patterns, phrase lists and
DependencyMatcher patterns, each with constraints such as "not negated" or "in a
question") and *detect* rules that combine cues within a sentence or the whole text.
Shared cues (weekdays, durations, asides…) live in ``rules/cues.yaml``. Files are
validated strictly: an unknown key is an error, not a silently ignored field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from coach.content.cache import ContentCache, cached_parsing
from coach.content.validation import validate_document
from coach.content.yamlsource import YamlDocument, load_yaml
from coach.errors import ContentError, ContentErrors, SourceLocation

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

TokenPattern = list[dict[str, Any]]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CueSpec(Strict):
    """One named cue: where its spans come from and which of them count."""

    patterns: list[TokenPattern] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    dependency: list[list[dict[str, Any]]] = Field(default_factory=list)
    exclude: list[TokenPattern] = Field(default_factory=list)
    negation: Literal["drop", "keep", "require", "denial"] = "drop"
    sentence: Literal["any", "question", "statement"] = "any"
    description: str = ""


class Unless(Strict):
    """Voids a match when another cue (or behaviour) is found near it, optionally only
    when the sentence also has every item of ``sentence_has``."""

    cue: str
    scope: Literal["overlap", "sentence"] = "sentence"
    sentence_has: list[str] = Field(default_factory=list)


class DetectRule(Strict):
    """One way a behaviour shows: every item of ``all`` found within ``scope``."""

    all: list[str] = Field(min_length=1)
    scope: Literal["sentence", "text"] = "sentence"
    min_count: int = Field(default=1, ge=1)
    sentence: Literal["any", "question", "statement"] = "any"
    position: Literal["any", "first-substantive"] = "any"
    unless: list[Unless] = Field(default_factory=list)


class Derived(Strict):
    present: list[str] = Field(min_length=1)
    absent: list[str] = Field(default_factory=list)


class Examples(Strict):
    present: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)


class BehaviourFile(Strict):
    id: str
    title: str
    description: str
    hint: str = ""
    kind: Literal["strength", "weakness", "neutral"] = "strength"
    # Word lists shared between patterns of one file through YAML anchors (&name/*name).
    lists: dict[str, list[str]] = Field(default_factory=dict)
    cues: dict[str, CueSpec] = Field(default_factory=dict)
    detect: list[DetectRule] = Field(default_factory=list)
    derived: Derived | None = None
    examples: Examples = Field(default_factory=Examples)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError("ids are lowercase words joined by hyphens")
        return value


class SharedCuesFile(Strict):
    lists: dict[str, list[str]] = Field(default_factory=dict)
    cues: dict[str, CueSpec]


class Behaviour:
    """A validated behaviour together with the document it came from (for locations)."""

    def __init__(self, spec: BehaviourFile, document: YamlDocument) -> None:
        self.spec = spec
        self.document = document

    @property
    def id(self) -> str:
        return self.spec.id

    def locate(self, *key: str | int) -> SourceLocation:
        return self.document.locate(key)


class BehaviourSet:
    """All behaviours and shared cues, checked for consistent references."""

    def __init__(
        self, behaviours: list[Behaviour], shared: dict[str, CueSpec], shared_doc: YamlDocument
    ) -> None:
        self.behaviours = behaviours
        self.shared = shared
        self.shared_doc = shared_doc
        self.by_id = {b.id: b for b in behaviours}
        self.cache: ContentCache | None = None

    @property
    def patterns_checked(self) -> bool:
        """Whether these very files compiled cleanly before (their spaCy patterns need
        no second validation)."""
        return self.cache is not None and self.cache.patterns_checked

    def remember(self, compiled: bool) -> None:
        """Keep the parsed files for the next start; ``compiled`` once the patterns
        were accepted by spaCy."""
        if self.cache is not None:
            if compiled:
                self.cache.mark_patterns_checked()
            self.cache.save()

    def ids(self) -> list[str]:
        return [b.id for b in self.behaviours]

    def evaluation_order(self) -> list[Behaviour]:
        """Behaviours ordered so that any behaviour a rule refers to comes first."""
        order: list[Behaviour] = []
        done: set[str] = set()

        def visit(b: Behaviour, stack: tuple[str, ...]) -> None:
            if b.id in done:
                return
            if b.id in stack:
                raise ContentError(b.locate("detect"), "E023", "behaviour refers to itself")
            for dep in _behaviour_refs(b.spec):
                visit(self.by_id[dep], (*stack, b.id))
            done.add(b.id)
            order.append(b)

        for b in self.behaviours:
            visit(b, ())
        return order


def _behaviour_refs(spec: BehaviourFile) -> list[str]:
    refs = [item[1:] for rule in spec.detect for item in rule.all if item.startswith("@")]
    refs += [u.cue[1:] for rule in spec.detect for u in rule.unless if u.cue.startswith("@")]
    refs += [
        n[1:]
        for rule in spec.detect
        for u in rule.unless
        for n in u.sentence_has
        if n.startswith("@")
    ]
    if spec.derived:
        refs += spec.derived.present + spec.derived.absent
    return refs


def _check_references(b: Behaviour, shared: dict[str, CueSpec], known: set[str]) -> None:
    spec = b.spec
    for i, rule in enumerate(spec.detect):
        names: list[tuple[tuple[str | int, ...], str]] = [
            (("detect", i, "all", j), name) for j, name in enumerate(rule.all)
        ]
        names += [(("detect", i, "unless", j, "cue"), u.cue) for j, u in enumerate(rule.unless)]
        names += [
            (("detect", i, "unless", j, "sentence_has", k), name)
            for j, u in enumerate(rule.unless)
            for k, name in enumerate(u.sentence_has)
        ]
        for key, name in names:
            if name.startswith("@"):
                if name[1:] not in known:
                    raise ContentError(b.locate(*key), "E021", f"unknown behaviour {name[1:]!r}")
            elif name not in spec.cues and name not in shared:
                raise ContentError(b.locate(*key), "E022", f"unknown cue {name!r}")
    if spec.derived:
        for part in ("present", "absent"):
            for j, name in enumerate(getattr(spec.derived, part)):
                if name not in known:
                    raise ContentError(
                        b.locate("derived", part, j), "E021", f"unknown behaviour {name!r}"
                    )
    if not spec.detect and not spec.derived:
        raise ContentError(b.locate(), "E024", "a behaviour needs 'detect' rules or 'derived'")


def load_behaviour_set(
    directory: Path, display: Any = str, cache: ContentCache | None = None
) -> BehaviourSet:
    """Load ``cues.yaml`` and every ``behaviours/*.yaml`` under a rules directory.

    With a cache, unchanged files are read from it; should such a file fail to
    validate, everything is loaded again from the files themselves so the error
    carries its exact location.
    """
    if cache is None:
        return _load_behaviour_set(directory, display)
    try:
        with cached_parsing(cache):
            loaded = _load_behaviour_set(directory, display)
    except (ContentError, ContentErrors):
        return _load_behaviour_set(directory, display)  # again, for exact locations
    loaded.cache = cache
    return loaded


def _load_behaviour_set(directory: Path, display: Any) -> BehaviourSet:
    shared_doc = load_yaml(directory / "cues.yaml", display(directory / "cues.yaml"))
    shared = validate_document(shared_doc, SharedCuesFile).cues
    behaviours: list[Behaviour] = []
    errors: list[ContentError] = []
    seen: dict[str, SourceLocation] = {}
    for file in sorted((directory / "behaviours").glob("*.yaml")):
        try:
            document = load_yaml(file, display(file))
            spec = validate_document(document, BehaviourFile)
        except ContentError as exc:
            errors.append(exc)
            continue
        b = Behaviour(spec, document)
        if spec.id in seen:
            errors.append(
                ContentError(b.locate("id"), "E020", f"duplicate behaviour id {spec.id!r}")
            )
            continue
        seen[spec.id] = b.locate("id")
        behaviours.append(b)
    known = {b.id for b in behaviours}
    for b in behaviours:
        try:
            _check_references(b, shared, known)
        except ContentError as exc:
            errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else ContentErrors(errors)
    result = BehaviourSet(behaviours, shared, shared_doc)
    result.evaluation_order()
    return result
