"""Answers given in a file (``coach prepare --answers FILE``): a YAML or JSON
mapping of question id to option id, checked against the questionnaire with
``file:line:col`` errors."""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path

from coach.content.yamlsource import load_yaml
from coach.errors import CoachError, ContentError
from coach.prepare.model import Questionnaire


def _suggest(value: str, known: list[str]) -> str:
    close = get_close_matches(value, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def read_answers_file(path: Path, questionnaire: Questionnaire) -> dict[str, str]:
    """Every answer in the file; unknown questions (``E320``) and options (``E321``)
    are errors at their place in the file. Whether every question is answered is
    checked by :meth:`~coach.prepare.check.ReadinessCheck.submit`."""
    if path.is_dir():
        raise CoachError(f"{path} is a directory, not an answers file")
    if not path.exists():
        raise CoachError(f"file not found: {path}")
    document = load_yaml(path)
    data = document.data
    if not isinstance(data, dict):
        raise ContentError(
            document.locate(()),
            "E012",
            "expected a mapping of question id to option id (e.g. 'work-away: most')",
        )
    answers: dict[str, str] = {}
    question_ids = [q.id for q in questionnaire.questions]
    for key, value in data.items():
        where = document.locate((str(key),))
        question = questionnaire.question(str(key))
        if question is None:
            raise ContentError(
                where, "E320", f"unknown question {key!r}{_suggest(str(key), question_ids)}"
            )
        options = [o.id for o in question.options]
        if not isinstance(value, str) or question.option(value) is None:
            shown = value if isinstance(value, str) else repr(value)
            hint = _suggest(value, options) if isinstance(value, str) else ""
            raise ContentError(
                document.locate((str(key),)),
                "E321",
                f"question {key!r} has no option {shown!r}{hint} (options: {', '.join(options)})",
            )
        answers[str(key)] = value
    return answers
