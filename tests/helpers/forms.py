"""Make blank answer forms and fill them in as a person would: by choosing labels."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import openpyxl

from readiness.questionnaire.model import Practice, Questionnaire
from readiness.report.form import write_form

KEY = "F"  # the hidden column naming each row's question (or option)


def blank_form(questionnaire: Questionnaire, *, quick: bool = False, **practice: str) -> bytes:
    return write_form(questionnaire, "xlsx", practice=Practice(**practice), quick=quick)


def fill(
    form: bytes,
    answers: Mapping[str, object],
    *,
    notes: Mapping[str, str] | None = None,
    details: Mapping[str, str] | None = None,
) -> bytes:
    """The form with answers typed in: a label (or number) per question id, or for a
    multiple-choice question a list of the option values to put Yes beside."""
    book = openpyxl.load_workbook(io.BytesIO(form))
    rows = _rows(book)
    for question_id, value in answers.items():
        if isinstance(value, list):
            for option in value:
                sheet, row = rows[f"{question_id}={option}"]
                book[sheet][f"C{row}"] = "Yes"
            continue
        sheet, row = rows[question_id]
        book[sheet][f"C{row}"] = value
    for question_id, note in (notes or {}).items():
        sheet, row = rows[question_id]
        book[sheet][f"D{row}"] = note
    for key, value in (details or {}).items():
        sheet, row = rows[f"practice.{key}"]
        book[sheet][f"C{row}"] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows(book: openpyxl.Workbook) -> dict[str, tuple[str, int]]:
    found = {}
    for sheet in book.worksheets:
        for row in range(1, sheet.max_row + 1):
            key = sheet[f"{KEY}{row}"].value
            if isinstance(key, str) and key not in found:
                found[key] = (sheet.title, row)
    return found


def save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
