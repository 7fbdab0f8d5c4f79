"""The shared condition language: parsing, errors with paths, evaluation."""

from __future__ import annotations

from typing import Any

import pytest

from coach.conditions import (
    ConditionContext,
    ConditionError,
    evaluate,
    json_schema,
    parse_condition,
    references,
)

CTX = ConditionContext(
    behaviors=frozenset({"trial-proposal", "hedging"}),
    earlier=frozenset({"concern-question"}),
    situation="pushback-office",
    topic="security",
    findings=frozenset({"no-hedging"}),
    variables={"trust": 2, "patience": 0},
    visits={"ask-concerns": 1},
    turn=3,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"behavior": "trial-proposal"}, True),
        ({"behavior": "concern-question"}, False),
        ({"ever": "concern-question"}, True),
        ({"ever": "trial-proposal"}, False),
        ({"situation": "pushback-office"}, True),
        ({"topic": "clients"}, False),
        ({"finding": "no-hedging"}, True),
        ({"var": "trust", "gte": 2}, True),
        ({"var": "trust", "gt": 2}, False),
        ({"var": "unknown-is-zero", "eq": 0}, True),
        ({"visits": "ask-concerns", "lte": 1}, True),
        ({"visits": "never-visited", "gte": 1}, False),
        ({"turn": {"gte": 3, "lt": 4}}, True),
        ({"not": {"behavior": "hedging"}}, False),
        ({"all": [{"behavior": "hedging"}, {"topic": "security"}]}, True),
        ({"any": [{"behavior": "ultimatum"}, {"topic": "security"}]}, True),
        ([{"behavior": "hedging"}, {"behavior": "ultimatum"}], False),
    ],
)
def test_evaluate(data: Any, expected: bool) -> None:
    assert evaluate(parse_condition(data), CTX) is expected


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        ({"behaviour": "x"}, ("behaviour",), "unknown condition"),
        ({"all": []}, ("all",), "non-empty list"),
        ({"all": [{"behavior": 3}]}, ("all", 0, "behavior"), "expected an id"),
        ({"var": "trust", "above": 2}, ("above",), "unknown comparison"),
        ({"var": "trust"}, (), "needs a comparison"),
        ({"var": "trust", "gte": "two"}, ("gte",), "expected a number"),
        ({"turn": 3}, ("turn",), "takes comparisons"),
        ({"behavior": "a", "topic": "b"}, (), "exactly one"),
        ({"not": {"behavior": "a"}, "extra": 1}, ("extra",), "unexpected key"),
        ("trial-proposal", (), "a condition is a mapping"),
    ],
)
def test_errors_carry_the_path(data: Any, path: tuple[Any, ...], fragment: str) -> None:
    with pytest.raises(ConditionError) as info:
        parse_condition(data)
    assert info.value.path == path
    assert fragment in info.value.message


def test_references_lists_every_id() -> None:
    cond = parse_condition(
        {
            "all": [
                {"behavior": "a"},
                {"not": {"ever": "b"}},
                {"any": [{"situation": "after-no"}, {"topic": "cost"}]},
                {"finding": "r"},
                {"var": "trust", "gte": 1},
                {"visits": "n", "eq": 0},
                {"turn": {"gte": 2}},
            ]
        }
    )
    assert sorted(references(cond)) == [
        ("behavior", "a"),
        ("behavior", "b"),
        ("finding", "r"),
        ("node", "n"),
        ("situation", "after-no"),
        ("topic", "cost"),
        ("var", "trust"),
    ]


def test_json_schema_names_every_form() -> None:
    schema = json_schema()
    keys = {k for variant in schema["oneOf"] for k in variant.get("required", [])}
    assert keys == {
        "all",
        "any",
        "not",
        "behavior",
        "ever",
        "situation",
        "topic",
        "finding",
        "var",
        "visits",
        "turn",
    }
