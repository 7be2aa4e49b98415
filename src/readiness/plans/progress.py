"""Progress at the next assessment: what became of each planned step and each target.

When the same practice and respondent assess again, the report opens with "Since
last time": each step of the plan with its status and whether its question's
answer moved between the earlier result and this one; each target reached or
missed; overdue steps flagged. Domain changes come from ``results.diff``.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

from msgspec import Struct

from readiness.months import month_words
from readiness.plans.changes import overdue
from readiness.plans.records import STATUS_WORDS, Plan, Step, step_sentence
from readiness.results.record import QuestionRecord, ResultFile

Move: TypeAlias = Literal["up", "down", "same", "unknown", "none"]


class StepProgress(Struct, frozen=True):
    step: Step
    before: str | None  # the answer then, as people read it (None: no question)
    after: str | None
    move: Move
    overdue: bool

    def sentence(self) -> str:
        """Gives "Recruit a care co-ordinator (owner: PM, due 2027-03), done; answer went
        from No to Yes in post"."""
        status = STATUS_WORDS[self.step.status]
        if self.overdue:
            status += " (overdue)"
        text = f"{step_sentence(self.step)}, {status}"
        if self.move == "none":
            return text
        if self.move in ("up", "down"):
            return f"{text}; answer went from {self.before} to {self.after}"
        if self.move == "same":
            return f"{text}; answer unchanged ({self.after})"
        return f"{text}; the answer cannot be compared ({self.before} then, {self.after} now)"


class TargetProgress(Struct, frozen=True):
    question_text: str
    aimed: str  # the target answer
    by: str  # "2027-03"
    now: str  # the answer now
    reached: bool
    missed: bool  # not reached, and its month has passed

    def sentence(self) -> str:
        aim = f"“{self.aimed}” by {month_words(self.by)}"
        if self.reached:
            return f"Target reached: {self.question_text} (aimed for {aim}; now “{self.now}”)"
        if self.missed:
            return f"Target missed: {self.question_text} (aimed for {aim}; now “{self.now}”)"
        return f"Target not reached yet: {self.question_text} (aiming for {aim}; now “{self.now}”)"


class Progress(Struct, frozen=True):
    since: str  # created_at of the earlier result
    steps: tuple[StepProgress, ...]
    targets: tuple[TargetProgress, ...]

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.steps)

    @property
    def done(self) -> tuple[int, int]:
        kept = [item for item in self.steps if item.step.status != "dropped"]
        return sum(item.step.status == "done" for item in kept), len(kept)


def progress(*, plan: Plan | None, earlier: ResultFile, current: ResultFile) -> Progress | None:
    """What became of the plan and the earlier result's targets; None if there were neither."""
    on = current.created_at[:10]
    then = {question.id: question for question in earlier.questions}
    now = {question.id: question for question in current.questions}
    steps = tuple(
        _step(step, then.get(step.question or ""), now.get(step.question or ""), on=on)
        for step in (plan.steps if plan is not None and plan.based_on <= current.created_at else ())
    )
    targets = tuple(
        _target(earlier, question_id, now.get(question_id), on=on)
        for question_id in earlier.targets
    )
    if not steps and not targets:
        return None
    return Progress(since=earlier.created_at, steps=steps, targets=targets)


def _step(
    step: Step, before: QuestionRecord | None, after: QuestionRecord | None, *, on: str
) -> StepProgress:
    late = overdue(step, on=on)
    if step.question is None:
        return StepProgress(step, None, None, "none", late)
    then = before.answer_label if before else "Not asked"
    now = after.answer_label if after else "Not asked"
    return StepProgress(step, then, now, _move(before, after), late)


def _move(before: QuestionRecord | None, after: QuestionRecord | None) -> Move:
    if before is None or after is None or before.score is None or after.score is None:
        if before is not None and after is not None and before.answer == after.answer:
            return "same"
        return "unknown"
    if after.score > before.score:
        return "up"
    if after.score < before.score:
        return "down"
    return "same" if before.answer == after.answer else "unknown"


def _target(
    earlier: ResultFile, question_id: str, after: QuestionRecord | None, *, on: str
) -> TargetProgress:
    target = earlier.targets[question_id]
    text = next((q.text for q in earlier.questions if q.id == question_id), question_id)
    reached = (
        after is not None
        and after.score is not None
        and target.score is not None
        and after.score >= target.score
    )
    return TargetProgress(
        question_text=text,
        aimed=target.answer_label,
        by=target.by,
        now=after.answer_label if after else "Not asked",
        reached=reached,
        missed=not reached and target.by < on[:7],
    )
