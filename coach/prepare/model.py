"""The readiness questionnaire as content: ``rules/readiness.yaml``.

The file names the ingredients (the four a manager weighs, plus timing and
preparation), each with concrete next steps, and the questions, each belonging to
one ingredient with a weight and answer options worth 0 to 100 points, each with
advice for whoever picks it. It is read with the strict loader of the other content
files: unknown keys, wrong types and broken references are ``file:line:col`` errors
with the codes in :data:`CODES` (listed in ``docs/errors.md``, "Readiness and
proposals").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from coach.content.behaviours import ID_PATTERN
from coach.content.validation import validate_document
from coach.content.yamlsource import PathKey, YamlDocument, load_yaml
from coach.errors import ContentError

READINESS_FILE = "readiness.yaml"

CODES: dict[str, tuple[str, str]] = {
    "E300": ("unknown-ingredient", "a question names an ingredient the file does not declare"),
    "E301": (
        "duplicate-id",
        "two ingredients, two questions, or two options of one question share an id",
    ),
    "E302": ("empty-ingredient", "an ingredient has no questions"),
    "E320": ("unknown-question", "an answers file names a question the check does not have"),
    "E321": ("unknown-option", "an answers file picks an option the question does not have"),
    "W300": (
        "file-set-aside",
        "saved answers or facts could not be used (not JSON, or another format); the file "
        "is kept under a new name and a fresh start is made",
    ),
    "W301": (
        "stale-answers",
        "saved answers name questions or options the questionnaire no longer has; they are "
        "left out",
    ),
}
"""Codes of the readiness check (the proposal builder's are in coach.proposal)."""


# ---------------------------------------------------------------------------
# The file as written


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OptionSpec(_Strict):
    id: str
    text: str = Field(min_length=1, description="The answer as the user sees it.")
    points: StrictInt = Field(ge=0, le=100, description="How ready this answer is, 0-100.")
    advice: str = Field(min_length=1, description="Shown to whoever picks this answer.")


class QuestionSpec(_Strict):
    id: str
    ingredient: str = Field(description="The ingredient this question scores.")
    text: str = Field(min_length=1)
    weight: StrictInt = Field(default=1, ge=1, le=10, description="Weight in its ingredient.")
    options: list[OptionSpec] = Field(min_length=2)


class IngredientSpec(_Strict):
    id: str
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    next_steps: list[str] = Field(min_length=1)


class QuestionnaireSpec(_Strict):
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    ingredients: list[IngredientSpec] = Field(min_length=1)
    questions: list[QuestionSpec] = Field(min_length=1)


# ---------------------------------------------------------------------------
# The compiled questionnaire


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    points: int
    advice: str


@dataclass(frozen=True)
class Question:
    id: str
    ingredient: str
    text: str
    weight: int
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    def index_of(self, option_id: str | None) -> int | None:
        """The 1-based number of an option as shown in a numbered list."""
        for i, option in enumerate(self.options, start=1):
            if option.id == option_id:
                return i
        return None


@dataclass(frozen=True)
class Ingredient:
    id: str
    title: str
    summary: str
    next_steps: tuple[str, ...]


@dataclass(frozen=True)
class Questionnaire:
    title: str
    intro: str
    ingredients: tuple[Ingredient, ...]
    questions: tuple[Question, ...]
    path: str = "<readiness>"

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None

    def ingredient(self, ingredient_id: str) -> Ingredient | None:
        for ingredient in self.ingredients:
            if ingredient.id == ingredient_id:
                return ingredient
        return None

    def questions_of(self, ingredient_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.ingredient == ingredient_id)


def _prose(text: str) -> str:
    return " ".join(text.split())


def _ids(spec: QuestionnaireSpec) -> Iterator[tuple[PathKey, str, str]]:
    for i, ingredient in enumerate(spec.ingredients):
        yield ("ingredients", i, "id"), ingredient.id, "ingredient"
    for i, question in enumerate(spec.questions):
        yield ("questions", i, "id"), question.id, "question"
        for j, option in enumerate(question.options):
            yield ("questions", i, "options", j, "id"), option.id, "option"


def parse_questionnaire(document: YamlDocument) -> Questionnaire:
    """Validate and compile a readiness file; raises :class:`ContentError`."""
    spec = validate_document(document, QuestionnaireSpec)

    def fail(key: PathKey, code: str, message: str) -> ContentError:
        return ContentError(document.locate(key), code, message)

    for key, value, what in _ids(spec):
        if not ID_PATTERN.match(value):
            raise fail(
                key, "E012", f"{what} id {value!r}: ids are lowercase words joined by hyphens"
            )
    seen: set[str] = set()
    for i, ingredient in enumerate(spec.ingredients):
        if ingredient.id in seen:
            raise fail(
                ("ingredients", i, "id"), "E301", f"duplicate ingredient id {ingredient.id!r}"
            )
        seen.add(ingredient.id)
    questions: set[str] = set()
    used: set[str] = set()
    for i, question in enumerate(spec.questions):
        here: PathKey = ("questions", i)
        if question.id in questions:
            raise fail((*here, "id"), "E301", f"duplicate question id {question.id!r}")
        questions.add(question.id)
        if question.ingredient not in seen:
            known = ", ".join(ing.id for ing in spec.ingredients)
            raise fail(
                (*here, "ingredient"),
                "E300",
                f"unknown ingredient {question.ingredient!r} (declared: {known})",
            )
        used.add(question.ingredient)
        options: set[str] = set()
        for j, option in enumerate(question.options):
            if option.id in options:
                raise fail(
                    (*here, "options", j, "id"),
                    "E301",
                    f"duplicate option id {option.id!r} in question {question.id!r}",
                )
            options.add(option.id)
    for i, ingredient in enumerate(spec.ingredients):
        if ingredient.id not in used:
            raise fail(
                ("ingredients", i, "id"), "E302", f"ingredient {ingredient.id!r} has no questions"
            )
    return Questionnaire(
        title=_prose(spec.title),
        intro=_prose(spec.intro),
        ingredients=tuple(
            Ingredient(
                ing.id, _prose(ing.title), _prose(ing.summary), tuple(map(_prose, ing.next_steps))
            )
            for ing in spec.ingredients
        ),
        questions=tuple(
            Question(
                id=q.id,
                ingredient=q.ingredient,
                text=_prose(q.text),
                weight=q.weight,
                options=tuple(
                    Option(o.id, _prose(o.text), o.points, _prose(o.advice)) for o in q.options
                ),
            )
            for q in spec.questions
        ),
        path=document.path,
    )


def load_questionnaire(path: Path | None = None) -> Questionnaire:
    """The shipped questionnaire (``rules/readiness.yaml``), or the file at ``path``."""
    if path is None:
        from coach.paths import display_path, rules_dir

        file = rules_dir() / READINESS_FILE
        return parse_questionnaire(load_yaml(file, display_path(file)))
    return parse_questionnaire(load_yaml(path))
