"""Changing a plan: new plans, steps added, changed, moved on or removed. Pure functions.

Every change returns a new ``Plan``; the caller saves it. A change of status is
dated in the step's history, so the next assessment can say when it was done.
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import replace

from readiness.errors import UsageError
from readiness.months import MONTH_HINT, month_words, parse_month
from readiness.plans.records import (
    MAX_OWNER,
    MAX_STEP,
    MAX_STEPS,
    STATUSES,
    Plan,
    PracticeRef,
    Status,
    StatusChange,
    Step,
)
from readiness.results.identity import now_utc
from readiness.results.record import RecommendationRecord, ResultFile


class Suggestion(Struct, frozen=True):
    """A next step the result suggested, with the question it would move."""

    text: str
    question: str
    question_text: str
    domain: str
    impact: float


def today() -> str:
    return now_utc()[:10]


def new_plan(result: ResultFile) -> Plan:
    practice = result.practice
    return Plan(
        practice=PracticeRef(name=practice.name, ods_code=practice.ods_code, pcn=practice.pcn),
        questionnaire=result.questionnaire.id,
        based_on=result.created_at,
        updated_at=now_utc(),
    )


def suggestions(result: ResultFile, plan: Plan | None = None) -> tuple[Suggestion, ...]:
    """The result's next steps not yet in the plan, most impact first.

    They are the result's own recommendations (``scoring.recommendations`` made them):
    nothing here decides what to suggest.
    """
    taken = {(step.question, step.text) for step in plan.steps} if plan else set()
    texts = {question.id: question.text for question in result.questions}
    return tuple(
        _suggestion(item, texts)
        for item in result.recommendations
        if (item.question, item.text) not in taken
    )


def _suggestion(item: RecommendationRecord, texts: dict[str, str]) -> Suggestion:
    return Suggestion(
        item.text, item.question, texts.get(item.question, item.question), item.domain, item.impact
    )


def check_text(text: str, *, what: str, limit: int) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UsageError(f"The {what} is empty.", hint=f"Write the {what}.")
    if len(cleaned) > limit:
        raise UsageError(
            f"The {what} is {len(cleaned):,} characters long; the limit is {limit:,}.",
            hint=f"Shorten the {what}.",
        )
    return cleaned


def check_due(text: str) -> str:
    month = parse_month(text)
    if month is None:
        raise UsageError(f"'{text.strip()}' is not a month.", hint=f"Write {MONTH_HINT}.")
    return month


def due_warning(due: str, *, on: str) -> str | None:
    """A flag for a due month already past on the day ``on``: allowed, but said."""
    if due < on[:7]:
        return (
            f"The due month, {month_words(due)}, has already passed: the step is kept, "
            "and shown as overdue until it is done or dropped."
        )
    return None


def add_step(
    plan: Plan,
    *,
    text: str,
    owner: str,
    due: str,
    question: str | None = None,
    question_text: str | None = None,
    domain: str | None = None,
    suggested: bool = False,
    impact: float = 0.0,
    on: str | None = None,
) -> Plan:
    """The plan with one more step, planned from the day ``on`` (today)."""
    if len(plan.steps) >= MAX_STEPS:
        raise UsageError(f"A plan holds at most {MAX_STEPS} steps.")
    day = on or today()
    step = Step(
        id=_next_id(plan),
        text=check_text(text, what="step", limit=MAX_STEP),
        owner=check_text(owner, what="owner", limit=MAX_OWNER),
        due=check_due(due),
        question=question,
        question_text=question_text,
        domain=domain,
        suggested=suggested,
        impact=impact,
        created=day,
        history=(StatusChange(status="planned", on=day),),
    )
    return _with_steps(plan, (*plan.steps, step))


def set_status(plan: Plan, step_id: str, status: str, *, on: str | None = None) -> Plan:
    if status not in STATUSES:
        raise UsageError(
            f"'{status}' is not a status.", hint="Use planned, doing, done or dropped."
        )
    step = _find(plan, step_id)
    if step.status == status:
        return plan
    chosen: Status = status
    change = StatusChange(status=chosen, on=on or today())
    return _replace(plan, replace(step, status=chosen, history=(*step.history, change)))


def update_step(
    plan: Plan, step_id: str, *, owner: str | None = None, due: str | None = None
) -> Plan:
    step = _find(plan, step_id)
    if owner is not None:
        step = replace(step, owner=check_text(owner, what="owner", limit=MAX_OWNER))
    if due is not None:
        step = replace(step, due=check_due(due))
    return _replace(plan, step)


def remove_step(plan: Plan, step_id: str) -> Plan:
    _find(plan, step_id)
    return _with_steps(plan, tuple(step for step in plan.steps if step.id != step_id))


def overdue(step: Step, *, on: str) -> bool:
    """A step not done or dropped whose due month has passed."""
    return step.open and step.due < on[:7]


def export_order(plan: Plan) -> tuple[Step, ...]:
    """Steps by due month, then most impact first, then as added."""
    return tuple(sorted(plan.steps, key=lambda step: (step.due, -step.impact)))


def _find(plan: Plan, step_id: str) -> Step:
    step = plan.step(step_id)
    if step is None:
        raise UsageError(f"There is no step '{step_id}' in the plan.")
    return step


def _next_id(plan: Plan) -> str:
    numbers = [int(s.id[1:]) for s in plan.steps if s.id[:1] == "s" and s.id[1:].isdigit()]
    return f"s{max(numbers, default=0) + 1}"


def _replace(plan: Plan, changed: Step) -> Plan:
    return _with_steps(plan, tuple(changed if s.id == changed.id else s for s in plan.steps))


def _with_steps(plan: Plan, steps: tuple[Step, ...]) -> Plan:
    return replace(plan, steps=steps, updated_at=now_utc())
