"""The quick check: only the quick questions, scored by the same rules, labelled everywhere."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from msgspec.structs import replace

from helpers.cli import run
from helpers.forms import blank_form, fill, save
from readiness import scoring
from readiness.cli import options
from readiness.questionnaire.form import KEY_COLUMN
from readiness.questionnaire.model import AnswerSet, Questionnaire
from readiness.questionnaire.quick import quick_check
from readiness.questionnaire.timing import estimate_minutes
from readiness.report import render_file
from readiness.results.record import build_result, result_json

LABEL = "Quick check: 14 of 52 questions asked"


@pytest.fixture(scope="module")
def quick_result_set(demo_answers: AnswerSet) -> AnswerSet:
    return replace(demo_answers, quick=True)


def test_the_times_in_help_are_the_estimate(questionnaire: Questionnaire) -> None:
    quick = quick_check(questionnaire)
    assert len(questionnaire.questions) == options.FULL_COUNT
    assert estimate_minutes(questionnaire.questions) == options.FULL_MINUTES
    assert len(quick.questions) == options.QUICK_COUNT
    assert estimate_minutes(quick.questions) == options.QUICK_MINUTES
    assert options.QUICK_MINUTES <= 5, "the quick check is a five-minute check"


def test_the_quick_check_holds_the_quick_questions_and_what_they_depend_on(
    questionnaire: Questionnaire,
) -> None:
    quick = quick_check(questionnaire)
    ids = {q.id for q in quick.questions}
    assert {q.id for q in questionnaire.questions if q.quick} <= ids
    for question in quick.questions:
        assert question.quick or any(
            question.id in (other.when or "") for other in quick.questions
        ), question.id
    for domain in quick.domains:
        assert 1 <= sum(q.quick for q in domain.questions) <= 3
    assert quick.sha256 == questionnaire.sha256


def test_a_quick_result_is_scored_by_the_same_rules_on_its_questions(
    questionnaire: Questionnaire, quick_result_set: AnswerSet
) -> None:
    result = build_result(questionnaire=questionnaire, answer_set=quick_result_set)
    quick = quick_check(questionnaire)
    assert result.quick and result.full_question_count == len(questionnaire.questions)
    assert {q.id for q in result.questions} == {q.id for q in quick.questions}
    assert set(result.answers) <= {q.id for q in quick.questions}
    expected = scoring.score(quick, quick_result_set.answers)
    assert result.scores.overall == expected.overall
    for domain in expected.domains:
        assert result.scores.domains[domain.domain.id].score == domain.score


@pytest.mark.parametrize("fmt", ["terminal", "html", "md", "csv", "json"])
def test_a_quick_result_is_labelled_with_its_coverage_in_every_report(
    questionnaire: Questionnaire, quick_result_set: AnswerSet, fmt: str
) -> None:
    result = build_result(questionnaire=questionnaire, answer_set=quick_result_set)
    text = " ".join(render_file(result, fmt).split())
    if fmt == "json":
        data = json.loads(text)
        assert data["quick"] is True and data["full_question_count"] == 52
    else:
        assert LABEL.lower() in text.lower(), fmt


def test_a_quick_form_reads_back_as_a_quick_check(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    questionnaire: Questionnaire,
) -> None:
    form = blank_form(questionnaire, quick=True)
    book = openpyxl.load_workbook(io.BytesIO(form))
    keys = {
        str(cell.value).split("=")[0]
        for sheet in book.worksheets[1:-1]
        for cell in sheet[KEY_COLUMN][4:]
        if cell.value
    }
    assert keys == {q.id for q in quick_check(questionnaire).questions}
    path = save(tmp_path / "quick.xlsx", fill(form, {"network_des": "Yes"}))
    out = tmp_path / "quick.json"
    code, text, err = run(
        capsys, monkeypatch, "assess", "--answers", str(path), "--no-save", "--out", str(out)
    )
    assert code == 0, err
    assert LABEL in " ".join(text.split())
    assert json.loads(out.read_text(encoding="utf-8"))["quick"] is True


def test_assess_quick_with_an_answers_file_says_what_it_leaves_out(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    questionnaire: Questionnaire,
) -> None:
    code, out, err = run(capsys, monkeypatch, "assess", "--demo", "--quick", "--no-save")
    assert code == 0, err
    assert "a quick check scores only its 14 questions" in " ".join(err.split())
    assert LABEL in " ".join(out.split())


def test_compare_sets_quick_and_full_side_by_side_on_shared_questions(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    questionnaire: Questionnaire,
    demo_answers: AnswerSet,
) -> None:
    full = replace(
        demo_answers,
        practice=replace(demo_answers.practice, name="Full Practice", ods_code="A81001"),
    )
    quick = replace(
        demo_answers,
        practice=replace(demo_answers.practice, name="Quick Practice", ods_code="A81002"),
        quick=True,
    )
    for name, answer_set in (("full.json", full), ("quick.json", quick)):
        result = build_result(questionnaire=questionnaire, answer_set=answer_set)
        (tmp_path / name).write_text(result_json(result), encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "compare", str(tmp_path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    notes = " ".join(data["notes"])
    assert (
        "Quick checks and full assessments are compared on the 7 domains and 14 questions" in notes
    )
    assert "Quick checks (only the quick questions were asked): Quick Practice." in notes
    rows = {row["name"]: row for row in data["practices"]}
    assert rows["Quick Practice"]["responses"][0]["questionnaire"].endswith("(quick check)")
    # The same answers, compared on the same questions, score the same.
    assert rows["Full Practice"]["overall"] == rows["Quick Practice"]["overall"]
