"""Text for the screens: the reply with its evidence highlighted, findings, the
scorecard. Pure functions from domain objects to Textual ``Content``, so widgets stay
small and the look is decided in one place.

Symbols carry the meaning as well as colour (as in the terminal output): for findings
✓ praise, ! a tip or warning, ✗ a blocker; for behaviours ✓ a strength shown, ! a
weakness shown, • neutral, · not shown. Colours come from the theme (``$success``,
``$error``…) so dark and light themes both read well; behaviour highlights use a
fixed palette of mid-tone colours that show on either background.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from textual.content import Content

if TYPE_CHECKING:
    from coach.coaching import Finding, Scorecard
    from coach.content.behaviours import Behaviour, BehaviourSet
    from coach.dialogue.model import Scenario
    from coach.nlp.detection import Detection
    from coach.prepare import IngredientScore, Readiness
    from coach.tui.engine import Scores

LEVEL_SYMBOLS = {"praise": "✓", "tip": "!", "warning": "!", "blocker": "✗"}
LEVEL_STYLES = {
    "praise": "bold $success",
    "tip": "bold $primary",
    "warning": "bold $warning",
    "blocker": "bold $error",
}
OUTCOME_STYLES = {
    "agreed": "$success",
    "trial-agreed": "$success",
    "compromise": "$warning",
    "deferred": "$warning",
    "refused": "$error",
    "walked-out": "$error",
}
OUTCOME_SYMBOLS = {
    "agreed": "✓",
    "trial-agreed": "✓",
    "compromise": "~",
    "deferred": "○",
    "refused": "✗",
    "walked-out": "✗",
}
DIFFICULTY_STYLES = {"easy": "$success", "medium": "$warning", "hard": "$error"}

# Mid-tone colours that read on dark and light backgrounds alike.
_STRENGTH_COLOURS = ("#1f8ad2", "#18a06a", "#9b59b6", "#d97b1a", "#13a3a3", "#b5892f")
_WEAKNESS_COLOUR = "#d8434e"
_NEUTRAL_COLOUR = "#a58a12"
MUTED = "$foreground-muted"
"""Secondary text. Not ``$text-muted``: that is "auto 60%", which only CSS can
resolve; in content styles it came out as full white."""


def behaviour_colours(behaviours: BehaviourSet) -> dict[str, str]:
    """A colour per behaviour: weaknesses red, neutral ones ochre, strengths in turn."""
    colours: dict[str, str] = {}
    strengths = 0
    for behaviour in behaviours.behaviours:
        kind = behaviour.spec.kind
        if kind == "weakness":
            colours[behaviour.id] = _WEAKNESS_COLOUR
        elif kind == "neutral":
            colours[behaviour.id] = _NEUTRAL_COLOUR
        else:
            colours[behaviour.id] = _STRENGTH_COLOURS[strengths % len(_STRENGTH_COLOURS)]
            strengths += 1
    return colours


def behaviour_symbol(behaviour: Behaviour, present: bool) -> str:
    if not present:
        return "·"
    return {"weakness": "!", "neutral": "•"}.get(behaviour.spec.kind, "✓")


def highlighted_reply(
    detection: Detection,
    behaviours: BehaviourSet,
    ignored: Iterable[tuple[int, int]] = (),
) -> Content:
    """The reply with every behaviour's evidence underlined in that behaviour's colour
    (weaknesses also bold); spans left out of judging are dimmed."""
    text = detection.text.rstrip("\n")
    content = Content(text)
    length = len(text)
    for start, end in ignored:
        content = content.stylize(MUTED, start, min(end, length))
    colours = behaviour_colours(behaviours)
    for behaviour in behaviours.behaviours:
        result = detection.behaviours.get(behaviour.id)
        if result is None or not result.present or behaviour.spec.derived is not None:
            continue
        weight = "bold " if behaviour.spec.kind == "weakness" else ""
        for evidence in result.evidence:
            if evidence.start < length:
                style = f"{weight}underline {colours[behaviour.id]}"
                content = content.stylize(style, evidence.start, min(evidence.end, length))
    return content


def behaviour_line(
    behaviour: Behaviour, present: bool, colour: str, quotes: Sequence[str] = ()
) -> Content:
    """One behaviour in the legend under the reply: its symbol and title in its
    highlight colour when shown; dim when not."""
    symbol = behaviour_symbol(behaviour, present)
    if not present:
        return Content.assemble((f"{symbol} {behaviour.spec.title}", MUTED))
    parts: list[tuple[str, str] | str] = [
        (f"{symbol} ", f"bold {colour}"),
        (behaviour.spec.title, f"underline {colour}"),
    ]
    if quotes:
        parts.append(("  " + "  ".join(f"“{q}”" for q in quotes[:2]), MUTED))
    return Content.assemble(*parts)


def finding_prompt(finding: Finding, *, why: bool = False) -> Content:
    """A finding as the findings list shows it: symbol, level and title, then the
    message (and the why, for the highlighted one)."""
    style = LEVEL_STYLES.get(finding.level, "bold")
    parts: list[tuple[str, str] | str] = [
        (f"{LEVEL_SYMBOLS.get(finding.level, '·')} {finding.level:<8}", style),
        (finding.title, "bold"),
        "\n",
        " ".join(finding.message.split()),
    ]
    if why:
        parts += ["\n", (f"Why: {' '.join(finding.why.split())}", MUTED)]
    return Content.assemble(*parts)


def level_counts(findings: Sequence[Finding]) -> Content:
    """“✗ 1  ! 3  ✓ 2”: a glance at the feedback, for headers."""
    counts = {"blocker": 0, "warning": 0, "tip": 0, "praise": 0}
    for finding in findings:
        counts[finding.level] = counts.get(finding.level, 0) + 1
    parts: list[tuple[str, str] | str] = []
    if counts["blocker"]:
        parts.append((f"✗ {counts['blocker']}  ", LEVEL_STYLES["blocker"]))
    misses = counts["warning"] + counts["tip"]
    if misses:
        parts.append((f"! {misses}  ", LEVEL_STYLES["warning"]))
    if counts["praise"]:
        parts.append((f"✓ {counts['praise']}", LEVEL_STYLES["praise"]))
    return Content.assemble(*parts) if parts else Content("nothing to add")


def scenario_row(scenario: Scenario, scores: Scores | None = None) -> Content:
    """Two lines: the title, then the difficulty, who you talk to and your scores."""
    style = DIFFICULTY_STYLES.get(scenario.difficulty, "")
    person = scenario.manager
    parts: list[tuple[str, str] | str] = [
        (scenario.title, "bold"),
        "\n",
        (scenario.difficulty, style),
        (f" · with {person.name}", MUTED),
    ]
    if scores is not None and scenario.id in scores.last:
        parts += [
            (" · last ", MUTED),
            (str(scores.last[scenario.id]), "bold"),
            (" best ", MUTED),
            (str(scores.best[scenario.id]), "bold $text-success"),
        ]
    return Content.assemble(*parts)


def scores_lines(scenario_id: str, scores: Scores | None) -> list[Content]:
    """For the details pane: your sessions of this scenario and how they went."""
    if scores is None or scenario_id not in scores.sessions:
        return []
    count = scores.sessions[scenario_id]
    line = Content.assemble(("Your sessions: ", MUTED), (str(count), "bold"), (" recorded", MUTED))
    if scenario_id in scores.last:
        line = Content.assemble(
            line,
            (" · last ", MUTED),
            (str(scores.last[scenario_id]), "bold"),
            (" · best ", MUTED),
            (str(scores.best[scenario_id]), "bold $text-success"),
            ("  " + scores.trend.get(scenario_id, ""), "$text-accent"),
        )
    return [Content(""), line]


def scenario_details(scenario: Scenario, extra: Sequence[Content] = ()) -> Content:
    person = scenario.manager
    lines: list[Content] = [
        Content.styled(scenario.title, "bold"),
        Content.assemble(
            (scenario.difficulty, DIFFICULTY_STYLES.get(scenario.difficulty, "")),
            (f" · up to {scenario.max_turns} replies", MUTED),
        ),
        Content(""),
        Content.assemble(("With ", MUTED), (person.name, "bold"), (f", {person.role}", MUTED)),
        Content(""),
        Content(" ".join(scenario.summary.split())),
        *extra,
    ]
    return Content("\n").join(lines)


def bar(share: float | None, width: int = 10) -> Content:
    """A partial-credit bar: ``███████░░░ 70%`` (``n/a`` when nothing applied)."""
    if share is None:
        return Content.styled("n/a", MUTED)
    filled = round(share * width)
    style = "$success" if share >= 0.67 else "$warning" if share >= 0.34 else "$error"
    return Content.assemble(
        ("█" * filled, style), ("░" * (width - filled), MUTED), f" {round(share * 100):>3}%"
    )


def scorecard_summary(card: Scorecard) -> Content:
    head = Content.assemble(
        (f"{card.total}", "bold"),
        (f" out of 100, over {card.turns} repl{'y' if card.turns == 1 else 'ies'}", MUTED),
    )
    if card.cap is not None and card.uncapped > card.cap:
        head = Content.assemble(
            head,
            "\n",
            (
                f"capped at {card.cap} by a blocker; {round(card.uncapped)} without it",
                "bold $error",
            ),
        )
    return head


Line = tuple[Content, Content, str]
"""(mark, text, kind) for a :class:`~coach.tui.widgets.rows.MarkedLine`."""


def rubric_lines(card: Scorecard) -> list[Line]:
    """Every group with its partial credit (kind ``group``), then each of its checks:
    ✓ met, · not met, - not applicable."""
    lines: list[Line] = []
    for group in card.groups:
        heading = Content.assemble(
            (group.title, "bold"),
            "  ",
            bar(group.share),
            (f"  {group.met} of {group.applicable} met", MUTED),
        )
        lines.append((Content(""), heading, "group"))
        for check in group.checks:
            if check.met is None:
                title = Content.styled(f"{check.title} (not applicable)", MUTED)
                lines.append((Content.styled("-", MUTED), title, "check"))
            elif check.met:
                turns = ", ".join(str(t) for t in check.turns)
                lines.append(
                    (
                        Content.styled("✓", "bold $success"),
                        Content.assemble(check.title, (f"  (reply {turns})", MUTED)),
                        "check",
                    )
                )
            else:
                lines.append((Content.styled("·", MUTED), Content(check.title), "check"))
    return lines


def blocker_lines(card: Scorecard) -> list[Line]:
    lines: list[Line] = []
    for blocker in card.fired_blockers:
        turns = ", ".join(str(t) for t in blocker.turns)
        lines.append(
            (
                Content.styled("✗", "bold $error"),
                Content.assemble(
                    (blocker.title, "bold"), f" (reply {turns}): caps the score at {blocker.cap}"
                ),
                "blocker",
            )
        )
    return lines


def improvement_lines(card: Scorecard) -> list[Line]:
    """The (at most three) changes that raise the score most, with their advice."""
    lines: list[Line] = []
    for number, item in enumerate(card.improvements, start=1):
        parts: list[tuple[str, str] | str] = []
        if item.kind == "blocker":
            parts.append(("avoid: ", "bold $error"))
        parts.append((item.title, "bold"))
        if item.gain >= 0.5:
            parts.append((f"  +{round(item.gain)}", "bold $success"))
        parts += ["\n", (" ".join(item.advice.split()), MUTED)]
        lines.append((Content.styled(f"{number}.", "bold"), Content.assemble(*parts), "change"))
    return lines


MOOD = ("trust", "patience")
"""The scenario variables that say how the manager is taking it (others are facts)."""


def variables_line(
    values: Mapping[str, int], before: Mapping[str, int], start: Mapping[str, int]
) -> Content:
    """How the manager is taking it, discreetly: ``trust +1 ▲  patience ●●○``.
    Patience shows as dots out of its starting value; other variables as a signed
    number with an arrow for the last change."""
    parts: list[tuple[str, str] | str] = []
    for name in MOOD:
        if name not in values:
            continue
        value = values[name]
        if parts:
            parts.append((" · ", MUTED))
        change = value - before.get(name, value)
        arrow = " ▲" if change > 0 else " ▼" if change < 0 else ""
        arrow_style = "$success" if change > 0 else "$error"
        if name == "patience":
            full = max(start.get(name, value), value, 1)
            shown = max(value, 0)
            parts.append((f"{name} ", MUTED))
            parts.append(("●" * shown, "$text-accent" if value > 1 else "$error"))
            parts.append(("○" * (full - shown), MUTED))
        else:
            parts.append((f"{name} {value:+d}", MUTED))
        if arrow:
            parts.append((arrow, arrow_style))
    return Content.assemble(*parts)


# ---------------------------------------------------------------------------
# The readiness check


def score_style(score: int | None) -> str:
    """Good, fair and weak scores at a glance (the number is always shown too)."""
    if score is None:
        return MUTED
    if score >= 75:
        return "$success"
    return "$warning" if score >= 50 else "$error"


def readiness_chart(scores: Sequence[IngredientScore]) -> Content:
    """The chart of ``coach prepare`` (the same columns and bars), each bar coloured
    by its score and the change since the last check by its sign."""
    from coach.prepare import chart_rows

    lines: list[Content] = []
    for row in chart_rows(scores):
        parts: list[tuple[str, str] | str] = [
            f"{row.title}  ",
            (row.bar, score_style(row.score.score)),
            (f"  {row.shown}", "bold"),
        ]
        if row.change:
            sign = row.change[0]
            style = "$text-success" if sign == "+" else "$text-error" if sign == "-" else MUTED
            parts.append((f"  {row.change:>3}", style))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


def readiness_report(readiness: Readiness) -> Content:
    """Under the chart: the weakest ingredient, what to do first, and the advice on
    the answers given about it; or that nothing is weak."""
    weakest = readiness.weakest
    ingredient = readiness.weakest_ingredient
    if weakest is None or ingredient is None:
        return Content.assemble(
            ("Nothing is weak: ", "bold $text-success"),
            "every ingredient is at 100. Write the proposal, then practise the conversation.",
        )
    lines: list[Content] = [
        Content.assemble(
            ("Weakest: ", "bold"),
            (weakest.title, f"bold {score_style(weakest.score)}"),
            (f" ({weakest.score}/100)", MUTED),
        ),
        Content.styled(ingredient.summary, MUTED),
        Content(""),
        Content.styled("What to do first", "bold $text-accent"),
    ]
    for number, step in enumerate(readiness.next_steps, 1):
        lines.append(Content(f"{number}. {' '.join(step.split())}"))
    answers = readiness.advice(weakest.id)
    if answers:
        lines += [Content(""), Content.styled(f"Your answers on {weakest.title.lower()}", "bold")]
        for answer in answers:
            lines.append(
                Content.assemble(
                    "• ",
                    (answer.question.text, MUTED),
                    " → ",
                    (answer.option.text, "bold"),
                )
            )
            # No-break spaces: a wrapped line would lose a plain indent.
            advice = " ".join(answer.option.advice.split())
            lines.append(Content.styled(f"\u00a0\u00a0{advice}", MUTED))
    return Content("\n").join(lines)
