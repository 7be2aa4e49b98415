"""Read a filled answer form (.xlsx) into answers, checked exactly as an answers file is.

The file is checked before any spreadsheet code sees it: its size (at most
5 MB), what it really is (an old .xls, an OpenDocument .ods, a CSV, an
encrypted workbook, or not a workbook at all), and how big it would be
unpacked (a "zip bomb" is refused). ``workbook`` then reads its values, never
working out a formula: a cell holding one is read as the formula's text.

The layout is ``questionnaire.form``'s, the one the writer used: each row's
hidden key must be where the layout puts it, so rows that were deleted,
inserted, moved or merged are reported instead of read as another question's
answer. Every answer goes through ``answers.check_answer``, the one rule for
answers files. Every problem is collected and reported at once, located as
``FILLED.xlsx, sheet 'Funding', cell C7``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping
from datetime import timezone
from pathlib import Path

from msgspec import Struct

from readiness import scoring
from readiness.errors import InvalidFileError, Problem, ReadinessError
from readiness.files import read_bytes
from readiness.questionnaire.answers import (
    AnswerProblem,
    check_answer,
    check_note,
    normalise_ods,
    ods_problem,
)
from readiness.questionnaire.form import (
    ANSWER_COLUMN,
    DETAILS,
    DETAILS_FIRST_ROW,
    DOMAIN_MERGES,
    DONT_KNOW_LABEL,
    FIRST_ROW,
    FORM_MARKER,
    KEY_COLUMN,
    META_KEYS,
    META_SHEET,
    NOTES_COLUMN,
    START_MERGES,
    START_SHEET,
    FormLayout,
    FormRow,
    FormSheet,
    condition_words,
    layout,
)
from readiness.questionnaire.model import (
    DONT_KNOW_TEXT,
    Answer,
    AnswerSet,
    Practice,
    Question,
    Questionnaire,
)
from readiness.questionnaire.quick import quick_check
from readiness.results.workbook import OutsideForm, Workbook, open_workbook

MAX_FORM_BYTES = 5 * 1000 * 1000  # "5 MB": a filled form is about 40 kB
MAX_UNPACKED_BYTES = 50 * 1000 * 1000  # everything inside the zip, unpacked
MAX_PARTS = 1000  # files inside the zip
FORM_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv"})
SAVE_AS_XLSX = (
    "Open it in Excel and choose File > Save As > 'Excel Workbook (*.xlsx)' (in LibreOffice: "
    "File > Save As > 'Excel 2007-365 (.xlsx)'), then give the .xlsx file."
)
_COLUMNS = ("A", "B", "C", "D", "E", "F")
_KEY_INDEX = _COLUMNS.index(KEY_COLUMN)
_ANSWER_INDEX = _COLUMNS.index(ANSWER_COLUMN)
_NOTES_INDEX = _COLUMNS.index(NOTES_COLUMN)
_TICKED = frozenset({"yes", "y", "x", "✓", "✔", "true"})
_NOT_TICKED = frozenset({"", "no", "n", "false"})
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_ODS_MIME = b"application/vnd.oasis.opendocument"


class FilledForm(Struct, frozen=True):
    """A filled form's answers, and what was left out of them (as people read it)."""

    answer_set: AnswerSet
    notes: tuple[str, ...] = ()
    saved_at: str | None = None  # when the workbook was last saved, as it records it (UTC)


def is_form(path: Path) -> bool:
    """Whether ``path`` is read as a form (a spreadsheet) rather than an answers file."""
    return path.suffix.lower() in FORM_SUFFIXES


def read_form(path: Path, questionnaire: Questionnaire) -> FilledForm:
    """Read and check a filled form, listing every problem at once."""
    return read_form_bytes(path, read_bounded(path), questionnaire)


def read_form_bytes(path: Path, data: bytes, questionnaire: Questionnaire) -> FilledForm:
    """``read_form`` for bytes already read (within bounds) from ``path``."""
    _check_kind(path, data)
    book = _open(path, data)
    try:
        return _read_book(path, book, questionnaire)
    finally:
        book.close()


# ------------------------------------------------------------------------------ the file


def read_bounded(path: Path) -> bytes:
    """The file's bytes through the one bounded reader, with a form's larger limit."""
    return read_bytes(path, what="answer form", limit=MAX_FORM_BYTES, limit_words="5 MB")


def _file_problem(path: Path, message: str) -> InvalidFileError:
    return InvalidFileError([Problem(message, path)], what="answer form")


def _check_kind(path: Path, data: bytes) -> None:
    """Refuse what is not an .xlsx workbook, saying what it is and what to do."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file
        if _ENCRYPTED in data:
            raise _file_problem(
                path,
                "the workbook is protected with a password to open it, so it cannot be read. "
                "Open it, remove the password (File > Info > Protect Workbook > Encrypt with "
                "Password, and clear it), save, and send it again",
            )
        raise _file_problem(path, f"this is an old-style Excel file (.xls). {SAVE_AS_XLSX}")
    if not data.startswith(b"PK\x03\x04"):
        kind = "a CSV or text file" if _looks_like_text(data) else "not an Excel workbook"
        raise _file_problem(
            path,
            f"this is {kind}, not an answer form (a CSV keeps only one sheet and none of the "
            f"lists). {SAVE_AS_XLSX}",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _file_problem(path, "the file is damaged (it is not a complete workbook)") from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
            raise _file_problem(
                path,
                "the file would unpack to far more than an answer form holds, so it is not "
                "read (it may be a 'zip bomb', made to fill the memory of whoever opens it)",
            )
        names = {part.filename for part in parts}
        if "mimetype" in names and archive.read("mimetype").startswith(_ODS_MIME):
            raise _file_problem(path, f"this is an OpenDocument spreadsheet (.ods). {SAVE_AS_XLSX}")
        if "xl/workbook.xml" not in names:
            raise _file_problem(path, "this is not an Excel workbook (.xlsx)")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:2048]
    return b"\x00" not in sample and (b"," in sample or b"\n" in sample or b";" in sample)


def _open(path: Path, data: bytes) -> Workbook:
    try:
        return open_workbook(data)
    except OutsideForm as far:
        raise _file_problem(
            path,
            f"a sheet has a cell as far out as row {far.row:,} or column {far.column}, far "
            "outside the form: delete the rows below the last question and the columns "
            "after F, or copy the answers into a new form (readiness form --out NEW.xlsx)",
        ) from None
    except Exception as error:  # calamine and openpyxl raise many kinds for a damaged file
        raise _file_problem(
            path, f"the workbook cannot be read ({type(error).__name__}): is it damaged?"
        ) from None


# ------------------------------------------------------------------------------ the workbook


def _read_book(path: Path, book: Workbook, questionnaire: Questionnaire) -> FilledForm:
    meta = _meta(path, book)
    form = _form_for(path, meta, questionnaire)
    problems = list(_sheet_problems(path, book, form))
    reader = _Reader(path, form)
    # A missing Start sheet is one of the problems above; the details are then unknown.
    practice = reader.practice(book) if START_SHEET in book.sheetnames else Practice()
    for sheet in form.sheets:
        if sheet.name in book.sheetnames:
            reader.sheet(book, sheet)
    problems += reader.problems
    if problems:
        raise InvalidFileError(problems, what="answer form")
    answers, left_out = _applicable(form, reader.answers, reader.cells)
    if not answers:
        raise ReadinessError(
            f"{path.name} has no answers: it is an empty form, so there is nothing to score.",
            hint="Fill in the yellow answer cells on each sheet, save it, and try again.",
        )
    answer_set = AnswerSet(practice, answers, reader.notes, quick=form.quick)
    return FilledForm(answer_set, tuple(left_out), _saved_at(book))


def _saved_at(book: Workbook) -> str | None:
    """The workbook's own "last modified" time (Excel and LibreOffice set it on saving)."""
    moment = book.saved_at()
    if moment is None or moment.year < 2000:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def _meta(path: Path, book: Workbook) -> dict[str, str]:
    not_form = _file_problem(
        path,
        "this workbook is not a readiness answer form (it has no hidden 'About this form' "
        "sheet). Make a form with: readiness form --out FORM.xlsx",
    )
    if META_SHEET not in book.sheetnames:
        raise not_form
    values: dict[str, str] = {}
    for row in book.rows(META_SHEET, 1, len(META_KEYS)):
        key, value = _values(row)[:2]
        if isinstance(key, str):
            values[key] = "" if value is None else str(value)
    if values.get("form") != FORM_MARKER:
        raise not_form
    return values


def _form_for(path: Path, meta: Mapping[str, str], questionnaire: Questionnaire) -> FormLayout:
    """The layout of the form, refused if it was made from another questionnaire."""
    made = f"{meta.get('questionnaire', '?')} version {meta.get('version', '?')}"
    option = "" if questionnaire.id == "integration-readiness" else f" -q {questionnaire.id}"
    hint = (
        f"Make a new form with: readiness form{option} --out NEW.xlsx, and copy the answers "
        "into it (or score this one with the questionnaire it was made from, using -q)."
    )
    if (
        meta.get("questionnaire") != questionnaire.id
        or meta.get("version") != questionnaire.version
    ):
        raise ReadinessError(
            f"{path.name} was made for {made}, not for {questionnaire.id} version "
            f"{questionnaire.version}, so its rows do not match these questions.",
            hint=hint,
        )
    if meta.get("sha256") != questionnaire.sha256:
        raise ReadinessError(
            f"{path.name} was made from a different copy of {made} (its questions have been "
            "changed since), so its rows may not match these questions.",
            hint=hint,
        )
    if meta.get("quick") == "yes":
        return layout(quick_check(questionnaire), quick=True)
    return layout(questionnaire)


def _sheet_problems(path: Path, book: Workbook, form: FormLayout) -> Iterator[Problem]:
    expected = [START_SHEET, *(sheet.name for sheet in form.sheets), META_SHEET]
    for name in book.sheetnames:
        if name not in expected:
            yield Problem(
                "this sheet is not part of the form: delete it (copy anything worth keeping "
                "into a Notes cell first)",
                path,
                sheet=name,
            )
    for name in expected:
        if name not in book.sheetnames:
            yield Problem(
                "this sheet is missing from the form (was it renamed or deleted?): put it "
                "back, or copy the answers into a new form",
                path,
                sheet=name,
            )


# ------------------------------------------------------------------------------ the cells


class _Reader:
    """Reads the sheets' cells, gathering answers, notes and every problem."""

    def __init__(self, path: Path, form: FormLayout) -> None:
        self.path = path
        self.form = form
        self.problems: list[Problem] = []
        self.answers: dict[str, Answer] = {}
        self.notes: dict[str, str] = {}
        self.cells: dict[str, tuple[str, str]] = {}  # question id: (sheet, cell) of its answer

    def problem(self, sheet: str, cell: str | None, message: str) -> None:
        self.problems.append(Problem(message, self.path, sheet=sheet, cell=cell))

    def practice(self, book: Workbook) -> Practice:
        title = START_SHEET
        self._merged(title, book.merges(title), START_MERGES)
        last = DETAILS_FIRST_ROW + len(DETAILS) - 1
        rows = list(book.rows(title, DETAILS_FIRST_ROW, last))
        values: dict[str, str | None] = {}
        for offset, (key, label, _hint) in enumerate(DETAILS):
            row = DETAILS_FIRST_ROW + offset
            cells = _values(rows[offset]) if offset < len(rows) else [None] * 6
            if cells[_KEY_INDEX] != f"practice.{key}":
                self.problem(
                    title,
                    f"B{row}",
                    f"this row should hold '{label}': rows were inserted or deleted here; "
                    "copy the details into a new form",
                )
                continue
            text = _text(cells[_ANSWER_INDEX])
            values[key] = text or None
        ods = values.get("ods_code")
        if ods and (message := ods_problem(ods)):
            self.problem(title, f"C{DETAILS_FIRST_ROW + 1}", message)
            ods = None
        return Practice(
            values.get("name"),
            normalise_ods(ods) if ods else None,
            values.get("pcn"),
            values.get("respondent"),
        )

    def sheet(self, book: Workbook, form_sheet: FormSheet) -> None:
        title = form_sheet.name
        self._merged(title, book.merges(title), DOMAIN_MERGES)
        rows = book.rows(title, FIRST_ROW)
        expected = iter(form_sheet.rows)
        options: dict[str, list[tuple[FormRow, object]]] = {}
        for number, row in enumerate(rows, start=FIRST_ROW):
            cells = _values(row)
            layout_row = next(expected, None)
            if layout_row is None:
                if any(value not in (None, "") for value in cells[:5]):
                    self.problem(
                        title,
                        f"A{number}",
                        "this row is below the last question, so it is not read: move what "
                        "it says into a Notes cell",
                    )
                continue
            if cells[_KEY_INDEX] != layout_row.key:
                self._moved(title, number, layout_row)
                return
            self._row(title, layout_row, cells, options)
        missing = next(expected, None)
        if missing is not None:
            self._moved(title, missing.row, missing)
            return
        for ticked in options.values():
            self._options(title, ticked)

    def _merged(self, title: str, merges: tuple[str, ...], allowed: frozenset[str]) -> None:
        for merged in merges:
            if merged not in allowed:
                self.problem(
                    title,
                    merged,
                    "these cells are merged, so their answers cannot be told apart: select "
                    "them and choose Unmerge Cells (Home > Merge & Center), then check each "
                    "answer",
                )

    def _moved(self, title: str, row: int, expected: FormRow) -> None:
        what = f"question {expected.number} ('{_short(expected.question.text)}')"
        self.problem(
            title,
            f"A{row}",
            f"this row should hold {what}, but rows were deleted, inserted, moved or merged "
            "here, so the rest of this sheet cannot be read safely. Undo the change, or "
            "copy the answers into a new form (readiness form --out NEW.xlsx)",
        )

    def _row(
        self,
        title: str,
        row: FormRow,
        cells: list[object],
        options: dict[str, list[tuple[FormRow, object]]],
    ) -> None:
        question = row.question
        if row.kind != "option":
            note = cells[_NOTES_INDEX]
            if note not in (None, ""):
                try:
                    if cleaned := check_note(_text(note)):
                        self.notes[question.id] = cleaned
                except AnswerProblem as problem:
                    self.problem(title, row.cell(NOTES_COLUMN), str(problem))
        if row.kind == "heading":
            options[question.id] = []
            self.cells[question.id] = (title, row.cell())
            return
        value = cells[_ANSWER_INDEX]
        if row.kind == "option":
            options.setdefault(question.id, []).append((row, value))
            return
        self.cells[question.id] = (title, row.cell())
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        try:
            answer = check_answer(question, _answer_value(question, value))
        except AnswerProblem as problem:
            self.problem(title, row.cell(), _cell_message(question, value, str(problem)))
            return
        if answer is not None:
            self.answers[question.id] = answer

    def _options(self, title: str, ticked: list[tuple[FormRow, object]]) -> None:
        chosen: list[str] = []
        dont_know = False
        first_cell = None
        for row, value in ticked:
            word = " ".join(_text(value).split()).casefold()
            if word in _NOT_TICKED:
                continue
            if word not in _TICKED:
                self.problem(
                    title,
                    row.cell(),
                    f"'{_short(_text(value))}' is not an answer here: write Yes beside each "
                    "answer that applies, and leave the others blank",
                )
                continue
            first_cell = first_cell or row.cell()
            if row.dont_know:
                dont_know = True
            elif row.option is not None:
                chosen.append(row.option.value)
        if not chosen and not dont_know:
            return
        question = ticked[0][0].question
        if dont_know and chosen:
            self.problem(
                title,
                first_cell,
                f'question {ticked[0][0].number}: "Don\'t know" cannot be chosen together '
                "with other answers: keep one or the other",
            )
            return
        try:
            answer = check_answer(question, DONT_KNOW_TEXT if dont_know else chosen)
        except AnswerProblem as problem:
            self.problem(title, first_cell, f"question {ticked[0][0].number}: {problem}")
            return
        if answer is not None:
            self.answers[question.id] = answer


def _values(row: tuple[object, ...]) -> list[object]:
    """A row's first six values, padded with None (a row may stop at its last filled cell)."""
    return (list(row) + [None] * 6)[:6]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _normal(text: str) -> str:
    """Labels compared as people type them: any case, any spacing, straight or curly quotes."""
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).casefold()


def _answer_value(question: Question, value: object) -> object:
    """A cell's value as an answers file would hold it (a choice value, a number, text)."""
    text = _text(value)
    if _normal(text) == _normal(DONT_KNOW_LABEL):
        return DONT_KNOW_TEXT
    if question.type == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        cleaned = text.replace(",", "").strip()
        try:
            return float(cleaned)
        except ValueError:
            return text
    if question.type == "text":
        return text
    wanted = _normal(text)
    for choice in question.choices:
        if wanted in (_normal(choice.label), _normal(choice.value)):
            return choice.value
    return text


def _cell_message(question: Question, value: object, message: str) -> str:
    text = _text(value)
    if text.startswith("="):
        return (
            f"this cell holds a formula ({_short(text)}), which is not worked out: choose or "
            "type the answer itself"
        )
    if question.type in ("single", "scale", "yes_no"):
        labels = [choice.label for choice in question.choices]
        if question.dont_know:
            labels.append(DONT_KNOW_LABEL)
        listed = "; ".join(f"“{label}”" for label in labels)
        return f"'{_short(text)}' is not one of the answers: choose one of {listed}"
    return message


def _applicable(
    form: FormLayout, answers: Mapping[str, Answer], cells: Mapping[str, tuple[str, str]]
) -> tuple[dict[str, Answer], list[str]]:
    """The answers to questions that apply; a note for each answer left out."""
    applicable = scoring.applicable_answers(form.questionnaire, answers)
    kept = {key: answer for key, answer in answers.items() if key in applicable}
    notes = []
    for key in answers:
        if key in applicable:
            continue
        sheet_name, cell = cells[key]
        found = form.question_row(key)
        condition = (
            condition_words(found[1].question, form, found[0]) if found is not None else None
        )
        why = f" ({condition[0].lower()}{condition[1:]})" if condition else ""
        notes.append(
            f"sheet '{sheet_name}', cell {cell}: answered, but the question applies only "
            f"after a particular answer{why}, so this answer is left out"
        )
    return kept, notes
