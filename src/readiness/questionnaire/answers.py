"""Answers files: read them, check every answer against its question, and write answers back.

An answers file is YAML or JSON with an optional ``practice:`` mapping, an
``answers:`` mapping of question id to a choice value, a list of values, a
number, text, or ``dont_know``, and an optional ``notes:`` mapping of question id
to a note on that answer. A result file is an answers file too: only those keys
of it are read.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace

from readiness.errors import InvalidFileError, Problem, UsageError
from readiness.questionnaire.answershape import has_answers_shape
from readiness.questionnaire.model import (
    CHOICE_TYPES,
    DONT_KNOW,
    DONT_KNOW_TEXT,
    Answer,
    AnswerSet,
    DontKnow,
    Practice,
    Question,
    Questionnaire,
    Target,
)

if TYPE_CHECKING:  # reading YAML (and importing it) waits until an answers file is read
    from readiness.questionnaire.yamlsafe import Document

ODS_PRACTICE_CODE = re.compile(r"^[A-Z][0-9]{5}$")
MAX_TEXT = 5000
# No count, size or amount a practice gives comes near this: beyond it is a slip of the keys.
MAX_NUMBER = 1e12
# A note on an answer: a sentence or two of why, or the evidence; long enough for a
# paragraph, short enough to sit beside the answer in a report or a spreadsheet cell.
MAX_NOTE = 2000
# The keys of a result file that make it an answers file too.
ANSWER_KEYS = ("practice", "answers", "notes", "targets", "quick")


def normalise_ods(code: str | None) -> str | None:
    """An ODS code in capitals, or a ``UsageError`` if it is not a GP practice code."""
    if code is None or not code.strip():
        return None
    cleaned = code.strip().upper()
    if cleaned.startswith("U") and ODS_PRACTICE_CODE.match(cleaned):
        raise UsageError(
            f"'{code.strip()}' looks like a PCN code, not a GP practice ODS code.",
            hint="Give the practice's own code: one letter and five digits, for example A81001.",
        )
    if not ODS_PRACTICE_CODE.match(cleaned):
        raise UsageError(
            f"'{code.strip()}' is not a GP practice ODS code.",
            hint="A practice code is one letter followed by five digits, for example A81001. "
            "PCN codes (starting with U) are not practice codes.",
        )
    return cleaned


def ods_problem(code: str | None) -> str | None:
    """Why ``code`` is not a practice ODS code, or None if it is (or is empty)."""
    try:
        normalise_ods(code)
    except UsageError as error:
        return f"{error.message} {error.hint}"
    return None


def load_answers(path: Path, questionnaire: Questionnaire) -> AnswerSet:
    """Read and check an answers (or result) file, listing every problem at once."""
    from readiness.questionnaire.yamlsafe import load_yaml

    document = load_yaml(path, what="answers file")
    return answers_from_document(document, questionnaire)


def answers_from_document(document: Document, questionnaire: Questionnaire) -> AnswerSet:
    if isinstance(document.data, dict) and "schema_version" in document.data:
        # A result file: read only the keys an answers file has.
        document = replace(document, data=_as_answers(document.data))
    problems = [] if has_answers_shape(document.data) else _shape_problems(document)
    if problems:
        raise InvalidFileError(problems, what="answers file")
    data = document.mapping()
    practice_data: dict[str, Any] = data.get("practice") or {}
    answers: dict[str, Answer] = {}
    for question_id, value in (data.get("answers") or {}).items():
        question = questionnaire.question(question_id)
        if question is None:
            problems.append(
                document.problem(
                    ("answers", question_id),
                    _unknown_question(question_id, questionnaire),
                    at_key=True,
                )
            )
            continue
        try:
            converted = check_answer(question, value)
        except AnswerProblem as problem:
            problems.append(document.problem(("answers", question_id), str(problem)))
            continue
        if converted is not None:
            answers[question_id] = converted
    notes = _notes(document, questionnaire, data.get("notes") or {}, problems)
    targets = _targets(document, questionnaire, data.get("targets") or {}, problems)
    ods = practice_data.get("ods_code")
    if ods and (message := ods_problem(ods)):
        problems.append(document.problem(("practice", "ods_code"), message))
    if problems:
        raise InvalidFileError(problems, what="answers file")
    practice = Practice(
        practice_data.get("name"),
        normalise_ods(ods),
        practice_data.get("pcn"),
        practice_data.get("respondent"),
    )
    return AnswerSet(practice, answers, notes, targets, quick=bool(data.get("quick")))


def _notes(
    document: Document,
    questionnaire: Questionnaire,
    data: Mapping[str, str],
    problems: list[Problem],
) -> dict[str, str]:
    """The notes that fit, keyed by question id; a problem for each that does not."""
    notes: dict[str, str] = {}
    for question_id, text in data.items():
        if questionnaire.question(question_id) is None:
            message = _unknown_question(question_id, questionnaire)
            problems.append(document.problem(("notes", question_id), message, at_key=True))
            continue
        try:
            note = check_note(text)
        except AnswerProblem as problem:
            problems.append(document.problem(("notes", question_id), str(problem)))
            continue
        if note:
            notes[question_id] = note
    return notes


def _targets(
    document: Document,
    questionnaire: Questionnaire,
    data: Mapping[str, Mapping[str, Any]],
    problems: list[Problem],
) -> dict[str, Target]:
    """The targets that fit their question; a problem for each that does not.

    Whether the question is asked at all (its ``when`` condition) needs the scoring
    rules, so ``results.targets`` checks that when the result is built.
    """
    targets: dict[str, Target] = {}
    for question_id, given in data.items():
        question = questionnaire.question(question_id)
        if question is None:
            message = _unknown_question(question_id, questionnaire)
            problems.append(document.problem(("targets", question_id), message, at_key=True))
            continue
        try:
            targets[question_id] = Target(
                check_target(question, given.get("answer")), given.get("by")
            )
        except AnswerProblem as problem:
            problems.append(document.problem(("targets", question_id), str(problem)))
    return targets


def target_problem(question: Question) -> str | None:
    """Why no target can be set on this question, or None if one can."""
    if getattr(question, "context", False):
        return (
            "this question describes the practice's situation and is never scored, so it "
            "cannot have a target: set targets on scored questions only"
        )
    if not question.scored:
        return "this question is not scored, so it cannot have a target"
    return None


def check_target(question: Question, value: object) -> Answer:
    """A target answer as stored; ``AnswerProblem`` if it is not one the question offers."""
    problem = target_problem(question)
    if problem is not None:
        raise AnswerProblem(problem)
    if value is None:
        raise AnswerProblem("give the answer to aim for, as 'answer: VALUE'")
    if value == DONT_KNOW_TEXT:
        raise AnswerProblem('a target is an answer to aim for: "Don\'t know" cannot be one')
    answer = check_answer(question, value)
    if answer is None:  # not reached: None was refused above
        raise AnswerProblem("give the answer to aim for")
    return answer


def check_note(text: str) -> str:
    """A note as stored (trimmed; empty means no note); ``AnswerProblem`` if too long."""
    cleaned = text.strip()
    if len(cleaned) > MAX_NOTE:
        raise AnswerProblem(
            f"the note is {len(cleaned):,} characters long; the limit is {MAX_NOTE:,}: shorten it"
        )
    return cleaned


def _shape_problems(document: Document) -> list[Problem]:
    from readiness.questionnaire.schema import schema_problems  # pydantic: only to explain

    return schema_problems(document, "answers")


def _as_answers(data: dict[str, Any]) -> dict[str, Any]:
    """The keys of a result file that an answers file has; a target keeps its answer and month."""
    kept = {k: data[k] for k in ANSWER_KEYS if k in data}
    targets = kept.get("targets")
    if isinstance(targets, dict):
        kept["targets"] = {
            key: {k: v for k, v in value.items() if k in ("answer", "by")}
            if isinstance(value, dict)
            else value
            for key, value in targets.items()
        }
    return kept


def _unknown_question(question_id: str, questionnaire: Questionnaire) -> str:
    close = difflib.get_close_matches(question_id, [q.id for q in questionnaire.questions], n=1)
    hint = (
        f": did you mean '{close[0]}'?"
        if close
        else (f": run 'readiness questionnaires show {questionnaire.id}' to see the question ids")
    )
    return (
        f"there is no question '{question_id}' in {questionnaire.id} {questionnaire.version}{hint}"
    )


class AnswerProblem(ValueError):
    """An answer that does not fit its question; the message says what to give instead."""


def check_answer(question: Question, value: object) -> Answer | None:
    """The answer as stored, or None for "no answer"; raises ``AnswerProblem``."""
    if value is None:
        return None
    if value == DONT_KNOW_TEXT:
        if not question.dont_know:
            raise AnswerProblem(
                'this question does not offer "Don\'t know": give one of its answers'
            )
        return DONT_KNOW
    if question.type == "text":
        return _text_answer(value)
    if question.type == "number":
        return _number_answer(question, value)
    if question.type == "multi":
        return _multi_answer(question, value)
    if isinstance(value, bool):
        word = "yes" if value else "no"
        raise AnswerProblem(f'{word} was read as true/false: put it in quotes, like "{word}"')
    if not isinstance(value, str) or question.choice(value) is None:
        raise AnswerProblem(f"'{value}' is not one of the answers: use {_allowed(question)}")
    return value


def _allowed(question: Question) -> str:
    values = [f"'{choice.value}'" for choice in question.choices]
    if question.dont_know:
        values.append(f"'{DONT_KNOW_TEXT}'")
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


def _text_answer(value: object) -> Answer:
    if not isinstance(value, str):
        raise AnswerProblem("a note should be text: put it in quotes")
    if len(value) > MAX_TEXT:
        raise AnswerProblem(
            f"the note is {len(value):,} characters long; the limit is {MAX_TEXT:,}"
        )
    return value


def _number_answer(question: Question, value: object) -> Answer:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AnswerProblem(f"'{value}' is not a number: write digits only, for example 2100")
    # Compared before any conversion: a 400-digit whole number is no float.
    if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > MAX_NUMBER:
        raise AnswerProblem(
            f"the number is far outside any sensible range (more than {MAX_NUMBER:,.0f}): "
            "check it and write it again"
        )
    low, high = question.minimum, question.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        unit = f" {question.unit}" if question.unit else ""
        span = (
            f"{low:g} to {high:g}"
            if low is not None and high is not None
            else number_span(question)
        )
        raise AnswerProblem(f"{value:g} is outside the allowed range, {span}{unit}")
    return float(value)


def number_span(question: Question) -> str:
    """The allowed numbers in words: "from 0 to 10,000", "of 5 or more", "up to 10"."""
    low, high = question.minimum, question.maximum
    if low is not None and high is not None:
        return f"from {low:,g} to {high:,g}"
    if low is not None:
        return f"of {low:,g} or more"
    return f"up to {high:,g}" if high is not None else ""


def _multi_answer(question: Question, value: object) -> Answer:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise AnswerProblem("give a list of choice values, for example [pharmacist, physio]")
    unknown = [item for item in items if question.choice(item) is None]
    if unknown:
        listed = ", ".join(f"'{item}'" for item in unknown)
        raise AnswerProblem(f"{listed} not among the answers: use {_allowed(question)}")
    if not items:
        raise AnswerProblem("choose at least one answer (or 'None of these', where offered)")
    exclusive = [choice.value for choice in question.choices if choice.exclusive]
    if exclusive and exclusive[0] in items and len(items) > 1:
        raise AnswerProblem(f"'{exclusive[0]}' cannot be chosen together with other answers")
    return tuple(dict.fromkeys(items))


def answer_to_data(answer: Answer) -> str | float | list[str]:
    """How an answer is written to an answers, draft or result file."""
    if isinstance(answer, DontKnow):
        return DONT_KNOW_TEXT
    if isinstance(answer, tuple):
        return list(answer)
    if isinstance(answer, float) and answer.is_integer():
        return int(answer)
    return answer


def answers_to_data(answers: Mapping[str, Answer]) -> dict[str, str | float | list[str]]:
    return {question_id: answer_to_data(answer) for question_id, answer in answers.items()}


def answer_label(question: Question, answer: Answer | None) -> str:
    """The answer as a person reads it: choice labels, the number with its unit, the note."""
    if answer is None:
        return "Not answered"
    if isinstance(answer, DontKnow):
        return "Don't know"
    if isinstance(answer, float):
        return f"{answer:,g} {question.unit or ''}".strip()
    if question.type in CHOICE_TYPES:
        chosen = answer if isinstance(answer, tuple) else (answer,)
        return "; ".join(_label(question, value) for value in chosen)
    return str(answer)


def _label(question: Question, value: str) -> str:
    choice = question.choice(value)
    return choice.label if choice else value
