"""Turn pydantic validation errors into located content errors."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coach.content.yamlsource import YamlDocument
from coach.errors import ContentError

Model = TypeVar("Model", bound=BaseModel)

_CODES = {
    "extra_forbidden": ("E010", "unknown field"),
    "missing": ("E011", "missing field"),
}


def _describe(error: Any) -> tuple[str, str]:
    kind = error["type"]
    loc = error["loc"]
    field = ".".join(str(part) for part in loc) if loc else "(top level)"
    if kind in _CODES:
        code, what = _CODES[kind]
        return code, f"{what} {field!r}"
    return "E012", f"{field}: {error['msg']}"


def validate_document(document: YamlDocument, model: type[Model]) -> Model:
    """Validate ``document.data`` as ``model``; report every problem with its location."""
    if not isinstance(document.data, dict):
        raise ContentError(document.locate(()), "E012", "expected a mapping at the top level")
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        code, message = _describe(first)
        loc = tuple(part for part in first["loc"] if isinstance(part, str | int))
        raise ContentError(document.locate(loc), code, message) from None
