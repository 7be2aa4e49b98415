"""``compare --format long-csv``: one row per answered question, Excel-safe."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers.cli import run
from helpers.pcn import copy_pcn
from readiness.questionnaire.model import AnswerSet, Practice, Questionnaire
from readiness.results.record import build_result, result_json

COLUMNS = [
    "ODS code",
    "Practice",
    "PCN",
    "Respondent",
    "Date",
    "Questionnaire version",
    "Domain",
    "Question id",
    "Answer value",
    "Answer label",
    "Score",
    "Weight",
    "Scored or context",
    "Quick or full",
]


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff") and "\r\n" in text
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_one_row_per_answered_question_with_a_fixed_column_set(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = copy_pcn(tmp_path)
    code, out, err = run(capsys, monkeypatch, "compare", str(folder), "--format", "long-csv")
    assert code == 0, err
    rows = _rows(out)
    assert list(rows[0]) == COLUMNS
    expected = 0
    for path in sorted(folder.glob("*.json")):
        if path.name == "hillcrest-october.json":
            continue  # an earlier result from the same respondent: not used without --all
        data = json.loads(path.read_text(encoding="utf-8"))
        expected += sum(1 for q in data["questions"] if q["answer"] is not None)
    assert len(rows) == expected
    first = rows[0]
    assert first["Scored or context"] in ("scored", "context")
    assert first["Quick or full"] == "full"


def test_formulas_are_neutralised_and_anonymised_text_left_out(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    questionnaire: Questionnaire,
) -> None:
    text_question = next(q for q in questionnaire.questions if q.type == "text")
    answers = AnswerSet(
        Practice('=HYPERLINK("http://x")', "A81002", "+Valley", "@boss"),
        {"network_des": "yes", text_question.id: "=1+1 call Dr Smith"},
    )
    (tmp_path / "r.json").write_text(
        result_json(build_result(questionnaire=questionnaire, answer_set=answers)),
        encoding="utf-8",
    )
    code, out, _err = run(capsys, monkeypatch, "compare", str(tmp_path), "-f", "long-csv")
    assert code == 0
    rows = _rows(out)
    assert {row["Practice"] for row in rows} == {'\'=HYPERLINK("http://x")'}
    assert {row["PCN"] for row in rows} == {"'+Valley"}
    assert {row["Respondent"] for row in rows} == {"'@boss"}
    note = next(row for row in rows if row["Question id"] == text_question.id)
    assert note["Answer value"] == "'=1+1 call Dr Smith"
    code, out, _err = run(
        capsys, monkeypatch, "compare", str(tmp_path), "-f", "long-csv", "--anonymise"
    )
    assert "Smith" not in out and "HYPERLINK" not in out and "Valley" not in out


def test_long_csv_may_be_saved_under_a_csv_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = copy_pcn(tmp_path)
    out = tmp_path / "answers.csv"
    code, _out, err = run(
        capsys, monkeypatch, "compare", str(folder), "--format", "long-csv", "--out", str(out)
    )
    assert code == 0, err
    assert list(_rows(out.read_bytes().decode("utf-8"))[0]) == COLUMNS
