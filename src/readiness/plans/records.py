"""The action plan's records: steps with an owner, a due month, a status and its history.

A plan is the practice's own list, kept beside its results as ``<practice>.plan.json``.
Each step is one of the next steps the result suggested, or the practice's own; each
names the question it is meant to move, who owns it (a role or a name), the month it is
due and its status (planned, doing, done or dropped), with every change of status dated.
The file may be edited by hand: ``plan_from_json`` checks every field, and the store
sets a file that fails aside.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

import msgspec
from msgspec import Meta, Struct

from readiness.months import MONTH_PATTERN

PLAN_KIND: Literal["readiness-plan"] = "readiness-plan"
PLAN_FORMAT: Literal[1] = 1
Status: TypeAlias = Literal["planned", "doing", "done", "dropped"]
STATUSES: tuple[Status, ...] = ("planned", "doing", "done", "dropped")
STATUS_WORDS: dict[str, str] = {
    "planned": "planned",
    "doing": "under way",
    "done": "done",
    "dropped": "dropped",
}
MAX_STEP = 300  # a step is one line to read out at a partners' meeting
MAX_OWNER = 80
MAX_STEPS = 200

Month = Annotated[str, Meta(pattern=MONTH_PATTERN.pattern)]
Day = Annotated[str, Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class _Record(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A part of the plan file, checked field by field as it is read (msgspec)."""


class StatusChange(_Record, frozen=True, kw_only=True):
    """A step's status from a day on."""

    status: Status
    on: Day  # "2026-02-01"


class Step(_Record, frozen=True, kw_only=True):
    """One thing the practice will do."""

    id: Annotated[str, Meta(pattern=r"^[a-z0-9-]{1,40}$")]
    text: Annotated[str, Meta(min_length=1, max_length=MAX_STEP)]
    owner: Annotated[str, Meta(min_length=1, max_length=MAX_OWNER)]
    due: Month
    status: Status = "planned"
    question: str | None = None  # the question it is meant to move
    question_text: str | None = None
    domain: str | None = None
    # True for one of the next steps the result suggested (its text is the suggestion's).
    suggested: bool = False
    impact: Annotated[float, Meta(ge=0)] = 0.0  # the suggestion's impact; 0 for the practice's own
    created: Day
    history: tuple[StatusChange, ...] = ()

    @property
    def open(self) -> bool:
        return self.status in ("planned", "doing")


class PracticeRef(_Record, frozen=True, kw_only=True):
    name: str | None = None
    ods_code: str | None = None
    pcn: str | None = None


class Plan(_Record, frozen=True, kw_only=True):
    """A practice's plan and the result it was made from."""

    kind: Literal["readiness-plan"] = PLAN_KIND
    format: Literal[1] = PLAN_FORMAT
    practice: PracticeRef
    questionnaire: str  # the questionnaire id
    based_on: str  # created_at of the result whose next steps it started from
    updated_at: str
    steps: Annotated[tuple[Step, ...], Meta(max_length=MAX_STEPS)] = ()

    def step(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)

    def done_total(self) -> tuple[int, int]:
        """How many steps are done, of those not dropped."""
        kept = [step for step in self.steps if step.status != "dropped"]
        return sum(step.status == "done" for step in kept), len(kept)


def plan_json(plan: Plan) -> str:
    """The plan file's text (UTF-8 JSON, indented for a person who opens it)."""
    import json

    data = msgspec.to_builtins(plan)
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def plan_from_json(data: object) -> Plan:
    """A plan from parsed JSON; ``msgspec.ValidationError`` naming the first wrong field."""
    return msgspec.convert(data, Plan)


def step_sentence(step: Step) -> str:
    """Gives "Recruit a care co-ordinator (owner: PM, due 2027-03)"."""
    return f"{step.text} (owner: {step.owner}, due {step.due})"
