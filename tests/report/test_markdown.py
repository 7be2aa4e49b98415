"""The Markdown report: headings, tables that hold together, and user text that stays text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from helpers.reports import EVIL_NAME, check_snapshot, earlier_result, with_practice
from readiness.questionnaire.model import AnswerSet, Questionnaire
from readiness.report.result import markdown
from readiness.results.diff import changes_between
from readiness.results.record import ResultFile
from readiness.textsafe import markdown_text as md_text


def table_after(text: str, heading: str) -> list[str]:
    """The rows of the first pipe table after ``heading``."""
    rest = text[text.index(heading) :]
    lines = rest.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| "))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def cell_count(row: str) -> int:
    """Cells in a table row, counting only pipes that are not escaped."""
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def test_demo_markdown_matches_its_snapshot(demo_result: ResultFile) -> None:
    check_snapshot("demo-report.md", markdown.render(demo_result).encode("utf-8"))


def test_demo_markdown_with_changes_matches_its_snapshot(
    demo_result: ResultFile, questionnaire: Questionnaire, demo_answers: AnswerSet
) -> None:
    changes = changes_between(earlier_result(questionnaire, demo_answers), demo_result)
    text = markdown.render(demo_result, changes=changes)
    check_snapshot("demo-report-since.md", text.encode("utf-8"))
    assert "| Time | 40 | Getting there | 5 of 5 answered | 0 | ▼ 10 |" in text
    assert "## What changed since 12 March 2025" in text
    assert "Overall: 62 then, 60 now (▼ 2)." in text


def scored_figures(result: ResultFile) -> list[str]:
    """Survey figures beside scored questions (those beside context questions have their
    own section)."""
    context = {q.id for q in result.questions if q.context}
    return [b.id for b in result.benchmarks if b.question not in context]


def test_has_headings_domain_table_benchmarks_and_action_plan(demo_result: ResultFile) -> None:
    text = markdown.render(demo_result)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:3] == [
        "# Integration readiness: Riverside Medical Practice",
        "## Readiness by domain",
        "## Action plan",
    ]
    assert "## Your practice beside the surveys" in headings
    assert "## The conditions around your practice" in headings
    assert "## Your answers, and why each question is asked" in headings
    assert "## How the scores are worked out" in headings
    domains = table_after(text, "## Readiness by domain")
    assert len(domains) == 2 + len(demo_result.scores.domains)
    surveys = table_after(text, "## Your practice beside the surveys")
    assert len(surveys) == 2 + len(scored_figures(demo_result))
    assert "of 270 GPs and healthcare professionals" in surveys[2 + 1]
    for step in demo_result.recommendations:  # the full plan, find-out steps too
        assert md_text(step.text) in text


def test_user_text_cannot_inject_html_or_break_tables(demo_result: ResultFile) -> None:
    result = with_practice(demo_result, name=EVIL_NAME, pcn="a | b\n# Not a heading")
    text = markdown.render(result)
    assert not re.search(r"(?<!\\)<", text)  # every "<" is escaped, so no tag can open
    assert "\\<script\\>alert\\(1\\)\\</script\\> &amp;" in text
    assert "a \\| b \\# Not a heading" in text
    assert not any(line.startswith("# Not") for line in text.splitlines())


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.text(min_size=1, max_size=40))
def test_any_answer_text_keeps_every_table_row_the_same_width(
    demo_result: ResultFile, answer: str
) -> None:
    questions = [
        replace(q, answer_label=answer) if q.id == "clinical_pharmacist" else q
        for q in demo_result.questions
    ]
    benchmarks = [replace(b, answer_label=answer) for b in demo_result.benchmarks]
    result = replace(demo_result, questions=questions, benchmarks=benchmarks)
    text = markdown.render(result)
    rows = table_after(text, "## Your practice beside the surveys")
    assert len(rows) == 2 + len(scored_figures(demo_result))
    assert {cell_count(row) for row in rows} == {5}
    assert not re.search(r"(?<!\\)<", "".join(rows))
