"""The comparison as an Excel workbook (openpyxl): one sheet per view.

Sheets: Practices (the heatmap: scores with band colours as cell fills),
Network (per domain: median, range, practices per band, barriers), Benchmarks
(the network beside each survey figure), Respondents (where a practice's
respondents agree or split) and Notes (bands, notes, skipped files). Each has
a frozen, bold header row.

Safety: every text cell goes through ``textsafe.spreadsheet_cell`` and is
written as a string, so nothing a practice typed can become a formula; the
workbook has no formulas at all. The same results give the same bytes: the
document's created and modified times are the newest result's time, and every
part of the zip file carries that time too. openpyxl is imported here only.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import timezone
from typing import Any

from readiness.network.records import Cell, NetworkComparison, PracticeRow
from readiness.report.network import common as words
from readiness.report.network import csv as compare_csv
from readiness.report.xlsxfile import workbook_bytes
from readiness.results.identity import parse_time
from readiness.textsafe import spreadsheet_cell

HEADER_FILL = "005EB8"  # NHS blue, with white bold text
COLUMN_WIDTH = 14
WIDE_COLUMN = 34
Sheet = Any  # openpyxl has no type hints


def render(comparison: NetworkComparison) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    workbook.remove(first)
    if comparison.collection is not None:
        _returns(workbook.create_sheet("Returns"), comparison)
    _practices(workbook.create_sheet("Practices"), comparison)
    _network(workbook.create_sheet("Network"), comparison)
    _benchmarks(workbook.create_sheet("Benchmarks"), comparison)
    _respondents(workbook.create_sheet("Respondents"), comparison)
    if words.target_rows(comparison):
        _targets(workbook.create_sheet("Targets"), comparison)
    if comparison.plans is not None:
        _plans(workbook.create_sheet("Plans"), comparison)
    if comparison.answer_notes:
        _answer_notes(workbook.create_sheet("Answer notes"), comparison)
    _notes(workbook.create_sheet("Notes"), comparison)
    return workbook_bytes(workbook, parse_time(comparison.newest).astimezone(timezone.utc))


# ------------------------------------------------------------------------------ writing cells


def _write(
    sheet: Sheet,
    row: int,
    column: int,
    value: object,
    *,
    fill: str | None = None,
    bold: bool = False,
) -> None:
    """One cell: text made safe and stored as text; numbers as numbers."""
    cell = sheet.cell(row=row, column=column)
    safe = spreadsheet_cell(value)
    if isinstance(safe, str):
        cell.value = safe
        cell.data_type = "s"  # never "f": openpyxl would treat a leading "=" as a formula
    else:
        cell.value = safe
    if fill is not None:
        cell.fill = _fill(fill)
    if bold:
        cell.font = _bold()


@functools.cache
def _fill(colour: str) -> Any:
    """One fill object per colour: openpyxl is slow to make them, thousands of times."""
    from openpyxl.styles import PatternFill

    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


@functools.cache
def _bold() -> Any:
    from openpyxl.styles import Font

    return Font(bold=True)


def _header(sheet: Sheet, titles: Sequence[str], *, wide: Sequence[int] = (0,)) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for column, title in enumerate(titles, start=1):
        _write(sheet, 1, column, title)
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _fill(HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        width = WIDE_COLUMN if column - 1 in wide else COLUMN_WIDTH
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _rows(sheet: Sheet, rows: Sequence[Sequence[object]], start: int = 2) -> None:
    for number, values in enumerate(rows, start=start):
        for column, value in enumerate(values, start=1):
            _write(sheet, number, column, value)


# ------------------------------------------------------------------------------ the sheets


def _practices(sheet: Sheet, comparison: NetworkComparison) -> None:
    """The CSV table, with each score cell filled in its band's colour."""
    _header(
        sheet, compare_csv.header(comparison), wide=(0, 4, 6, 8 + 2 * len(comparison.domains) + 1)
    )
    score_columns = [8 + 2 * position for position in range(len(comparison.domains) + 1)]
    cells = list(_row_cells(comparison))
    for number, (values, scores) in enumerate(
        zip(compare_csv.rows(comparison), cells, strict=True), start=2
    ):
        for column, value in enumerate(values, start=1):
            fill = None
            if column in score_columns:
                fill = words.band_fill(comparison, scores[score_columns.index(column)])
            _write(
                sheet,
                number,
                column,
                value,
                fill=fill,
                bold=column == 1 and values[3] == compare_csv.ROW_PRACTICE,
            )


def _row_cells(comparison: NetworkComparison) -> list[list[Cell]]:
    """The overall and domain cells behind each CSV row, in the same order."""
    found: list[list[Cell]] = []
    for row in comparison.practices:
        found.append([row.overall, *row.domains])
        if len(row.responses) > 1:
            found += [[response.overall, *response.domains] for response in row.responses]
    return found


def _network(sheet: Sheet, comparison: NetworkComparison) -> None:
    titles = [
        "Domain",
        "Median",
        "Lowest",
        "Highest",
        *(f"Practices: {band.label}" for band in comparison.bands),
        f"Practices: {words.NOT_ENOUGH.lower()}",
        "Weak in",
        "Barrier",
        "Weak practices",
    ]
    _header(sheet, titles, wide=(0, len(titles) - 2, len(titles) - 1))
    rows = []
    for summary in (*comparison.network, comparison.overall):
        rows.append(
            [
                summary.domain.title,
                _blank(summary.median),
                _blank(summary.lowest),
                _blank(summary.highest),
                *summary.band_counts,
                summary.not_enough,
                len(summary.weak),
                words.barrier_text(summary),
                ", ".join(summary.weak),
            ]
        )
    _rows(sheet, rows)
    # Each band's count column is filled in that band's colour.
    for position in range(len(comparison.bands)):
        colour = _fill(words.band_fill(comparison, Cell(0.0, position)))
        for number in range(2, len(rows) + 2):
            sheet.cell(row=number, column=5 + position).fill = colour
    _write(sheet, len(rows) + 3, 1, f"Weak means a score {comparison.weak_below()}.")


def _benchmarks(sheet: Sheet, comparison: NetworkComparison) -> None:
    titles = [
        "Survey finding",
        "Practices in this group",
        "Practices that answered",
        "Practices",
        "Percent of those that answered",
        "Your network",
        "Survey figure",
        "95% CI low",
        "95% CI high",
        "Who was asked, and when",
        "Source",
        "Benchmark id",
    ]
    _header(sheet, titles, wide=(0, 5, 9, 10))
    rows = []
    for item in comparison.benchmarks:
        record = item.record
        low, high = record.ci95 if record.ci95 else ("", "")
        rows.append(
            [
                record.statement,
                item.matched,
                item.answered,
                item.practices,
                _blank(item.percent),
                words.network_text(item),
                words.survey_text(item),
                low,
                high,
                words.survey_detail(item),
                words.source_text(item),
                record.id,
            ]
        )
    _rows(sheet, rows)


def _respondents(sheet: Sheet, comparison: NetworkComparison) -> None:
    titles = ["Practice", "Domain", "Views", "Lowest", "Highest", "Respondents' scores"]
    _header(sheet, titles, wide=(0, 2, 5))
    rows: list[list[object]] = []
    for row in comparison.several_respondents:
        rows += _respondent_rows(comparison, row)
    if not rows:
        rows.append(["No practice has results from more than one respondent.", "", "", "", "", ""])
    _rows(sheet, rows)


def _respondent_rows(comparison: NetworkComparison, row: PracticeRow) -> list[list[object]]:
    found: list[list[object]] = []
    for position, info in enumerate(comparison.domains):
        agreement = row.agreement[position]
        scores = "; ".join(
            f"{response.respondent}: {words.score_text(response.domains[position])}"
            for response in row.current
        )
        found.append(
            [
                row.label,
                info.title,
                words.agreement_text(row, position),
                _blank(agreement.lowest),
                _blank(agreement.highest),
                scores,
            ]
        )
    return found


def _notes(sheet: Sheet, comparison: NetworkComparison) -> None:
    _header(sheet, ["About this comparison"], wide=(0,))
    sheet.column_dimensions["A"].width = 120
    lines = [
        f"Readiness across {comparison.title}" + (" (anonymised)" if comparison.anonymised else ""),
        words.summary_line(comparison),
        f"Bands: {words.band_ranges(comparison)}.",
        "Empty score cells: not enough answers to score (less than half answered).",
        f"Weak means a score {comparison.weak_below()}.",
        *(f"Note: {note}" for note in words.note_texts(comparison)),
        *(f"Skipped: {line}" for line in words.skipped_lines(comparison)),
    ]
    _rows(sheet, [[line] for line in lines])


def _targets(sheet: Sheet, comparison: NetworkComparison) -> None:
    """The network's medians now and at the practices' targets, per domain."""
    _header(
        sheet, ["Domain", "Median now", "Median at target", "Practices aiming to move"], wide=(0,)
    )
    _rows(sheet, [list(row) for row in words.target_rows(comparison)])


def _plans(sheet: Sheet, comparison: NetworkComparison) -> None:
    """Each step practices plan: how many, by when (and who, unless anonymised)."""
    plans = comparison.plans
    if plans is None:
        return
    columns = ["Step", "Practices", "Of", "Earliest due", "Latest due", "More than half"]
    if not comparison.anonymised:
        columns.append("Practices planning it")
    _header(sheet, columns, wide=(0, 6))
    _rows(
        sheet,
        [
            [
                step.text,
                step.practices,
                step.total,
                step.earliest,
                step.latest,
                "yes" if step.shared else "no",
                *([", ".join(step.labels)] if not comparison.anonymised else []),
            ]
            for step in plans.steps
        ],
    )


def _answer_notes(sheet: Sheet, comparison: NetworkComparison) -> None:
    """Each practice's notes on its answers (left out when anonymised, unless --keep-notes)."""
    _header(sheet, ["Practice", "Question", "Answer", "Note"], wide=(1, 3))
    _rows(
        sheet,
        [
            [item.label, question, answer, note]
            for item in comparison.answer_notes
            for question, answer, note in item.notes
        ],
    )


def _returns(sheet: Sheet, comparison: NetworkComparison) -> None:
    """With --expect: the collection round, first, and each practice waited for."""
    collection = comparison.collection
    if collection is None:
        return
    _header(sheet, ["Collection round"], wide=(0,))
    sheet.column_dimensions["A"].width = 120
    lines = words.round_lines(collection)
    lines += [f"Waiting for: {entry.label}" for entry in collection.waiting]
    _rows(sheet, [[line] for line in lines])


def _blank(value: float | int | None) -> float | int | str:
    return "" if value is None else value


# ------------------------------------------------------------------------------ saving
