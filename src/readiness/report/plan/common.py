"""The rows every plan format shows, worked out once: due date first, then impact."""

from __future__ import annotations

from msgspec import Struct

from readiness.months import month_words
from readiness.plans.changes import export_order, overdue
from readiness.plans.records import STATUS_WORDS, Plan

COLUMNS = ("#", "Step", "Owner", "Due", "Status", "Question it should move", "History")


class PlanRow(Struct, frozen=True):
    number: int
    text: str
    owner: str
    due: str  # "2027-03"
    due_words: str  # "March 2027"
    status: str  # "under way"
    question: str
    history: str  # "planned 2026-01-15; done 2026-06-02"
    overdue: bool
    suggested: bool

    def cells(self) -> tuple[object, ...]:
        status = self.status + (" (overdue)" if self.overdue else "")
        return (self.number, self.text, self.owner, self.due, status, self.question, self.history)


def title(plan: Plan) -> str:
    practice = plan.practice
    return f"Action plan: {practice.name or practice.ods_code or 'Unnamed practice'}"


def summary(plan: Plan, *, on: str) -> str:
    done, total = plan.done_total()
    late = sum(overdue(step, on=on) for step in plan.steps)
    text = f"{done} of {total} step{'s' if total != 1 else ''} done"
    return text + (f"; {late} overdue" if late else "") + f". Updated {plan.updated_at[:10]}."


def rows(plan: Plan, *, on: str) -> tuple[PlanRow, ...]:
    """The steps by due month, then most impact first."""
    return tuple(
        PlanRow(
            number=number,
            text=step.text,
            owner=step.owner,
            due=step.due,
            due_words=month_words(step.due),
            status=STATUS_WORDS[step.status],
            question=step.question_text or "",
            history="; ".join(f"{change.status} {change.on}" for change in step.history),
            overdue=overdue(step, on=on),
            suggested=step.suggested,
        )
        for number, step in enumerate(export_order(plan), start=1)
    )
