"""Human output for the terminal (Rich): highlighted evidence, behaviour lists,
coaching findings, rules and the scorecard.

Symbols carry the meaning as well as colour, so the output reads the same under
NO_COLOR and when piped: for behaviours ✓ a strength shown, ! a weakness shown,
· not shown; for findings ✓ praise, ! a tip or warning, ✗ a blocker.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from coach.content.behaviours import Behaviour, BehaviourSet
from coach.nlp.detection import Detection

if TYPE_CHECKING:
    from coach.coaching import Feedback, Finding, Scorecard
    from coach.coaching.loading import Rule

_STRENGTH_STYLES = ("green", "cyan", "blue", "magenta", "bright_green", "bright_cyan")
_WEAKNESS_STYLE = "red"
_NEUTRAL_STYLE = "yellow"


def _style_for(behaviour: Behaviour, index: int) -> str:
    if behaviour.spec.kind == "weakness":
        return f"underline {_WEAKNESS_STYLE}"
    if behaviour.spec.kind == "neutral":
        return f"underline {_NEUTRAL_STYLE}"
    return f"underline {_STRENGTH_STYLES[index % len(_STRENGTH_STYLES)]}"


def _symbol(behaviour: Behaviour, present: bool) -> tuple[str, str]:
    if not present:
        return "·", "dim"
    if behaviour.spec.kind == "weakness":
        return "!", "bold red"
    if behaviour.spec.kind == "neutral":
        return "•", "yellow"
    return "✓", "bold green"


def render_behaviours(behaviours: BehaviourSet, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    for b in behaviours.behaviours:
        header = Text()
        header.append(b.id, style="bold")
        header.append(f"  {b.spec.title}", style="")
        console.print(header)
        console.print(Text("  " + " ".join(b.spec.description.split()), style=""))
        if b.spec.examples.present:
            console.print(Text(f"  e.g. “{b.spec.examples.present[0]}”", style="dim"))
        console.print()


# ---------------------------------------------------------------------------
# Coaching: findings, the rewrite, rules and the scorecard
#
# Symbols as well as colour: ✓ praise, ! tip or warning, ✗ blocker.

LEVEL_SYMBOLS = {"praise": "✓", "tip": "!", "warning": "!", "blocker": "✗"}
LEVEL_STYLES = {
    "praise": "bold green",
    "tip": "bold cyan",
    "warning": "bold yellow",
    "blocker": "bold red",
}
_EVIDENCE_STYLES = {
    "praise": "underline green",
    "tip": "underline cyan",
    "warning": "underline yellow",
    "blocker": "bold underline red",
}


def _wrapped(console: Console, text: str, indent: int, style: str = "") -> None:
    """A paragraph indented on every line, wrapped to the console width (no trailing
    spaces, so piped output stays clean)."""
    width = max(console.width - indent, 20)
    for line in textwrap.wrap(" ".join(text.split()), width) or [""]:
        console.print(Text(" " * indent + line, style=style), soft_wrap=True)


def _finding_header(finding: Finding) -> Text:
    line = Text("  ")
    line.append(LEVEL_SYMBOLS[finding.level], style=LEVEL_STYLES[finding.level])
    line.append(f" {finding.level:<8}", style=LEVEL_STYLES[finding.level])
    line.append(f"{finding.title} ", style="bold")
    line.append(f"[{finding.rule_id}]", style="dim")
    return line


def render_findings(
    console: Console, shown: Sequence[Finding], hidden: int, *, why: bool = True
) -> None:
    if not shown:
        console.print(Text("  Nothing to change here.", style="dim"))
    for finding in shown:
        console.print(_finding_header(finding))
        _wrapped(console, finding.message, 13)
        if why:
            _wrapped(console, f"Why: {finding.why}", 13, "dim")
        if finding.suggestion:
            _wrapped(console, f"Try: {finding.suggestion}", 13, "italic")
    if hidden > 0:
        more = "point" if hidden == 1 else "points"
        console.print(Text(f"  {hidden} more {more}: --all shows every one", style="dim"))


def render_check(
    detection: Detection,
    feedback: Feedback,
    shown: Sequence[Finding],
    selected: int,
    behaviours: BehaviourSet,
    source: str,
    *,
    context: Sequence[str] = (),
    ignored: Sequence[tuple[int, int]] = (),
    console: Console | None = None,
) -> None:
    """A checked reply: the text with the evidence highlighted, the findings, the
    suggested rewrite, then what detection found."""
    console = console or Console(highlight=False)
    text = Text(detection.text.rstrip("\n"))
    for start, end in ignored:
        text.stylize("dim", start, min(end, len(text)))
    # Every behaviour's evidence is underlined in its own colour; the evidence of the
    # findings shown is then marked by level on top.
    for index, b in enumerate(behaviours.behaviours):
        if b.spec.derived is None:
            for e in detection.behaviours[b.id].evidence:
                text.stylize(_style_for(b, index), e.start, min(e.end, len(text)))
    for finding in reversed(shown):
        for e in finding.evidence:
            text.stylize(_EVIDENCE_STYLES[finding.level], e.start, min(e.end, len(text)))
    console.rule(Text(source, style="bold"))
    for line in context:
        console.print(Text(line, style="dim"))
    console.print(text)
    console.print()
    counts = f"{len(shown)} of {selected}" if len(shown) < selected else f"{len(shown)}"
    heading = Text("Feedback", style="bold")
    heading.append(f" ({counts} point{'s' if selected != 1 else ''})", style="dim")
    console.print(heading)
    render_findings(console, shown, selected - len(shown))
    if feedback.suggestion:
        console.print()
        console.print(Text("Suggested rewrite", style="bold"))
        _wrapped(console, feedback.suggestion, 2, "green")
    console.print()
    _render_behaviours_found(detection, behaviours, console)


def _render_behaviours_found(
    detection: Detection, behaviours: BehaviourSet, console: Console
) -> None:
    shown = [b for b in behaviours.behaviours if detection.behaviours[b.id].present]
    missing = [b for b in behaviours.behaviours if not detection.behaviours[b.id].present]
    console.print(Text("What this text does", style="bold"))
    if not shown:
        console.print(Text("  (none of the behaviours coach looks for)", style="dim"))
    for b in shown:
        symbol, style = _symbol(b, True)
        line = Text("  ")
        line.append(symbol, style=style)
        line.append(f" {b.spec.title} ", style="bold")
        line.append(f"[{b.id}]", style="dim")
        console.print(line)
        quotes = [f"“{e.text}”" for e in detection.behaviours[b.id].evidence[:3]]
        if quotes:
            _wrapped(console, "  ".join(quotes), 6, "dim")
    console.print(Text("Not found", style="bold"))
    for b in missing:
        line = Text("  ")
        line.append("·", style="dim")
        line.append(f" {b.spec.title} ")
        line.append(f"[{b.id}]", style="dim")
        console.print(line)


def render_rules(
    rules: Sequence[Rule], disabled: Iterable[str] = (), console: Console | None = None
) -> None:
    console = console or Console(highlight=False)
    off = set(disabled)
    width = max((len(r.id) for r in rules), default=0)
    for rule in rules:
        line = Text("  ")
        line.append(LEVEL_SYMBOLS[rule.level], style=LEVEL_STYLES[rule.level])
        line.append(f" {rule.level:<8}", style=LEVEL_STYLES[rule.level])
        line.append(f"{rule.id:<{width}}  ", style="bold")
        line.append(rule.spec.title)
        if rule.id in off:
            line.append("  (disabled)", style="dim")
        console.print(line, soft_wrap=True)
    console.print()
    console.print(
        Text(
            f"{len(rules)} rules. 'coach rules ID' explains one; 'coach rules --test' "
            "runs every example.",
            style="dim",
        ),
        soft_wrap=True,
    )


def render_rule(rule: Rule, console: Console | None = None) -> None:
    """``coach rules ID``: the same sections as docs/rules.md, for the terminal."""
    from coach.coaching.docs import describe, example_context, generic_suggestion

    console = console or Console(highlight=False)
    spec = rule.spec
    title = Text()
    title.append(LEVEL_SYMBOLS[rule.level], style=LEVEL_STYLES[rule.level])
    title.append(f" {rule.id}", style="bold")
    title.append(f"  {spec.title}  ({rule.level}, priority {spec.priority})")
    console.print(title)
    console.print(Text(f"  {rule.path}", style="dim"))

    def section(name: str) -> None:
        console.print()
        console.print(Text(name, style="bold"))

    section("What it checks")
    if spec.description:
        _wrapped(console, spec.description, 2)
    console.print(Text("  The condition, in full:"))
    for line in describe(rule.condition):
        console.print(Text("    " + line.replace("`", "")))
    section("Why it matters")
    _wrapped(console, spec.why, 2)
    if spec.source:
        _wrapped(console, f"Source: {spec.source}", 2, "dim")
    suggestion = generic_suggestion(rule)
    if suggestion or spec.swap:
        section("Use instead")
        if suggestion:
            _wrapped(console, suggestion, 2, "italic")
        for phrase, replacement in spec.swap.items():
            console.print(
                Text(f"    “{phrase}” → {f'“{replacement}”' if replacement else '(leave it out)'}")
            )
    for kind, label in (("fires", "Examples that fire"), ("silent", "Examples that stay silent")):
        examples = getattr(spec.examples, kind)
        if not examples:
            continue
        section(label)
        for example in examples:
            context = example_context(example).replace("`", "")
            row = Text("  • ")
            row.append(" ".join(example.text.split()))
            if context:
                row.append(f"  ({context})", style="dim")
            console.print(row, soft_wrap=True)


def render_scorecard(card: Scorecard, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    head = Text("Scorecard: ", style="bold")
    head.append(f"{card.total}/100", style="bold")
    replies = "reply" if card.turns == 1 else "replies"
    head.append(f"  over {card.turns} {replies}", style="dim")
    console.print(head)
    if card.cap is not None and card.uncapped > card.cap:
        console.print(
            Text(
                f"  capped at {card.cap} by a blocker; {round(card.uncapped)} without it",
                style="bold red",
            )
        )
    for group in card.groups:
        console.print()
        line = Text(f"{group.title}", style="bold")
        share = "n/a" if group.share is None else f"{round(group.share * 100)}%"
        line.append(
            f"  {group.met} of {group.applicable} checks met, {share} by weight "
            f"(group weight {group.weight:g})",
            style="dim",
        )
        console.print(line)
        for check in group.checks:
            row = Text("  ")
            if check.met is None:
                row.append("-", style="dim")
                row.append(f" {check.title} (not applicable)", style="dim")
            elif check.met:
                row.append("✓", style="bold green")
                row.append(f" {check.title}")
            else:
                row.append("·", style="dim")
                row.append(f" {check.title}")
            console.print(row)
    if card.fired_blockers:
        console.print()
        console.print(Text("Blockers", style="bold"))
        for blocker in card.fired_blockers:
            row = Text("  ")
            row.append("✗", style="bold red")
            turns = ", ".join(str(t) for t in blocker.turns)
            row.append(f" {blocker.title} (reply {turns}): caps the score at {blocker.cap}")
            console.print(row)
    if card.improvements:
        console.print()
        console.print(Text("The changes that would raise the score most", style="bold"))
        for i, item in enumerate(card.improvements, start=1):
            row = Text(f"  {i}. ")
            if item.kind == "blocker":
                row.append("✗ avoid: ", style="bold red")
            row.append(item.title, style="bold")
            if item.gain >= 0.5:
                row.append(f"  (+{round(item.gain)})", style="green")
            console.print(row)
            _wrapped(console, item.advice, 5, "dim")
