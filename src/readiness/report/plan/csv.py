"""The plan as CSV for Excel (byte-order mark, formula-safe cells)."""

from __future__ import annotations

from readiness.plans.records import Plan
from readiness.report.plan.common import COLUMNS, rows
from readiness.textsafe import excel_csv


def render(plan: Plan, *, on: str) -> str:
    return excel_csv(COLUMNS, (row.cells() for row in rows(plan, on=on)))
