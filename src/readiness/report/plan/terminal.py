"""The plan on screen: a table of steps by due month, overdue ones flagged."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from readiness.plans.records import Plan
from readiness.report.plan.common import rows, summary, title


def render(plan: Plan, *, on: str, plain: bool = False) -> RenderableType:
    table = Table(box=None if plain else box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Step", ratio=3)
    table.add_column("Owner", ratio=1)
    table.add_column("Due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for row in rows(plan, on=on):
        status = Text(row.status)
        if row.overdue:
            status = Text(f"{row.status}, overdue", style="bold" if plain else "bold red")
        step = Text(row.text)
        if row.question:
            step.append(f"\nfor: {row.question}", style="" if plain else "dim")
        table.add_row(str(row.number), step, row.owner, row.due, status)
    parts: list[RenderableType] = [Text(title(plan), style="bold"), Text(summary(plan, on=on))]
    if plan.steps:
        parts += [Text(""), table]
    else:
        parts.append(Text("No steps yet: run 'readiness plan edit' to choose some."))
    return Group(*parts)
