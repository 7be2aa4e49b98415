"""Scoring: exact values on a small questionnaire, and invariants with hypothesis."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import factory
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import (
    DONT_KNOW,
    Answer,
    Band,
    Choice,
    Domain,
    Evidence,
    Question,
    Questionnaire,
)
from readiness.scoring import (
    answer_score,
    applicable_answers,
    compare_benchmarks,
    recommendations,
    score,
)


@pytest.fixture
def tiny(tmp_path: Path) -> Questionnaire:
    return load_questionnaire(factory.write(tmp_path / "q"))


def test_domain_score_is_weighted_mean_of_answered(tiny: Questionnaire) -> None:
    scores = score(tiny, {"has_pharmacist": "yes", "pharmacist_hours": 5.0, "confidence": "some"})
    alpha = scores.domain("alpha")
    assert alpha is not None
    assert alpha.score == pytest.approx(100 * (1 + 0 + 0.5) / 3, abs=0.05)
    assert alpha.coverage == 1.0 and alpha.enough_answers


def test_dont_know_lowers_coverage_not_score(tiny: Questionnaire) -> None:
    scores = score(
        tiny, {"has_pharmacist": "yes", "pharmacist_hours": 20.0, "confidence": DONT_KNOW}
    )
    alpha = scores.domain("alpha")
    assert alpha is not None
    assert alpha.score == 100.0
    assert alpha.coverage == pytest.approx(2 / 3, abs=0.001)


def test_when_switches_questions_off(tiny: Questionnaire) -> None:
    answers: dict[str, Answer] = {"has_pharmacist": "no", "pharmacist_hours": 40.0}
    assert "pharmacist_hours" not in applicable_answers(tiny, answers)
    alpha = score(tiny, answers).domain("alpha")
    assert alpha is not None and alpha.applicable == 2 and alpha.score == 0.0


def test_low_coverage_domain_is_left_out_of_overall(tiny: Questionnaire) -> None:
    scores = score(
        tiny,
        {
            "has_pharmacist": "yes",
            "pharmacist_hours": 20.0,
            "confidence": "very",
            "roles": DONT_KNOW,
        },
    )
    beta = scores.domain("beta")
    assert beta is not None and not beta.enough_answers and beta.score is None
    assert scores.overall == 100.0 and scores.band is not None and scores.band.id == "high"


def test_nothing_answered_gives_no_overall(tiny: Questionnaire) -> None:
    scores = score(tiny, {})
    assert scores.overall is None and scores.band is None


def test_multi_scores_sum_capped_at_one(tiny: Questionnaire) -> None:
    roles = tiny.question("roles")
    assert roles is not None
    assert answer_score(roles, ("physio",)) == 0.5
    assert answer_score(roles, ("physio", "link_worker")) == 1.0
    assert answer_score(roles, ("none",)) == 0.0


def test_benchmark_matches_and_recommendations(tiny: Questionnaire) -> None:
    answers: dict[str, Answer] = {"has_pharmacist": "no", "confidence": "none"}
    (comparison,) = compare_benchmarks(tiny, answers)
    assert comparison.benchmark.id == "pharmacists" and comparison.matches is False
    recs = recommendations(score(tiny, answers))
    assert [r.text for r in recs] == ["Recruit one through ARRS."]
    assert compare_benchmarks(tiny, {"has_pharmacist": DONT_KNOW})[0].matches is None


def test_demo_scores_are_stable(questionnaire: Questionnaire, demo_answers: object) -> None:
    first = score(questionnaire, demo_answers.answers)  # type: ignore[attr-defined]
    second = score(questionnaire, demo_answers.answers)  # type: ignore[attr-defined]
    assert first == second
    assert first.overall is not None and 0 <= first.overall <= 100


# ----------------------------------------------------------------- generated questionnaires

BANDS = (Band("low", "Low", 0, 50), Band("high", "High", 50, 100))


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    """Random questionnaires of single-choice questions, without conditions."""
    domains = []
    for d in range(draw(st.integers(1, 4))):
        questions = []
        for q in range(draw(st.integers(1, 5))):
            scores = draw(st.lists(st.floats(0, 1), min_size=2, max_size=5))
            choices = tuple(Choice(f"c{i}", f"C{i}", s) for i, s in enumerate(scores))
            questions.append(
                Question(
                    id=f"d{d}q{q}",
                    domain_id=f"d{d}",
                    text="?",
                    help="?",
                    type="single",
                    evidence=Evidence("x", "y"),
                    choices=choices,
                    weight=draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])),
                )
            )
        domains.append(
            Domain(f"d{d}", f"D{d}", "", draw(st.sampled_from([1.0, 2.0])), tuple(questions))
        )
    return Questionnaire("gen", "Generated", "1", "", tuple(domains), BANDS, (), "0", Path())


@st.composite
def answered(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, Answer]]:
    questionnaire = draw(questionnaires())
    answers: dict[str, Answer] = {}
    for question in questionnaire.questions:
        pick = draw(st.sampled_from([*question.choices, None, DONT_KNOW]))
        if pick is DONT_KNOW:
            answers[question.id] = DONT_KNOW
        elif pick is not None:
            answers[question.id] = pick.value  # type: ignore[union-attr]
    return questionnaire, answers


@given(answered())
def test_scores_stay_within_bounds(case: tuple[Questionnaire, dict[str, Answer]]) -> None:
    questionnaire, answers = case
    scores = score(questionnaire, answers)
    values = [d.score for d in scores.domains] + [scores.overall]
    assert all(0 <= v <= 100 for v in values if v is not None)
    assert all(0 <= d.coverage <= 1 for d in scores.domains)


@given(answered(), st.data())
def test_moving_to_a_higher_choice_never_lowers_a_score(
    case: tuple[Questionnaire, dict[str, Answer]], data: st.DataObject
) -> None:
    questionnaire, answers = case
    chosen = [
        q
        for q in questionnaire.questions
        if isinstance(answers.get(q.id), str) and answers[q.id] != DONT_KNOW
    ]
    if not chosen:
        return
    question = data.draw(st.sampled_from(chosen))
    current = question.choice(str(answers[question.id]))
    assert current is not None
    better = [c for c in question.choices if c.score >= current.score]
    moved = {**answers, question.id: data.draw(st.sampled_from(better)).value}
    before, after = score(questionnaire, answers), score(questionnaire, moved)
    for old, new in zip(before.domains, after.domains, strict=True):
        if old.score is not None:
            assert new.score is not None and new.score >= old.score
    if before.overall is not None:
        assert after.overall is not None and after.overall >= before.overall


@given(answered(), st.randoms())
def test_answer_order_does_not_matter(
    case: tuple[Questionnaire, dict[str, Answer]], rng: random.Random
) -> None:
    questionnaire, answers = case
    items = list(answers.items())
    rng.shuffle(items)
    assert score(questionnaire, dict(items)) == score(questionnaire, answers)


@settings(max_examples=60)
@given(answered(), st.data())
def test_dont_know_in_one_domain_leaves_others_alone(
    case: tuple[Questionnaire, dict[str, Answer]], data: st.DataObject
) -> None:
    questionnaire, answers = case
    question = data.draw(st.sampled_from(questionnaire.questions))
    changed = {**answers, question.id: DONT_KNOW}
    before, after = score(questionnaire, answers), score(questionnaire, changed)
    for old, new in zip(before.domains, after.domains, strict=True):
        if old.domain.id != question.domain_id:
            assert old == new
