"""``coach rules``: list the coaching rules, explain one, test every example, or print
the generated rule documentation."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from typing import Any

from coach.cli import add_common_options, load_settings_for
from coach.errors import EXIT_FOUND, EXIT_OK, CoachError, ContentError, ContentErrors


def register(sub: Any) -> None:
    rules = sub.add_parser(
        "rules",
        help="list the coaching rules, explain one, or test their examples",
        description="Without ID: list every coaching rule. With ID: explain it (what it "
        "checks, why, examples, what to write instead). --test runs every embedded "
        "example (of rules, signals and topics) and exits 1 when one fails; --markdown "
        "prints docs/rules.md.",
    )
    add_common_options(rules)
    rules.add_argument("rule_id", nargs="?", metavar="ID", help="the rule to explain (or test)")
    mode = rules.add_mutually_exclusive_group()
    mode.add_argument("--test", action="store_true", help="run the embedded examples")
    mode.add_argument(
        "--markdown", action="store_true", help="print the rule reference (docs/rules.md)"
    )
    rules.add_argument("--format", choices=("human", "json"), default="human")
    rules.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.test:
        return run_tests(args)
    from coach.coaching import Coach

    settings = load_settings_for(args)
    coach = Coach.load(disabled=settings.disable)
    for warning in coach.warnings:
        print(warning.render(), file=sys.stderr)
    if args.markdown:
        from coach.coaching.docs import rules_markdown

        if args.rule_id:
            raise CoachError("--markdown prints every rule; leave out the ID")
        sys.stdout.write(rules_markdown(coach.content))
        return EXIT_OK
    if args.rule_id:
        rule = find_rule(coach, args.rule_id)
        if args.format == "json":
            _dump(rule_json(rule))
            return EXIT_OK
        from coach.console import render_rule

        render_rule(rule)
        return EXIT_OK
    from coach.coaching.docs import ordered_rules

    rules = ordered_rules(coach.content)
    if args.format == "json":
        _dump([_summary(r, r.id in coach.disabled) for r in rules])
        return EXIT_OK
    from coach.console import render_rules

    render_rules(rules, coach.disabled)
    return EXIT_OK


def find_rule(coach: Any, rule_id: str) -> Any:
    rule = coach.rule(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, [r.id for r in coach.all_rules], n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise CoachError(f"no coaching rule {rule_id!r}", hint=f"{hint}'coach rules' lists them")
    return rule


def _dump(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _summary(rule: Any, disabled: bool) -> dict[str, Any]:
    return {
        "id": rule.id,
        "level": rule.level,
        "title": rule.spec.title,
        "priority": rule.spec.priority,
        "disabled": disabled,
    }


def rule_json(rule: Any) -> dict[str, Any]:
    from coach.coaching.docs import describe, generic_suggestion

    spec = rule.spec
    return {
        "id": rule.id,
        "level": rule.level,
        "title": spec.title,
        "priority": spec.priority,
        "file": rule.path,
        "description": " ".join(spec.description.split()),
        "when": [line.strip() for line in describe(rule.condition)],
        "why": " ".join(spec.why.split()),
        "source": spec.source,
        "suggestion": generic_suggestion(rule),
        "swap": dict(spec.swap),
        "examples": {
            kind: [e.model_dump(exclude_defaults=True) for e in getattr(spec.examples, kind)]
            for kind in ("fires", "silent")
        },
    }


def run_tests(args: argparse.Namespace) -> int:
    """Every example, as ``file:line:col: E049:`` lines; exit 1 when any fails.

    Content that does not load is reported the same way (and also exits 1): here the
    problems are the command's findings, not bad usage."""
    from coach.coaching import Coach
    from coach.coaching.examples import example_cases, failures, run_examples, too_few_examples

    settings = load_settings_for(args)
    try:
        coach = Coach.load()
    except (ContentError, ContentErrors) as exc:
        print(exc.render())
        print("coach rules --test: the rules do not load", file=sys.stderr)
        return EXIT_FOUND
    cases = example_cases(coach)
    problems: list[ContentError] = too_few_examples(coach)
    if args.rule_id:
        find_rule(coach, args.rule_id)
        cases = [c for c in cases if c.kind == "rule" and c.owner == args.rule_id]
        problems = [p for p in problems if f"'{args.rule_id}'" in p.message]

    from coach.analysis import Analyzer

    analyzer = Analyzer.load(settings.model)
    coach.attach_pipeline(analyzer.nlp)
    results = run_examples(coach, analyzer, cases)
    failed = failures(results)
    for error in problems + [r.error() for r in failed]:
        print(error.render())
    rules = len({c.owner for c in cases if c.kind == "rule"})
    summary = (
        f"{len(results)} examples of {rules} rules, {len(coach.content.signals)} signals and "
        f"{len(coach.content.topics)} topics: {len(failed)} failed"
    )
    if args.rule_id:
        summary = f"{len(results)} examples of {args.rule_id}: {len(failed)} failed"
    if problems:
        summary += f"; {len(problems)} rule(s) with too few examples"
    print(summary)
    return EXIT_FOUND if failed or problems else EXIT_OK
