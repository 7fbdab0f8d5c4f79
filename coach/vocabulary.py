"""Closed vocabularies shared by every part: extend them here and only here.

Situations say where in the conversation a reply is made; coaching rules and
dialogue nodes refer to them. Topics are what the manager raised in the line the
reply answers. Both lists are part of the contracts in the architecture notes.
"""

from __future__ import annotations

SITUATIONS: tuple[str, ...] = (
    "opening-pitch",
    "pushback-office",
    "pushback-concern",
    "job-offer",
    "remote-interview",
    "trial-checkin",
    "trial-review",
    "after-no",
    "hr-policy",
    "flex-hours",
)

TOPICS: tuple[str, ...] = (
    "security",
    "clients",
    "collaboration",
    "visibility",
    "fairness",
    "productivity",
    "availability",
    "junior-role",
    "policy",
    "cost",
)

LEVELS: tuple[str, ...] = ("praise", "tip", "warning", "blocker")
"""Rule levels: praise for what was done well; misses rank tip < warning < blocker."""
