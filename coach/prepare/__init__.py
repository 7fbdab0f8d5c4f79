"""Before the conversation: the readiness check.

The questionnaire is content (``rules/readiness.yaml``): questions over the four
ingredients a manager weighs (remote-ability, a champion, brand capital, what's in
it for them) and the timing of the ask, each answer worth points and carrying
advice. This package loads it, scores answers per ingredient (0-100), names the
weakest ingredient with its next steps, draws the chart, and keeps the answers in
the user's data directory so a check can be resumed and retaken. It never imports
Rich or Textual; the CLI (``coach prepare``) and the app call in::

    from coach.prepare import ReadinessCheck

    check = ReadinessCheck.open(data_dir)         # data_dir = coach.paths.data_dir(...)
    check.warnings                                # DataWarning(code, message), .render()
    question = check.next_question()              # None when every question is answered
    check.default_for(question.id)                # the answer Enter keeps, or None
    check.answer(question.id, "most")             # saved at once, atomically
    result = check.finish()                       # Readiness, compared with the last check
    result.chart()                                # the bar chart, plain text
    result.weakest, result.next_steps, result.advice(result.weakest.id)
"""

from coach.prepare.answers import read_answers_file
from coach.prepare.check import ANSWERS_FILE, CompletedCheck, ReadinessCheck, answers_path
from coach.prepare.model import (
    CODES,
    Ingredient,
    Option,
    Question,
    Questionnaire,
    load_questionnaire,
    parse_questionnaire,
)
from coach.prepare.scoring import (
    CHART_WIDTH,
    AnswerAdvice,
    ChartRow,
    IngredientScore,
    Readiness,
    bar,
    change_label,
    chart_rows,
    readiness_chart,
    score,
)
from coach.prepare.storage import DataWarning

__all__ = [
    "ANSWERS_FILE",
    "CHART_WIDTH",
    "CODES",
    "AnswerAdvice",
    "ChartRow",
    "CompletedCheck",
    "DataWarning",
    "Ingredient",
    "IngredientScore",
    "Option",
    "Question",
    "Questionnaire",
    "Readiness",
    "ReadinessCheck",
    "answers_path",
    "bar",
    "change_label",
    "chart_rows",
    "load_questionnaire",
    "parse_questionnaire",
    "read_answers_file",
    "readiness_chart",
    "score",
]
