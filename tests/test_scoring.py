"""Scoring: exact values on a small questionnaire, and invariants with hypothesis."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

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
    no_overall_reason,
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
            answers[question.id] = pick.value
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
    assert current.score is not None  # a scored question's choices all have a score
    better = [c for c in question.choices if c.score is not None and c.score >= current.score]
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


# ----------------------------------------------------------------- context, "Don't know", steps


def _any_answer(question: Question) -> st.SearchStrategy[Answer | None]:
    """Any answer the question accepts, or none, or "Don't know"."""
    options: list[st.SearchStrategy[Answer | None]] = [st.none(), st.just(DONT_KNOW)]
    if question.type == "number":
        low, high = question.minimum or 0.0, question.maximum or 10000.0
        options.append(st.floats(low, high, allow_nan=False).map(float))
    elif question.type == "multi":
        values = [c.value for c in question.choices if not c.exclusive]
        options.append(st.lists(st.sampled_from(values), min_size=1, unique=True).map(tuple))
    elif question.choices:
        options.append(st.sampled_from([c.value for c in question.choices]))
    return st.one_of(options)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_context_answers_never_move_any_score(
    questionnaire: Questionnaire, data: st.DataObject
) -> None:
    """Changing any context answer leaves every domain score, coverage and the overall score
    as they were (while the same scored questions apply: a context answer may still switch a
    follow-up question on or off, such as logging workload transfer)."""
    context = [q for q in questionnaire.questions if q.context]
    assert context, "the bundled questionnaire has context questions"
    answers: dict[str, Answer] = {}
    for question in questionnaire.questions:
        if question.type != "text" and (answer := data.draw(_any_answer(question))) is not None:
            answers[question.id] = answer
    question = data.draw(st.sampled_from(context))
    moved = dict(answers)
    new = data.draw(_any_answer(question))
    if new is None:
        moved.pop(question.id, None)
    else:
        moved[question.id] = new
    scored = {q.id for q in questionnaire.questions if q.scored}
    before_applies = scored & set(applicable_answers(questionnaire, answers))
    assume(before_applies == scored & set(applicable_answers(questionnaire, moved)))
    before, after = score(questionnaire, answers), score(questionnaire, moved)
    assert after.overall == before.overall
    for old, now in zip(before.domains, after.domains, strict=True):
        assert (now.score, now.coverage, now.answered) == (old.score, old.coverage, old.answered)


def test_context_questions_are_never_scored(questionnaire: Questionnaire) -> None:
    for question in questionnaire.questions:
        if question.context:
            assert not question.scored
            assert all(choice.score is None for choice in question.choices)


def test_a_dont_know_brings_up_its_find_out_step(questionnaire: Questionnaire) -> None:
    for question in questionnaire.questions:
        if not question.scored or not question.dont_know:
            continue
        answers = {q.id: a for q, a in _first_answers(questionnaire).items()}
        answers[question.id] = DONT_KNOW
        if question.id not in applicable_answers(questionnaire, answers):
            continue
        steps = [r for r in recommendations(score(questionnaire, answers))
                 if r.question_id == question.id]  # fmt: skip
        assert [r.kind for r in steps] == ["find_out"], question.id
        if question.find_out:
            assert steps[0].text == " ".join(question.find_out.split())
        else:
            assert question.text in steps[0].text


def _first_answers(questionnaire: Questionnaire) -> dict[Question, Answer]:
    """Each choice question answered with its first choice (so that follow-ups apply)."""
    return {
        q: (q.choices[0].value,) if q.type == "multi" else q.choices[0].value
        for q in questionnaire.questions
        if q.choices
    }


def test_middling_answers_bring_up_their_steps(tiny: Questionnaire) -> None:
    """A score of 0.5 ("Partly", "Sometimes") brings up the question's steps; above it none."""
    changed = replace(
        tiny,
        domains=(
            replace(
                tiny.domains[0],
                questions=(
                    replace(tiny.domains[0].questions[2], recommendations=("Talk it through.",)),
                ),
            ),
        ),
    )
    steps = recommendations(score(changed, {"confidence": "some"}))
    assert [(r.text, r.impact) for r in steps] == [("Talk it through.", 0.5)]
    assert recommendations(score(changed, {"confidence": "very"})) == ()


def test_a_domain_with_too_few_answers_still_brings_up_its_steps(tiny: Questionnaire) -> None:
    scores = score(tiny, {"has_pharmacist": "no", "confidence": "none", "roles": DONT_KNOW})
    beta = scores.domain("beta")
    assert beta is not None and not beta.enough_answers and beta.dont_know == 1
    kinds = {(r.domain_id, r.question_id, r.kind) for r in recommendations(scores)}
    assert kinds == {("alpha", "has_pharmacist", "improve"), ("beta", "roles", "find_out")}


def test_no_overall_score_says_why(tiny: Questionnaire) -> None:
    scores = score(tiny, {"roles": DONT_KNOW})
    assert scores.overall is None
    assert no_overall_reason(scores).startswith(
        "No overall score: 0 of 2 domains (0% by weight) have enough answers, and an "
        "overall score needs at least 50%."
    )


def test_not_applicable_does_not_count_against_coverage(questionnaire: Questionnaire) -> None:
    """A practice run by an NHS trust answers "Not applicable": the question counts nowhere."""
    question = questionnaire.question("contractor_future")
    assert question is not None
    trust_run = next(c.value for c in question.choices if c.not_applicable)
    answers: dict[str, Answer] = {
        "population_needs": "yes",
        "int_involvement": "yes",
        "contractor_future": trust_run,
    }
    domain = score(questionnaire, answers).domain(question.domain_id)
    left_out = score(
        questionnaire, {k: v for k, v in answers.items() if k != "contractor_future"}
    ).domain(question.domain_id)
    assert domain is not None and left_out is not None
    assert domain.applicable == left_out.applicable - 1
    assert domain.coverage > left_out.coverage
