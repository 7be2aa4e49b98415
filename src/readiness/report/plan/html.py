"""The plan as one self-contained HTML page to print (no scripts, nothing fetched)."""

from __future__ import annotations

from readiness.plans.records import Plan
from readiness.report.plan.common import COLUMNS, rows, summary, title

TEMPLATE = "plan.html.j2"


def render(plan: Plan, *, on: str) -> str:
    from readiness.report.templating import environment

    return (
        environment()
        .get_template(TEMPLATE)
        .render(
            title=title(plan), summary=summary(plan, on=on), columns=COLUMNS, rows=rows(plan, on=on)
        )
    )
