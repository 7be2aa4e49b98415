"""What changed between two results of one practice, and the one rule for the size of a change.

Domains and questions are matched by id, so a result can be compared with one
made by an older version of the same questionnaire. Which earlier result to
compare with is ``results.history.latest_earlier``'s job.
"""

from __future__ import annotations

from msgspec import Struct

from readiness.results.record import ResultFile
from readiness.scoring import shown_score


class ScoreChange(Struct, frozen=True):
    """A score before and after (0–100); either may be missing."""

    id: str  # the domain id, or "overall"
    title: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> int | None:
        return change_points(self.before, self.after)

    @property
    def text(self) -> str:
        """Gives "▲ 12", "▼ 5", "no change", or why there is nothing to compare."""
        return change_text(self.before, self.after)


class AnswerChange(Struct, frozen=True):
    """A question whose answer is different now."""

    question_id: str
    question_text: str
    domain_title: str
    before: str
    after: str


class Changes(Struct, frozen=True):
    """Everything that changed between an earlier result and this one."""

    earlier_created_at: str
    overall: ScoreChange
    domains: tuple[ScoreChange, ...]
    answers: tuple[AnswerChange, ...]


def change_points(before: float | None, after: float | None) -> int | None:
    """How far a score moved, in the whole numbers people see (None if either is missing).

    Every output uses this rule, so "46 → 46" never reads "▲ 1" and the report and
    ``readiness history`` always agree.
    """
    if before is None or after is None:
        return None
    return shown_score(after) - shown_score(before)


def change_text(before: float | None, after: float | None) -> str:
    """Gives "▲ 12", "▼ 5", "no change", or why there is nothing to compare."""
    if before is None and after is None:
        return "not scored either time"
    if before is None:
        return "newly scored"
    if after is None:
        return "no longer scored"
    delta = change_points(before, after) or 0
    if delta > 0:
        return f"▲ {delta}"
    if delta < 0:
        return f"▼ {-delta}"
    return "no change"


def changes_between(earlier: ResultFile, later: ResultFile) -> Changes:
    """What changed from ``earlier`` to ``later``, domain by domain and answer by answer."""
    before = earlier.scores.domains
    domains = tuple(
        ScoreChange(
            id=domain_id,
            title=domain.title,
            before=before[domain_id].score if domain_id in before else None,
            after=domain.score,
        )
        for domain_id, domain in later.scores.domains.items()
    )
    return Changes(
        earlier_created_at=earlier.created_at,
        overall=ScoreChange(
            id="overall", title="Overall", before=earlier.scores.overall, after=later.scores.overall
        ),
        domains=domains,
        answers=_answer_changes(earlier, later),
    )


def _answer_changes(earlier: ResultFile, later: ResultFile) -> tuple[AnswerChange, ...]:
    old = {question.id: question.answer_label for question in earlier.questions}
    titles = {domain_id: domain.title for domain_id, domain in later.scores.domains.items()}
    return tuple(
        AnswerChange(
            question_id=question.id,
            question_text=question.text,
            domain_title=titles.get(question.domain, question.domain),
            before=old[question.id],
            after=question.answer_label,
        )
        for question in later.questions
        if question.id in old and old[question.id] != question.answer_label
    )
