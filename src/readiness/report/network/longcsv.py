"""The long table as CSV (``compare --format long-csv``): Excel-safe like the other CSVs."""

from __future__ import annotations

from readiness.network.longtable import COLUMNS
from readiness.network.records import NetworkComparison
from readiness.textsafe import excel_csv


def render(comparison: NetworkComparison) -> str:
    return excel_csv(COLUMNS, (tuple(row) for row in comparison.answers))
