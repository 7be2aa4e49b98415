"""Answers files: every wrong answer is listed at once, with its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import factory
from readiness.errors import InvalidFileError, UsageError
from readiness.questionnaire.answers import answer_label, load_answers, normalise_ods
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import DONT_KNOW, Questionnaire


@pytest.fixture
def tiny(tmp_path: Path) -> Questionnaire:
    return load_questionnaire(factory.write(tmp_path / "q"))


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_answers_of_every_type(tmp_path: Path, tiny: Questionnaire) -> None:
    path = write(
        tmp_path,
        """\
practice: {name: "Riverside", ods_code: "z00001", pcn: "Valley PCN"}
answers:
  has_pharmacist: "yes"
  pharmacist_hours: 12
  confidence: dont_know
  roles: [physio, link_worker]
  notes: "Café – £5 😀"
""",
    )
    loaded = load_answers(path, tiny)
    assert loaded.practice.ods_code == "Z00001"
    assert loaded.answers == {
        "has_pharmacist": "yes",
        "pharmacist_hours": 12.0,
        "confidence": DONT_KNOW,
        "roles": ("physio", "link_worker"),
        "notes": "Café – £5 😀",
    }


def test_json_answers_file(tmp_path: Path, tiny: Questionnaire) -> None:
    path = write(
        tmp_path, '{"answers": {"has_pharmacist": "no", "roles": ["none"]}}', "answers.json"
    )
    assert load_answers(path, tiny).answers == {"has_pharmacist": "no", "roles": ("none",)}


def test_every_problem_is_listed_at_once(tmp_path: Path, tiny: Questionnaire) -> None:
    path = write(
        tmp_path,
        """\
answers:
  has_pharmacists: "yes"
  pharmacist_hours: 500
  confidence: maybe
  roles: [physio, none]
  has_pharmacist: no
""",
    )
    with pytest.raises(InvalidFileError) as caught:
        load_answers(path, tiny)
    assert [str(p).replace(f"{tmp_path}/", "") for p in caught.value.problems] == [
        "answers.yaml:2:3: there is no question 'has_pharmacists' in tiny 1.0: "
        "did you mean 'has_pharmacist'?",
        "answers.yaml:3:21: 500 is outside the allowed range, 0 to 100 hours",
        "answers.yaml:4:15: 'maybe' is not one of the answers: use 'none', 'some', 'very' "
        "or 'dont_know'",
        "answers.yaml:5:10: 'none' cannot be chosen together with other answers",
        'answers.yaml:6:19: no was read as true/false: put it in quotes, like "no"',
    ]


def test_bad_ods_code_in_file(tmp_path: Path, tiny: Questionnaire) -> None:
    path = write(tmp_path, 'practice: {ods_code: "U12345"}\nanswers: {}\n')
    with pytest.raises(InvalidFileError) as caught:
        load_answers(path, tiny)
    assert "'U12345' looks like a PCN code, not a GP practice ODS code" in str(
        caught.value.problems[0]
    )


def test_unknown_top_level_key(tmp_path: Path, tiny: Questionnaire) -> None:
    path = write(tmp_path, "answer:\n  has_pharmacist: 'yes'\n")
    with pytest.raises(InvalidFileError) as caught:
        load_answers(path, tiny)
    assert "unknown field 'answer': did you mean 'answers'?" in str(caught.value.problems[0])


@pytest.mark.parametrize("code", ["A81001", " a81001 ", "Y12345"])
def test_ods_codes_accepted(code: str) -> None:
    assert normalise_ods(code) == code.strip().upper()


@pytest.mark.parametrize("code", ["81001", "AB1234", "A8100", "U12345X", "A-81001", "U12345"])
def test_ods_codes_refused(code: str) -> None:
    with pytest.raises(UsageError, match="GP practice ODS code"):
        normalise_ods(code)


def test_answer_labels(tiny: Questionnaire) -> None:
    roles = tiny.question("roles")
    hours = tiny.question("pharmacist_hours")
    assert roles is not None and hours is not None
    assert answer_label(roles, ("physio", "link_worker")) == "Physiotherapist; Link worker"
    assert answer_label(hours, 12.0) == "12 hours"
    assert answer_label(roles, DONT_KNOW) == "Don't know"
    assert answer_label(roles, None) == "Not answered"


def test_notes_on_answers_are_read_and_trimmed(tmp_path: Path, tiny: Questionnaire) -> None:
    path = write(
        tmp_path,
        """\
answers:
  has_pharmacist: "yes"
notes:
  has_pharmacist: "  ARRS plan seen at the PCN board, March  "
  confidence: "Partners disagree, so left unanswered"
  roles: "   "
""",
    )
    loaded = load_answers(path, tiny)
    assert loaded.notes == {
        "has_pharmacist": "ARRS plan seen at the PCN board, March",
        "confidence": "Partners disagree, so left unanswered",
    }


def test_bad_notes_are_listed_with_their_lines(tmp_path: Path, tiny: Questionnaire) -> None:
    long_note = "x" * 2001
    path = write(
        tmp_path,
        f"""\
answers: {{}}
notes:
  has_pharmacst: "typo in the id"
  confidence: "{long_note}"
  roles: 12
""",
    )
    with pytest.raises(InvalidFileError) as caught:
        load_answers(path, tiny)
    problems = [str(problem) for problem in caught.value.problems]
    assert any("notes.roles" in p or "'roles'" in p for p in problems), problems
    # The shape check runs first: fix the number, then the id and the length are reported.
    path.write_text(path.read_text().replace("roles: 12", 'roles: "fine"'), encoding="utf-8")
    with pytest.raises(InvalidFileError) as caught:
        load_answers(path, tiny)
    problems = [str(problem) for problem in caught.value.problems]
    assert any(":3:" in p and "did you mean 'has_pharmacist'" in p for p in problems), problems
    assert any(":4:" in p and "2,001 characters" in p and "2,000" in p for p in problems)


def test_a_result_file_keeps_its_notes_as_an_answers_file(
    tmp_path: Path, tiny: Questionnaire
) -> None:
    from readiness.questionnaire.model import AnswerSet, Practice
    from readiness.results.record import build_result, result_json

    answer_set = AnswerSet(Practice("P"), {"has_pharmacist": "no"}, {"has_pharmacist": "Why"})
    result = build_result(questionnaire=tiny, answer_set=answer_set)
    assert result.notes == {"has_pharmacist": "Why"}
    path = write(tmp_path, result_json(result), "result.json")
    assert load_answers(path, tiny).notes == {"has_pharmacist": "Why"}


def test_targets_are_read_with_their_months(tmp_path: Path, tiny: Questionnaire) -> None:
    from readiness.questionnaire.model import Target

    path = write(
        tmp_path,
        """\
answers: {has_pharmacist: "no", confidence: none}
targets:
  has_pharmacist: {answer: "yes", by: "2027-03"}
  confidence: {answer: some}
""",
    )
    assert load_answers(path, tiny).targets == {
        "has_pharmacist": Target("yes", "2027-03"),
        "confidence": Target("some", None),
    }


def test_bad_targets_each_get_a_clear_message(tmp_path: Path, tiny: Questionnaire) -> None:
    path = write(
        tmp_path,
        """\
answers: {}
targets:
  has_pharmacist: {answer: "maybe", by: "2027-03"}
  confidence: {answer: dont_know}
  notes: {answer: "More"}
  roles: {answer: [physio], by: "March 2027"}
""",
    )
    with pytest.raises(InvalidFileError) as caught:
        load_answers(path, tiny)
    problems = [str(problem) for problem in caught.value.problems]
    assert len(problems) == 1 and ":6:" in problems[0] and "2027-03" in problems[0], problems
    path.write_text(
        path.read_text()
        .replace("March 2027", "2027-13x")
        .replace('by: "2027-13x"', 'by: "2027-04"'),
        encoding="utf-8",
    )
    with pytest.raises(InvalidFileError) as caught:
        load_answers(path, tiny)
    problems = [str(problem) for problem in caught.value.problems]
    assert any(":3:" in p and "'maybe' is not one of the answers" in p for p in problems)
    assert any(":4:" in p and "Don't know" in p for p in problems)
    assert any(":5:" in p and "not scored" in p for p in problems)
    assert len(problems) == 3, problems
