"""Live hints: one short line about a reply while it is being written.

Sparse on purpose: a hint names at most one thing, the most important, and says
nothing until the draft has a few words. It comes from the same detection and
coaching as the full feedback (run on the unsent draft in the reply's context), so
the hint and the feedback on send never disagree. No Textual here: the hint is plain
text the conversation screen shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.coaching import Feedback
    from coach.nlp.detection import Detection

MIN_WORDS = 4
QUOTE_WIDTH = 36

# How a weakness sounds, said the way a colleague would say it.
SOUNDS = {
    "ultimatum": "sounds like an ultimatum",
    "hedging": "sounds apologetic",
    "personal-only": "only personal reasons so far",
}

# What is still missing, for the misses that have no words to quote.
MISSING = {
    "propose-a-trial": "no trial proposed yet",
    "give-business-reason": "nothing yet on what the team gains",
    "lead-with-business": "the business case is not first yet",
    "name-a-schedule": "no concrete days or hours yet",
    "ask-concerns": "not asked what worries them yet",
    "answer-the-concern": "the point they raised is not answered yet",
    "address-availability": "not said yet how they can reach you",
    "address-clients": "the client worry is not answered yet",
    "address-collaboration": "the teamwork worry is not answered yet",
    "address-fairness": "the fairness worry is not answered yet",
    "address-productivity": "the productivity worry is not answered yet",
    "address-security": "the security worry is not answered yet",
    "address-visibility": "not said yet how your work stays visible",
    "ask-what-would-change": "not asked what would need to change yet",
    "show-trial-results": "no trial results yet",
    "say-how-reachable": "not said yet how you stay reachable",
    "say-how-measured": "no way to measure it yet",
    "trial-needs-length": "the trial has no length yet",
    "trial-needs-review": "no review point for the trial yet",
}


def quote(text: str, width: int = QUOTE_WIDTH) -> str:
    flat = " ".join(text.split())
    if len(flat) > width:
        flat = flat[: width - 1].rstrip() + "…"
    return f"\u2018{flat}\u2019"


def live_hint(detection: Detection, feedback: Feedback) -> str | None:
    """The one thing worth saying about a draft so far, or ``None``."""
    if len(detection.text.split()) < MIN_WORDS:
        return None
    for behaviour, sound in SOUNDS.items():
        result = detection.behaviours.get(behaviour)
        if result is not None and result.present:
            if result.evidence:
                return f"{sound}: {quote(' … '.join(e.text for e in result.evidence))}"
            return sound
    for finding in feedback.misses:
        if finding.level == "tip":
            continue
        title = finding.title[0].lower() + finding.title[1:]
        if finding.evidence:
            return f"{title}: {quote(finding.evidence[0].text)}"
        return MISSING.get(finding.rule_id, f"still to do: {title}")
    return None
