"""Scoring a readiness check: a score per ingredient, the weakest one, its next
steps, the change since the last check, and the chart that shows it all.

Pure functions over a :class:`~coach.prepare.model.Questionnaire` and a mapping of
question id to option id; nothing here reads or writes files or prints.

An ingredient's score is the weighted mean of the points of its answered questions
(0 to 100, rounded); an ingredient with no answered question has no score. The
weakest ingredient is the one with the lowest score, the earlier in the file on a
tie (the file lists remote-ability first: without it nothing else matters); when
every scored ingredient is at 100 there is no weakest one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.prepare.model import Ingredient, Option, Question, Questionnaire

CHART_WIDTH = 20
_PARTIAL = " ▏▎▍▌▋▊▉"
_FULL = "█"
_EMPTY = "░"


@dataclass(frozen=True)
class IngredientScore:
    id: str
    title: str
    score: int | None
    """0-100, or ``None`` when none of its questions is answered."""
    answered: int
    questions: int
    previous: int | None = None
    """The score at the last completed check, when there was one."""

    @property
    def change(self) -> int | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


@dataclass(frozen=True)
class AnswerAdvice:
    """One answer given, with the advice for it."""

    question: Question
    option: Option

    @property
    def lost(self) -> int:
        """Weighted points short of a perfect answer: what fixing it would gain."""
        return self.question.weight * (100 - self.option.points)


@dataclass(frozen=True)
class Readiness:
    """The result of a readiness check."""

    questionnaire: Questionnaire
    answers: Mapping[str, str]
    scores: tuple[IngredientScore, ...]
    compared_with: str | None = None
    """When the previous check (whose scores fill ``previous``) was finished."""
    _index: dict[str, IngredientScore] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({s.id: s for s in self.scores})

    def score_of(self, ingredient_id: str) -> IngredientScore | None:
        return self._index.get(ingredient_id)

    @property
    def complete(self) -> bool:
        return all(q.id in self.answers for q in self.questionnaire.questions)

    @property
    def score_map(self) -> dict[str, int | None]:
        return {s.id: s.score for s in self.scores}

    @property
    def weakest(self) -> IngredientScore | None:
        """The lowest-scoring ingredient (the first on a tie), or ``None`` when no
        ingredient is scored or every one is at 100."""
        scored = [s for s in self.scores if s.score is not None]
        if not scored:
            return None
        lowest = min(scored, key=lambda s: s.score if s.score is not None else 101)
        return lowest if lowest.score is not None and lowest.score < 100 else None

    @property
    def weakest_ingredient(self) -> Ingredient | None:
        weakest = self.weakest
        return None if weakest is None else self.questionnaire.ingredient(weakest.id)

    @property
    def next_steps(self) -> tuple[str, ...]:
        """The weakest ingredient's next steps (empty when there is no weakest)."""
        ingredient = self.weakest_ingredient
        return () if ingredient is None else ingredient.next_steps

    def advice(self, ingredient_id: str | None = None) -> tuple[AnswerAdvice, ...]:
        """The answers given (of one ingredient, or all), in question order."""
        found = []
        for question in self.questionnaire.questions:
            if ingredient_id is not None and question.ingredient != ingredient_id:
                continue
            option = question.option(self.answers.get(question.id, ""))
            if option is not None:
                found.append(AnswerAdvice(question, option))
        return tuple(found)

    def chart(self, width: int = CHART_WIDTH) -> str:
        return readiness_chart(self.scores, width)

    def to_json(self) -> dict[str, Any]:
        """What ``coach prepare --format json`` prints."""
        weakest = self.weakest
        return {
            "ingredients": [
                {
                    "id": s.id,
                    "title": s.title,
                    "score": s.score,
                    "answered": s.answered,
                    "questions": s.questions,
                    "previous": s.previous,
                    "change": s.change,
                }
                for s in self.scores
            ],
            "weakest": None
            if weakest is None
            else {
                "id": weakest.id,
                "title": weakest.title,
                "score": weakest.score,
                "next_steps": list(self.next_steps),
            },
            "answers": [
                {
                    "question": a.question.id,
                    "ingredient": a.question.ingredient,
                    "option": a.option.id,
                    "points": a.option.points,
                    "advice": a.option.advice,
                }
                for a in self.advice()
            ],
            "compared_with": self.compared_with,
            "chart": self.chart(),
        }


def score(
    questionnaire: Questionnaire,
    answers: Mapping[str, str],
    previous: Mapping[str, int | None] | None = None,
    compared_with: str | None = None,
) -> Readiness:
    """Score ``answers`` (question id -> option id; unknown ids are ignored), with the
    scores of an earlier check to compare with."""
    scores = []
    for ingredient in questionnaire.ingredients:
        questions = questionnaire.questions_of(ingredient.id)
        total = weights = answered = 0
        for question in questions:
            option = question.option(answers.get(question.id, ""))
            if option is None:
                continue
            answered += 1
            total += question.weight * option.points
            weights += question.weight
        value = None if weights == 0 else int(total / weights + 0.5)
        scores.append(
            IngredientScore(
                id=ingredient.id,
                title=ingredient.title,
                score=value,
                answered=answered,
                questions=len(questions),
                previous=None if previous is None else previous.get(ingredient.id),
            )
        )
    kept = {k: v for k, v in answers.items() if _valid(questionnaire, k, v)}
    return Readiness(questionnaire, kept, tuple(scores), compared_with if previous else None)


def _valid(questionnaire: Questionnaire, question_id: str, option_id: str) -> bool:
    question = questionnaire.question(question_id)
    return question is not None and question.option(option_id) is not None


# ---------------------------------------------------------------------------
# The chart


def bar(value: int | None, width: int = CHART_WIDTH) -> str:
    """A horizontal bar of ``width`` cells for 0-100, in eighths of a cell."""
    if value is None:
        return _EMPTY * width
    eighths = round(max(0, min(100, value)) * width * 8 / 100)
    full, part = divmod(eighths, 8)
    drawn = _FULL * full + (_PARTIAL[part] if part else "")
    return drawn + _EMPTY * (width - len(drawn))


def change_label(score: IngredientScore) -> str:
    """The change column: ``+13``, ``-4``, ``±0``, ``new`` (no score last time), or
    nothing (no score now)."""
    if score.score is None:
        return ""
    if score.previous is None:
        return "new"
    change = score.score - score.previous
    return "±0" if change == 0 else f"{change:+d}"


@dataclass(frozen=True)
class ChartRow:
    """One line of the chart as its columns of text; the terminal joins them, the app
    colours them."""

    score: IngredientScore
    title: str
    """Padded to the longest title."""
    bar: str
    shown: str
    """The score right-aligned in three characters, or a dash when there is none."""
    change: str
    """The change since the last check (:func:`change_label`), or "" when the chart
    has no change column or the ingredient no score."""


def chart_rows(scores: Sequence[IngredientScore], width: int = CHART_WIDTH) -> list[ChartRow]:
    title_width = max((len(s.title) for s in scores), default=0)
    compared = any(s.previous is not None for s in scores)
    return [
        ChartRow(
            score=s,
            title=f"{s.title:<{title_width}}",
            bar=bar(s.score, width),
            shown="  –" if s.score is None else f"{s.score:>3}",  # noqa: RUF001 (a dash)
            change=change_label(s) if compared else "",
        )
        for s in scores
    ]


def readiness_chart(scores: Sequence[IngredientScore], width: int = CHART_WIDTH) -> str:
    """One line per ingredient: title, bar, score and, when an earlier check is
    known, the change since then. Plain text (no colour), so it reads the same in a
    terminal, a pipe, a test and the app::

        Remote-ability          ████████████████▌░░░   83  +13
        A champion              ████▊░░░░░░░░░░░░░░░   24   ±0
    """
    lines = []
    for row in chart_rows(scores, width):
        line = f"{row.title}  {row.bar}  {row.shown}"
        if row.change:
            line += f"  {row.change:>3}"
        lines.append(line.rstrip())
    return "\n".join(lines)
