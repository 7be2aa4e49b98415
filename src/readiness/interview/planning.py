"""Editing an action plan, one prompt at a time: the same Back, autosave and Ctrl-C care
as the interview.

The editor builds ``Prompt`` records and hands them to an injected ``ask``
(``terminal.TerminalAsker`` in a terminal, a script in tests). Every change is
passed to ``on_save`` at once, so the plan on disk is never behind what was typed;
Ctrl-C, end of input or "Save and quit" stop with the plan saved.
"""

from __future__ import annotations

from collections.abc import Callable

from readiness.errors import InterviewInterrupted, ReadinessError
from readiness.interview.prompt import (
    BACK,
    CONFIRM,
    MENU_INSTRUCTION,
    SAVE_AND_QUIT,
    Ask,
    Option,
    Paragraph,
    Prompt,
    Reply,
)
from readiness.interview.replies import typed_action
from readiness.months import MONTH_HINT, default_due, parse_month
from readiness.plans import changes
from readiness.plans.changes import Suggestion
from readiness.plans.records import MAX_OWNER, MAX_STEP, STATUS_WORDS, STATUSES, Plan, Step
from readiness.results.record import ResultFile

ADD_SUGGESTED = "__add_suggested__"
ADD_OWN = "__add_own__"
NO_QUESTION = "__no_question__"
OWNER = "__owner__"
DUE = "__due__"
REMOVE = "__remove__"
STATUS = "status:"


class _Cancel(Exception):
    """Back, from part-way through adding or changing a step."""


class _Stop(Exception):
    """Save and quit."""


class PlanEditor:
    """A plan changed through prompts; every change saved before the next prompt."""

    def __init__(
        self,
        *,
        plan: Plan,
        result: ResultFile,
        on_save: Callable[[Plan], object],
        today: str,
    ) -> None:
        self.plan = plan
        self.result = result
        self._on_save = on_save
        self.today = today  # "2026-02-01"
        self._flags: list[str] = []

    def run(self, ask: Ask) -> Plan:
        try:
            while self._main(ask):
                pass
        except (KeyboardInterrupt, EOFError, _Stop):
            self._save(self.plan)
            count = len(self.plan.steps)
            raise InterviewInterrupted(
                f"Stopped: your plan is saved ({count} step{'s' if count != 1 else ''}).",
                answered=count,
                hint="To carry on with it, run: readiness plan edit",
            ) from None
        return self.plan

    # -- changes

    def _save(self, plan: Plan) -> None:
        self.plan = plan
        self._on_save(plan)

    def _flag(self, due: str) -> None:
        warning = changes.due_warning(due, on=self.today)
        if warning:
            self._flags.append(warning)

    # -- prompts

    def _main(self, ask: Ask) -> bool:
        """One pass of the main menu; False when the user is finished."""
        reply = ask(self.main_prompt())
        self._flags = []
        try:
            if reply == CONFIRM:
                return False
            if reply == SAVE_AND_QUIT:
                raise _Stop
            if reply == ADD_SUGGESTED:
                self._add_suggested(ask)
            elif reply == ADD_OWN:
                self._add_own(ask)
            elif isinstance(reply, str) and self.plan.step(reply) is not None:
                self._change(ask, reply)
        except _Cancel:
            pass
        return True

    def main_prompt(self) -> Prompt:
        offered = changes.suggestions(self.result, self.plan)
        lines = [Paragraph(_step_line(n, s), "help") for n, s in enumerate(self.plan.steps, 1)]
        intro = (
            Paragraph(f"Action plan for {self.result.practice.display_name()}", "heading"),
            Paragraph(
                "Choose the steps your practice will take: from the next steps your "
                "answers suggest, or your own. Each has an owner (a role or a name), a "
                "month it is due and a status. The plan is saved after every change.",
                "help",
            ),
            *(lines or (Paragraph("No steps yet.", "help"),)),
            *(Paragraph(flag, "warning") for flag in self._flags),
        )
        options = []
        if offered:
            options.append(Option(ADD_SUGGESTED, f"Add a suggested next step ({len(offered)})"))
        options.append(Option(ADD_OWN, "Write a step of your own"))
        if self.plan.steps:
            options.append(Option("", "Or change a step:", separator=True))
            options += [
                Option(step.id, _step_line(n, step)) for n, step in enumerate(self.plan.steps, 1)
            ]
        options += [
            Option("", " ", separator=True),
            Option(CONFIRM, "Finished"),
            Option(SAVE_AND_QUIT, "Save and quit"),
        ]
        return Prompt(
            "select",
            "What next?",
            tuple(options),
            default=ADD_SUGGESTED if offered and not self.plan.steps else CONFIRM,
            intro=intro,
            instruction=MENU_INSTRUCTION,
        )

    def _add_suggested(self, ask: Ask) -> None:
        offered = changes.suggestions(self.result, self.plan)
        reply = ask(
            Prompt(
                "select",
                "Which step will you take?",
                (
                    *(
                        Option(str(n), f"{item.text} (for: {item.question_text})")
                        for n, item in enumerate(offered)
                    ),
                    Option("", " ", separator=True),
                    Option(BACK, "← Back"),
                ),
                intro=(Paragraph("Suggested next steps, most impact first", "heading"),),
                instruction=MENU_INSTRUCTION,
            )
        )
        if not isinstance(reply, str) or not reply.isdigit():
            raise _Cancel
        chosen: Suggestion = offered[int(reply)]
        owner, due = self._owner(ask, chosen.text), self._due(ask, chosen.text)
        self._save(
            changes.add_step(
                self.plan,
                text=chosen.text,
                owner=owner,
                due=due,
                question=chosen.question,
                question_text=chosen.question_text,
                domain=chosen.domain,
                suggested=True,
                impact=chosen.impact,
                on=self.today,
            )
        )
        self._flag(due)

    def _add_own(self, ask: Ask) -> None:
        text = _typed(
            ask(
                Prompt(
                    "text",
                    "The step",
                    validate=_text_check("step", MAX_STEP),
                    intro=(
                        Paragraph("A step of your own", "heading"),
                        Paragraph(
                            f'One line, for example "Agree protected time for PCN meetings" '
                            f'(at most {MAX_STEP} characters). Type "back" to go back.',
                            "hint",
                        ),
                    ),
                )
            )
        )
        scored = [q for q in self.result.questions if q.status not in ("not_asked", "unscored")]
        reply = ask(
            Prompt(
                "select",
                "Which question is it meant to move?",
                (
                    *(Option(q.id, q.text) for q in scored),
                    Option(NO_QUESTION, "No particular question"),
                    Option("", " ", separator=True),
                    Option(BACK, "← Back"),
                ),
                default=NO_QUESTION,
                instruction=MENU_INSTRUCTION,
            )
        )
        if reply == BACK or not isinstance(reply, str):
            raise _Cancel
        question = next((q for q in scored if q.id == reply), None)
        owner, due = self._owner(ask, text), self._due(ask, text)
        self._save(
            changes.add_step(
                self.plan,
                text=text,
                owner=owner,
                due=due,
                question=question.id if question else None,
                question_text=question.text if question else None,
                domain=question.domain if question else None,
                on=self.today,
            )
        )
        self._flag(due)

    def _owner(self, ask: Ask, about: str, current: str = "") -> str:
        return _typed(
            ask(
                Prompt(
                    "text",
                    "Owner",
                    default=current,
                    validate=_text_check("owner", MAX_OWNER),
                    intro=(
                        Paragraph(about, "question"),
                        Paragraph(
                            'Who will see it done: a role ("Practice manager") or a name. '
                            'Type "back" to go back.',
                            "hint",
                        ),
                    ),
                )
            )
        )

    def _due(self, ask: Ask, about: str, current: str | None = None) -> str:
        default = current or default_due(self.today[:7])
        return _typed(
            ask(
                Prompt(
                    "text",
                    "Due by (year-month)",
                    default=default,
                    validate=_month_check,
                    intro=(
                        Paragraph(about, "question"),
                        Paragraph(
                            f"The month it should be done by: {MONTH_HINT}. "
                            'Type "back" to go back.',
                            "hint",
                        ),
                    ),
                )
            )
        )

    def _change(self, ask: Ask, step_id: str) -> None:
        step = self.plan.step(step_id)
        if step is None:  # not reached: only steps in the plan are offered
            raise _Cancel
        options = [
            Option(STATUS + status, f"Mark as {STATUS_WORDS[status]}")
            for status in STATUSES
            if status != step.status
        ]
        options += [
            Option(OWNER, f"Change the owner ({step.owner})"),
            Option(DUE, f"Change the due month ({step.due})"),
            Option(REMOVE, "Remove it (added by mistake; to stop, mark it dropped)"),
            Option("", " ", separator=True),
            Option(BACK, "← Back"),
        ]
        reply = ask(
            Prompt(
                "select",
                "Change this step",
                tuple(options),
                intro=(Paragraph(_step_line(None, step), "question"),),
                instruction=MENU_INSTRUCTION,
            )
        )
        if not isinstance(reply, str) or reply == BACK:
            raise _Cancel
        if reply.startswith(STATUS):
            self._save(changes.set_status(self.plan, step_id, reply[len(STATUS) :], on=self.today))
        elif reply == OWNER:
            owner = self._owner(ask, step.text, step.owner)
            self._save(changes.update_step(self.plan, step_id, owner=owner))
        elif reply == DUE:
            due = self._due(ask, step.text, step.due)
            self._save(changes.update_step(self.plan, step_id, due=due))
            self._flag(due)
        elif reply == REMOVE:
            self._save(changes.remove_step(self.plan, step_id))


def _step_line(number: int | None, step: Step) -> str:
    mark = f"{number}. " if number is not None else ""
    return f"{mark}{step.text} — {step.owner}, due {step.due}, {STATUS_WORDS[step.status]}"


def _typed(reply: Reply) -> str:
    """The typed text; Back raises ``_Cancel``."""
    text = reply if isinstance(reply, str) else ""
    if typed_action(text) == BACK:
        raise _Cancel
    return text.strip()


def _text_check(what: str, limit: int) -> Callable[[Reply], str | None]:
    def check(reply: Reply) -> str | None:
        text = reply if isinstance(reply, str) else ""
        if typed_action(text) == BACK:
            return None
        try:
            changes.check_text(text, what=what, limit=limit)
        except ReadinessError as error:
            return error.message
        return None

    return check


def _month_check(reply: Reply) -> str | None:
    text = reply if isinstance(reply, str) else ""
    if typed_action(text) == BACK or parse_month(text) is not None:
        return None
    return "Write the month as year-month, for example 2027-03."
