"""Each question as a prompt, and each reply as an answer (or an action such as Back)."""

from __future__ import annotations

import math
import re

from readiness.interview.prompt import (
    ACTIONS,
    ADD_NOTE,
    BACK,
    CHECKBOX_INSTRUCTION,
    EXPLAIN,
    SAVE_AND_QUIT,
    SELECT_INSTRUCTION,
    TYPED_ACTIONS,
    Option,
    Paragraph,
    Prompt,
    Reply,
)
from readiness.questionnaire.answers import (
    MAX_NOTE,
    MAX_TEXT,
    AnswerProblem,
    check_answer,
    check_note,
    number_span,
)
from readiness.questionnaire.model import (
    DONT_KNOW,
    DONT_KNOW_TEXT,
    Answer,
    DontKnow,
    GlossaryTerm,
    Question,
    Questionnaire,
)


def action_options(
    *, explainable: bool, can_go_back: bool, has_note: bool = False
) -> tuple[Option, ...]:
    options = [Option(ADD_NOTE, "Change the note" if has_note else "Add a note", key="n")]
    if explainable:
        options.append(Option(EXPLAIN, "What does this mean?", key="w"))
    if can_go_back:
        options.append(Option(BACK, "← Back", key="b"))
    options.append(Option(SAVE_AND_QUIT, "Save and quit", key="q"))
    return tuple(options)


def choice_prompt(
    question: Question,
    current: Answer | None,
    intro: tuple[Paragraph, ...],
    actions: tuple[Option, ...],
) -> Prompt:
    options = [Option(choice.value, choice.label) for choice in question.choices]
    if question.dont_know:
        options.append(Option(DONT_KNOW_TEXT, "Don't know", key="d"))
    default = (
        DONT_KNOW_TEXT
        if isinstance(current, DontKnow)
        else (current if isinstance(current, str) else None)
    )
    return Prompt(
        "select",
        "Your answer",
        (*options, Option("", " ", separator=True), *actions),
        default=default,
        intro=intro,
        instruction=SELECT_INSTRUCTION,
        shortcuts=True,
    )


def multi_prompt(
    question: Question,
    current: Answer | None,
    intro: tuple[Paragraph, ...],
    actions: tuple[Option, ...],
) -> Prompt:
    chosen = current if isinstance(current, tuple) else ()
    options = [
        Option(choice.value, choice.label, checked=choice.value in chosen)
        for choice in question.choices
    ]
    if question.dont_know:
        options.append(Option(DONT_KNOW_TEXT, "Don't know", checked=isinstance(current, DontKnow)))
    separator = Option("", "Or tick one of these on its own:", separator=True)

    def validate(reply: Reply) -> str | None:
        return multi_problem(question, reply)

    return Prompt(
        "checkbox",
        "Tick all that apply",
        (*options, separator, *actions),
        validate=validate,
        intro=intro,
        instruction=CHECKBOX_INSTRUCTION,
    )


def multi_problem(question: Question, reply: Reply) -> str | None:
    """Why a set of ticks cannot be accepted, or None."""
    ticked = reply if isinstance(reply, list) else []
    names = {
        EXPLAIN: "What does this mean?",
        BACK: "← Back",
        SAVE_AND_QUIT: "Save and quit",
        ADD_NOTE: "Add a note",
        DONT_KNOW_TEXT: "Don't know",
    }
    for value, name in names.items():
        if value in ticked and len(ticked) > 1:
            return f'Tick "{name}" on its own, or untick it.'
    if not ticked:
        exclusive = next((c.label for c in question.choices if c.exclusive), None)
        alone = f' or "{exclusive}"' if exclusive else ""
        return f"Tick at least one answer with Space{alone}."
    if ticked[0] in names:
        return None
    alone_only = [c.label for c in question.choices if c.exclusive and c.value in ticked]
    if alone_only and len(ticked) > 1:
        return f'"{alone_only[0]}" cannot be ticked with other answers.'
    try:
        check_answer(question, list(ticked))
    except AnswerProblem as problem:
        return _sentence(str(problem))
    return None


def typed_prompt(
    question: Question, current: Answer | None, intro: tuple[Paragraph, ...], *, can_go_back: bool
) -> Prompt:
    words = (["back"] if can_go_back else []) + (["dont know"] if question.dont_know else [])
    words += ["note", "explain", "quit"]
    quoted = [f'"{word}"' for word in words]
    listed = ", ".join(quoted[:-1]) + f" or {quoted[-1]}"
    if question.type == "number":
        span = f" {number_span(question)}" if number_span(question) else ""
        hint = f"Type a number{span} and press Enter. Or type {listed}."
        message = f"Your answer ({question.unit})" if question.unit else "Your answer"
        default = f"{current:g}" if isinstance(current, float) else ""
    else:
        hint = (
            f"Type your answer (up to {MAX_TEXT:,} characters) and press Enter, or just "
            f'press Enter to leave it empty. Or type {listed} ("note" adds a note on why).'
        )
        message = "Your answer"
        default = current if isinstance(current, str) else ""

    def validate(reply: Reply) -> str | None:
        return typed_problem(question, reply, can_go_back=can_go_back)

    return Prompt(
        "text", message, default=default, validate=validate, intro=(*intro, Paragraph(hint, "hint"))
    )


def typed_problem(question: Question, reply: Reply, *, can_go_back: bool) -> str | None:
    """Why a typed number or note cannot be accepted, or None."""
    text = reply if isinstance(reply, str) else ""
    action = typed_action(text)
    if action == BACK and not can_go_back:
        return "This is the first question: there is nothing to go back to."
    if action == DONT_KNOW_TEXT and not question.dont_know:
        return 'This question does not offer "Don\'t know".'
    if action is not None:
        return None
    if question.type == "text":
        if len(text) > MAX_TEXT:
            return f"The note is {len(text):,} characters long; the limit is {MAX_TEXT:,}."
        return None
    number = parse_number(text)
    if number is None:
        return "Write a number using digits only, for example 2100."
    low, high = question.minimum, question.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        return f"Give a number {number_span(question)}."
    try:
        check_answer(question, number)  # the answers file's rules, such as a sensible size
    except AnswerProblem as problem:
        return _sentence(str(problem))
    return None


def note_prompt(question: Question, current: str) -> Prompt:
    """Ask for a note on an answer: why the practice answered so, or the evidence."""

    def validate(reply: Reply) -> str | None:
        text = reply if isinstance(reply, str) else ""
        if typed_action(text) == BACK:
            return None
        try:
            check_note(text)
        except AnswerProblem as problem:
            return _sentence(str(problem))
        return None

    return Prompt(
        "text",
        "Your note",
        default=current,
        validate=validate,
        intro=(
            Paragraph(f"A note on: {question.text}", "question"),
            Paragraph(
                "Why you answered as you did, or the evidence behind it, for example "
                f'"ARRS plan seen at the PCN board, March". At most {MAX_NOTE:,} characters. '
                "Press Enter to keep it; clear the line and press Enter to remove it; type "
                '"back" to leave the note as it was.',
                "hint",
            ),
        ),
    )


def note_reply(reply: Reply) -> str | None:
    """The note a reply gives (empty: remove the note), or None to leave it as it was."""
    if not isinstance(reply, str) or typed_action(reply) == BACK:
        return None
    return check_note(reply)


def typed_action(text: str) -> str | None:
    """The action a typed word stands for ("back", "dont know", "explain", "quit"), if any."""
    key = " ".join(text.strip().lower().replace("\u2019", "'").split())
    return TYPED_ACTIONS.get(key)


def parse_number(text: str) -> float | None:
    """A number typed by a person ("2,100", " 1850 ", "12.5"), or None."""
    cleaned = text.strip().replace(",", "").replace(" ", "")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def action_of(question: Question, reply: Reply) -> str | None:
    if isinstance(reply, list):
        return reply[0] if len(reply) == 1 and reply[0] in ACTIONS else None
    if isinstance(reply, str) and question.type in ("number", "text"):
        action = typed_action(reply)
        return action if action in ACTIONS else None
    return reply if isinstance(reply, str) and reply in ACTIONS else None


def reply_to_answer(question: Question, reply: Reply) -> Answer | None:
    """The answer a reply stands for; None for a note left empty."""
    if isinstance(reply, bool):
        raise AnswerProblem("a yes/no reply is not an answer to a question")
    if isinstance(reply, list):
        return DONT_KNOW if reply == [DONT_KNOW_TEXT] else check_answer(question, list(reply))
    if question.type in ("number", "text") and typed_action(reply) == DONT_KNOW_TEXT:
        return DONT_KNOW
    if question.type == "text":
        return reply if reply.strip() else None
    if question.type == "number":
        return check_answer(question, parse_number(reply))
    return check_answer(question, reply)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def terms_in(questionnaire: Questionnaire, question: Question) -> tuple[GlossaryTerm, ...]:
    """The glossary terms that the question's text or help mentions."""
    text = f"{question.text}\n{question.help}"
    return tuple(term for term in questionnaire.glossary if mentions(text, term.term))


def mentions(text: str, term: str) -> bool:
    """Whether ``term`` appears as a word (or plural) in ``text``; acronyms match in capitals."""
    flags = 0 if term.isupper() else re.IGNORECASE
    pattern = rf"(?<![\w-]){re.escape(term)}s?(?![\w-])"
    return re.search(pattern, text, flags) is not None


def explanations(questionnaire: Questionnaire, question: Question) -> tuple[Paragraph, ...]:
    terms = terms_in(questionnaire, question)
    if not terms:
        return (
            Paragraph(
                "There are no special terms in this question. 'readiness glossary' lists them all.",
                "note",
            ),
        )
    return tuple(Paragraph(glossary_line(term), "note") for term in terms)


def glossary_line(term: GlossaryTerm) -> str:
    name = "" if term.name.casefold() == term.term.casefold() else f" ({term.name})"
    return f"{term.term}{name}: {term.meaning}"


def find_terms(questionnaire: Questionnaire, wanted: str) -> tuple[GlossaryTerm, ...]:
    """Glossary terms whose term or name matches ``wanted`` (exactly, else as a part)."""
    key = wanted.strip().casefold()
    exact = tuple(
        t for t in questionnaire.glossary if key in (t.term.casefold(), t.name.casefold())
    )
    if exact:
        return exact
    return tuple(
        t
        for t in questionnaire.glossary
        if key and (key in t.term.casefold() or key in t.name.casefold())
    )
