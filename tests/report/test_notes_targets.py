"""Notes and targets in every single-practice report: beside their answers, escaped."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from helpers import factory
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import AnswerSet, Practice, Target
from readiness.report import render_file
from readiness.results.record import ResultFile, build_result

NOTE = "Seen at the PCN board <b>March</b> | =SUM(A1)"


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ResultFile:
    tiny = load_questionnaire(factory.write(tmp_path_factory.mktemp("tiny") / "q"))
    return build_result(
        questionnaire=tiny,
        answer_set=AnswerSet(
            Practice("Riverside"),
            {"has_pharmacist": "no", "confidence": "some", "roles": ("physio",)},
            {"has_pharmacist": NOTE},
            {"has_pharmacist": Target("yes", "2027-03")},
        ),
        created_at="2026-01-15T10:30:00Z",
    )


def test_html_shows_notes_escaped_and_a_target_column_and_marker(result: ResultFile) -> None:
    page = render_file(result, "html")
    assert "Note: Seen at the PCN board &lt;b&gt;March&lt;/b&gt;" in page
    assert "<b>March</b>" not in page
    assert "Target: Yes, by March 2027" in page
    assert '<th scope="col" class="num">Target</th><th scope="col" class="num">Gap</th>' in page
    assert 'class="target-marker"' in page and "Your target:" in page
    # Alpha: No (0) and Somewhat (0.5) score 25; the target Yes gives 75: 50 to go.
    assert ">+50<" in page


def test_markdown_lists_notes_and_targets_beside_their_answers(result: ResultFile) -> None:
    text = render_file(result, "md")
    assert "## Your notes and targets" in text
    row = next(
        line for line in text.splitlines() if "clinical pharmacist" in line and "| No |" in line
    )
    assert "Yes, by March 2027" in row
    assert "\\<b\\>March\\</b\\> \\| =SUM\\(A1\\)" in row
    assert "| Target | Gap |" in text and "| +50 |" in text


def test_csv_has_note_and_target_columns(result: ResultFile) -> None:
    rows = list(csv.DictReader(io.StringIO(render_file(result, "csv").lstrip("\ufeff"))))
    question = next(row for row in rows if row["question_id"] == "has_pharmacist")
    assert question["note"] == NOTE  # starts with "S": no formula guard needed
    assert (question["target_answer"], question["target_by"], question["target_score"]) == (
        "Yes",
        "2027-03",
        "100.0",
    )
    domain = next(
        row for row in rows if row["row_type"] == "domain" and row["domain_id"] == "alpha"
    )
    assert domain["target_score"] == "75.0" and domain["target_by"] == "2027-03"


def test_a_note_that_looks_like_a_formula_is_made_safe_in_csv(tmp_path: Path) -> None:
    tiny = load_questionnaire(factory.write(tmp_path / "q"))
    made = build_result(
        questionnaire=tiny,
        answer_set=AnswerSet(
            Practice("P"), {"confidence": "some"}, {"confidence": "=HYPERLINK(x)"}
        ),
    )
    rows = list(csv.DictReader(io.StringIO(render_file(made, "csv").lstrip("\ufeff"))))
    assert next(r for r in rows if r["question_id"] == "confidence")["note"] == "'=HYPERLINK(x)"


def test_terminal_report_shows_the_target_and_gap(result: ResultFile) -> None:
    text = render_file(result, "terminal")
    line = next(line for line in text.splitlines() if line.startswith("Alpha"))
    assert "75 +50" in line
