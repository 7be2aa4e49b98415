"""The plan as Markdown, every piece of text escaped (``textsafe.markdown_text``)."""

from __future__ import annotations

from readiness.plans.records import Plan
from readiness.report.plan.common import COLUMNS, rows, summary, title
from readiness.textsafe import markdown_text as md


def render(plan: Plan, *, on: str) -> str:
    lines = [f"# {md(title(plan))}", "", md(summary(plan, on=on)), ""]
    lines.append("| " + " | ".join(COLUMNS) + " |")
    lines.append("| " + " | ".join("---:" if c == "#" else "---" for c in COLUMNS) + " |")
    for row in rows(plan, on=on):
        cells = [md(str(cell)) for cell in row.cells()]
        if row.overdue:
            cells[4] = f"**{cells[4]}**"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
