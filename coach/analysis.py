"""Detection as a service: content plus pipeline, built once and reused.

The CLI (and later the session, the TUI and replay) ask this object what a reply
does; none of them touches spaCy or YAML directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from coach.content.behaviours import BehaviourSet
from coach.content.library import load_behaviours
from coach.nlp.detection import Detection, detect_behaviours, detect_many
from coach.nlp.pipeline import add_coach_components, load_model, pipeline_identity


class Analyzer:
    def __init__(self, nlp: Language, behaviours: BehaviourSet) -> None:
        self.nlp = nlp
        self.behaviours = behaviours
        self.pipeline = pipeline_identity(nlp)

    @classmethod
    def load(
        cls, model: str, rules: Path | None = None, behaviours: BehaviourSet | None = None
    ) -> Analyzer:
        """Content is validated before the (slow) model is loaded, so errors show fast.
        ``behaviours``: a set already loaded (the coaching rules need it too)."""
        behaviours = behaviours or load_behaviours(rules)
        nlp = add_coach_components(load_model(model), behaviours)
        behaviours.remember(compiled=True)
        return cls(nlp, behaviours)

    def detect(self, text: str) -> Detection:
        return detect_behaviours(self.nlp, text)

    def detect_many(self, texts: Iterable[str]) -> Iterator[Detection]:
        return detect_many(self.nlp, texts)
