"""A blank answer form as an Excel workbook (openpyxl), laid out by ``questionnaire.form``.

Sheets: Start (practice details and short instructions), one per domain (each
question with its help, a yellow answer cell and a notes cell) and a hidden
sheet holding the questionnaire's id, version and content hash, and the lists
the dropdowns offer. Answers are checked as they are typed (data validation):
a dropdown of the choice labels and "Don't know", a number range with its
unit, Yes or blank for each option of a multiple-choice question. A question
that depends on an earlier answer says so, and turns grey (conditional
formatting) while it does not apply.

Every sheet is protected without a password, so that rows and headings are not
changed by accident while the answer cells stay editable; anyone can lift the
protection from the Review menu. There are no macros, and the only formulas are
those of the validation and the greying, never in a cell. Text goes through
``textsafe.spreadsheet_cell``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from readiness.questionnaire import conditions
from readiness.questionnaire.answers import MAX_NOTE, MAX_TEXT
from readiness.questionnaire.form import (
    ANSWER_COLUMN,
    DETAILS,
    DETAILS_FIRST_ROW,
    DOMAIN_MERGES,
    DONT_KNOW_LABEL,
    FORM_MARKER,
    FORM_VERSION,
    HEADING_ROW,
    KEY_COLUMN,
    LISTS_FIRST_COLUMN,
    META_SHEET,
    NOTES_COLUMN,
    START_MERGES,
    START_SHEET,
    YES,
    FormLayout,
    FormRow,
    FormSheet,
    choice_labels,
    condition_words,
    what_to_enter,
)
from readiness.questionnaire.model import Practice, Question
from readiness.questionnaire.timing import estimate_minutes
from readiness.report.xlsxfile import workbook_bytes
from readiness.textsafe import spreadsheet_cell

Sheet = Any  # openpyxl has no type hints
ANSWER_FILL = "FFF2CC"  # pale yellow: "write here"
HEADING_FILL = "005EB8"  # NHS blue, with white bold text
GREY_FILL = "D9D9D9"
GREY_TEXT = "7F7F7F"
# Column widths in characters: readable at 100% zoom on a laptop screen.
WIDTHS = {"A": 6, "B": 58, "C": 30, "D": 34, "E": 58}
HEADINGS = (
    "No.",
    "Question",
    "Your answer",
    "Notes (optional)",
    "What this means and why it is asked",
)
LINE_HEIGHT = 15  # points per wrapped line


def render(form: FormLayout, *, practice: Practice, moment: datetime) -> bytes:
    """The workbook's bytes; ``moment`` stamps the document (the same form, the same bytes)."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    workbook = Workbook()
    workbook.remove(workbook.active)
    lists = _Lists(workbook.create_sheet(META_SHEET))
    _start(workbook.create_sheet(START_SHEET, 0), form, practice)
    for sheet in form.sheets:
        _domain(workbook.create_sheet(sheet.name), sheet, form, lists)
    _meta(lists.sheet, form)
    workbook.move_sheet(META_SHEET, offset=len(workbook.sheetnames))
    workbook.active = 0
    # Sheets cannot be added, removed or unhidden by accident (no password: it is a guard,
    # not a lock).
    workbook.security = WorkbookProtection(lockStructure=True)
    return workbook_bytes(workbook, moment)


# ------------------------------------------------------------------------------ cells


def _write(sheet: Sheet, ref: str, value: object, *, style: str = "text") -> Any:
    """One cell: text made safe and stored as text (never as a formula)."""
    cell = sheet[ref]
    safe = spreadsheet_cell(value)
    cell.value = safe
    if isinstance(safe, str):
        cell.data_type = "s"  # openpyxl would otherwise treat a leading "=" as a formula
    for name, attribute in _styles(style):
        setattr(cell, name, attribute)
    return cell


@functools.cache
def _styles(style: str) -> tuple[tuple[str, Any], ...]:
    """Style objects made once: openpyxl is slow to make them."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    def solid(colour: str) -> Any:
        return PatternFill(fill_type="solid", start_color=colour, end_color=colour)

    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="A6A6A6")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    answer = (
        ("alignment", wrap),
        ("fill", solid(ANSWER_FILL)),
        ("border", box),
        ("protection", Protection(locked=False)),
    )
    return {
        "text": (("alignment", wrap),),
        "bold": (("alignment", wrap), ("font", Font(bold=True))),
        "title": (("font", Font(bold=True, size=16)),),
        "subtitle": (("font", Font(bold=True, size=12)), ("alignment", wrap)),
        "muted": (("alignment", wrap), ("font", Font(italic=True, color="505050"))),
        "heading": (
            ("alignment", wrap),
            ("font", Font(bold=True, color="FFFFFF")),
            (
                "fill",
                PatternFill(fill_type="solid", start_color=HEADING_FILL, end_color=HEADING_FILL),
            ),
        ),
        "answer": answer,
        "none": (),
    }[style]


def _height(texts: Sequence[tuple[str, int]]) -> float:
    """A row tall enough for its wrapped text: Excel does not work this out on opening."""
    lines = max(
        (sum(max(1, math.ceil(len(part) / max(width - 2, 1))) for part in text.split("\n"))
         for text, width in texts if text),
        default=1,
    )  # fmt: skip
    return float(LINE_HEIGHT * max(lines, 1) + 3)


def _page(sheet: Sheet, *, landscape: bool, title_rows: str | None) -> None:
    """A4, fitted to the page width, headings repeated on each page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.sheet_view.zoomScale = 100


def _protect(sheet: Sheet) -> None:
    """Protected without a password; people may still resize rows and columns."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


# ------------------------------------------------------------------------------ Start


def _start(sheet: Sheet, form: FormLayout, practice: Practice) -> None:
    questionnaire = form.questionnaire
    sheet.column_dimensions["A"].width = 4
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 40
    sheet.column_dimensions["D"].width = 60
    sheet.column_dimensions[KEY_COLUMN].hidden = True
    kind = "Quick check answer form" if form.quick else "Answer form"
    _write(sheet, "B1", questionnaire.title, style="title")
    _write(sheet, "B2", f"{kind} · version {questionnaire.version}", style="subtitle")
    _write(sheet, "B3", _instructions(form), style="text")
    for merged in START_MERGES:
        sheet.merge_cells(merged)
    sheet.row_dimensions[3].height = _height([(_instructions(form), 120)])
    _write(sheet, "B5", "About your practice", style="subtitle")
    given = {
        "name": practice.name,
        "ods_code": practice.ods_code,
        "pcn": practice.pcn,
        "respondent": practice.respondent,
    }
    for offset, (key, label, hint) in enumerate(DETAILS):
        row = DETAILS_FIRST_ROW + offset
        _write(sheet, f"B{row}", label, style="bold")
        _write(sheet, f"C{row}", given[key], style="answer")
        _write(sheet, f"D{row}", hint, style="muted")
        _write(sheet, f"{KEY_COLUMN}{row}", f"practice.{key}", style="none")
    ods_row = DETAILS_FIRST_ROW + 1
    _validation(
        sheet,
        f"C{ods_row}",
        kind="custom",
        formula=f"OR(LEN(C{ods_row})=0,AND(LEN(TRIM(C{ods_row}))=6,"
        f"ISNUMBER(--MID(TRIM(C{ods_row}),2,5))))",
        message="An ODS code is one letter and five digits, for example A81001.",
    )
    after = DETAILS_FIRST_ROW + len(DETAILS) + 1
    _write(sheet, f"B{after}", "The questions", style="subtitle")
    for offset, form_sheet in enumerate(form.sheets, start=1):
        count = len({row.question.id for row in form_sheet.rows})
        _write(sheet, f"B{after + offset}", form_sheet.name, style="bold")
        _write(sheet, f"C{after + offset}", f"{count} question{'s' if count != 1 else ''}")
    _page(sheet, landscape=False, title_rows=None)
    _protect(sheet)


def _instructions(form: FormLayout) -> str:
    count = len(form.questionnaire.questions)
    minutes = estimate_minutes(form.questionnaire.questions)
    lines = [
        f"{count} questions: about {minutes} minutes.",
        "1. Fill in your practice's details below (yellow cells).",
        "2. Each topic has its own sheet: see the tabs at the bottom of the window. Answer in "
        "the yellow cells: choose from the list (click the cell, then the small arrow). "
        '"Don\'t know" is a fine answer, and better than a guess.',
        '3. Some questions apply only after a particular answer: they say "Only if …" '
        "and turn grey when they do not apply. Leave those blank.",
        "4. Notes are optional: anything the person reading your answers should know.",
        "5. Keep the rows and sheets as they are. Save the file as an Excel workbook "
        "(.xlsx) and send it back to whoever sent it to you.",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------ domains


def _domain(sheet: Sheet, form_sheet: FormSheet, form: FormLayout, lists: _Lists) -> None:
    from openpyxl.styles import Alignment

    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.column_dimensions[KEY_COLUMN].hidden = True
    _write(sheet, "A1", form_sheet.title, style="title")
    _write(sheet, "A2", form_sheet.description, style="muted")
    # Merged cells do not grow to fit their text: give the description room to wrap.
    sheet.row_dimensions[2].height = _height([(form_sheet.description, sum(WIDTHS.values()))])
    _write(
        sheet,
        "A3",
        "Answer in the yellow cells. Questions that turn grey do not apply: leave them blank.",
        style="muted",
    )
    for merged in DOMAIN_MERGES:
        sheet.merge_cells(merged)
    for column, heading in zip("ABCDE", HEADINGS, strict=True):
        _write(sheet, f"{column}{HEADING_ROW}", heading, style="heading")
    for row in form_sheet.rows:
        _question_row(sheet, row, form_sheet, form, lists)
    sheet.freeze_panes = f"C{HEADING_ROW + 1}"
    sheet["A1"].alignment = Alignment(vertical="top")
    _page(sheet, landscape=True, title_rows=f"{HEADING_ROW}:{HEADING_ROW}")
    _greying(sheet, form_sheet, form)
    _protect(sheet)


def _question_row(
    sheet: Sheet, row: FormRow, form_sheet: FormSheet, form: FormLayout, lists: _Lists
) -> None:
    question, number = row.question, row.row
    _write(sheet, f"{KEY_COLUMN}{number}", row.key, style="none")
    if row.kind == "option":
        label = DONT_KNOW_LABEL if row.dont_know else (row.option.label if row.option else "")
        _write(sheet, f"B{number}", f"    {label}", style="text")
        _write(sheet, f"C{number}", None, style="answer")
        _validation(sheet, f"C{number}", kind="list", formula=f'"{YES}"', message="Yes, or blank.")
        sheet.row_dimensions[number].height = _height([(label, WIDTHS["B"])])
        return
    text = question.text
    condition = condition_words(question, form, form_sheet)
    lines = [text]
    if condition:
        lines.append(f"({condition}.)")
    lines.append(what_to_enter(question))
    shown = "\n".join(lines)
    _write(sheet, f"A{number}", row.number, style="bold")
    _write(sheet, f"B{number}", shown, style="bold" if row.kind == "heading" else "text")
    help_text = _help(question)
    _write(sheet, f"E{number}", help_text, style="muted")
    _write(sheet, f"{NOTES_COLUMN}{number}", None, style="answer")
    _validation(
        sheet,
        f"{NOTES_COLUMN}{number}",
        kind="textLength",
        formula=str(MAX_NOTE),
        message=f"A note can be up to {MAX_NOTE:,} characters.",
    )
    if row.kind == "question":
        _write(sheet, f"{ANSWER_COLUMN}{number}", None, style="answer")
        _answer_validation(sheet, f"{ANSWER_COLUMN}{number}", question, lists)
    sheet.row_dimensions[number].height = _height([(shown, WIDTHS["B"]), (help_text, WIDTHS["E"])])


def _help(question: Question) -> str:
    evidence = question.evidence
    return f"{question.help}\nWhy we ask: {evidence.finding}"


def _answer_validation(sheet: Sheet, ref: str, question: Question, lists: _Lists) -> None:
    if question.type == "number":
        low, high = question.minimum, question.maximum
        bounds = [f"ISNUMBER({ref})"]
        if low is not None:
            bounds.append(f"{ref}>={low:g}")
        if high is not None:
            bounds.append(f"{ref}<={high:g}")
        check = f"AND({','.join(bounds)})"
        if question.dont_know:
            check = f'OR({check},TRIM({ref})="{DONT_KNOW_LABEL}")'
        _validation(sheet, ref, kind="custom", formula=check, message=what_to_enter(question))
        return
    if question.type == "text":
        _validation(
            sheet,
            ref,
            kind="textLength",
            formula=str(MAX_TEXT),
            message=f"Up to {MAX_TEXT:,} characters.",
        )
        return
    _validation(
        sheet, ref, kind="list", formula=lists.add(question), message=what_to_enter(question)
    )


def _validation(sheet: Sheet, ref: str, *, kind: str, formula: str, message: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    options: dict[str, Any] = {}
    if kind == "textLength":
        options = {"operator": "lessThanOrEqual"}
    validation = DataValidation(
        type=kind,
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="Not an answer this cell takes",
        error=message[:255],
        showInputMessage=False,
        **options,
    )
    validation.add(ref)
    sheet.add_data_validation(validation)


class _Lists:
    """The dropdowns' choices, one column each on the hidden sheet (labels may hold commas,
    which a list typed into the validation itself could not)."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.column = LISTS_FIRST_COLUMN

    def add(self, question: Question) -> str:
        from openpyxl.utils import get_column_letter, quote_sheetname

        letter = get_column_letter(self.column)
        self.column += 1
        _write(self.sheet, f"{letter}1", question.id, style="none")
        labels = choice_labels(question)
        for offset, label in enumerate(labels, start=2):
            _write(self.sheet, f"{letter}{offset}", label, style="none")
        return f"{quote_sheetname(META_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"


def _meta(sheet: Sheet, form: FormLayout) -> None:
    questionnaire = form.questionnaire
    values = {
        "form": FORM_MARKER,
        "form_version": FORM_VERSION,
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "sha256": questionnaire.sha256,
        "quick": "yes" if form.quick else "no",
    }
    for row, (key, value) in enumerate(values.items(), start=1):
        _write(sheet, f"A{row}", key, style="none")
        _write(sheet, f"B{row}", value, style="none")
    sheet.sheet_state = "hidden"
    _protect(sheet)


# ------------------------------------------------------------------------------ greying


def _greying(sheet: Sheet, form_sheet: FormSheet, form: FormLayout) -> None:
    """Grey a conditional question's rows while its condition does not hold."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    grey = PatternFill(fill_type="solid", start_color=GREY_FILL, end_color=GREY_FILL)
    for question, first, last in _question_spans(form_sheet):
        if question.when is None:
            continue
        formula = f"NOT({_applies(question, form, form_sheet)})"
        sheet.conditional_formatting.add(
            f"A{first}:E{last}",
            FormulaRule(formula=[formula], fill=grey, font=Font(color=GREY_TEXT), stopIfTrue=True),
        )


def _question_spans(form_sheet: FormSheet) -> Iterator[tuple[Question, int, int]]:
    spans: dict[str, tuple[Question, int, int]] = {}
    for row in form_sheet.rows:
        question, first, _last = spans.get(row.question.id, (row.question, row.row, row.row))
        spans[row.question.id] = (question, first, row.row)
    yield from spans.values()


def _applies(question: Question, form: FormLayout, here: FormSheet) -> str:
    """An Excel formula that is TRUE when ``question`` applies (as ``scoring`` decides:
    a condition sees only the answers to questions that apply themselves)."""
    if question.when is None:
        return "TRUE"
    return _formula(conditions.parse(question.when), form, here)


def _formula(condition: conditions.Condition, form: FormLayout, here: FormSheet) -> str:
    if isinstance(condition, conditions.Not):
        return f"NOT({_formula(condition.operand, form, here)})"
    if isinstance(condition, conditions.AllOf | conditions.AnyOf):
        name = "AND" if isinstance(condition, conditions.AllOf) else "OR"
        return f"{name}({','.join(_formula(o, form, here) for o in condition.operands)})"
    found = form.question_row(condition.name)
    if found is None:
        return "FALSE"  # the question is not in this form, so it has no answer
    sheet, row = found
    test = _comparison(condition, sheet, row, here)
    if row.question.when is None:
        return test
    return f"AND({_applies(row.question, form, here)},{test})"


def _comparison(
    comparison: conditions.Comparison, sheet: FormSheet, row: FormRow, here: FormSheet
) -> str:
    from openpyxl.utils import quote_sheetname

    prefix = "" if sheet is here else f"{quote_sheetname(sheet.name)}!"
    question = row.question

    def cell(number: int) -> str:
        return f"{prefix}${ANSWER_COLUMN}${number}"

    operator, values = comparison.operator, comparison.values
    if question.type == "number":
        ref = cell(row.row)
        target = values[0]
        if operator in ("==", "!=", "<", "<=", ">", ">=") and isinstance(target, float):
            excel = {"==": "=", "!=": "<>"}.get(operator, operator)
            return f"AND(ISNUMBER({ref}),{ref}{excel}{target:g})"
        return "FALSE"
    if question.type == "multi":
        options = {
            r.option.value: cell(r.row)
            for r in sheet.rows
            if r.question.id == question.id and r.option is not None
        }
        ticked = [f'TRIM({options[v]})="{YES}"' for v in values if v in options]
        if operator == "!=":
            any_ticked = ",".join(f'TRIM({ref})="{YES}"' for ref in options.values())
            return f"AND(OR({any_ticked}),NOT(OR({','.join(ticked) or 'FALSE'})))"
        return f"OR({','.join(ticked) or 'FALSE'})"
    ref = f"TRIM({cell(row.row)})"
    labels = [_excel_text(c.label) for v in values if (c := question.choice(str(v))) is not None]
    equal = [f"{ref}={label}" for label in labels] or ["FALSE"]
    if operator == "!=":
        return f'AND(LEN({ref})>0,{ref}<>"{DONT_KNOW_LABEL}",NOT(OR({",".join(equal)})))'
    return f"OR({','.join(equal)})"


def _excel_text(text: str) -> str:
    return '"' + " ".join(text.split()).replace('"', '""') + '"'


# ------------------------------------------------------------------------------ saving
