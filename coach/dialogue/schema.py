"""JSON Schema for the scenario format, so editors can check and complete it.

Generated from the pydantic models in :mod:`coach.dialogue.model`, with the
condition language of :mod:`coach.conditions` under ``$defs/condition`` and the
closed vocabularies (situations, topics) as enums. ``coach schema`` prints it; the
checked-in copy under ``schema/`` is kept in step by a test.
"""

from __future__ import annotations

from typing import Any

from coach import conditions
from coach.dialogue.model import CONDITION_MARKER, ScenarioSpec
from coach.vocabulary import SITUATIONS, TOPICS


def _replace_markers(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get(CONDITION_MARKER):
            rest = {k: v for k, v in value.items() if k != CONDITION_MARKER}
            return {"$ref": "#/$defs/condition", **rest}
        return {k: _replace_markers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_markers(v) for v in value]
    return value


def scenario_schema() -> dict[str, Any]:
    schema: dict[str, Any] = _replace_markers(ScenarioSpec.model_json_schema())
    defs = schema.setdefault("$defs", {})
    defs["condition"] = conditions.json_schema()
    props = schema["properties"]
    props["situation"]["enum"] = list(SITUATIONS)
    node = defs["NodeSpec"]["properties"]
    node["situation"] = {
        "anyOf": [{"enum": list(SITUATIONS)}, {"type": "null"}],
        "default": None,
        "description": node["situation"].get("description", ""),
    }
    node["topic"] = {
        "anyOf": [{"enum": list(TOPICS)}, {"type": "null"}],
        "default": None,
        "description": node["topic"].get("description", ""),
    }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
