"""``coach prepare``: the readiness check before asking for remote or flexible work.

Interactive in a terminal (numbered answers, Enter keeps the earlier answer, ``b``
goes back, ``q`` stops); ``--answers FILE`` answers from a YAML or JSON mapping of
question id to option id, for scripts. Every answer is saved as it is given under
``<data dir>/prepare/answers.json``, so an interrupted check resumes where it
stopped and a finished one is compared with the last. Questions and prompts go to
standard error; the result (chart, weakest ingredient, next steps) to standard
output, or as JSON with ``--format json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from coach.cli import add_common_options
from coach.errors import EXIT_OK, CoachError

if TYPE_CHECKING:
    from rich.console import Console

    from coach.prepare import Question, Readiness, ReadinessCheck

INTERRUPTED = 130


def add_data_dir_option(parser: argparse.ArgumentParser, what: str = "your answers") -> None:
    """``--data-dir DIR``: where answers and facts are kept."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where {what} are kept (env COACH_DATA_DIR; default: the platform's "
        "user data directory)",
    )


def register(sub: Any) -> None:
    prepare = sub.add_parser(
        "prepare",
        help="readiness check: where you stand before asking, and what to do first",
        description="A short questionnaire over the four ingredients a manager weighs "
        "(remote-ability, a champion, brand capital, what's in it for them) and your "
        "timing. Shows a score per ingredient, the weakest one with concrete next "
        "steps, and the change since your last check. Answers are saved as you go, so "
        "an interrupted check carries on where it stopped.",
    )
    add_common_options(prepare)
    prepare.add_argument(
        "--answers",
        metavar="FILE",
        help="answer from a YAML or JSON file mapping question id to option id "
        "(no questions asked)",
    )
    prepare.add_argument("--format", choices=("human", "json"), default="human")
    add_data_dir_option(prepare)
    prepare.add_argument(
        "--restart", action="store_true", help="drop the answers of a check in progress"
    )
    prepare.add_argument(
        "--no-save", action="store_true", help="keep nothing: answers and result are not saved"
    )
    prepare.add_argument(
        "--questions",
        action="store_true",
        help="list every question id with its option ids (for writing an answers file)",
    )
    prepare.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from coach.paths import data_dir
    from coach.prepare import ReadinessCheck, load_questionnaire, read_answers_file

    questionnaire = load_questionnaire()
    if args.questions:
        return list_questions(args, questionnaire, sys.stdout)
    answers = read_answers_file(Path(args.answers), questionnaire) if args.answers else None
    if answers is None and not sys.stdin.isatty():
        raise CoachError(
            "no answers given and standard input is not a terminal",
            hint="run it in a terminal, or pass --answers FILE ('--questions' lists the ids)",
        )
    check = ReadinessCheck.open(data_dir(args.data_dir), questionnaire, save=not args.no_save)
    for warning in check.warnings:
        print(warning.render(), file=sys.stderr)
    if answers is not None:
        result = check.submit(answers)
    else:
        if args.restart and check.answers:
            check.restart()
        finished = ask(check, sys.stdin.readline, sys.stderr)
        if finished is None:
            return INTERRUPTED
        result = finished
    if args.format == "json":
        out = {"format": 1, **result.to_json()}
        out["saved"] = None if check.path is None else str(check.path)
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render_readiness(result, saved=check.path is not None)
    return EXIT_OK


def list_questions(args: argparse.Namespace, questionnaire: Any, out: IO[str]) -> int:
    if args.format == "json":
        data = [
            {
                "id": q.id,
                "ingredient": q.ingredient,
                "text": q.text,
                "options": [{"id": o.id, "text": o.text} for o in q.options],
            }
            for q in questionnaire.questions
        ]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for q in questionnaire.questions:
        out.write(f"{q.id}  ({q.ingredient})  {q.text}\n")
        for o in q.options:
            out.write(f"    {o.id}: {o.text}\n")
    return EXIT_OK


# ---------------------------------------------------------------------------
# Asking


def _choice(text: str, question: Question, default: str | None) -> str | None:
    """The option id a typed answer picks, ``"back"``/``"quit"``, or ``None``."""
    typed = text.strip().lower()
    if typed == "" and default is not None:
        return default
    if typed in ("b", "back"):
        return "back"
    if typed in ("q", "quit", "/quit"):
        return "quit"
    if typed.isdigit() and 1 <= int(typed) <= len(question.options):
        return question.options[int(typed) - 1].id
    option = question.option(typed)
    return option.id if option is not None else None


def _paragraph(text: str, indent: str = "") -> str:
    import shutil

    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent) + "\n"


def ask(check: ReadinessCheck, read_line: Callable[[], str], out: IO[str]) -> Readiness | None:
    """Ask every question left, saving each answer; the result when all are answered,
    ``None`` when the user stopped (the answers given so far are kept)."""
    questions = check.questionnaire.questions
    titles = {i.id: i.title for i in check.questionnaire.ingredients}
    total = len(questions)
    out.write(f"{check.questionnaire.title}\n{_paragraph(check.questionnaire.intro)}")
    if check.resumed:
        out.write(
            f"\nCarrying on where you stopped: {total - len(check.pending())} of {total} "
            "answered.\n"
        )
    elif check.last is not None:
        out.write("\nEnter keeps your answer from last time.\n")
    saving = "saved as you go" if check.path is not None else "not saved (--no-save)"
    out.write(f"{total} questions; answers are {saving}. b goes back, q stops.\n")
    position = _first_pending(check)
    try:
        while position is not None:
            question = questions[position]
            default = check.default_for(question.id)
            number = question.index_of(default)
            title = titles.get(question.ingredient, question.ingredient)
            out.write(f"\n{title} · question {position + 1} of {total}\n")
            out.write(_paragraph(question.text))
            for i, option in enumerate(question.options, start=1):
                mark = "  (your answer)" if i == number else ""
                out.write(f"  {i}. {option.text}{mark}\n")
            keep = f", Enter keeps {number}" if number else ""
            while True:
                out.write(f"Choose 1-{len(question.options)}{keep}: ")
                out.flush()
                line = read_line()
                if line == "":  # end of input
                    out.write("\n")
                    _stopped(check, out)
                    return None
                picked = _choice(line, question, default)
                if picked is not None:
                    break
                out.write(f"Please type a number from 1 to {len(question.options)}.\n")
            if picked == "quit":
                _stopped(check, out)
                return None
            if picked == "back":
                position = max(0, position - 1)
                continue
            check.answer(question.id, picked)
            position = _first_pending(check)
    except KeyboardInterrupt:
        out.write("\n")
        _stopped(check, out)
        return None
    return check.finish()


def _first_pending(check: ReadinessCheck) -> int | None:
    pending = {q.id for q in check.pending()}
    for i, question in enumerate(check.questionnaire.questions):
        if question.id in pending:
            return i
    return None


def _stopped(check: ReadinessCheck, out: IO[str]) -> None:
    given = len(check.answers)
    if check.path is not None and given:
        out.write(f"Stopped. Your {given} answer(s) are saved; run 'coach prepare' to carry on.\n")
    else:
        out.write("Stopped.\n")


# ---------------------------------------------------------------------------
# Showing the result


def _bar_style(score: int | None) -> str:
    if score is None:
        return "dim"
    return "green" if score >= 70 else "yellow" if score >= 40 else "red"


def render_readiness(result: Readiness, *, saved: bool, console: Console | None = None) -> None:
    from rich.console import Console
    from rich.text import Text

    console = console or Console(highlight=False)

    def wrapped(text: str, indent: int, first: str = "", style: str = "") -> None:
        """A paragraph with a hanging indent, wrapped to the console width."""
        lines = textwrap.wrap(
            " ".join(text.split()),
            max(console.width, 40),
            initial_indent=" " * indent + first,
            subsequent_indent=" " * (indent + len(first)),
        )
        for line in lines:
            console.print(Text(line, style=style), soft_wrap=True)

    console.print(Text(result.questionnaire.title, style="bold"))
    if result.compared_with:
        when = result.compared_with.replace("T", " ").replace("Z", " UTC")
        console.print(Text(f"Compared with your last check ({when})", "dim"))
    console.print()
    title_width = max(len(s.title) for s in result.scores)
    for score, line in zip(result.scores, result.chart().splitlines(), strict=True):
        text = Text(line)
        start = title_width + 2
        text.stylize(_bar_style(score.score), start, start + 20)
        console.print(text, soft_wrap=True)
    console.print()
    weakest = result.weakest
    ingredient = result.weakest_ingredient
    if weakest is None or ingredient is None:
        console.print(Text("No weak spot: every ingredient is at 100. Time to ask.", "bold"))
    else:
        head = Text("Weakest: ", style="bold")
        head.append(f"{weakest.title} ({weakest.score}/100)", style="bold red")
        console.print(head)
        wrapped(ingredient.summary, 2, style="dim")
        console.print()
        console.print(Text("What to do first", style="bold"))
        for i, step in enumerate(result.next_steps, start=1):
            wrapped(step, 2, f"{i}. ")
        console.print()
        console.print(Text(f"Your answers on {weakest.title.lower()}", style="bold"))
        for item in result.advice(weakest.id):
            wrapped(f"{item.question.text} → {item.option.text}", 2, "• ")
            wrapped(item.option.advice, 4, style="dim")
    console.print()
    after = "Run 'coach prepare' again to retake it and see what changed. " if saved else ""
    wrapped(f"{after}Next: 'coach proposal' drafts the written proposal with you.", 0, style="dim")
