"""Scores, benchmark comparisons and recommendations: pure functions of questionnaire and answers.

Domain score = 100 × Σ(weight × answer score) / Σ(weight), over the scored
questions that apply and were answered. "Don't know", unanswered questions and
"Not applicable" choices are left out of both sums and show up as lower
coverage (answered weight / weight of the scored questions that apply), never
as a zero. Questions switched off by their ``when`` condition do not apply and
count nowhere. A domain below 50% coverage is "not enough answers" and is left
out of the overall score, which is the domain-weighted mean of the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

from readiness.questionnaire import conditions
from readiness.questionnaire.model import (
    MIN_COVERAGE,
    RECOMMEND_BELOW,
    Answer,
    Band,
    Benchmark,
    Domain,
    DontKnow,
    Question,
    Questionnaire,
)

Status: TypeAlias = Literal[
    "scored", "dont_know", "not_applicable_choice", "unanswered", "not_asked", "unscored"
]


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """How one question counted towards its domain."""

    question: Question
    answer: Answer | None
    status: Status
    score: float | None  # 0–1, only when status is "scored"


@dataclass(frozen=True, slots=True)
class DomainScore:
    domain: Domain
    score: float | None  # 0–100, rounded to 0.1; None when nothing scored was answered
    coverage: float  # 0–1
    band: Band | None
    enough_answers: bool
    answered: int  # scored questions answered
    applicable: int  # scored questions that apply
    items: tuple[QuestionResult, ...]


@dataclass(frozen=True, slots=True)
class Scores:
    overall: float | None
    band: Band | None
    domains: tuple[DomainScore, ...]

    def domain(self, domain_id: str) -> DomainScore | None:
        return next((d for d in self.domains if d.domain.id == domain_id), None)


@dataclass(frozen=True, slots=True)
class BenchmarkComparison:
    benchmark: Benchmark
    question: Question
    answer: Answer | None
    matches: bool | None  # None when there is no usable answer


@dataclass(frozen=True, slots=True)
class Recommendation:
    domain_id: str
    question_id: str
    text: str
    impact: float  # question weight × room to improve (1 − answer score)


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
    if any(choice is None or choice.not_applicable for choice in chosen):
        return None
    return min(1.0, sum(choice.score for choice in chosen if choice is not None))


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
    total_weight = answered_weight = weighted_sum = 0.0
    answered = counted = 0
    for question in domain.questions:
        if question.id not in applicable:
            items.append(QuestionResult(question, None, "not_asked", None))
            continue
        answer = applicable[question.id]
        score = answer_score(question, answer)
        items.append(QuestionResult(question, answer, _status(question, answer, score), score))
        if not question.scored:
            continue
        counted += 1
        total_weight += question.weight
        if score is not None:
            answered += 1
            answered_weight += question.weight
            weighted_sum += question.weight * score
    value = round(100 * weighted_sum / answered_weight, 1) if answered_weight else None
    coverage = round(answered_weight / total_weight, 3) if total_weight else 0.0
    return DomainScore(
        domain=domain,
        score=value,
        coverage=coverage,
        band=questionnaire.band_for(value) if value is not None else None,
        enough_answers=value is not None and coverage >= MIN_COVERAGE,
        answered=answered,
        applicable=counted,
        items=tuple(items),
    )


def score(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> Scores:
    """Every domain's score and the overall score and band."""
    applicable = applicable_answers(questionnaire, answers)
    domains = tuple(score_domain(questionnaire, d, applicable) for d in questionnaire.domains)
    counted = [d for d in domains if d.enough_answers and d.score is not None]
    weight = sum(d.domain.weight for d in counted)
    overall = (
        round(sum(d.domain.weight * d.score for d in counted if d.score is not None) / weight, 1)
        if weight
        else None
    )
    band = questionnaire.band_for(overall) if overall is not None else None
    return Scores(overall, band, domains)


def compare_benchmarks(
    questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> tuple[BenchmarkComparison, ...]:
    """One comparison per question linked to a survey figure, for the questions that apply."""
    applicable = applicable_answers(questionnaire, answers)
    comparisons = []
    for question in questionnaire.questions:
        link = question.benchmark
        benchmark = questionnaire.benchmark(link.benchmark_id) if link else None
        if benchmark is None or question.id not in applicable:
            continue
        answer = applicable[question.id]
        comparisons.append(
            BenchmarkComparison(benchmark, question, answer, matches_group(question, answer))
        )
    return tuple(comparisons)


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
    """Next steps for answers scoring below 0.5, most impact first."""
    found = [
        Recommendation(
            item.question.domain_id,
            item.question.id,
            text,
            round(item.question.weight * (1 - item.score), 3),
        )
        for domain in scores.domains
        for item in domain.items
        if item.score is not None and item.score < RECOMMEND_BELOW
        for text in item.question.recommendations
    ]
    return tuple(sorted(found, key=lambda r: -r.impact))
