"""Target positions: the answers a practice means to reach, and the scores they would give.

Target scores are the current scores with each target answer in place of the
current one, worked out by ``scoring.score``: the same rules, never a second copy.
"""

from __future__ import annotations

from collections.abc import Mapping

from readiness import scoring
from readiness.errors import InvalidFileError, Problem
from readiness.months import default_due, month_of
from readiness.questionnaire.model import Answer, AnswerSet, Questionnaire, Target


def target_answers(
    answers: Mapping[str, Answer], targets: Mapping[str, Target]
) -> dict[str, Answer]:
    """The answers with every target answer in place of the current one."""
    return {**answers, **{question_id: t.answer for question_id, t in targets.items()}}


def target_scores(questionnaire: Questionnaire, answer_set: AnswerSet) -> scoring.Scores | None:
    """The scores the targets would give, or None when no target is set."""
    if not answer_set.targets:
        return None
    return scoring.score(questionnaire, target_answers(answer_set.answers, answer_set.targets))


def due_month(target: Target, created_at: str) -> str:
    """The month a target is due: as given, else a year after the assessment."""
    return target.by or default_due(month_of(created_at))


def check_targets_asked(questionnaire: Questionnaire, answer_set: AnswerSet) -> None:
    """Refuse targets on questions the answers switch off (``InvalidFileError``)."""
    applies = scoring.applicable_answers(questionnaire, answer_set.answers)
    problems = []
    for question_id in answer_set.targets:
        question = questionnaire.question(question_id)
        if question is None or question_id in applies:
            continue
        condition = f" (it is asked only when {question.when})" if question.when else ""
        problems.append(
            Problem(
                f"targets: {question_id}: this question is not asked, given your "
                f"answers{condition}: remove the target, or change the answer that "
                "switches it off"
            )
        )
    if problems:
        raise InvalidFileError(problems, what="answers file")
