"""The small ``when`` language: parse once, evaluate against answers, never ``eval``.

Grammar (lowest precedence first)::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | primary
    primary    := "(" expr ")" | comparison
    comparison := NAME ("==" | "!=" | "<" | "<=" | ">" | ">=") literal
                | NAME "in" "[" literal ("," literal)* "]"
    literal    := 'text' | "text" | number

A comparison with a question that has no usable answer (unanswered, "Don't
know", or not applicable) is false, whatever the operator.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import TypeAlias

from msgspec import Struct

from readiness.questionnaire.model import Answer, DontKnow

Literal_: TypeAlias = "str | float"

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>-?\d+(?:\.\d+)?)
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<bad>\S)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in"}
# Brackets and 'not's nested deeper than this are refused: no real condition needs them,
# and the parser and evaluator must never run out of stack.
MAX_NESTING = 20


class ConditionError(ValueError):
    """A ``when`` condition that does not parse; ``column`` is 1-based within the text."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


class Comparison(Struct, frozen=True):
    name: str
    operator: str
    values: tuple[Literal_, ...]


class Not(Struct, frozen=True):
    operand: Condition


class AllOf(Struct, frozen=True):
    operands: tuple[Condition, ...]


class AnyOf(Struct, frozen=True):
    operands: tuple[Condition, ...]


Condition: TypeAlias = "Comparison | Not | AllOf | AnyOf"


class _Token(Struct, frozen=True):
    kind: str
    text: str
    column: int


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "bad"
        value = match.group(kind)
        column = match.start(kind) + 1
        if kind == "bad":
            hint = ": use '==' to compare" if value == "=" else ""
            raise ConditionError(f"unexpected character {value!r}{hint}", column)
        if kind == "name" and value in _KEYWORDS:
            kind = "keyword"
        tokens.append(_Token(kind, value, column))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str | None = None) -> _Token:
        token = self.peek()
        if token is None:
            wanted = f"'{expected}'" if expected else "more"
            raise ConditionError(
                f"the condition ends too soon: expected {wanted}", len(self.text) + 1
            )
        if expected is not None and token.text != expected:
            raise ConditionError(f"expected '{expected}' but found '{token.text}'", token.column)
        self.index += 1
        return token

    def at(self, text: str) -> bool:
        token = self.peek()
        return token is not None and token.text == text

    def parse(self) -> Condition:
        condition = self.either()
        token = self.peek()
        if token is not None:
            raise ConditionError(
                f"unexpected '{token.text}': join conditions with 'and' or 'or'", token.column
            )
        return condition

    def either(self) -> Condition:
        operands = [self.both()]
        while self.at("or"):
            self.take()
            operands.append(self.both())
        return operands[0] if len(operands) == 1 else AnyOf(tuple(operands))

    def both(self) -> Condition:
        operands = [self.negation()]
        while self.at("and"):
            self.take()
            operands.append(self.negation())
        return operands[0] if len(operands) == 1 else AllOf(tuple(operands))

    def negation(self) -> Condition:
        if not (self.at("not") or self.at("(")):
            return self.comparison()
        token = self.take()
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(
                f"the condition nests brackets and 'not' more than {MAX_NESTING} deep: "
                "write it more simply",
                token.column,
            )
        if token.text == "not":
            inner: Condition = Not(self.negation())
        else:
            inner = self.either()
            self.take(")")
        self.depth -= 1
        return inner

    def comparison(self) -> Condition:
        name = self.take()
        if name.kind != "name":
            raise ConditionError(f"expected a question id but found '{name.text}'", name.column)
        operator = self.take()
        if operator.text == "in":
            return Comparison(name.text, "in", self.literal_list())
        if operator.text not in {"==", "!=", "<", "<=", ">", ">="}:
            raise ConditionError(
                f"expected ==, !=, <, <=, >, >= or in after '{name.text}', found '{operator.text}'",
                operator.column,
            )
        value = self.literal()
        if operator.text in {"<", "<=", ">", ">="} and not isinstance(value, float):
            raise ConditionError(f"'{operator.text}' compares numbers only", operator.column)
        return Comparison(name.text, operator.text, (value,))

    def literal_list(self) -> tuple[Literal_, ...]:
        self.take("[")
        values = [self.literal()]
        while self.at(","):
            self.take()
            values.append(self.literal())
        self.take("]")
        return tuple(values)

    def literal(self) -> Literal_:
        token = self.take()
        if token.kind == "string":
            return token.text[1:-1]
        if token.kind == "number":
            return float(token.text)
        raise ConditionError(
            f"expected a quoted value or a number but found '{token.text}' "
            f"(put text values in quotes, for example '{token.text}')",
            token.column,
        )


@functools.lru_cache(maxsize=1024)
def parse(text: str) -> Condition:
    """Parse a ``when`` condition, or raise ``ConditionError`` with the column."""
    if not text.strip():
        raise ConditionError("the condition is empty", 1)
    return _Parser(text).parse()


def comparisons(condition: Condition) -> Iterator[Comparison]:
    """Every comparison in the condition, to check names and values."""
    if isinstance(condition, Comparison):
        yield condition
    elif isinstance(condition, Not):
        yield from comparisons(condition.operand)
    else:
        for operand in condition.operands:
            yield from comparisons(operand)


def evaluate(condition: Condition, answers: Mapping[str, Answer]) -> bool:
    """Whether the condition holds for these answers."""
    if isinstance(condition, Comparison):
        return _compare(condition, answers.get(condition.name))
    if isinstance(condition, Not):
        return not evaluate(condition.operand, answers)
    if isinstance(condition, AllOf):
        return all(evaluate(operand, answers) for operand in condition.operands)
    return any(evaluate(operand, answers) for operand in condition.operands)


def _compare(comparison: Comparison, answer: Answer | None) -> bool:
    if answer is None or isinstance(answer, DontKnow):
        return False
    chosen: tuple[str | float, ...] = answer if isinstance(answer, tuple) else (answer,)
    operator, values = comparison.operator, comparison.values
    if operator == "in":
        return any(item in values for item in chosen)
    if operator == "==":
        return values[0] in chosen
    if operator == "!=":
        return values[0] not in chosen
    number = answer if isinstance(answer, float) else None
    if number is None or not isinstance(values[0], float):
        return False
    target = values[0]
    return {
        "<": number < target,
        "<=": number <= target,
        ">": number > target,
        ">=": number >= target,
    }[operator]
