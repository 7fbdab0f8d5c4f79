"""From proposal to practice: the saved facts as a practice session uses them.

The concerns the user expects become the dialogue's fact variables
(``expects-<topic>``), so a scenario's manager can raise the very concern they
expected; the days, the measure, the trial length and the first business gain become
the words coaching's rewrites use (``{schedule}``, ``{metric}``, ``{duration}``,
``{reason}``). See :mod:`coach.dialogue.facts`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coach.dialogue.facts import PracticeFacts
from coach.prepare.storage import DataWarning
from coach.proposal.facts import ProposalFacts
from coach.proposal.template import as_phrase, as_sentence

TopicDetector = Callable[[str], "str | None"]


def practice_facts(facts: ProposalFacts, detect: TopicDetector | None = None) -> PracticeFacts:
    """The facts as a practice session uses them. Concerns without a topic get one
    from ``detect`` when it is given (e.g. ``lambda t: coach.detect_topic(None, t)``);
    saved facts already carry the topics detected when they were saved."""
    if detect is not None:
        facts = facts.with_topics(detect)
    return PracticeFacts(
        expected_topics=facts.expected_topics,
        schedule=as_phrase(facts.schedule) or None,
        metric=as_phrase(facts.measures) or None,
        duration=as_phrase(facts.trial_length) or None,
        reason=as_sentence(facts.gains[0]) if facts.gains else None,
    )


def load_practice_facts(
    data_dir: Path, detect: TopicDetector | None = None
) -> tuple[PracticeFacts | None, tuple[DataWarning, ...]]:
    """The saved facts (``<data dir>/proposal/facts.json``) for a practice session,
    or ``None`` when there are none; warnings when a bad file was set aside."""
    from coach.proposal.store import load_facts

    saved = load_facts(data_dir)
    if saved.facts is None:
        return None, saved.warnings
    return practice_facts(saved.facts, detect), saved.warnings
