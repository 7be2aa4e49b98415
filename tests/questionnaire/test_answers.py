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
