"""``coach proposal``: a one-page written proposal from your facts, with feedback.

Asks for the facts in a terminal (Enter keeps the answer saved last time), or reads
them with ``--facts FILE`` (YAML or JSON); fills a template (``rules/proposal/``,
or ``<data dir>/templates/proposal.md``, or ``--template``); checks the draft with
the same detection and coaching as ``coach check --situation opening-pitch``; and
lists the findings with a finding for every fact left empty. The facts are saved in
``<data dir>/proposal/facts.json`` (``0600``) for next time and for practice.

Where things go: the draft goes to standard output, or to ``--out FILE``; the
feedback goes to standard error while the draft is on standard output, and to
standard output when the draft went to a file. ``--format json`` prints one JSON
object with the draft, the facts and every finding.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from coach.cli import add_common_options, load_settings_for, positive_int
from coach.commands.prepare import INTERRUPTED, add_data_dir_option
from coach.errors import EXIT_FOUND, EXIT_OK, CoachError
from coach.vocabulary import LEVELS

if TYPE_CHECKING:
    from coach.coaching import Finding
    from coach.proposal import FieldGuide, ProposalFacts, ProposalReview

FORMATS = ("md", "html", "json")
_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}


def register(sub: Any) -> None:
    proposal = sub.add_parser(
        "proposal",
        help="draft a one-page written proposal from your facts, with feedback",
        description="Write a one-page proposal (the days, what the team gains, how you "
        "stay reachable, how results are measured, a trial with a review, the concerns "
        "you expect) from your answers or a facts file, then check it like 'coach check' "
        "does. Empty facts are findings too. The draft goes to standard output or "
        "--out; the feedback to standard error (standard output with --out).",
    )
    add_common_options(proposal)
    proposal.add_argument(
        "--facts", metavar="FILE", help="read the facts from a YAML or JSON file (no questions)"
    )
    proposal.add_argument("--out", metavar="FILE", help="write the draft to FILE")
    proposal.add_argument(
        "--format",
        choices=FORMATS,
        help="md (Markdown, the default), html (a self-contained page) or json; "
        "guessed from the --out file name when not given",
    )
    proposal.add_argument(
        "--template",
        metavar="FILE",
        help="a template file, or the name of a shipped one (proposal, email); default: "
        "<data dir>/templates/proposal.md if present, else the shipped proposal",
    )
    add_data_dir_option(proposal, "your facts and your own template")
    proposal.add_argument(
        "--no-save", action="store_true", help="do not save the facts for next time"
    )
    proposal.add_argument(
        "--max-chars",
        type=positive_int,
        metavar="N",
        help="refuse drafts longer than N characters (default 20000)",
    )
    shown = proposal.add_argument_group("which feedback")
    shown.add_argument("--min-level", choices=LEVELS, help="hide misses below this level")
    shown.add_argument("--no-praise", action="store_true", help="hide praise")
    shown.add_argument(
        "--fail-on",
        choices=tuple(level for level in LEVELS if level != "praise"),
        metavar="LEVEL",
        help="exit 1 when a finding at or above LEVEL (tip, warning, blocker) is found",
    )
    proposal.set_defaults(handler=run)


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.out:
        return _SUFFIXES.get(Path(args.out).suffix.lower(), "md")
    return "md"


def run(args: argparse.Namespace) -> int:
    from coach.paths import data_dir
    from coach.proposal import (
        build_draft,
        choose_template,
        load_facts,
        load_field_guide,
        read_facts_file,
        review_facts,
        save_facts,
    )
    from coach.textinput import check_text

    settings = load_settings_for(args)
    fmt = output_format(args)
    root = data_dir(args.data_dir)
    guide = load_field_guide()
    template = choose_template(root, args.template)  # a bad template stops here, fast
    if args.facts:
        facts = read_facts_file(Path(args.facts))
        if not args.no_save:  # a bad saved file is set aside, not overwritten
            for warning in load_facts(root).warnings:
                print(warning.render(), file=sys.stderr)
    else:
        if not sys.stdin.isatty():
            raise CoachError(
                "no facts given and standard input is not a terminal",
                hint="run it in a terminal, or pass --facts FILE",
            )
        saved = load_facts(root)
        for warning in saved.warnings:
            print(warning.render(), file=sys.stderr)
        asked = ask_facts(guide, saved.facts, sys.stdin.readline, sys.stderr)
        if asked is None:
            return INTERRUPTED
        facts = asked
    check_text(build_draft(facts, template, guide).checked_text, "the draft", settings.max_chars)

    from coach.analysis import Analyzer
    from coach.commands.check import load_coach

    coach = load_coach(settings, [])
    if fmt != "json":
        print("Checking the draft…", file=sys.stderr, flush=True)
    analyzer = Analyzer.load(settings.model)
    coach.attach_pipeline(analyzer.nlp)
    review = review_facts(facts, analyzer, coach, template, guide)
    draft = review.draft
    saved_to = None if args.no_save else save_facts(root, draft.facts)

    selected = review.select(args.min_level, praise=not args.no_praise)
    if fmt == "json":
        data = review.to_json()
        data["saved"] = None if saved_to is None else str(saved_to)
        document = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        document = draft.html()
    else:
        document = draft.markdown
    if args.out:
        _write(Path(args.out), document)
    else:
        sys.stdout.write(document)
        sys.stdout.flush()
    if fmt != "json":
        feedback_out = sys.stdout if args.out else sys.stderr
        render_feedback(review, selected, feedback_out)
        notes = []
        if args.out:
            notes.append(f"Wrote the draft to {args.out}.")
        if saved_to is not None:
            notes.append(f"Saved the facts to {saved_to} for next time.")
        if notes:
            print(" ".join(notes), file=sys.stderr)
    failed = args.fail_on is not None and _fails(selected, args.fail_on)
    return EXIT_FOUND if failed else EXIT_OK


def _fails(findings: tuple[Finding, ...], level: str) -> bool:
    from coach.coaching import at_or_above

    return any(at_or_above(f.level, level) for f in findings if not f.is_praise)


def _write(path: Path, text: str) -> None:
    from coach.proposal.export import write_document

    if path.is_dir():
        raise CoachError(f"{path} is a directory", hint="give a file name with --out")
    write_document(path, text)


def render_feedback(review: ProposalReview, selected: tuple[Finding, ...], out: IO[str]) -> None:
    from rich.console import Console
    from rich.text import Text

    from coach.console import render_findings

    console = Console(file=out, highlight=False)
    console.print()
    heading = Text("Feedback on the draft", style="bold")
    gaps = sum(1 for f in selected if f.rule_id.startswith("proposal-"))
    heading.append(
        f" ({len(selected)} point{'s' if len(selected) != 1 else ''}, {gaps} from empty facts)",
        style="dim",
    )
    console.print(heading)
    render_findings(console, selected, 0)


# ---------------------------------------------------------------------------
# Asking for the facts


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def ask_facts(
    guide: FieldGuide,
    previous: ProposalFacts | None,
    read_line: Callable[[], str],
    out: IO[str],
) -> ProposalFacts | None:
    """Ask for every fact; Enter keeps the saved one, ``-`` clears it. ``None`` when
    the input ends or the user interrupts (nothing is saved then)."""
    from coach.proposal import Concern, ProposalFacts

    facts = previous or ProposalFacts()
    out.write(
        "The facts of your proposal. Enter keeps an earlier answer, '-' clears it; "
        "any fact may stay empty (the feedback will say so).\n"
    )

    def read() -> str | None:
        out.flush()
        line = read_line()
        return None if line == "" else line.rstrip("\n").strip()

    try:
        for fact in guide.ordered():
            out.write(f"\n{fact.label}: {fact.prompt}\n")
            if fact.example:
                out.write(f"  e.g. {fact.example}\n")
            if fact.name == "gains":
                kept = facts.gains
                if kept:
                    out.write(
                        f"  Enter keeps your {len(kept)} point(s): {_shorten('; '.join(kept))}\n"
                    )
                points: list[str] = []
                while True:
                    out.write(f"  point {len(points) + 1}: ")
                    line = read()
                    if line is None:
                        return None
                    if line == "-":
                        kept, points = (), []
                        break
                    if not line:
                        break
                    points.append(line)
                facts = facts.with_values(gains=tuple(points) if points else kept)
            elif fact.name == "concerns":
                out.write("  One at a time, each with your answer; an empty concern finishes.\n")
                concerns = facts.concerns
                if concerns:
                    out.write(
                        f"  Enter keeps your {len(concerns)} concern(s): "
                        f"{_shorten('; '.join(c.concern for c in concerns))}\n"
                    )
                given: list[Concern] = []
                cleared = False
                while True:
                    out.write(f"  concern {len(given) + 1}: ")
                    line = read()
                    if line is None:
                        return None
                    if line == "-":
                        cleared = True
                        break
                    if not line:
                        break
                    out.write("    your answer: ")
                    answer = read()
                    if answer is None:
                        return None
                    given.append(Concern(line, answer))
                chosen = tuple(given) if given or cleared else concerns
                facts = facts.with_values(concerns=chosen)
            else:
                current = str(facts.value(fact.name))
                if current:
                    out.write(f"  Enter keeps: {_shorten(current)}\n")
                out.write("  > ")
                line = read()
                if line is None:
                    return None
                if line == "-":
                    facts = facts.with_values(**{fact.name: ""})
                elif line:
                    facts = facts.with_values(**{fact.name: " ".join(line.split())})
    except KeyboardInterrupt:
        out.write("\nStopped; nothing was saved.\n")
        return None
    out.write("\n")
    return facts
