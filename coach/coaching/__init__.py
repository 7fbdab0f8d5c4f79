"""Coaching: whether a reply made the right move at this moment, why, and how to
say it better; and a scorecard for a whole conversation.

The public API (the dialogue engine, the session, the CLI and the TUI use these)::

    coach = Coach.load()                        # rules/ as shipped; Coach.load(dir) for tests
    coach.attach_pipeline(analyzer.nlp)         # optional: reuse its tokenizer (faster start)
    feedback = coach.feedback(detection, ReplyContext(situation="pushback-office"))
    feedback.top(3)                             # the three most important findings
    feedback.suggestion                         # one rewrite of the whole reply
    coach.scorecard([(detection, ctx), ...])    # a Scorecard for the conversation
    coach.detect_topic(analyzer, "What about client data?")   # -> "security"

Rules are data (``rules/coaching/<rule-id>.yaml``), written in the shared condition
language of :mod:`coach.conditions`; see ``docs/authoring-rules.md``. This package
never imports Rich or Textual.
"""

from coach.coaching.engine import Coach, CoachingWarning
from coach.coaching.model import MISS_LEVELS, Feedback, Finding, ReplyContext, at_or_above
from coach.coaching.scorecard import (
    BlockerResult,
    CheckResult,
    GroupResult,
    Improvement,
    Scorecard,
)

__all__ = [
    "MISS_LEVELS",
    "BlockerResult",
    "CheckResult",
    "Coach",
    "CoachingWarning",
    "Feedback",
    "Finding",
    "GroupResult",
    "Improvement",
    "ReplyContext",
    "Scorecard",
    "at_or_above",
]
