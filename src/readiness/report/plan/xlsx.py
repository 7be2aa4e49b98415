"""The plan as an Excel workbook: one sheet, a frozen bold header, text cells made safe."""

from __future__ import annotations

import io

from readiness.plans.records import Plan
from readiness.report.plan.common import COLUMNS, rows, summary, title
from readiness.textsafe import spreadsheet_cell

WIDTHS = (5, 50, 22, 10, 18, 50, 40)


def render(plan: Plan, *, on: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append([spreadsheet_cell(title(plan))])
    sheet.append([spreadsheet_cell(summary(plan, on=on))])
    sheet.append(list(COLUMNS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows(plan, on=on):
        sheet.append([spreadsheet_cell(value) for value in row.cells()])
    sheet.freeze_panes = "A4"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    workbook.properties.creator = "readiness"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
