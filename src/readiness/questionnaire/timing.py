"""How long answering takes, worked out from the questions themselves.

A person reads the question and its choices (about 200 words a minute, a
usual silent-reading speed for instructions) and takes a few seconds to
decide; a number or a note takes longer. This is the one estimate: the
interview's opening line, ``--help``, the forms and the README all use it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from readiness.questionnaire.model import Question

WORDS_PER_MINUTE = 200
SECONDS_TO_DECIDE = {"number": 20, "text": 30}
DEFAULT_SECONDS_TO_DECIDE = 8


def question_seconds(question: Question) -> float:
    """Reading the question and its choices, then deciding."""
    words = len(question.text.split()) + sum(len(c.label.split()) for c in question.choices)
    deciding = SECONDS_TO_DECIDE.get(question.type, DEFAULT_SECONDS_TO_DECIDE)
    return words * 60 / WORDS_PER_MINUTE + deciding


def estimate_minutes(questions: Sequence[Question]) -> int:
    """Whole minutes for these questions, rounded up, at least one."""
    return max(1, math.ceil(sum(map(question_seconds, questions)) / 60))
