"""What the printable forms show for each question: shared by the HTML and Markdown forms."""

from __future__ import annotations

from msgspec import Struct

from readiness.questionnaire.form import (
    FormLayout,
    FormSheet,
    choice_labels,
    condition_words,
    number_rule,
)
from readiness.questionnaire.model import Question, Questionnaire
from readiness.questionnaire.timing import estimate_minutes


class PrintedQuestion(Struct, frozen=True):
    number: str
    text: str
    only: str | None  # "Only if you answered “Yes” to question 1 above"
    enter: str  # what to tick or write
    choices: tuple[str, ...]  # tick boxes; none for a number or a note
    help: str
    finding: str
    source: str


class PrintedSheet(Struct, frozen=True):
    title: str
    description: str
    questions: tuple[PrintedQuestion, ...]


def kind(form: FormLayout) -> str:
    return "Quick check questions" if form.quick else "Questions"


def minutes(form: FormLayout) -> int:
    return estimate_minutes(form.questionnaire.questions)


def sheets(form: FormLayout) -> tuple[PrintedSheet, ...]:
    return tuple(
        PrintedSheet(sheet.title, sheet.description, _questions(sheet, form))
        for sheet in form.sheets
    )


def _questions(sheet: FormSheet, form: FormLayout) -> tuple[PrintedQuestion, ...]:
    printed = []
    for row in sheet.rows:
        if row.kind == "option":
            continue
        question = row.question
        printed.append(
            PrintedQuestion(
                number=row.number,
                text=question.text,
                only=condition_words(question, form, sheet),
                enter=_enter(question),
                choices=choice_labels(question) if question.choices else (),
                help=question.help,
                finding=question.evidence.finding,
                source=source_name(form.questionnaire, question.evidence.source),
            )
        )
    return tuple(printed)


def _enter(question: Question) -> str:
    if question.type == "multi":
        return "Tick every box that applies."
    if question.type == "number":
        dont_know = ' (or write "Don\'t know")' if question.dont_know else ""
        return f"Write {number_rule(question)}{dont_know}."
    if question.type == "text":
        return "Write a short note (optional)."
    return "Tick one box."


def source_name(questionnaire: Questionnaire, file: str) -> str:
    """The evidence's source as people cite it, where a survey figure names that file."""
    for benchmark in questionnaire.benchmarks:
        if benchmark.source.file == file:
            return benchmark.source.citation()
    return f"source document {file}"
