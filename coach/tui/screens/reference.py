"""The rules reference: every coaching rule and every behaviour, with what it checks,
why it matters, what to write instead and its examples (the same examples the test
suite runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from coach.tui.render import LEVEL_STYLES, LEVEL_SYMBOLS, MUTED, behaviour_symbol

if TYPE_CHECKING:
    from coach.coaching.loading import Rule
    from coach.content.behaviours import Behaviour
    from coach.tui.app import CoachApp
    from coach.tui.engine import Engine

LEVEL_ORDER = ("blocker", "warning", "tip", "praise")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _section(name: str) -> Content:
    return Content.styled(f"\n{name}", "bold $text-accent")


def rule_details(rule: Rule, disabled: bool) -> Content:
    from coach.coaching.docs import describe, example_context, generic_suggestion

    spec = rule.spec
    lines: list[Content] = [
        Content.assemble(
            (f"{LEVEL_SYMBOLS[rule.level]} ", LEVEL_STYLES[rule.level]),
            (spec.title, "bold"),
        ),
        Content.styled(
            f"{rule.id} · {rule.level} · priority {spec.priority} · {rule.path}"
            + (" · switched off in your settings" if disabled else ""),
            MUTED,
        ),
        _section("What it checks"),
    ]
    if spec.description:
        lines.append(Content(_flat(spec.description)))
    lines.append(Content.styled("The condition, in full:", MUTED))
    lines += [Content("  " + line.replace("`", "")) for line in describe(rule.condition)]
    lines += [_section("Why it matters"), Content(_flat(spec.why))]
    if spec.source:
        lines.append(Content.styled(f"Source: {_flat(spec.source)}", MUTED))
    suggestion = generic_suggestion(rule)
    if suggestion or spec.swap:
        lines.append(_section("Use instead"))
        if suggestion:
            lines.append(Content.styled(suggestion, "$text-success"))
        for phrase, replacement in spec.swap.items():
            instead = f"“{replacement}”" if replacement else "(leave it out)"
            lines.append(Content(f"  “{phrase}” → {instead}"))
    for kind, label in (("fires", "Examples that fire"), ("silent", "Examples that stay silent")):
        examples = getattr(spec.examples, kind)
        if not examples:
            continue
        lines.append(_section(label))
        for example in examples:
            context = example_context(example).replace("`", "")
            row = Content.assemble("• ", _flat(example.text))
            if context:
                row = Content.assemble(row, (f"  ({context})", MUTED))
            lines.append(row)
    return Content("\n").join(lines)


def behaviour_details(behaviour: Behaviour) -> Content:
    spec = behaviour.spec
    kind = {"strength": "a strength", "weakness": "a weakness", "neutral": "neutral"}[spec.kind]
    lines: list[Content] = [
        Content.assemble((f"{behaviour_symbol(behaviour, True)} ", "bold"), (spec.title, "bold")),
        Content.styled(f"{behaviour.id} · {kind} · {behaviour.document.path}", MUTED),
        _section("What it is"),
        Content(_flat(spec.description)),
    ]
    if spec.hint:
        lines += [_section("How to show it" if spec.kind == "strength" else "Advice")]
        lines.append(Content.styled(_flat(spec.hint), "$text-success"))
    if spec.derived is not None:
        lines.append(_section("Derived"))
        parts = [f"present when {', '.join(spec.derived.present)} shows"]
        if spec.derived.absent:
            parts.append(f"and {', '.join(spec.derived.absent)} does not")
        lines.append(Content(" ".join(parts)))
    for kind_name, label in (
        ("present", "Examples that show it"),
        ("absent", "Examples that do not"),
    ):
        examples = getattr(spec.examples, kind_name)
        if examples:
            lines.append(_section(label))
            lines += [Content.assemble("• ", _flat(text)) for text in examples]
    return Content("\n").join(lines)


class ReferenceScreen(Screen[None]):
    """Browse the rules and the behaviours."""

    HELP = (
        "Every coaching rule (what the feedback is made of) and every behaviour "
        "(what detection looks for), with why it matters and its examples. Type in "
        "the filter to narrow the lists; Tab moves between the filter, the tabs and "
        "the list."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="reference.back", tooltip="Back"),
        Binding(
            "slash",
            "filter",
            "Filter",
            id="reference.filter",
            tooltip="Type to narrow the lists by id or title",
        ),
    ]

    @property
    def coach_app(self) -> CoachApp:
        return cast("CoachApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Input(placeholder="Filter by id or title ( / )", id="reference-filter", compact=True)
        with TabbedContent(id="reference"):
            with TabPane("Coaching rules", id="rules-tab"), Horizontal(classes="browser"):
                yield OptionList(id="rule-list")
                with VerticalScroll(classes="details"):
                    yield Static(Content.styled("Loading the rules…", MUTED), id="rule-details")
            with TabPane("Behaviours", id="behaviours-tab"), Horizontal(classes="browser"):
                yield OptionList(id="behaviour-list")
                with VerticalScroll(classes="details"):
                    yield Static(id="behaviour-details")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "rules and behaviours"
        self.watch(self.coach_app, "engine", self._engine_changed)

    def _engine_changed(self, engine: Engine | None) -> None:
        if engine is not None:
            self._fill("")
            self.query_one("#rule-list", OptionList).focus()

    def _rules(self, engine: Engine) -> list[Rule]:
        return sorted(engine.coach.all_rules, key=lambda r: (LEVEL_ORDER.index(r.level), r.id))

    def _fill(self, needle: str) -> None:
        engine = self.coach_app.engine
        if engine is None:
            return
        needle = needle.lower().strip()

        def wanted(*words: str) -> bool:
            return not needle or any(needle in w.lower() for w in words)

        rules = self.query_one("#rule-list", OptionList)
        rules.clear_options()
        rules.add_options(
            Option(
                Content.assemble(
                    (f"{LEVEL_SYMBOLS[r.level]} ", LEVEL_STYLES[r.level]), r.spec.title
                ),
                id=r.id,
            )
            for r in self._rules(engine)
            if wanted(r.id, r.spec.title)
        )
        behaviours = self.query_one("#behaviour-list", OptionList)
        behaviours.clear_options()
        behaviours.add_options(
            Option(Content(f"{behaviour_symbol(b, True)} {b.spec.title}"), id=b.id)
            for b in engine.behaviours.behaviours
            if wanted(b.id, b.spec.title)
        )
        for widget in (rules, behaviours):
            widget.highlighted = 0 if widget.option_count else None
        if not rules.option_count:
            none = Content.styled("No rule matches.", MUTED)
            self.query_one("#rule-details", Static).update(none)
        if not behaviours.option_count:
            self.query_one("#behaviour-details", Static).update(
                Content.styled("No behaviour matches.", MUTED)
            )

    @on(Input.Changed, "#reference-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#reference-filter")
    def _filter_done(self) -> None:
        tabs = self.query_one(TabbedContent)
        target = "#rule-list" if tabs.active == "rules-tab" else "#behaviour-list"
        self.query_one(target, OptionList).focus()

    def action_filter(self) -> None:
        self.query_one("#reference-filter", Input).focus()

    @on(OptionList.OptionHighlighted, "#rule-list")
    def _rule(self, event: OptionList.OptionHighlighted) -> None:
        engine = self.coach_app.engine
        rule = engine.coach.rule(event.option.id or "") if engine else None
        if engine is not None and rule is not None:
            details = rule_details(rule, rule.id in engine.coach.disabled)
            self.query_one("#rule-details", Static).update(details)

    @on(OptionList.OptionHighlighted, "#behaviour-list")
    def _behaviour(self, event: OptionList.OptionHighlighted) -> None:
        engine = self.coach_app.engine
        behaviour = engine.behaviours.by_id.get(event.option.id or "") if engine else None
        if behaviour is not None:
            self.query_one("#behaviour-details", Static).update(behaviour_details(behaviour))
