"""Every key of the app, per screen, as Markdown: the key tables of ``docs/tui.md`` are
generated from the bindings themselves (a test fails when the checked-in copy is
stale), so the docs, the footer and the help screen never disagree.

    .venv/bin/python -m coach.tui.keys      # prints the tables
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

START = "<!-- keys:start -->"
END = "<!-- keys:end -->"


def _screens() -> list[tuple[str, type[DOMNode], Sequence[type[DOMNode]]]]:
    from coach.tui.app import CoachApp
    from coach.tui.screens.checker import CheckerScreen
    from coach.tui.screens.conversation import ConversationScreen
    from coach.tui.screens.history import HistoryScreen
    from coach.tui.screens.home import HomeScreen
    from coach.tui.screens.proposal import ProposalScreen
    from coach.tui.screens.readiness import ReadinessScreen
    from coach.tui.screens.reference import ReferenceScreen
    from coach.tui.screens.replay import ReplayScreen
    from coach.tui.screens.scorecard import ScorecardScreen
    from coach.tui.widgets.feedback.panel import BehaviourList, FindingList

    feedback = (FindingList, BehaviourList)
    return [
        ("Everywhere", CoachApp, ()),
        ("Home", HomeScreen, ()),
        ("Conversation", ConversationScreen, feedback),
        ("Scorecard", ScorecardScreen, ()),
        ("Checker", CheckerScreen, feedback),
        ("Readiness check", ReadinessScreen, ()),
        ("Proposal", ProposalScreen, feedback),
        ("Rules and behaviours", ReferenceScreen, ()),
        ("Past sessions", HistoryScreen, ()),
        ("Replay", ReplayScreen, feedback),
    ]


def _key(binding: Binding) -> str:
    if binding.key_display:
        return f"`{binding.key_display}`"
    keys = [
        k.strip().replace("slash", "/").replace("question_mark", "?")
        for k in binding.key.split(",")
    ]
    return " / ".join(f"`{k}`" for k in keys)


def _rows(bindings: Sequence[BindingType], scope: str = "") -> list[str]:
    rows: list[str] = []
    seen: set[str] = set()
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.id:
            continue
        key = _key(binding)
        if key in seen:  # several keys shown as one (`1-9`)
            continue
        seen.add(key)
        what = binding.description + (f" ({scope})" if scope else "")
        rows.append(f"| {key} | {what} | {binding.tooltip} |")
    return rows


def keys_markdown() -> str:
    out: list[str] = [START]
    for title, screen, parts in _screens():
        out += ["", f"### {title}", "", "| key | action | what it does |", "|---|---|---|"]
        out += _rows(list(getattr(screen, "BINDINGS", [])))
        for part in parts:
            out += _rows(list(getattr(part, "BINDINGS", [])), str(getattr(part, "SCOPE", "")))
    out += [
        "",
        "Also everywhere: `ctrl+p` opens the command palette (every scenario, screen and "
        "action by name), `tab` / `shift+tab` move between the parts of a screen, and text "
        "selected with the mouse is copied with `ctrl+c`.",
        END,
    ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(keys_markdown(), end="")
