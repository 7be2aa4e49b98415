"""The answer form's layout: which question sits in which sheet, row and cell.

The workbook writer (``report.form.xlsx``) and the reader of filled forms
(``results.formread``) both follow this one layout, so a form always reads back
as it was written. Nothing here touches a spreadsheet library.

Each domain has a sheet. A question takes one row (its answer in column C,
notes in D); a multiple-choice question takes a heading row and then one row
per option (and one for "Don't know"), each answered Yes or left blank. A
hidden column F holds each row's key, so rows that were deleted, inserted or
moved are found rather than read as the wrong question's answer.
"""

from __future__ import annotations

import re
from typing import Literal, TypeAlias

from msgspec import Struct

from readiness.questionnaire import conditions
from readiness.questionnaire.model import DONT_KNOW_TEXT, Choice, Question, Questionnaire

FORM_MARKER = "readiness answer form"
FORM_VERSION = "1"
START_SHEET = "Start"
META_SHEET = "About this form"
DONT_KNOW_LABEL = "Don't know"
YES = "Yes"

# Columns of a domain sheet (and of the Start sheet's details).
NUMBER_COLUMN, QUESTION_COLUMN, ANSWER_COLUMN, NOTES_COLUMN, HELP_COLUMN, KEY_COLUMN = (
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
)
COLUMNS = ("A", "B", "C", "D", "E", "F")
HEADING_ROW = 4  # column headings; questions start on the row below
FIRST_ROW = HEADING_ROW + 1

# The Start sheet: practice details, one a row, answered in column C.
DETAILS: tuple[tuple[str, str, str], ...] = (
    ("name", "Practice name", "The practice's name, as you would like it shown."),
    ("ods_code", "ODS code", "A letter and five digits, for example A81001 (not the PCN's code)."),
    ("pcn", "Primary care network (PCN)", "The PCN the practice belongs to."),
    ("respondent", "Who is answering", 'A name or a role, for example "Practice manager".'),
)
DETAILS_FIRST_ROW = 6

# The only merged cells a form has: a sheet's description and instructions.
START_MERGES = frozenset({"B3:D3"})
DOMAIN_MERGES = frozenset({"A2:E2", "A3:E3"})

# The hidden sheet: key in column A, value in column B; choice lists from column D on.
META_KEYS = ("form", "form_version", "questionnaire", "version", "sha256", "quick")
LISTS_FIRST_COLUMN = 4

RowKind: TypeAlias = Literal["question", "heading", "option"]
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


class FormRow(Struct, frozen=True):
    """One row of a domain sheet."""

    row: int
    kind: RowKind  # question: answered here; heading: a multi-choice question; option: Yes/blank
    question: Question
    number: str  # "3", or "3" on every row of question 3's options
    option: Choice | None = None  # the option, for option rows; None also for "Don't know"
    dont_know: bool = False  # the "Don't know" option of a multiple-choice question

    @property
    def key(self) -> str:
        """What the hidden key column holds for this row."""
        if self.kind != "option":
            return self.question.id
        value = DONT_KNOW_TEXT if self.dont_know else (self.option.value if self.option else "")
        return f"{self.question.id}={value}"

    @property
    def answered_here(self) -> bool:
        return self.kind != "heading"

    def cell(self, column: str = ANSWER_COLUMN) -> str:
        return f"{column}{self.row}"


class FormSheet(Struct, frozen=True):
    """One domain's sheet."""

    name: str
    domain_id: str
    title: str
    description: str
    rows: tuple[FormRow, ...]

    @property
    def last_row(self) -> int:
        return self.rows[-1].row if self.rows else HEADING_ROW


class FormLayout(Struct, frozen=True):
    """The whole form."""

    questionnaire: Questionnaire  # the questions asked (the quick check's, with --quick)
    quick: bool
    sheets: tuple[FormSheet, ...]

    def question_row(self, question_id: str) -> tuple[FormSheet, FormRow] | None:
        """The sheet and the first row of a question."""
        for sheet in self.sheets:
            for row in sheet.rows:
                if row.question.id == question_id:
                    return sheet, row
        return None

    def numbers(self) -> dict[str, str]:
        return {row.question.id: row.number for sheet in self.sheets for row in sheet.rows}


def layout(questionnaire: Questionnaire, *, quick: bool = False) -> FormLayout:
    """The form for ``questionnaire`` (already cut to the quick check when ``quick``)."""
    sheets = []
    used: set[str] = {START_SHEET.casefold(), META_SHEET.casefold()}
    number = 0
    for domain in questionnaire.domains:
        rows: list[FormRow] = []
        row = FIRST_ROW
        for question in domain.questions:
            number += 1
            label = str(number)
            if question.type != "multi":
                rows.append(FormRow(row, "question", question, label))
                row += 1
                continue
            rows.append(FormRow(row, "heading", question, label))
            row += 1
            for choice in question.choices:
                rows.append(FormRow(row, "option", question, label, option=choice))
                row += 1
            if question.dont_know:
                rows.append(FormRow(row, "option", question, label, dont_know=True))
                row += 1
        name = sheet_name(domain.title, used)
        used.add(name.casefold())
        sheets.append(FormSheet(name, domain.id, domain.title, domain.description, tuple(rows)))
    return FormLayout(questionnaire, quick, tuple(sheets))


def sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the form."""
    base = _SHEET_UNSAFE.sub(" ", title).strip(" '")[:31].strip() or "Questions"
    name, count = base, 1
    while name.casefold() in used:
        count += 1
        suffix = f" {count}"
        name = base[: 31 - len(suffix)] + suffix
    return name


def choice_labels(question: Question) -> tuple[str, ...]:
    """The labels a dropdown offers: the choices', then "Don't know" where offered."""
    labels = tuple(choice.label for choice in question.choices)
    return (*labels, DONT_KNOW_LABEL) if question.dont_know else labels


def number_rule(question: Question) -> str:
    """What a number answer must be, in words: "a number from 0 to 10,000 (hours)"."""
    low, high = question.minimum, question.maximum
    unit = f" {question.unit}" if question.unit else ""
    if low is None or high is None:
        return f"a number{unit}"
    return f"a number from {low:,g} to {high:,g}{unit}"


def what_to_enter(question: Question) -> str:
    """A short instruction for the answer cell, shown in the question's row."""
    if question.type == "multi":
        return "Put Yes beside each answer that applies (in the rows below)."
    if question.type == "number":
        extra = ', or "Don\'t know"' if question.dont_know else ""
        return f"Enter {number_rule(question)}{extra}."
    if question.type == "text":
        return "Write a short note (optional)."
    return "Choose from the list in the answer cell."


# ------------------------------------------------------------------ conditions in words


def condition_words(question: Question, layout: FormLayout, sheet: FormSheet) -> str | None:
    """ "Only if you answered “Yes” to question 1 above", for a question with a condition."""
    if question.when is None:
        return None
    return "Only if " + _words(conditions.parse(question.when), layout, sheet)


def _words(condition: conditions.Condition, layout: FormLayout, sheet: FormSheet) -> str:
    if isinstance(condition, conditions.Comparison):
        return _comparison_words(condition, layout, sheet)
    if isinstance(condition, conditions.Not):
        return "it is not the case that " + _words(condition.operand, layout, sheet)
    joiner = " and " if isinstance(condition, conditions.AllOf) else " or "
    return joiner.join(_words(operand, layout, sheet) for operand in condition.operands)


def _comparison_words(
    comparison: conditions.Comparison, layout: FormLayout, sheet: FormSheet
) -> str:
    found = layout.question_row(comparison.name)
    if found is None:
        return f"question '{comparison.name}' (not in this form) has a particular answer"
    where_sheet, row = found
    where = (
        f"question {row.number} above"
        if where_sheet is sheet
        else f"question {row.number} (on the '{where_sheet.name}' sheet)"
    )
    question = row.question
    values = comparison.values
    if comparison.operator in ("<", "<=", ">", ">="):
        word = {"<": "less than", "<=": "at most", ">": "more than", ">=": "at least"}
        return f"your answer to {where} is {word[comparison.operator]} {values[0]:,g}"
    labels = [_value_label(question, value) for value in values]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    if comparison.operator == "!=":
        return f"you did not answer {listed} to {where}"
    return f"you answered {listed} to {where}"


def _value_label(question: Question, value: str | float) -> str:
    if isinstance(value, float):
        return f"{value:,g}"
    choice = question.choice(value)
    return f"“{choice.label if choice else value}”"
