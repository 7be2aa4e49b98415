"""Starting an interview: carry on from saved answers, or begin a new assessment.

Also what is asked before the questions: the practice's details and the domains.

Finds the drafts saved for this questionnaire (setting aside any that cannot be
read), offers to carry on with one, or asks for the practice's details and the
domains to answer. Questions go through the injected ``ask`` and messages
through ``tell``, so this runs the same in a terminal and in tests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeAlias

from readiness.errors import UsageError
from readiness.interview import drafts
from readiness.interview.drafts import Draft, Resumed, SetAside
from readiness.interview.engine import Interview
from readiness.interview.prompt import (
    ALL_DOMAINS,
    CHECKBOX_INSTRUCTION,
    CHOOSE_DOMAINS,
    MENU_INSTRUCTION,
    Ask,
    Option,
    Paragraph,
    Prompt,
    Reply,
)
from readiness.questionnaire.answers import normalise_ods, ods_problem
from readiness.questionnaire.model import Practice, Questionnaire
from readiness.questionnaire.timing import estimate_minutes

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
            drafts.discard(item.draft)
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


# ------------------------------------------------------------------ before the questions


def parse_domains(questionnaire: Questionnaire, text: str) -> tuple[str, ...]:
    """Domain ids from ``--domains funding,time``, in questionnaire order."""
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    known = [domain.id for domain in questionnaire.domains]
    unknown = [part for part in wanted if part not in known]
    if unknown or not wanted:
        listed = ", ".join(f"'{part}'" for part in unknown) or "nothing"
        raise UsageError(
            f"--domains: {listed} is not a domain of {questionnaire.id}.",
            hint=f"Use some of: {', '.join(known)} (separated by commas).",
        )
    return tuple(domain for domain in known if domain in wanted)


def estimate(questionnaire: Questionnaire, domains: Sequence[str]) -> tuple[int, int]:
    """How many questions the domains hold at most, and roughly how many minutes they take
    (``questionnaire.timing``, from the words to read and the kind of each question)."""
    questions = [q for d in questionnaire.domains if d.id in domains for q in d.questions]
    return len(questions), estimate_minutes(questions)


def ask_practice(ask: Ask, given: Practice) -> Practice:
    """Ask for the practice details not given on the command line."""
    name = given.name
    if name is None:
        name = _text_reply(
            ask(
                Prompt(
                    "text",
                    "Practice name",
                    intro=(
                        Paragraph("About your practice", "heading"),
                        Paragraph(
                            "Your answers are saved under the practice's name or ODS code, "
                            "so you can stop and carry on later. You may leave any of these "
                            "empty.",
                            "help",
                        ),
                    ),
                )
            )
        )
    ods = given.ods_code
    if ods is None:
        ods = normalise_ods(
            _text_reply(
                ask(
                    Prompt(
                        "text",
                        "ODS code",
                        validate=_ods_validation,
                        intro=(
                            Paragraph(
                                "The practice's ODS code (from the NHS Organisation Data "
                                "Service) is one letter and five digits, for example A81001.",
                                "help",
                            ),
                        ),
                    )
                )
            )
        )
    pcn = given.pcn
    if pcn is None:
        pcn = _text_reply(
            ask(
                Prompt(
                    "text",
                    "Primary care network (PCN)",
                    intro=(
                        Paragraph("The PCN is the group of GP practices yours works with.", "help"),
                    ),
                )
            )
        )
    respondent = given.respondent
    if respondent is None:
        respondent = _text_reply(
            ask(
                Prompt(
                    "text",
                    "Who is answering",
                    intro=(
                        Paragraph(
                            'Your name or role, for example "Practice manager". It tells '
                            "apart several people's answers for one practice.",
                            "help",
                        ),
                    ),
                )
            )
        )
    return Practice(name, ods, pcn, respondent)


def _ods_validation(reply: Reply) -> str | None:
    if ods_problem(reply if isinstance(reply, str) else None) is None:
        return None
    return "Not a practice ODS code: use a letter and five digits, like A81001."


def _text_reply(reply: Reply) -> str | None:
    return reply.strip() or None if isinstance(reply, str) else None


def choose_domains(ask: Ask, questionnaire: Questionnaire) -> tuple[str, ...]:
    """All domains, or the ones the user ticks."""
    every = tuple(domain.id for domain in questionnaire.domains)
    count, minutes = estimate(questionnaire, every)
    reply = ask(
        Prompt(
            "select",
            "Which parts would you like to answer?",
            (
                Option(
                    ALL_DOMAINS,
                    f"All {len(every)} domains ({count} questions, about {minutes} minutes)",
                ),
                Option(CHOOSE_DOMAINS, "Let me choose"),
            ),
            default=ALL_DOMAINS,
            intro=(
                Paragraph("Domains", "heading"),
                Paragraph(
                    "The questions are in groups called domains, one for each kind of "
                    "barrier to integrated working.",
                    "help",
                ),
            ),
            instruction=MENU_INSTRUCTION,
        )
    )
    if reply != CHOOSE_DOMAINS:
        return every

    def at_least_one(ticked: Reply) -> str | None:
        return None if ticked else "Tick at least one domain with Space."

    ticked = ask(
        Prompt(
            "checkbox",
            "Tick the domains to answer",
            tuple(
                Option(d.id, f"{d.title} ({len(d.questions)} questions)")
                for d in questionnaire.domains
            ),
            validate=at_least_one,
            instruction=CHECKBOX_INSTRUCTION,
        )
    )
    chosen = ticked if isinstance(ticked, list) else []
    return tuple(domain for domain in every if domain in chosen) or every
