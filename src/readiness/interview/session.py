"""Starting an interview: carry on from saved answers, or begin a new assessment.

Finds the drafts saved for this questionnaire (setting aside any that cannot be
read), offers to carry on with one, or asks for the practice's details and the
domains to answer. Questions go through the injected ``ask`` and messages
through ``tell``, so this runs the same in a terminal and in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from readiness.interview import drafts
from readiness.interview.drafts import Draft, Resumed, SetAside
from readiness.interview.engine import (
    MENU_INSTRUCTION,
    Ask,
    Interview,
    Option,
    Paragraph,
    Prompt,
    ask_practice,
    choose_domains,
    estimate,
)
from readiness.questionnaire.model import Practice, Questionnaire

Tell: TypeAlias = Callable[[str], None]


def start(
    questionnaire: Questionnaire,
    ask: Ask,
    tell: Tell,
    *,
    given: Practice,
    requested: tuple[str, ...] | None,
    resume: bool,
    restart: bool,
) -> Draft:
    """Where the interview starts: a saved draft to carry on, or a new one."""
    known = drafts.draft_key(given) if given.ods_code or given.name else None
    found = drafts.find_drafts(questionnaire, key=known)
    _warn_set_aside(tell, found.set_aside)
    if restart:
        _discard_after_asking(ask, tell, found.drafts)
    else:
        chosen = _offer_drafts(ask, found.drafts, only=resume)
        if chosen is not None:
            return _carry_on(questionnaire, tell, chosen)
        if resume:
            tell("There are no saved answers to carry on with, so this is a new assessment.")
    practice = ask_practice(ask, given)
    same = drafts.find_drafts(questionnaire, key=drafts.draft_key(practice))
    _warn_set_aside(tell, same.set_aside)
    if same.drafts and _confirm(
        ask,
        "Carry on with them? (No starts again and replaces them.)",
        about=f"There are saved answers for {_draft_label(same.drafts[0])}.",
        default=True,
    ):
        return _carry_on(questionnaire, tell, same.drafts[0])
    chosen_domains = requested or choose_domains(ask, questionnaire)
    count, minutes = estimate(questionnaire, chosen_domains)
    tell(
        f"\n{count} questions (fewer if some do not apply to you): about {minutes} minutes. "
        'Your answers are saved after each one: press Ctrl-C, or choose "Save and quit", '
        "to stop and carry on later."
    )
    return drafts.new_draft(
        questionnaire, practice, answers={}, position=None, domains=chosen_domains
    )


def _confirm(ask: Ask, message: str, *, about: str, default: bool) -> bool:
    """A yes/no question; the long part (``about``) is printed above it, wrapped."""
    prompt = Prompt("confirm", message, default=default, intro=(Paragraph(about, "question"),))
    return ask(prompt) is True


def _draft_label(resumed: Resumed) -> str:
    draft = resumed.draft
    who = f", answered by {draft.practice.respondent}" if draft.practice.respondent else ""
    count = len(draft.answers)
    return (
        f"{draft.practice.display_name()}{who} ({count} answer{'' if count == 1 else 's'}, "
        f"saved {drafts.saved_when(draft)})"
    )


def _offer_drafts(ask: Ask, found: tuple[Resumed, ...], *, only: bool) -> Resumed | None:
    """Ask which saved draft to carry on with (``only``: no "start again")."""
    if not found:
        return None
    if len(found) == 1:
        if only or _confirm(
            ask,
            "Carry on with them?",
            about=f"You have saved answers for {_draft_label(found[0])}.",
            default=True,
        ):
            return found[0]
        return None
    options = [Option(str(index), _draft_label(item)) for index, item in enumerate(found)]
    if not only:
        options.append(Option("new", "Start a new assessment"))
    reply = ask(
        Prompt(
            "select",
            "You have unfinished assessments. Which one?",
            tuple(options),
            default="0",
            instruction=MENU_INSTRUCTION,
        )
    )
    return found[int(reply)] if isinstance(reply, str) and reply.isdigit() else None


def _carry_on(questionnaire: Questionnaire, tell: Tell, resumed: Resumed) -> Draft:
    """Say what was kept of a draft (and what the questionnaire change dropped)."""
    draft = resumed.draft
    if resumed.questionnaire_changed:
        tell(
            f"\nThe questionnaire has changed since these answers were saved (it was version "
            f"{draft.questionnaire_version}, it is now {questionnaire.version})."
        )
    if resumed.dropped:
        tell("These saved answers no longer fit a question, so they were left out:")
        for item in resumed.dropped:
            tell(f"  - {item.question_id}: {item.reason}")
    elif resumed.questionnaire_changed:
        tell("All your saved answers still fit, so they are all kept.")
    interview = Interview(
        questionnaire, domains=draft.domains, answers=draft.answers, position=draft.position
    )
    total = len(interview.applicable())
    tell(
        f"\nCarrying on for {draft.practice.display_name()}: {len(interview.answers)} of "
        f"{total} questions answered so far."
    )
    return draft


def _discard_after_asking(ask: Ask, tell: Tell, found: tuple[Resumed, ...]) -> None:
    if not found:
        tell("There are no saved answers to throw away.")
    for item in found:
        if _confirm(
            ask,
            "Throw them away? They cannot be brought back.",
            about=f"You have saved answers for {_draft_label(item)}.",
            default=False,
        ):
            drafts.discard(item.draft.key)
            tell("Thrown away.")
        else:
            tell("Kept.")


def _warn_set_aside(tell: Tell, set_aside: tuple[SetAside, ...]) -> None:
    for item in set_aside:
        where = (
            f"They were moved aside to {item.moved_to.name}, in {item.moved_to.parent}"
            if item.moved_to
            else "They were left where they are"
        )
        tell(
            f"Warning: saved answers in {item.original.name} could not be read: {item.reason}. "
            f"{where}, and a new assessment starts."
        )
