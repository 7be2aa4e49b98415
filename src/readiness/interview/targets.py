"""The optional target step: after each domain's questions, and from the review.

A target is the answer the practice means to reach on a scored question, and
the month it aims for (a year ahead unless it says otherwise). These functions
build the prompts and read the replies; the engine decides when to ask.
"""

from __future__ import annotations

from readiness.interview.prompt import (
    BACK,
    CHECKBOX_INSTRUCTION,
    CONFIRM,
    MENU_INSTRUCTION,
    NO_TARGET,
    SAVE_AND_QUIT,
    Option,
    Paragraph,
    Prompt,
    Reply,
)
from readiness.interview.replies import parse_number, typed_action
from readiness.months import MONTH_HINT, month_words, parse_month
from readiness.questionnaire.answers import (
    AnswerProblem,
    answer_label,
    check_target,
    target_problem,
)
from readiness.questionnaire.model import Answer, Question, Target

# The engine's position while the target step is shown: "targets:<domain id>", or
# "targets:*" for the step opened from the review (every chosen domain).
TARGETS_AT = "targets:"
EVERY_DOMAIN = "*"


def can_target(question: Question) -> bool:
    return target_problem(question) is None


def target_words(question: Question, target: Target | None) -> str:
    """Gives "Target: Yes, in post now, by March 2027", or ""."""
    if target is None:
        return ""
    by = f", by {month_words(target.by)}" if target.by else ""
    return f"Target: {answer_label(question, target.answer)}{by}"


def menu_prompt(
    title: str,
    questions: list[Question],
    answers: dict[str, Answer],
    targets: dict[str, Target],
    *,
    from_review: bool,
) -> Prompt:
    options = [
        Option(
            q.id,
            f"{q.text} (now: {answer_label(q, answers.get(q.id))}"
            + (f"; target: {answer_label(q, targets[q.id].answer)}" if q.id in targets else "")
            + ")",
        )
        for q in questions
    ]
    done = "Back to the review" if from_review else "Carry on with the questions"
    return Prompt(
        "select",
        "Set a target?",
        (
            *options,
            Option("", " ", separator=True),
            Option(CONFIRM, done),
            Option(BACK, "← Back"),
            Option(SAVE_AND_QUIT, "Save and quit"),
        ),
        default=CONFIRM,
        intro=(
            Paragraph(f"{title} · targets (optional)", "heading"),
            Paragraph(
                "A target is the answer you mean to reach, and by when (a year from now "
                "unless you change it). Your report then shows the score your targets would "
                "give beside today's. Pick a question to set or change its target, or carry on.",
                "help",
            ),
        ),
        instruction=MENU_INSTRUCTION,
    )


def answer_prompt(question: Question, current: Target | None) -> Prompt:
    """Ask for the target answer (choices, ticks, or a typed number)."""
    intro = (Paragraph(f"Target for: {question.text}", "question"),)
    extra = (Option(NO_TARGET, "No target"), Option(BACK, "← Back"))
    if question.type == "number":

        def valid(reply: Reply) -> str | None:
            text = reply if isinstance(reply, str) else ""
            if typed_action(text) == BACK or not text.strip():
                return None
            try:
                check_target(question, parse_number(text))
            except AnswerProblem as problem:
                return str(problem)
            return None

        hint = 'Type the number to aim for; leave it empty for no target, or type "back".'
        default = f"{current.answer:g}" if current and isinstance(current.answer, float) else ""
        return Prompt(
            "text",
            f"Target ({question.unit})" if question.unit else "Target",
            default=default,
            validate=valid,
            intro=(*intro, Paragraph(hint, "hint")),
        )
    chosen = current.answer if current else None
    choices = tuple(
        Option(
            c.value,
            c.label,
            checked=isinstance(chosen, tuple) and c.value in chosen,
        )
        for c in question.choices
        if not c.not_applicable
    )
    if question.type == "multi":
        return Prompt(
            "checkbox",
            "Tick the answers to aim for",
            (*choices, Option("", "Or tick one of these on its own:", separator=True), *extra),
            intro=intro,
            instruction=CHECKBOX_INSTRUCTION,
        )
    return Prompt(
        "select",
        "The answer to aim for",
        (*choices, Option("", " ", separator=True), *extra),
        default=chosen if isinstance(chosen, str) else None,
        intro=intro,
        instruction=MENU_INSTRUCTION,
    )


def answer_reply(question: Question, reply: Reply) -> Answer | str | None:
    """The target answer; None for "no target"; BACK to leave it as it was."""
    if isinstance(reply, list):
        if reply == [BACK] or not reply:
            return BACK
        if NO_TARGET in reply:
            return None
        return check_target(question, list(reply))
    if not isinstance(reply, str):
        return BACK
    if reply in (BACK, NO_TARGET):
        return BACK if reply == BACK else None
    if question.type == "number":
        if typed_action(reply) == BACK:
            return BACK
        return check_target(question, parse_number(reply)) if reply.strip() else None
    return check_target(question, reply)


def month_prompt(question: Question, default: str) -> Prompt:
    def valid(reply: Reply) -> str | None:
        text = reply if isinstance(reply, str) else ""
        if typed_action(text) == BACK or parse_month(text) is not None:
            return None
        return "Write the month as year-month, for example 2027-03."

    return Prompt(
        "text",
        "By (year-month)",
        default=default,
        validate=valid,
        intro=(
            Paragraph(f"Target for: {question.text}", "question"),
            Paragraph(f'When you mean to reach it: {MONTH_HINT}. Type "back" to go back.', "hint"),
        ),
    )
