"""The result file: contents, strict JSON, and clear refusals of bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.errors import InvalidFileError
from readiness.questionnaire.answers import load_answers
from readiness.questionnaire.model import Questionnaire
from readiness.results.record import (
    ResultFile,
    build_result,
    parse_result,
    read_result,
    result_json,
)


def test_result_has_the_documented_fields(demo_result: ResultFile) -> None:
    data = json.loads(result_json(demo_result))
    assert {
        "schema_version",
        "tool_version",
        "created_at",
        "practice",
        "questionnaire",
        "answers",
        "scores",
        "benchmarks",
        "recommendations",
    } <= set(data)
    assert set(data["practice"]) >= {"name", "ods_code", "pcn"}
    assert set(data["questionnaire"]) >= {"id", "version", "sha256"}
    assert set(data["scores"]) >= {"overall", "band", "domains"}
    for domain in data["scores"]["domains"].values():
        assert {"score", "coverage", "band"} <= set(domain)
    for item in data["benchmarks"]:
        assert {"id", "value", "sample_size", "ci95", "answer", "matches"} <= set(item)


def test_json_is_strict_and_round_trips(demo_result: ResultFile, tmp_path: Path) -> None:
    text = result_json(demo_result)
    json.loads(text, parse_constant=lambda name: pytest.fail(f"non-standard JSON {name}"))
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    assert read_result(path) == demo_result


def test_a_result_is_a_valid_answers_file(
    demo_result: ResultFile, tmp_path: Path, questionnaire: Questionnaire
) -> None:
    path = tmp_path / "r.json"
    path.write_text(result_json(demo_result), encoding="utf-8")
    again = load_answers(path, questionnaire)
    rescored = build_result(
        questionnaire=questionnaire, answer_set=again, created_at=demo_result.created_at
    )
    assert rescored == demo_result


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            '{"schema_version": 1, "tool',
            "r.json:1:23: this is not valid JSON: a quoted text is not closed",
        ),
        ("[1, 2]", "r.json:1:1: this is not a readiness result file"),
        (
            '{"schema_version": 99}',
            "uses schema version 99; this version of readiness reads version 1",
        ),
        ('{"schema_version": 1, "tool_version": "x"}', "r.json:1:1: created_at: this is missing"),
    ],
)
def test_bad_result_files_are_explained(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(InvalidFileError) as caught:
        parse_result(text, tmp_path / "r.json")
    assert fragment in str(caught.value.problems[0]).replace(f"{tmp_path}/", "")


def test_invalid_score_is_located(demo_result: ResultFile, tmp_path: Path) -> None:
    text = result_json(demo_result).replace('"overall": ', '"overall": 1', 1)
    with pytest.raises(InvalidFileError) as caught:
        parse_result(text, tmp_path / "r.json")
    problem = caught.value.problems[0]
    assert problem.line is not None and "scores.overall" in problem.message


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_our_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(content)
    with pytest.raises(InvalidFileError):
        read_result(path)


def test_notes_default_to_empty_and_are_bounded(demo_result: ResultFile, tmp_path: Path) -> None:
    assert json.loads(result_json(demo_result))["notes"] == {}
    data = json.loads(result_json(demo_result))
    data["notes"] = {"clinical_pharmacist": "n" * 2001}
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidFileError) as caught:
        read_result(path)
    assert "notes" in str(caught.value.problems[0])
    data["notes"] = {"clinical_pharmacist": "Seen at the board"}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_result(path).notes == {"clinical_pharmacist": "Seen at the board"}
