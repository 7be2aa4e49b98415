"""The interview engine: which question comes next, Back, "Don't know" and the review.

The engine knows nothing of terminals. For each step it builds a ``Prompt`` (what to
ask: kind, message, choices, default and how to check a reply), hands it to an
injected ``ask`` callable and turns the reply into an answer. ``terminal`` asks
prompts in a terminal; tests pass a scripted ``ask``. After every change the engine
calls ``on_save`` before the next prompt, so a draft on disk is never behind what the
user has entered, even if the process is killed.

Questions are asked in questionnaire order, skipping those whose ``when`` condition
is false. Changing an answer re-evaluates every condition and drops answers to
questions that no longer apply.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from readiness import scoring
from readiness.errors import InterviewInterrupted
from readiness.interview import targets
from readiness.interview.prompt import (
    ADD_NOTE,
    BACK,
    CONFIRM,
    EXPLAIN,
    MENU_INSTRUCTION,
    SAVE_AND_QUIT,
    SET_TARGETS,
    Ask,
    Option,
    Paragraph,
    Prompt,
    ReviewRow,
)
from readiness.interview.replies import (
    action_of,
    action_options,
    choice_prompt,
    explanations,
    multi_prompt,
    note_prompt,
    note_reply,
    reply_to_answer,
    terms_in,
    typed_prompt,
)
from readiness.interview.targets import EVERY_DOMAIN, TARGETS_AT, can_target
from readiness.months import default_due, parse_month, this_month
from readiness.questionnaire.answers import answer_label
from readiness.questionnaire.model import Answer, DontKnow, Question, Questionnaire, Target


@dataclass(frozen=True, slots=True)
class InterviewState:
    """What a draft needs to carry on: the answers and the question to ask next."""

    answers: Mapping[str, Answer]
    position: str | None  # None once every question has been seen: the review comes next
    domains: tuple[str, ...]
    notes: Mapping[str, str] = field(default_factory=dict)
    targets: Mapping[str, Target] = field(default_factory=dict)


class SaveAndQuit(Exception):
    """The user chose "Save and quit"."""


class Interview:
    """The questions of the chosen domains, asked one at a time, then a review."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        *,
        domains: Sequence[str] = (),
        answers: Mapping[str, Answer] | None = None,
        notes: Mapping[str, str] | None = None,
        targets: Mapping[str, Target] | None = None,
        position: str | None = None,
        on_save: Callable[[InterviewState], None] | None = None,
        resume_hint: str | None = None,
        offer_targets: bool = False,
    ) -> None:
        self.questionnaire = questionnaire
        self.domains = tuple(domains) or tuple(d.id for d in questionnaire.domains)
        self._answers: dict[str, Answer] = dict(answers or {})
        self._notes: dict[str, str] = dict(notes or {})
        self._targets: dict[str, Target] = dict(targets or {})
        # The target step being shown: a domain id, EVERY_DOMAIN (from the review), or None.
        self._target_step: str | None = None
        # Whether to offer the optional target step after each domain (the command line does).
        self._offer_targets = offer_targets
        self._on_save = on_save
        self._resume_hint = resume_hint
        # While changing an answer from the review: the questions still to ask before
        # going back to it (follow-ups the change switched on). None: asking in order.
        self._editing: list[str] | None = None
        self._finished = False
        self._prune()
        if position is not None and position.startswith(TARGETS_AT):
            self._target_step = position[len(TARGETS_AT) :] or None
            position = self._after_domain(self._target_step)
        self._position = self._start(position)

    # -- state

    @property
    def answers(self) -> dict[str, Answer]:
        """The answers so far, in questionnaire order."""
        return {
            q.id: self._answers[q.id] for q in self.questionnaire.questions if q.id in self._answers
        }

    @property
    def notes(self) -> dict[str, str]:
        """The notes on answers so far, in questionnaire order."""
        return {
            q.id: self._notes[q.id] for q in self.questionnaire.questions if q.id in self._notes
        }

    @property
    def targets(self) -> dict[str, Target]:
        """The targets set so far, in questionnaire order."""
        return {
            q.id: self._targets[q.id] for q in self.questionnaire.questions if q.id in self._targets
        }

    @property
    def position(self) -> str | None:
        return self._position

    @property
    def saved_position(self) -> str | None:
        """Where a draft carries on: a question, the target step, or None (the review)."""
        if self._target_step is not None:
            return TARGETS_AT + self._target_step
        return self._position

    @property
    def editing(self) -> bool:
        return self._editing is not None

    def state(self) -> InterviewState:
        return InterviewState(
            self.answers, self.saved_position, self.domains, self.notes, self.targets
        )

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
        self._notes = {k: v for k, v in self._notes.items() if k in ids}
        self._targets = {k: v for k, v in self._targets.items() if k in ids}

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
            question = self.questionnaire.question(question_id)
            following = self.current()
            if (
                self._offer_targets
                and question is not None
                and (following is None or following.domain_id != question.domain_id)
            ):
                # The domain's last question: offer its targets (optional) before going on.
                self._target_step = (
                    question.domain_id if self.targetable(question.domain_id) else None
                )
        self._save()

    def targetable(self, domain_id: str) -> list[Question]:
        """The questions of a domain (or EVERY_DOMAIN) that can have a target now."""
        return [
            q
            for q in self.applicable()
            if (domain_id == EVERY_DOMAIN or q.domain_id == domain_id) and can_target(q)
        ]

    def _after_domain(self, domain_id: str | None) -> str | None:
        """The first question after a domain's questions (None: the review)."""
        ids = [q.id for q in self.applicable()]
        mine = [q.id for q in self.applicable() if q.domain_id == domain_id]
        if domain_id in (None, EVERY_DOMAIN) or not mine:
            return None
        return _after(mine[-1], ids)

    def set_target(self, question_id: str, target: Target | None) -> None:
        if target is None:
            self._targets.pop(question_id, None)
        else:
            self._targets[question_id] = target
        self._save()

    def back(self) -> None:
        """Go to the previous question (or, while changing an answer, to the review)."""
        if self._target_step is not None:
            step, self._target_step = self._target_step, None
            mine = [q.id for q in self.applicable() if q.domain_id == step]
            self._position = mine[-1] if mine and step != EVERY_DOMAIN else None
            self._save()
            return
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

    def set_note(self, question_id: str, note: str) -> None:
        """Keep a note on a question's answer (an empty note removes it), then save."""
        if note:
            self._notes[question_id] = note
        else:
            self._notes.pop(question_id, None)
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
                if self._target_step is not None:
                    self._targets_step(ask, self._target_step)
                elif question is None:
                    self._review_step(ask)
                else:
                    self._question_step(ask, question)
        except (KeyboardInterrupt, EOFError, SaveAndQuit):
            self._save()
            raise self._stopped() from None
        return self.answers

    def _question_step(self, ask: Ask, question: Question) -> None:
        notes: tuple[Paragraph, ...] = ()
        reply = ask(self.question_prompt(question))
        while action_of(question, reply) == EXPLAIN:
            notes = explanations(self.questionnaire, question)
            reply = ask(self.question_prompt(question, notes=notes))
        action = action_of(question, reply)
        if action == ADD_NOTE:
            self._note_step(ask, question)
        elif action == BACK:
            self.back()
        elif action == SAVE_AND_QUIT:
            raise SaveAndQuit
        else:
            self.record(question.id, reply_to_answer(question, reply))

    def _targets_step(self, ask: Ask, domain_id: str) -> None:
        """The optional target step: pick a question, its target answer and month."""
        domain = self.questionnaire.domain(domain_id)
        title = domain.title if domain else "Every domain"
        questions = self.targetable(domain_id)
        reply = ask(
            targets.menu_prompt(
                title,
                questions,
                self._answers,
                self._targets,
                from_review=domain_id == EVERY_DOMAIN,
            )
        )
        if reply == SAVE_AND_QUIT:
            raise SaveAndQuit
        if reply == BACK:
            self.back()
            return
        question = next((q for q in questions if q.id == reply), None)
        if question is None:  # "Carry on"
            self._target_step = None
            self._save()
            return
        current = self._targets.get(question.id)
        answer = targets.answer_reply(question, ask(targets.answer_prompt(question, current)))
        if answer == BACK:
            return
        if answer is None:
            self.set_target(question.id, None)
            return
        default = (current.by if current else None) or default_due(this_month())
        by = ask(targets.month_prompt(question, default))
        month = parse_month(by) if isinstance(by, str) else None
        if month is not None:
            self.set_target(question.id, Target(answer, month))

    def _note_step(self, ask: Ask, question: Question) -> None:
        """Ask for a note on this question; the question is asked again afterwards."""
        reply = ask(note_prompt(question, self._notes.get(question.id, "")))
        note = note_reply(reply)
        if note is not None:
            self.set_note(question.id, note)

    def _review_step(self, ask: Ask) -> None:
        reply = ask(self.review_prompt())
        if reply == CONFIRM:
            self.confirm()
        elif reply == SET_TARGETS:
            self._target_step = EVERY_DOMAIN
            self._save()
        elif reply == SAVE_AND_QUIT:
            raise SaveAndQuit
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
            *(
                (Paragraph(f"Your note: {note}", "note"),)
                if (note := self._notes.get(question.id))
                else ()
            ),
        )
        actions = action_options(
            explainable=bool(terms_in(self.questionnaire, question)),
            can_go_back=can_go_back,
            has_note=question.id in self._notes,
        )
        current = self._answers.get(question.id)
        if question.type == "multi":
            return multi_prompt(question, current, intro, actions)
        if question.type in ("number", "text"):
            return typed_prompt(question, current, intro, can_go_back=can_go_back)
        return choice_prompt(question, current, intro, actions)

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
                    note=self._notes.get(question.id, ""),
                    target=targets.target_words(question, self._targets.get(question.id)),
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
            # Above "Confirm" (which is chosen when the review opens), so that the lines
            # below keep their places.
            *(
                (Option(SET_TARGETS, "Set or change targets"),)
                if self._offer_targets and self.targetable(EVERY_DOMAIN)
                else ()
            ),
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
