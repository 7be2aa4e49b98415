"""The hard cases of issue 8, pinned as the whole sentences a reader of a forwarded report
sees: each figure names who answered and when, and the practice's standing is only what
the figure supports."""

from __future__ import annotations

import io

import pytest
from msgspec.structs import replace

from readiness.questionnaire.model import AnswerSet, Questionnaire
from readiness.report.result import content, markdown, terminal
from readiness.report.result.html import render as render_html
from readiness.results.record import ResultFile, build_result, read_result, result_json
from readiness.screen import SafeConsole

HARD_CASES = {
    "system_involvement": "never",
    "clinical_pharmacist": "recruiting",
    "pcn_role_clarity": "clear",
    "first_contact_physio": "yes",
}


@pytest.fixture(scope="module")
def hard(questionnaire: Questionnaire, demo_answers: AnswerSet) -> ResultFile:
    answers = {**demo_answers.answers, **HARD_CASES}
    return build_result(
        questionnaire=questionnaire,
        answer_set=replace(demo_answers, answers=answers),
        created_at="2026-01-15T10:30:00Z",
    )


def line_for(result: ResultFile, question_id: str) -> content.BenchmarkLine:
    return next(line for line in content.benchmark_lines(result) if line.question_id == question_id)


def test_never_beside_twelve_percent_always_involved(hard: ResultFile) -> None:
    line = line_for(hard, "system_involvement")
    assert line.standing == "not_reported"
    assert line.figure_text == (
        "12% of more than 200 primary care leaders who answered an NHS Confederation survey "
        "(published 27 May 2021) said they were always involved in discussions at system "
        "level (95% CI 8.2–17.2%)."
    )
    assert line.standing_text == "The survey did not report how many gave this answer"


def test_recruiting_beside_seventy_five_percent_appointed(hard: ResultFile) -> None:
    line = line_for(hard, "clinical_pharmacist")
    assert line.standing == "minority"
    assert line.figure_text == (
        "75% of 270 GPs and healthcare professionals who answered an online poll by "
        "Guidelines in Practice (24 June to 7 July 2021) said their practice had already "
        "appointed clinical pharmacists (95% CI 69.5–79.8%)."
    )
    assert line.standing_text == "Like a minority of respondents"


def test_clear_beside_more_than_half_unclear(hard: ResultFile) -> None:
    line = line_for(hard, "pcn_role_clarity")
    record = next(item for item in hard.benchmarks if item.question == "pcn_role_clarity")
    assert record.value_is_lower_bound and record.ci95 is None
    assert line.standing == "minority"
    assert line.figure_text == (
        "More than half of more than 200 primary care leaders who answered an NHS "
        "Confederation survey (published 27 May 2021) said they were unclear about the "
        "function of PCNs in ICSs."
    )


def test_forty_eight_percent_with_an_interval_spanning_half(hard: ResultFile) -> None:
    line = line_for(hard, "first_contact_physio")
    assert line.ci95 is not None and line.ci95[0] < 50 < line.ci95[1]
    assert line.standing == "about_half"
    assert line.standing_text == "Like about half of respondents"


def test_the_terminal_says_the_same(hard: ResultFile) -> None:
    screen = SafeConsole(file=io.StringIO(), width=80, record=True, no_color=True)
    screen.print(terminal.report(hard))
    text = " ".join(screen.export_text().split())
    assert "You: Never — the survey did not report how many gave this answer" in text
    assert "You: Being recruited — like a minority of respondents" in text
    assert "You: Clear — like a minority of respondents" in text
    assert "national survey" not in text.lower()


def test_every_format_carries_the_standing_and_the_sentence(hard: ResultFile) -> None:
    line = line_for(hard, "system_involvement")
    page = " ".join(render_html(hard).split())
    text = " ".join(markdown.render(hard).split())
    assert line.standing_text in page and "(published 27 May 2021)" in page
    assert "the survey did not report how many gave this answer" in text


def test_the_result_json_records_standing_and_bounds(
    hard: ResultFile, tmp_path: pytest.TempPathFactory
) -> None:
    path = tmp_path / "result.json"  # type: ignore[operator]
    path.write_text(result_json(hard), encoding="utf-8")
    again = read_result(path)
    by_question = {item.question: item for item in again.benchmarks}
    assert by_question["system_involvement"].standing == "not_reported"
    assert by_question["clinical_pharmacist"].standing == "minority"
    assert by_question["pcn_role_clarity"].standing == "minority"
    assert by_question["first_contact_physio"].standing == "about_half"
    assert all(item.standing is not None or item.answer is None for item in again.benchmarks)
