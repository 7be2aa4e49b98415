"""The interview engine: which question comes next, Back, "Don't know" and the review.

The engine knows nothing of terminals. For each step it builds a ``Prompt`` (what to
ask: kind, message, choices, default and how to check a reply), hands it to an
injected ``ask`` callable and turns the reply into an answer. ``prompts.py`` asks
prompts in a terminal; tests pass a scripted ``ask``. After every change the engine
calls ``on_save`` before the next prompt, so a draft on disk is never behind what the
user has entered, even if the process is killed.

Questions are asked in questionnaire order, skipping those whose ``when`` condition
is false. Changing an answer re-evaluates every condition and drops answers to
questions that no longer apply.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from readiness import scoring
from readiness.errors import InterviewInterrupted, UsageError
from readiness.questionnaire.answers import (
    MAX_TEXT,
    AnswerProblem,
    answer_label,
    check_answer,
    normalise_ods,
    ods_problem,
)
from readiness.questionnaire.model import (
    DONT_KNOW,
    DONT_KNOW_TEXT,
    Answer,
    DontKnow,
    GlossaryTerm,
    Practice,
    Question,
    Questionnaire,
)

SECONDS_PER_QUESTION = 20
SELECT_INSTRUCTION = "(↑ ↓ or the key shown, then Enter)"
CHECKBOX_INSTRUCTION = "(↑ ↓ to move, Space to tick, Enter when done)"
MENU_INSTRUCTION = "(↑ ↓ to move, Enter to choose)"

# Reply values that are actions rather than answers. Choice values are plain ids
# (checked by the loader), so these can never clash with one.
BACK = "__back__"
EXPLAIN = "__explain__"
SAVE_AND_QUIT = "__save_and_quit__"
CONFIRM = "__confirm__"
ALL_DOMAINS = "__all__"
CHOOSE_DOMAINS = "__choose__"
ACTIONS = frozenset({BACK, EXPLAIN, SAVE_AND_QUIT})

# What may be typed at a number or note question instead of an answer.
TYPED_ACTIONS = {
    "back": BACK,
    "dont know": DONT_KNOW_TEXT,
    "don't know": DONT_KNOW_TEXT,
    "dont_know": DONT_KNOW_TEXT,
    "explain": EXPLAIN,
    "?": EXPLAIN,
    "quit": SAVE_AND_QUIT,
}

PromptKind: TypeAlias = Literal["select", "checkbox", "text", "confirm"]
ParagraphStyle: TypeAlias = Literal["heading", "question", "help", "hint", "note", "warning"]
Reply: TypeAlias = "str | list[str] | bool"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A piece of text shown above a prompt, wrapped to the screen by the adaptor."""

    text: str
    style: ParagraphStyle = "help"


@dataclass(frozen=True, slots=True)
class Option:
    """One line of a menu: a choice, or (``separator``) a heading that cannot be chosen."""

    value: str
    label: str
    checked: bool = False
    key: str | None = None
    separator: bool = False


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One answer in the review table."""

    number: int
    domain: str
    question: str
    answer: str
    flagged: bool


@dataclass(frozen=True, slots=True)
class Prompt:
    """Everything needed to ask one thing, apart from the asking."""

    kind: PromptKind
    message: str
    choices: tuple[Option, ...] = ()
    default: str | bool | None = None
    # Returns why a reply cannot be accepted (shown, then the user tries again), or None.
    validate: Callable[[Reply], str | None] | None = field(default=None, compare=False)
    intro: tuple[Paragraph, ...] = ()
    instruction: str | None = None
    table: tuple[ReviewRow, ...] = ()
    shortcuts: bool = False


Ask: TypeAlias = Callable[[Prompt], Reply]


@dataclass(frozen=True, slots=True)
class InterviewState:
    """What a draft needs to carry on: the answers and the question to ask next."""

    answers: Mapping[str, Answer]
    position: str | None  # None once every question has been seen: the review comes next
    domains: tuple[str, ...]


class _SaveAndQuit(Exception):
    """The user chose "Save and quit"."""


# ----------------------------------------------------------------------------- the engine


class Interview:
    """The questions of the chosen domains, asked one at a time, then a review."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        *,
        domains: Sequence[str] = (),
        answers: Mapping[str, Answer] | None = None,
        position: str | None = None,
        on_save: Callable[[InterviewState], None] | None = None,
        resume_hint: str | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.domains = tuple(domains) or tuple(d.id for d in questionnaire.domains)
        self._answers: dict[str, Answer] = dict(answers or {})
        self._on_save = on_save
        self._resume_hint = resume_hint
        # While changing an answer from the review: the questions still to ask before
        # going back to it (follow-ups the change switched on). None: asking in order.
        self._editing: list[str] | None = None
        self._finished = False
        self._prune()
        self._position = self._start(position)

    # -- state

    @property
    def answers(self) -> dict[str, Answer]:
        """The answers so far, in questionnaire order."""
        return {
            q.id: self._answers[q.id] for q in self.questionnaire.questions if q.id in self._answers
        }

    @property
    def position(self) -> str | None:
        return self._position

    @property
    def editing(self) -> bool:
        return self._editing is not None

    def state(self) -> InterviewState:
        return InterviewState(self.answers, self._position, self.domains)

    def applicable(self) -> list[Question]:
        """The questions of the chosen domains that apply, given the answers so far."""
        applies = scoring.applicable_answers(self.questionnaire, self._answers)
        return [
            q
            for q in self.questionnaire.questions
            if q.id in applies and q.domain_id in self.domains
        ]

    def current(self) -> Question | None:
        """The question to ask now, or None at the review."""
        return self.questionnaire.question(self._position) if self._position else None

    def _start(self, position: str | None) -> str | None:
        ids = [q.id for q in self.applicable()]
        if position in ids:
            return position
        # A saved position that no longer applies: the first question not yet answered.
        return next((i for i in ids if i not in self._answers), None)

    def _prune(self) -> None:
        """Drop answers to questions that no longer apply or are outside the chosen domains."""
        ids = {q.id for q in self.applicable()}
        self._answers = {k: v for k, v in self._answers.items() if k in ids}

    def _save(self) -> None:
        if self._on_save is not None:
            self._on_save(self.state())

    # -- moves

    def record(self, question_id: str, answer: Answer | None) -> None:
        """Store an answer (None: no answer), re-check every condition, move on, save."""
        before = {q.id for q in self.applicable()}
        if answer is None:
            self._answers.pop(question_id, None)
        else:
            self._answers[question_id] = answer
        self._prune()
        ids = [q.id for q in self.applicable()]
        if self._editing is not None:
            after = ids[ids.index(question_id) + 1 :] if question_id in ids else []
            switched_on = [i for i in after if i not in before]
            self._editing = switched_on + [
                i for i in self._editing if i in ids and i not in switched_on
            ]
            self._position = self._editing.pop(0) if self._editing else None
            if self._position is None:
                self._editing = None
        else:
            self._position = _after(question_id, ids)
        self._save()

    def back(self) -> None:
        """Go to the previous question (or, while changing an answer, to the review)."""
        if self._editing is not None:
            self._editing = None
            self._position = None
        else:
            ids = [q.id for q in self.applicable()]
            if self._position is None:
                self._position = ids[-1] if ids else None
            elif self._position in ids and ids.index(self._position) > 0:
                self._position = ids[ids.index(self._position) - 1]
        self._save()

    def change(self, question_id: str) -> None:
        """From the review: ask this question again, then any follow-ups it switches on."""
        if question_id not in {q.id for q in self.applicable()}:
            raise ValueError(f"{question_id} does not apply")
        self._editing = []
        self._position = question_id

    def confirm(self) -> None:
        self._finished = True

    # -- the loop

    def run(self, ask: Ask) -> dict[str, Answer]:
        """Ask until the user confirms the review; returns the answers.

        Ctrl-C (``KeyboardInterrupt``), end of input or "Save and quit" save the
        draft and raise ``InterviewInterrupted`` carrying the answers so far.
        """
        try:
            self._save()
            while not self._finished:
                question = self.current()
                if question is None:
                    self._review_step(ask)
                else:
                    self._question_step(ask, question)
        except (KeyboardInterrupt, EOFError, _SaveAndQuit):
            self._save()
            raise self._stopped() from None
        return self.answers

    def _question_step(self, ask: Ask, question: Question) -> None:
        notes: tuple[Paragraph, ...] = ()
        reply = ask(self.question_prompt(question))
        while _action(question, reply) == EXPLAIN:
            notes = explanations(self.questionnaire, question)
            reply = ask(self.question_prompt(question, notes=notes))
        action = _action(question, reply)
        if action == BACK:
            self.back()
        elif action == SAVE_AND_QUIT:
            raise _SaveAndQuit
        else:
            self.record(question.id, reply_to_answer(question, reply))

    def _review_step(self, ask: Ask) -> None:
        reply = ask(self.review_prompt())
        if reply == CONFIRM:
            self.confirm()
        elif reply == SAVE_AND_QUIT:
            raise _SaveAndQuit
        elif reply == BACK:
            self.back()
        elif isinstance(reply, str):
            self.change(reply)

    def _stopped(self) -> InterviewInterrupted:
        count = len(self._answers)
        saved = f"{count} answer{'' if count == 1 else 's'} saved"
        return InterviewInterrupted(
            f"Stopped: {saved}.", answered=count, answers=self.answers, hint=self._resume_hint
        )

    # -- prompts

    def progress(self, question: Question) -> str:
        """For example "Workforce · question 3 of 8 · 14 of 40 overall"."""
        ids = [q.id for q in self.applicable()]
        in_domain = [q.id for q in self.applicable() if q.domain_id == question.domain_id]
        domain = self.questionnaire.domain(question.domain_id)
        title = domain.title if domain else question.domain_id
        if question.id not in ids:  # not reached in use: only applicable questions are asked
            return title
        return (
            f"{title} · question {in_domain.index(question.id) + 1} of {len(in_domain)}"
            f" · {ids.index(question.id) + 1} of {len(ids)} overall"
        )

    def question_prompt(self, question: Question, *, notes: tuple[Paragraph, ...] = ()) -> Prompt:
        ids = [q.id for q in self.applicable()]
        can_go_back = self.editing or (question.id in ids and ids.index(question.id) > 0)
        heading = self.progress(question)
        if self.editing:
            heading += " · changing an answer"
        intro = (
            Paragraph(heading, "heading"),
            Paragraph(question.text, "question"),
            *((Paragraph(question.help, "help"),) if question.help else ()),
            *notes,
        )
        actions = _action_options(
            explainable=bool(terms_in(self.questionnaire, question)), can_go_back=can_go_back
        )
        current = self._answers.get(question.id)
        if question.type == "multi":
            return _multi_prompt(question, current, intro, actions)
        if question.type in ("number", "text"):
            return _typed_prompt(question, current, intro, can_go_back=can_go_back)
        return _choice_prompt(question, current, intro, actions)

    def review_rows(self) -> tuple[ReviewRow, ...]:
        rows = []
        for number, question in enumerate(self.applicable(), start=1):
            answer = self._answers.get(question.id)
            domain = self.questionnaire.domain(question.domain_id)
            if question.type == "text" and answer is None:
                label, flagged = "No note", False
            else:
                label = answer_label(question, answer)
                flagged = answer is None or isinstance(answer, DontKnow)
            rows.append(
                ReviewRow(
                    number,
                    domain.title if domain else question.domain_id,
                    question.text,
                    label,
                    flagged,
                )
            )
        return tuple(rows)

    def review_prompt(self) -> Prompt:
        rows = self.review_rows()
        flagged = sum(row.flagged for row in rows)
        confirm = "Confirm these answers and see my scores"
        if flagged:
            confirm += f" ({flagged} to check)"
        intro = (
            Paragraph("Check your answers", "heading"),
            Paragraph(
                "Here are your answers by domain. Answers marked (check) are "
                '"Don\'t know" or not answered: they leave that part of the score '
                "out, so answer them if you can. Pick a question to change its "
                "answer, or confirm to see your scores.",
                "help",
            ),
        )
        choices = (
            Option(CONFIRM, confirm),
            Option(BACK, "← Back to the last question"),
            Option(SAVE_AND_QUIT, "Save and quit"),
            Option("", "Or change an answer:", separator=True),
            *(
                Option(q.id, f"{row.number}. {q.text}")
                for row, q in zip(rows, self.applicable(), strict=True)
            ),
        )
        return Prompt(
            "select",
            "What next?",
            choices,
            default=CONFIRM,
            intro=intro,
            table=rows,
            instruction=MENU_INSTRUCTION,
        )


def _after(question_id: str, ids: list[str]) -> str | None:
    """The question after this one, or None (the review) after the last."""
    if question_id not in ids:
        return None
    index = ids.index(question_id) + 1
    return ids[index] if index < len(ids) else None


# ------------------------------------------------------------------------ question prompts


def _action_options(*, explainable: bool, can_go_back: bool) -> tuple[Option, ...]:
    options = []
    if explainable:
        options.append(Option(EXPLAIN, "What does this mean?", key="w"))
    if can_go_back:
        options.append(Option(BACK, "← Back", key="b"))
    options.append(Option(SAVE_AND_QUIT, "Save and quit", key="q"))
    return tuple(options)


def _choice_prompt(
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


def _multi_prompt(
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


def _typed_prompt(
    question: Question, current: Answer | None, intro: tuple[Paragraph, ...], *, can_go_back: bool
) -> Prompt:
    words = (["back"] if can_go_back else []) + (["dont know"] if question.dont_know else [])
    words += ["explain", "quit"]
    quoted = [f'"{word}"' for word in words]
    listed = ", ".join(quoted[:-1]) + f" or {quoted[-1]}"
    if question.type == "number":
        span = f" {_span(question)}" if _span(question) else ""
        hint = f"Type a number{span} and press Enter. Or type {listed}."
        message = f"Your answer ({question.unit})" if question.unit else "Your answer"
        default = f"{current:g}" if isinstance(current, float) else ""
    else:
        hint = (
            f"Type your note and press Enter, or just press Enter to leave it empty. "
            f"Or type {listed}."
        )
        message = "Your note"
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
        return f"Give a number {_span(question)}."
    return None


def _span(question: Question) -> str:
    """The allowed numbers in words: "from 0 to 10,000", "of 5 or more", "up to 10"."""
    low, high = question.minimum, question.maximum
    if low is not None and high is not None:
        return f"from {low:,g} to {high:,g}"
    if low is not None:
        return f"of {low:,g} or more"
    return f"up to {high:,g}" if high is not None else ""


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


def _action(question: Question, reply: Reply) -> str | None:
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


# --------------------------------------------------------------------------- the glossary


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


# ------------------------------------------------------------------- before the questions


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
    """How many questions the domains hold at most, and roughly how many minutes they take."""
    count = sum(len(d.questions) for d in questionnaire.domains if d.id in domains)
    return count, max(1, round(count * SECONDS_PER_QUESTION / 60))


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
