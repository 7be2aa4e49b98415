"""Scores, benchmark comparisons and recommendations: pure functions of questionnaire and answers.

Domain score = 100 × Σ(weight × answer score) / Σ(weight), over the scored
questions that apply and were answered. "Don't know" and unanswered questions
are left out of both sums and show up as lower coverage (answered weight /
weight of the scored questions that apply), never as a zero; a "Not applicable"
choice means the question does not apply, so it counts nowhere, as do questions
switched off by their ``when`` condition. A domain below 50% coverage is "not
enough answers" and is left out of the overall score, which is the
domain-weighted mean of the others;
there is no overall score unless domains holding at least half the weight
have enough answers.

This module holds the only scoring and banding rules: the interview, the
result file, compare and history all call the functions below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, Protocol, TypeAlias, TypeVar

from msgspec import Struct

from readiness.questionnaire import conditions
from readiness.questionnaire.model import (
    Answer,
    Band,
    Benchmark,
    Domain,
    DontKnow,
    Question,
    Questionnaire,
)

# A domain with less than this share of its question weight answered is not scored
# into the overall figure and is shown as "not enough answers".
MIN_COVERAGE = 0.5
# No overall score unless the domains with enough answers hold at least this share of
# the domains' weight: one domain's answers are not the practice's readiness.
MIN_OVERALL_WEIGHT = 0.5
# An answer scoring this or less (a low or a middling answer, such as "Partly" or
# "Sometimes") brings up the question's recommendations.
RECOMMEND_UP_TO = 0.5
# A "Don't know" brings up a step to find the answer out, weighted as if half the
# question's room to improve were at stake: more than a middling answer's steps at equal
# weight would be claiming to know the answer.
FIND_OUT_ROOM = 0.5

Status: TypeAlias = Literal[
    "scored", "dont_know", "not_applicable_choice", "unanswered", "not_asked", "unscored"
]


class QuestionResult(Struct, frozen=True):
    """How one question counted towards its domain."""

    question: Question
    answer: Answer | None
    status: Status
    score: float | None  # 0–1, only when status is "scored"


class DomainScore(Struct, frozen=True):
    domain: Domain
    score: float | None  # 0–100, rounded to 0.1; None when nothing scored was answered
    coverage: float  # 0–1
    band: Band | None
    enough_answers: bool
    answered: int  # scored questions answered
    applicable: int  # scored questions that apply
    items: tuple[QuestionResult, ...]

    @property
    def dont_know(self) -> int:
        """Scored questions that apply answered "Don't know"."""
        return sum(item.status == "dont_know" for item in self.items)


class Scores(Struct, frozen=True):
    overall: float | None
    band: Band | None
    domains: tuple[DomainScore, ...]

    def domain(self, domain_id: str) -> DomainScore | None:
        return next((d for d in self.domains if d.domain.id == domain_id), None)


class FigureMatch(Struct, frozen=True):
    benchmark: Benchmark
    question: Question
    answer: Answer | None
    matches: bool | None  # None when there is no usable answer
    # The answer is in the link's ``complement``: the rest of a plainly binary survey question.
    in_complement: bool = False


RecommendationKind: TypeAlias = Literal["improve", "find_out"]


class Recommendation(Struct, frozen=True):
    domain_id: str
    question_id: str
    text: str
    impact: float  # question weight × room to improve (1 − answer score; FIND_OUT_ROOM)
    kind: RecommendationKind = "improve"  # "find_out" after a "Don't know"


# ------------------------------------------------------------------ the rules, once


class Ranged(Protocol):
    """A band as any record holds it: ``min`` included, ``max`` excluded (the last takes 100)."""

    @property
    def min(self) -> float: ...
    @property
    def max(self) -> float: ...


B = TypeVar("B", bound=Ranged)


def shown_score(score: float) -> int:
    """The whole number a score is shown as (halves round up: 49.5 shows as 50)."""
    return int(Decimal(repr(score)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def band_index(bands: Sequence[Ranged], score: float | None) -> int | None:
    """The position of the band a score falls in, judged on the number shown.

    Judged on the shown whole number, so that 49.95 (shown as 50) is never
    banded below 50: the number and its band always agree.
    """
    if score is None:
        return None
    shown = shown_score(score)
    for position, band in enumerate(bands):
        if band.min <= shown < band.max:
            return position
    return len(bands) - 1


def band_for(bands: Sequence[B], score: float | None) -> B | None:
    """The band a score falls in (see ``band_index``), or None for no score."""
    index = band_index(bands, score)
    return bands[index] if index is not None else None


def weighted_mean(items: Iterable[tuple[float, float | None]]) -> tuple[float | None, float]:
    """A domain's score (0–100, to 0.1) and coverage (0–1) from its counted questions.

    Each item is a question's weight and its answer's score from 0 to 1, or None
    when it has no score ("Don't know", unanswered, does not apply): such a
    question lowers coverage and never counts as 0.
    """
    total = answered = weighted = 0.0
    for weight, value in items:
        total += weight
        if value is not None:
            answered += weight
            weighted += weight * value
    score = round(100 * weighted / answered, 1) if answered else None
    coverage = round(answered / total, 3) if total else 0.0
    return score, coverage


def has_enough_answers(score: float | None, coverage: float) -> bool:
    return score is not None and coverage >= MIN_COVERAGE


def overall_score(domains: Iterable[tuple[float, float | None, bool]]) -> float | None:
    """The domain-weighted mean of the domains with enough answers.

    Each item is a domain's weight, score and whether it has enough answers.
    None unless those domains hold at least half the weight of all domains.
    """
    total = counted = weighted = 0.0
    for weight, value, enough in domains:
        total += weight
        if enough and value is not None:
            counted += weight
            weighted += weight * value
    if not counted or counted < MIN_OVERALL_WEIGHT * total:
        return None
    return round(weighted / counted, 1)


def no_overall_reason(scores: Scores) -> str:
    """Why ``overall_score`` gave no score, in a sentence a practice manager can act on."""
    total = sum(d.domain.weight for d in scores.domains)
    enough = [d for d in scores.domains if d.enough_answers]
    share = sum(d.domain.weight for d in enough) / total if total else 0.0
    count = len(scores.domains)
    return (
        f"No overall score: {len(enough)} of {count} domain{'s' if count != 1 else ''} "
        f"({share:.0%} by weight) {'has' if len(enough) == 1 else 'have'} enough answers, "
        f"and an overall score needs at least {MIN_OVERALL_WEIGHT:.0%}. Answer more "
        "questions, or fewer “Don't know”, to get one."
    )


def applicable_answers(
    questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> dict[str, Answer | None]:
    """Each question that applies, in asking order, with its answer (None if unanswered).

    A question's condition sees only the answers to earlier questions that apply, so
    switching off a question also switches off the follow-ups that depend on it.
    """
    visible: dict[str, Answer] = {}
    applicable: dict[str, Answer | None] = {}
    for question in questionnaire.questions:
        if question.when is not None and not conditions.evaluate(
            conditions.parse(question.when), visible
        ):
            continue
        answer = answers.get(question.id)
        applicable[question.id] = answer
        if answer is not None:
            visible[question.id] = answer
    return applicable


def answer_score(question: Question, answer: Answer | None) -> float | None:
    """The answer's score from 0 to 1, or None when it does not count."""
    if answer is None or isinstance(answer, DontKnow) or not question.scored:
        return None
    if isinstance(answer, float):
        return next((r.score for r in question.ranges if r.contains(answer)), None)
    chosen = [
        question.choice(value) for value in (answer if isinstance(answer, tuple) else (answer,))
    ]
    scores = [
        choice.score
        for choice in chosen
        if choice is not None and not choice.not_applicable and choice.score is not None
    ]
    if len(scores) != len(chosen):  # an unknown choice, or one that does not apply
        return None
    return min(1.0, sum(scores))


def _status(question: Question, answer: Answer | None, score: float | None) -> Status:
    if not question.scored:
        return "unscored"
    if answer is None:
        return "unanswered"
    if isinstance(answer, DontKnow):
        return "dont_know"
    return "scored" if score is not None else "not_applicable_choice"


def score_domain(
    questionnaire: Questionnaire, domain: Domain, applicable: Mapping[str, Answer | None]
) -> DomainScore:
    items: list[QuestionResult] = []
    for question in domain.questions:
        if question.id not in applicable:
            items.append(QuestionResult(question, None, "not_asked", None))
            continue
        answer = applicable[question.id]
        score = answer_score(question, answer)
        items.append(QuestionResult(question, answer, _status(question, answer, score), score))
    counted = [item for item in items if counts(item)]
    value, coverage = weighted_mean((item.question.weight, item.score) for item in counted)
    return DomainScore(
        domain=domain,
        score=value,
        coverage=coverage,
        band=band_for(questionnaire.bands, value),
        enough_answers=has_enough_answers(value, coverage),
        answered=sum(item.score is not None for item in counted),
        applicable=len(counted),
        items=tuple(items),
    )


# Statuses of questions that count towards their domain's weight.
# A "Not applicable" choice (a practice run by an NHS trust) is not among them: the question
# does not apply to the practice, so it does not count against coverage.
COUNTED: frozenset[Status] = frozenset({"scored", "dont_know", "unanswered"})


def counts(item: QuestionResult) -> bool:
    """Whether a question counts towards its domain's weight (answered or not)."""
    return item.status in COUNTED


def score(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> Scores:
    """Every domain's score and the overall score and band."""
    applicable = applicable_answers(questionnaire, answers)
    domains = tuple(score_domain(questionnaire, d, applicable) for d in questionnaire.domains)
    overall = overall_score((d.domain.weight, d.score, d.enough_answers) for d in domains)
    return Scores(overall, band_for(questionnaire.bands, overall), domains)


def compare_benchmarks(
    questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> tuple[FigureMatch, ...]:
    """One comparison per question linked to a survey figure, for the questions that apply."""
    applicable = applicable_answers(questionnaire, answers)
    comparisons = []
    for question in questionnaire.questions:
        link = question.benchmark
        benchmark = questionnaire.benchmark(link.benchmark_id) if link else None
        if benchmark is None or question.id not in applicable:
            continue
        answer = applicable[question.id]
        matches = matches_group(question, answer)
        comparisons.append(
            FigureMatch(
                benchmark,
                question,
                answer,
                matches,
                matches is False and in_complement(question, answer),
            )
        )
    return tuple(comparisons)


def in_complement(question: Question, answer: Answer | None) -> bool:
    """Whether every chosen answer is in the link's ``complement`` (the rest of a binary
    survey question), so that the practice stands with everyone outside the reported group."""
    link = question.benchmark
    if link is None or not link.complement or not isinstance(answer, str | tuple):
        return False
    chosen = answer if isinstance(answer, tuple) else (answer,)
    return bool(chosen) and all(value in link.complement for value in chosen)


def matches_group(question: Question, answer: Answer | None) -> bool | None:
    """Whether the answer puts the practice in the group the linked figure describes."""
    link = question.benchmark
    if link is None or answer is None or isinstance(answer, DontKnow):
        return None
    if isinstance(answer, float):
        return (link.at_most is None or answer <= link.at_most) and (
            link.at_least is None or answer >= link.at_least
        )
    chosen = answer if isinstance(answer, tuple) else (answer,)
    if any((c := question.choice(v)) is not None and c.not_applicable for v in chosen):
        return None
    return any(value in link.matches for value in chosen)


def recommendations(scores: Scores) -> tuple[Recommendation, ...]:
    """The action plan: next steps for every domain, most impact first.

    Answers scoring 0.5 or less bring up their question's recommendations (impact =
    weight × (1 − score)); a "Don't know" brings up one step to find the answer out
    (impact = weight × FIND_OUT_ROOM). Steps come from every domain, including one with
    too few answers to score.
    """
    found = [step for domain in scores.domains for item in domain.items for step in _steps(item)]
    return tuple(sorted(found, key=lambda r: -r.impact))


def _steps(item: QuestionResult) -> list[Recommendation]:
    question = item.question
    if item.status == "dont_know":
        impact = round(question.weight * FIND_OUT_ROOM, 3)
        return [
            Recommendation(
                question.domain_id, question.id, find_out_text(question), impact, "find_out"
            )
        ]
    if item.score is None or item.score > RECOMMEND_UP_TO:
        return []
    impact = round(question.weight * (1 - item.score), 3)
    return [
        Recommendation(question.domain_id, question.id, text, impact)
        for text in question.recommendations
    ]


def find_out_text(question: Question) -> str:
    """The step after a "Don't know": the question's own ``find_out``, else a general one."""
    if question.find_out:
        return " ".join(question.find_out.split())
    return (
        f"Find out the answer to “{question.text}” (ask the partners, the PCN manager or "
        "your clinical system lead), then update your answer."
    )
