"""Human output for the terminal (Rich): highlighted evidence and behaviour lists.

Symbols carry the meaning as well as colour, so the output reads the same under
NO_COLOR and when piped: ✓ a strength shown, ! a weakness shown, · not shown.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from coach.content.behaviours import Behaviour, BehaviourSet
from coach.nlp.detection import Detection

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


def render_detection(
    detection: Detection, behaviours: BehaviourSet, source: str, console: Console | None = None
) -> None:
    console = console or Console(highlight=False)
    styles = {b.id: _style_for(b, i) for i, b in enumerate(behaviours.behaviours)}
    text = Text(detection.text.rstrip("\n"))
    for b in behaviours.behaviours:
        result = detection.behaviours.get(b.id)
        if result is None or b.spec.derived is not None:
            continue
        for e in result.evidence:
            text.stylize(styles[b.id], e.start, min(e.end, len(text)))
    console.rule(Text(source, style="bold"))
    console.print(text)
    console.print()
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
            console.print(Text("      " + "  ".join(quotes), style=styles[b.id].split()[-1]))
    console.print()
    console.print(Text("Not found", style="bold"))
    for b in missing:
        symbol, style = _symbol(b, False)
        line = Text("  ")
        line.append(symbol, style=style)
        line.append(f" {b.spec.title} ", style="")
        line.append(f"[{b.id}]", style="dim")
        if b.spec.kind == "strength" and b.spec.hint:
            line.append(f" - {b.spec.hint}", style="dim")
        console.print(line)


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
