"""The comparison as CSV: the practices table, one row per practice, for any spreadsheet.

One table, so that it sorts and filters cleanly: a row per practice, then (where
a practice has several respondents, or earlier results kept with ``--all``) a
row per result, told apart by the "Row" column. The network, survey and notes
views are in the xlsx, html and json exports. Same rules as the report CSV:
UTF-8 with a byte-order mark (so Excel reads the accents), "\\r\\n" line ends,
numbers as numbers, and every text cell through ``textsafe.spreadsheet_cell``
so that nothing a practice typed can run as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence

from readiness.network.records import Cell, NetworkComparison, PracticeRow, Response
from readiness.report.network import common as words
from readiness.textsafe import excel_csv

ROW_PRACTICE = "Practice"
ROW_RESPONDENT = "Respondent"
ROW_EARLIER = "Earlier result (not counted)"


def header(comparison: NetworkComparison) -> list[str]:
    columns = [
        "Practice",
        "ODS code",
        "PCN",
        "Row",
        "Respondent",
        "Assessed",
        "Questionnaire",
        "Overall score",
        "Overall band",
    ]
    for info in comparison.domains:
        columns += [f"{info.title} score", f"{info.title} band"]
    return [*columns, "Notes"]


def rows(comparison: NetworkComparison) -> list[list[object]]:
    """Every row after the header, as cell values (numbers stay numbers)."""
    found: list[list[object]] = []
    for row in comparison.practices:
        found.append(_practice_row(comparison, row))
        if len(row.responses) > 1:
            found += [_response_row(comparison, row, response) for response in row.responses]
    return found


def render(comparison: NetworkComparison) -> str:
    return excel_csv(header(comparison), [*rows(comparison), *round_rows(comparison)])


ROW_ROUND = "Collection round"
ROW_WAITING = "Not returned yet"


def round_rows(comparison: NetworkComparison) -> list[list[object]]:
    """With --expect, after the practices: the round in sentences (in the Notes column),
    then a row for each practice waited for, so that filtering on "Row" finds them."""
    collection = comparison.collection
    if collection is None:
        return []
    width = len(header(comparison))

    def row(practice: str, kind: str, note: str) -> list[object]:
        return [practice, "", "", kind, *[""] * (width - 5), note]

    found = [row("", ROW_ROUND, line) for line in words.round_lines(collection)]
    found += [row(entry.label, ROW_WAITING, "") for entry in collection.waiting]
    return found


def _practice_row(comparison: NetworkComparison, row: PracticeRow) -> list[object]:
    current = row.current
    respondent = (
        current[0].respondent if len(current) == 1 else f"Average of {len(current)} respondents"
    )
    versions = sorted({response.questionnaire for response in current})
    notes = []
    missing = words.low_coverage(comparison, row)
    if missing:
        notes.append(f"Not enough answers: {', '.join(missing)}")
    if len(current) > 1:
        splits = [
            info.title
            for info, agreement in zip(comparison.domains, row.agreement, strict=True)
            if agreement.kind == "split"
        ]
        if splits:
            notes.append(f"Respondents split on: {', '.join(splits)}")
    return [
        row.label,
        row.ods_code or "",
        row.pcn or "",
        ROW_PRACTICE,
        respondent,
        row.latest[:10],
        "; ".join(versions),
        *_scores(comparison, row.overall, row.domains),
        "; ".join(notes),
    ]


def _response_row(
    comparison: NetworkComparison, row: PracticeRow, response: Response
) -> list[object]:
    return [
        row.label,
        row.ods_code or "",
        row.pcn or "",
        ROW_RESPONDENT if response.current else ROW_EARLIER,
        response.respondent,
        response.created_at[:10],
        response.questionnaire,
        *_scores(comparison, response.overall, response.domains),
        "",
    ]


def _scores(comparison: NetworkComparison, overall: Cell, domains: Sequence[Cell]) -> list[object]:
    values: list[object] = []
    for cell in (overall, *domains):
        values += [_number(cell), comparison.band_label(cell)]
    return values


def _number(cell: Cell) -> float | str:
    """The score as a number, or an empty cell when there are not enough answers."""
    return cell.score if cell.enough_answers and cell.score is not None else ""
