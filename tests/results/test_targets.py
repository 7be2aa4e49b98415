"""Target positions: target scores follow the scoring rules, and bad targets are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import factory
from readiness import scoring
from readiness.errors import InvalidFileError
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import Answer, AnswerSet, Practice, Questionnaire, Target
from readiness.results.record import build_result

CREATED = "2026-01-15T10:30:00Z"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    return load_questionnaire(factory.write(tmp_path_factory.mktemp("tiny") / "q"))


def result_for(
    tiny: Questionnaire, answers: dict[str, Answer], targets: dict[str, Target]
) -> object:
    return build_result(
        questionnaire=tiny,
        answer_set=AnswerSet(Practice("P"), answers, {}, targets),
        created_at=CREATED,
    )


def test_target_scores_use_the_target_answers(tiny: Questionnaire) -> None:
    result = build_result(
        questionnaire=tiny,
        answer_set=AnswerSet(
            Practice("P"),
            {"has_pharmacist": "no", "confidence": "none"},
            {},
            {"has_pharmacist": Target("yes", "2027-03"), "confidence": Target("some")},
        ),
        created_at=CREATED,
    )
    assert result.scores.domains["alpha"].score == 0
    assert result.target_scores is not None
    # Yes (1) and Somewhat (0.5); the hours question it switches on is unanswered.
    assert result.target_scores.domains["alpha"].score == 75
    assert result.targets["has_pharmacist"].by == "2027-03"
    assert result.targets["confidence"].by == "2027-01"  # a year after the assessment
    assert result.targets["confidence"].answer_label == "Somewhat"


def test_no_targets_no_target_scores(tiny: Questionnaire) -> None:
    result = build_result(
        questionnaire=tiny,
        answer_set=AnswerSet(Practice("P"), {"confidence": "none"}),
        created_at=CREATED,
    )
    assert result.targets == {} and result.target_scores is None


def test_a_target_on_a_question_not_asked_is_refused(tiny: Questionnaire) -> None:
    with pytest.raises(InvalidFileError) as caught:
        build_result(
            questionnaire=tiny,
            answer_set=AnswerSet(
                Practice("P"), {"has_pharmacist": "no"}, {}, {"pharmacist_hours": Target(20.0)}
            ),
        )
    message = str(caught.value.problems[0])
    assert "pharmacist_hours" in message and "not asked" in message
    assert "has_pharmacist == 'yes'" in message


def test_a_target_on_a_context_question_is_refused(tmp_path: Path) -> None:
    from readiness.questionnaire.answers import AnswerProblem, check_target

    tiny = load_questionnaire(factory.write(tmp_path / "q"))
    question = tiny.question("notes")
    assert question is not None
    with pytest.raises(AnswerProblem, match="not scored"):
        check_target(question, "More")


SCORED = ("has_pharmacist", "confidence", "roles")
ANSWERS: dict[str, list[object]] = {
    "has_pharmacist": ["yes", "no", "dont_know"],
    "confidence": ["none", "some", "very", "dont_know"],
    "roles": [("physio",), ("link_worker",), ("physio", "link_worker"), ("none",)],
}


def _answer(question_id: str, value: object) -> Answer:
    from readiness.questionnaire.model import DONT_KNOW

    return DONT_KNOW if value == "dont_know" else value  # type: ignore[return-value]


answer_sets = st.fixed_dictionaries(
    {},
    optional={key: st.sampled_from(values) for key, values in ANSWERS.items()},
)
target_sets = st.fixed_dictionaries(
    {},
    optional={
        key: st.sampled_from([v for v in values if v != "dont_know"])
        for key, values in ANSWERS.items()
    },
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answer_sets, targets=target_sets, data=st.data())
def test_target_scores_obey_the_bounds_and_monotonicity_of_scores(
    tiny: Questionnaire, answers: dict[str, object], targets: dict[str, object], data: st.DataObject
) -> None:
    given_answers = {k: _answer(k, v) for k, v in answers.items()}
    aims = {k: Target(_answer(k, v)) for k, v in targets.items()}
    result = result_for(tiny, given_answers, aims)
    aimed = result.target_scores  # type: ignore[attr-defined]
    if not aims:
        assert aimed is None
        return
    for domain in aimed.domains.values():
        assert domain.score is None or 0 <= domain.score <= 100
    assert aimed.overall is None or 0 <= aimed.overall <= 100
    # The target scores are the scores of the target answers, by the one set of rules.
    overlay = {**given_answers, **{k: t.answer for k, t in aims.items()}}
    direct = scoring.score(tiny, overlay)
    assert aimed.overall == direct.overall
    # A better target answer on one question never lowers a target score.
    question_id = data.draw(st.sampled_from(sorted(aims)))
    question = tiny.question(question_id)
    assert question is not None
    current = scoring.answer_score(question, aims[question_id].answer)
    better = [
        v
        for v in ANSWERS[question_id]
        if v != "dont_know"
        and (s := scoring.answer_score(question, _answer(question_id, v))) is not None
        and current is not None
        and s >= current
    ]
    if not better:
        return
    raised = {**aims, question_id: Target(_answer(question_id, data.draw(st.sampled_from(better))))}
    after = result_for(tiny, given_answers, raised).target_scores  # type: ignore[attr-defined]
    domain = question.domain_id
    before_score, after_score = aimed.domains[domain].score, after.domains[domain].score
    if before_score is not None and after_score is not None:
        assert after_score >= before_score


def test_the_fast_reader_reads_target_scores(tiny: Questionnaire, tmp_path: Path) -> None:
    from readiness.results.fast import scan
    from readiness.results.record import result_json

    result = build_result(
        questionnaire=tiny,
        answer_set=AnswerSet(
            Practice("P"), {"confidence": "none"}, {}, {"confidence": Target("very")}
        ),
        created_at=CREATED,
    )
    path = tmp_path / "r.json"
    path.write_text(result_json(result), encoding="utf-8")
    (item,), _bad = scan([path])
    assert item.target_overall == (result.target_scores.overall if result.target_scores else None)
    assert item.target_domains is not None
    assert {d.id: d.score for d in item.target_domains}["alpha"] == 100


def test_the_fast_reader_knows_which_results_have_notes(
    tiny: Questionnaire, tmp_path: Path
) -> None:
    from readiness.questionnaire.answers import MAX_NOTE
    from readiness.results.fast import read_notes, scan
    from readiness.results.record import result_json

    paths = []
    for number, notes in enumerate(({}, {"confidence": "n" * MAX_NOTE})):
        result = build_result(
            questionnaire=tiny,
            answer_set=AnswerSet(Practice("P"), {"confidence": "none"}, notes),
            created_at=CREATED,
        )
        paths.append(tmp_path / f"r{number}.json")
        paths[-1].write_text(result_json(result), encoding="utf-8")
    found, bad = scan(paths)
    assert not bad and [item.has_notes for item in found] == [False, True]
    assert read_notes(str(paths[1])) == [("How confident are you?", "Not at all", "n" * MAX_NOTE)]
    # One character over the limit, and both readers refuse the file.
    data = paths[1].read_text(encoding="utf-8").replace("n" * MAX_NOTE, "n" * (MAX_NOTE + 1))
    paths[1].write_text(data, encoding="utf-8")
    found, bad = scan(paths)
    assert len(found) == 1 and len(bad) == 1
