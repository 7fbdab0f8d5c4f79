"""What coaching hands back: findings for one reply, the context it needs, and ranking.

These are plain frozen dataclasses with no dependency on spaCy, YAML or Rich, so the
dialogue engine, the session, the CLI and the TUI can all pass them around.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from coach.nlp.detection import Detection, Evidence
from coach.vocabulary import LEVELS

MISS_LEVELS: tuple[str, ...] = tuple(level for level in LEVELS if level != "praise")
"""The levels of a miss, least important first: tip < warning < blocker."""

_RANK = {level: i for i, level in enumerate(LEVELS)}


def level_rank(level: str) -> int:
    """praise 0, tip 1, warning 2, blocker 3: higher is more important for a miss."""
    return _RANK[level]


def at_or_above(level: str, threshold: str) -> bool:
    """Whether a miss at ``level`` meets ``threshold``; praise never does (unless the
    threshold is praise itself, which means "everything")."""
    if threshold == "praise":
        return True
    return level != "praise" and level_rank(level) >= level_rank(threshold)


@dataclass(frozen=True)
class Finding:
    """One piece of feedback on one reply."""

    rule_id: str
    title: str
    level: str  # 'praise' | 'tip' | 'warning' | 'blocker'
    message: str
    why: str
    suggestion: str | None
    evidence: tuple[Evidence, ...] = ()

    @property
    def is_praise(self) -> bool:
        return self.level == "praise"


@dataclass(frozen=True)
class ReplyContext:
    """Where a reply sits in the conversation.

    ``topic`` is what the manager raised in the line this reply answers; when it is
    ``None`` and ``manager_said`` is given, the coach detects the topic from that line
    (``rules/topics.yaml``). With a topic and no ``situation``, the reply is judged as
    an answer to a concern (``pushback-concern``), not as an opening. ``earlier`` holds
    the detections of the earlier replies of the same conversation, oldest first; the
    turn number is ``len(earlier) + 1``.
    """

    situation: str | None = None
    topic: str | None = None
    manager_said: str | None = None
    earlier: tuple[Detection, ...] = ()
    # The user's own words prepared beforehand (``coach proposal``): "reason",
    # "schedule", "metric", "duration". Suggestions fall back to them when neither this
    # reply nor an earlier one says the thing.
    prepared: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Feedback:
    """Every finding for a reply, ranked most important first, and one rewrite.

    Ranking: misses before praise; among misses blocker > warning > tip, then the
    rule's ``priority``, then the order of the rule files. ``suggestion`` is one
    combined rewrite of the whole reply, present when there are misses to fix.
    """

    findings: tuple[Finding, ...]
    suggestion: str | None = None

    @property
    def misses(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.is_praise)

    @property
    def praise(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_praise)

    def select(self, min_level: str | None = None, praise: bool = True) -> tuple[Finding, ...]:
        """Every finding that passes the filters, in rank order: misses at or above
        ``min_level`` (all misses when it is ``None``), then praise unless ``praise``
        is false."""
        threshold = min_level or "tip"
        chosen = [f for f in self.misses if at_or_above(f.level, threshold)]
        if praise:
            chosen += self.praise
        return tuple(chosen)

    def top(
        self, n: int = 3, min_level: str | None = None, praise: bool = True
    ) -> tuple[Finding, ...]:
        """The ``n`` most important findings that pass the filters of :meth:`select`."""
        return self.select(min_level, praise)[: max(n, 0)]

    def worst(self) -> str | None:
        """The level of the most important miss, or ``None`` when there is none."""
        misses = self.misses
        return misses[0].level if misses else None
