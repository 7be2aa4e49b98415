"""The `when` language: parsing, errors with columns, and evaluation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.questionnaire.conditions import (
    AllOf,
    AnyOf,
    Comparison,
    ConditionError,
    Not,
    comparisons,
    evaluate,
    parse,
)
from readiness.questionnaire.model import DONT_KNOW


def test_precedence_not_and_or() -> None:
    parsed = parse("a == 'x' or not b == 'y' and c in ['1', '2']")
    assert parsed == AnyOf(
        (
            Comparison("a", "==", ("x",)),
            AllOf((Not(Comparison("b", "==", ("y",))), Comparison("c", "in", ("1", "2")))),
        )
    )


def test_parentheses_and_numbers() -> None:
    parsed = parse('(list_size >= 2500 or list_size < 10) and x != "no"')
    assert isinstance(parsed, AllOf)
    assert [c.name for c in comparisons(parsed)] == ["list_size", "list_size", "x"]


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("a = 'x'", "unexpected character '=': use '==' to compare", 3),
        (
            "a == x",
            "expected a quoted value or a number but found 'x' "
            "(put text values in quotes, for example 'x')",
            6,
        ),
        ("a == 'x' b == 'y'", "unexpected 'b': join conditions with 'and' or 'or'", 10),
        ("a ==", "the condition ends too soon: expected more", 5),
        ("(a == 'x'", "the condition ends too soon: expected ')'", 10),
        ("a < 'x'", "'<' compares numbers only", 3),
        ("'a' == 'x'", "expected a question id but found ''a''", 1),
        ("", "the condition is empty", 1),
        (
            "__import__('os') == 1",
            "expected ==, !=, <, <=, >, >= or in after '__import__', found '('",
            11,
        ),
    ],
)
def test_errors_name_the_column(text: str, message: str, column: int) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(text)
    assert (caught.value.message, caught.value.column) == (message, column)


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("a == 'x'", {"a": "x"}, True),
        ("a == 'x'", {"a": "y"}, False),
        ("a != 'x'", {"a": "y"}, True),
        ("a != 'x'", {}, False),  # no answer: every comparison is false
        ("not a == 'x'", {}, True),
        ("a == 'x'", {"a": DONT_KNOW}, False),
        ("a != 'x'", {"a": DONT_KNOW}, False),
        ("roles == 'physio'", {"roles": ("physio", "pharmacist")}, True),
        ("roles in ['gp', 'pharmacist']", {"roles": ("physio", "pharmacist")}, True),
        ("roles in ['gp']", {"roles": ("physio",)}, False),
        ("n >= 2500", {"n": 2500.0}, True),
        ("n > 2500", {"n": 2500.0}, False),
        ("n < 10", {"n": "text"}, False),
        ("n == 3", {"n": 3.0}, True),
    ],
)
def test_evaluate(text: str, answers: dict[str, object], expected: bool) -> None:
    assert evaluate(parse(text), answers) is expected  # type: ignore[arg-type]


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_condition_error(text: str) -> None:
    try:
        parse(text)
    except ConditionError as error:
        column = error.column
    else:
        return
    assert 1 <= column <= len(text) + 1
