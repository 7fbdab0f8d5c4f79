"""Rule documentation generated from the rule files: ``docs/rules.md`` and ``coach
rules ID``. One source of truth; a test fails when the checked-in copy is stale.

Every rule gets the same fixed headings (in the manner of ruff's rule pages): what
it checks, why it matters, an example that fires, and what to write instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.coaching.formats import ExampleSpec
from coach.coaching.loading import CoachingContent, Rule
from coach.coaching.placeholders import render_template
from coach.coaching.signals import SIGNAL_PREFIX
from coach.conditions import (
    All,
    AnyOf,
    Behavior,
    Condition,
    Ever,
    Finding,
    Not,
    Situation,
    Topic,
    Turn,
    Var,
    Visits,
)

SYMBOLS = {"praise": "✓", "tip": "!", "warning": "!", "blocker": "✗"}
LEVEL_ORDER = ("blocker", "warning", "tip", "praise")


def _name(behaviour: str) -> str:
    if behaviour.startswith(SIGNAL_PREFIX):
        return f"the signal `{behaviour[len(SIGNAL_PREFIX) :]}`"
    return f"`{behaviour}`"


def _compare(test: tuple[tuple[str, float], ...]) -> str:
    words = {"eq": "", "gte": "at least ", "lte": "at most ", "gt": "over ", "lt": "under "}
    return " and ".join(f"{words[op]}{bound:g}" for op, bound in test)


def _all_situations(items: Sequence[Condition]) -> list[str] | None:
    ids = [c.id for c in items if isinstance(c, Situation)]
    return ids if len(ids) == len(items) else None


def describe(condition: Condition, top: bool = True) -> list[str]:
    """The condition in words, as Markdown list items (nested with two spaces). At
    the top, the items of ``all`` are listed one by one (all must hold)."""
    match condition:
        case All(items) if top:
            return [line for item in items for line in describe(item, top)]
        case All(items):
            return ["- all of:", *("  " + line for item in items for line in describe(item, True))]
        case AnyOf(items):
            situations = _all_situations(items)
            if situations:
                listed = ", ".join(f"`{s}`" for s in situations)
                return [f"- the situation is one of {listed}"]
            return [
                "- any of:",
                *("  " + line for item in items for line in describe(item, False)),
            ]
        case Not(Behavior(id)):
            return [f"- this reply does not show {_name(id)}"]
        case Not(Ever(id)):
            return [f"- no earlier reply showed {_name(id)}"]
        case Not(Situation(id)):
            return [f"- the situation is not `{id}`"]
        case Not(Topic(id)):
            return [f"- the manager did not raise `{id}`"]
        case Not(AnyOf(items)):
            situations = _all_situations(items)
            if situations:
                listed = ", ".join(f"`{s}`" for s in situations)
                return [f"- the situation is none of {listed} (or no situation is given)"]
            return [
                "- none of:",
                *("  " + line for item in items for line in describe(item, False)),
            ]
        case Not(item):
            return ["- not:", *("  " + line for line in describe(item, False))]
        case Behavior(id):
            return [f"- this reply shows {_name(id)}"]
        case Ever(id):
            return [f"- an earlier reply showed {_name(id)}"]
        case Situation(id):
            return [f"- the situation is `{id}`"]
        case Topic(id):
            return [f"- the manager raised `{id}`"]
        case Turn(test):
            return [f"- the reply is number {_compare(test.bounds)} in the conversation"]
        case Finding(id):
            return [f"- the rule `{id}` fired"]
        case Var(name, test):
            return [f"- the variable `{name}` is {_compare(test.bounds)}"]
        case Visits(node, test):
            return [f"- the node `{node}` was visited {_compare(test.bounds)} times"]
    return [f"- {condition!r}"]  # pragma: no cover


def example_context(example: ExampleSpec) -> str:
    parts = []
    if example.situation:
        parts.append(f"situation `{example.situation}`")
    if example.topic:
        parts.append(f"topic `{example.topic}`")
    if example.manager_said:
        parts.append(f"the manager said “{example.manager_said}”")
    if example.earlier:
        said = "; ".join(f"“{e}”" for e in example.earlier)
        parts.append(f"earlier replies: {said}")
    return ", ".join(parts)


def generic_suggestion(rule: Rule) -> str | None:
    """The suggestion with every placeholder at its fallback (no reply to fill it)."""
    if rule.spec.suggestion is None:
        return None
    return render_template(rule.spec.suggestion, {})


def _flat(text: str) -> str:
    return " ".join(text.split())


def _quote_block(example: ExampleSpec) -> list[str]:
    lines = [f"> {line}" if line else ">" for line in example.text.splitlines()]
    context = example_context(example)
    if context:
        lines += ["", f"({context})"]
    return lines


def rule_markdown(rule: Rule) -> str:
    spec = rule.spec
    out = [
        f'<a id="{rule.id}"></a>',
        "",
        f"## `{rule.id}`: {spec.title}",
        "",
        f"Level: {SYMBOLS[spec.level]} {spec.level} · "
        f"priority {spec.priority} · file `rules/coaching/{rule.id}.yaml`",
        "",
        "### What it checks",
        "",
    ]
    if spec.description:
        out += [_flat(spec.description), ""]
    out += ["The condition, in full:", "", *describe(rule.condition), ""]
    out += ["### Why it matters", "", _flat(spec.why), ""]
    if spec.source:
        out += [f"Source: {_flat(spec.source)}", ""]
    fires = spec.examples.fires
    silent = spec.examples.silent
    if spec.level == "praise":
        if fires:
            out += ["### Example that earns it", "", *_quote_block(fires[0]), ""]
        return "\n".join(out)
    if fires:
        out += ["### Example that fires", "", *_quote_block(fires[0]), ""]
    out += ["### Use instead", ""]
    suggestion = generic_suggestion(rule)
    if suggestion:
        out += [suggestion, ""]
    if spec.swap:
        out += ["| instead of | write |", "|---|---|"]
        for phrase, replacement in spec.swap.items():
            out.append(f"| {phrase} | {replacement or '(leave it out)'} |")
        out.append("")
    if silent:
        out += ["This stays silent:", "", *_quote_block(silent[0]), ""]
    return "\n".join(out)


def ordered_rules(content: CoachingContent) -> list[Rule]:
    return sorted(content.rules, key=lambda r: (LEVEL_ORDER.index(r.level), r.id))


def rules_markdown(content: CoachingContent) -> str:
    """The whole of ``docs/rules.md``."""
    rules = ordered_rules(content)
    out = [
        "# Coaching rules",
        "",
        "<!-- Generated from rules/coaching/*.yaml by `coach rules --markdown`; "
        "do not edit by hand. -->",
        "",
        f"coach has {len(rules)} coaching rules. Each looks at one reply in its context "
        "(the situation, the topic the manager raised, the earlier replies) and gives "
        "praise (✓) for what was done well, or a tip or warning (!) or a blocker (✗) "
        "for what to change. Rule ids are stable: use them with `--disable ID`, in the "
        "`disable` list of the config file, and with `coach rules ID`. "
        "How to write a rule: [authoring-rules.md](authoring-rules.md).",
        "",
        "| rule | level | title |",
        "|---|---|---|",
    ]
    for rule in rules:
        anchor = rule.id
        out.append(
            f"| [`{rule.id}`](#{anchor}) | {SYMBOLS[rule.level]} {rule.level} | {rule.spec.title} |"
        )
    out.append("")
    signals = content.signals
    if signals:
        out += [
            "Conditions name the reply's behaviours (`coach behaviours`) and these "
            "signals, written `signal:<id>` (defined in `rules/coaching/signals.yaml`):",
            "",
            "| signal | what it finds |",
            "|---|---|",
        ]
        for sid, signal in signals.items():
            out.append(f"| `{sid}` | {signal.title} |")
        out.append("")
    for rule in rules:
        out += [rule_markdown(rule), ""]
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip("\n") + "\n"
