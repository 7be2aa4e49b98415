"""The rules a question must follow beyond its shape: its type's rules, unique ids,
``when`` conditions that look only at earlier questions, and links to survey figures."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from readiness.errors import Problem
from readiness.questionnaire import conditions
from readiness.questionnaire.model import (
    CHOICE_TYPES,
    Benchmark,
    BenchmarkLink,
    Choice,
    Evidence,
    NumberRange,
    Question,
)
from readiness.questionnaire.yamlsafe import Document, Location

RESERVED_VALUES = {"dont_know"}
_YES_NO_DEFAULT = (Choice("yes", "Yes", 1.0), Choice("no", "No", 0.0))
_CONTEXT_YES_NO = (Choice("yes", "Yes", None), Choice("no", "No", None))


class QuestionChecker:
    """Checks each question against the type rules and what came before it."""

    def __init__(self, catalogue: dict[str, Benchmark]) -> None:
        self.catalogue = catalogue
        self.earlier: dict[str, Question] = {}
        self.first_seen: dict[str, tuple[Path, int]] = {}
        self.problems: list[Problem] = []

    def take_problems(self) -> list[Problem]:
        found, self.problems = self.problems, []
        return found

    def build(
        self, document: Document, domain_id: str, index: int, raw: dict[str, Any]
    ) -> Question:
        here: Location = ("questions", index)
        self.problems.extend(
            document.problem((*here, *loc), message) for loc, message in type_problems(raw)
        )
        question = build_question(domain_id, raw)
        self.check_id(document, here, question)
        if question.when is not None:
            self.check_condition(document, (*here, "when"), question.when)
        if question.benchmark is not None:
            self.check_link(document, (*here, "benchmark"), question)
        self.earlier.setdefault(question.id, question)
        return question

    def check_id(self, document: Document, here: Location, question: Question) -> None:
        if question.id in self.first_seen:
            path, line = self.first_seen[question.id]
            self.problems.append(
                document.problem(
                    (*here, "id"),
                    (
                        f"duplicate question id '{question.id}' "
                        f"(first used in {path.name} line {line}): "
                        "every question needs its own id"
                    ),
                )
            )
        else:
            line = document.positions.get((*here, "id"), (0, 0))[0]
            self.first_seen[question.id] = (document.path, line)

    def check_condition(self, document: Document, where: Location, text: str) -> None:
        try:
            parsed = conditions.parse(text)
        except conditions.ConditionError as error:
            self.problems.append(
                document.problem(
                    where,
                    (
                        f"'when' condition: {error.message} (at character {error.column} "
                        f'of "{text}")'
                    ),
                )
            )
            return
        for comparison in conditions.comparisons(parsed):
            self.problems.extend(
                document.problem(where, message) for message in self.comparison_problems(comparison)
            )

    def comparison_problems(self, comparison: conditions.Comparison) -> Iterator[str]:
        target = self.earlier.get(comparison.name)
        if target is None:
            yield (
                f"'when' names '{comparison.name}', which is not an earlier question: a "
                "condition can only look at questions asked before this one"
            )
            return
        for value in comparison.values:
            if target.type in CHOICE_TYPES and target.choice(str(value)) is None:
                allowed = ", ".join(f"'{c.value}'" for c in target.choices)
                yield (
                    f"'when' compares '{comparison.name}' with '{value}', which is not one "
                    f"of its choices ({allowed})"
                )
            if target.type == "number" and not isinstance(value, float):
                yield f"'{comparison.name}' is a number question: compare it with a number"

    def check_link(self, document: Document, where: Location, question: Question) -> None:
        link = question.benchmark
        if link is None:
            return
        if link.benchmark_id not in self.catalogue:
            close = difflib.get_close_matches(link.benchmark_id, list(self.catalogue), n=1)
            hint = f": did you mean '{close[0]}'?" if close else ""
            self.problems.append(
                document.problem(
                    (*where, "id"),
                    (f"no benchmark '{link.benchmark_id}' in the benchmark catalogue{hint}"),
                )
            )
        if question.type == "number":
            if link.matches or (link.at_most is None and link.at_least is None):
                self.problems.append(
                    document.problem(
                        where,
                        (
                            "a number question's benchmark link needs 'at_most' or 'at_least', "
                            "not 'matches'"
                        ),
                    )
                )
            return
        if not link.matches or link.at_most is not None or link.at_least is not None:
            self.problems.append(
                document.problem(
                    where,
                    (
                        "a benchmark link needs 'matches': the answers that put the practice "
                        "in the "
                        "surveyed group"
                    ),
                )
            )
        for position, value in enumerate(link.matches):
            if question.choice(value) is None:
                self.problems.append(
                    document.problem(
                        (*where, "matches", position),
                        (f"'{value}' is not one of this question's choice values"),
                    )
                )
        if link.complement:
            self.problems.extend(
                document.problem((*where, "complement"), message)
                for message in complement_problems(question)
            )


def complement_problems(question: Question) -> Iterator[str]:
    """A complement must be exactly the answers outside ``matches`` (less "does not apply")."""
    link = question.benchmark
    if link is None or not link.complement:
        return
    rest = {
        c.value for c in question.choices if c.value not in link.matches and not c.not_applicable
    }
    given = set(link.complement)
    if given & set(link.matches):
        yield "'complement' and 'matches' share an answer: each answer belongs to one side"
    if given != rest:
        expected = ", ".join(sorted(rest)) or "nothing"
        yield (
            "'complement' must list every other answer (and only those): here "
            f"{expected}. Leave it out unless the survey question was plainly yes or no"
        )


def type_problems(raw: dict[str, Any]) -> Iterator[tuple[Location, str]]:
    """Rules that depend on the question's type."""
    kind = raw["type"]
    choices = raw.get("choices")
    if kind in {"single", "multi", "scale"} and not choices:
        yield ("type",), f"a '{kind}' question needs 'choices'"
    if kind in {"number", "text"} and choices:
        yield ("choices",), f"a '{kind}' question cannot have 'choices'"
    if kind != "number":
        for name in ("min", "max", "unit", "ranges"):
            if raw.get(name) is not None:
                yield (name,), f"'{name}' is only for number questions"
    yield from _choice_problems(kind, choices or [])
    yield from _context_problems(raw, choices or [])
    yield from _evidence_problems(raw["evidence"])
    if kind == "number":
        yield from _number_problems(raw)


def _context_problems(
    raw: dict[str, Any], choices: list[dict[str, Any]]
) -> Iterator[tuple[Location, str]]:
    """A context question carries no scores; a scored one needs a score on every choice."""
    if raw.get("context"):
        for index, choice in enumerate(choices):
            if choice.get("score") is not None:
                yield (
                    ("choices", index, "score"),
                    "a context question is never scored: remove 'score' from its choices",
                )
        for name in ("weight", "ranges", "recommendations"):
            if raw.get(name):
                yield (name,), f"a context question is never scored: remove '{name}'"
        if raw.get("quick"):
            yield ("quick",), "the quick check asks scored questions only: remove 'quick'"
        return
    for index, choice in enumerate(choices):
        if choice.get("score") is None:
            yield (
                ("choices", index),
                f"choice '{choice['value']}' needs a 'score' from 0 to 1 "
                "(only a question marked 'context: true' has none)",
            )


def _evidence_problems(evidence: dict[str, Any]) -> Iterator[tuple[Location, str]]:
    if evidence.get("paraphrase") and not evidence.get("anchor"):
        yield (
            ("evidence", "paraphrase"),
            "a paraphrased finding needs 'anchor': the source's own words it rests on",
        )
    if evidence.get("anchor") and not evidence.get("paraphrase"):
        yield (
            ("evidence", "anchor"),
            "'anchor' goes with 'paraphrase: true'; a finding quoted word for word needs none",
        )


def _choice_problems(kind: str, choices: list[dict[str, Any]]) -> Iterator[tuple[Location, str]]:
    values = [choice["value"] for choice in choices]
    for index, value in enumerate(values):
        if value in RESERVED_VALUES:
            yield ("choices", index, "value"), f"'{value}' is kept for \"Don't know\": rename it"
        if value in values[:index]:
            yield ("choices", index, "value"), f"duplicate choice value '{value}'"
    if kind in CHOICE_TYPES and choices and len(choices) < 2:
        yield ("choices",), "give at least two choices"
    if kind == "yes_no" and choices and not {"yes", "no"} <= set(values):
        yield ("choices",), 'a yes_no question\'s choices must include "yes" and "no"'
    exclusive = [c for c in choices if c.get("exclusive")]
    if exclusive and kind != "multi":
        yield ("choices",), "'exclusive' is only for multi questions"
    if len(exclusive) > 1:
        yield ("choices",), "only one choice can be 'exclusive'"


def _number_problems(raw: dict[str, Any]) -> Iterator[tuple[Location, str]]:
    low, high = raw.get("min"), raw.get("max")
    if low is None or high is None:
        yield ("type",), "a number question needs both 'min' and 'max'"
        return
    if low >= high:
        yield ("max",), "'max' must be greater than 'min'"
    ranges = sorted(enumerate(raw.get("ranges") or []), key=lambda pair: pair[1]["min"])
    previous_end: float | None = None
    for index, item in ranges:
        if item["min"] >= item["max"]:
            yield ("ranges", index), "a range's 'min' must be below its 'max'"
        if previous_end is not None and item["min"] < previous_end:
            yield ("ranges", index), "ranges overlap: each number must fall in one range only"
        previous_end = item["max"]


def build_question(domain_id: str, raw: dict[str, Any]) -> Question:
    kind = raw["type"]
    context = bool(raw.get("context", False))
    choices = tuple(
        Choice(
            c["value"],
            c["label"],
            None if context or c.get("score") is None else float(c["score"]),
            c.get("not_applicable", False),
            c.get("exclusive", False),
        )
        for c in raw.get("choices") or []
    )
    if kind == "yes_no" and not choices:
        choices = _CONTEXT_YES_NO if context else _YES_NO_DEFAULT
    link = raw.get("benchmark")
    evidence = raw["evidence"]
    return Question(
        id=raw["id"],
        domain_id=domain_id,
        text=raw["text"].strip(),
        help=raw["help"].strip(),
        type=kind,
        evidence=Evidence(
            evidence["source"],
            evidence["finding"],
            evidence.get("paraphrase", False),
            evidence.get("anchor"),
            evidence.get("said_by"),
        ),
        choices=choices,
        weight=float(raw.get("weight", 1.0)),
        dont_know=raw.get("dont_know", True),
        when=raw.get("when"),
        benchmark=BenchmarkLink(
            link["id"],
            tuple(link.get("matches", ())),
            tuple(link.get("complement", ())),
            link.get("at_most"),
            link.get("at_least"),
        )
        if link
        else None,
        recommendations=tuple(raw.get("recommendations", ())),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        unit=raw.get("unit"),
        ranges=tuple(
            NumberRange(float(r["min"]), float(r["max"]), float(r["score"]))
            for r in raw.get("ranges") or []
        ),
        context=context,
        quick=bool(raw.get("quick", False)),
        find_out=raw["find_out"].strip() if raw.get("find_out") else None,
    )
