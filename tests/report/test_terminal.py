"""The terminal report: everything a reader needs, at 80 columns, with and without colour."""

from __future__ import annotations

import io

import pytest
from msgspec.structs import replace
from rich.console import Console

from helpers.reports import check_snapshot, earlier_result
from readiness.questionnaire.model import AnswerSet, Questionnaire
from readiness.report import plain_text
from readiness.report.result.content import TOP_STEPS
from readiness.report.result.terminal import bar, report
from readiness.results.diff import changes_between
from readiness.results.record import ResultFile, build_result


def render(
    result: ResultFile, *, width: int = 80, colour: bool = False, plain: bool = False, **kw: object
) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=colour,
        no_color=not colour,
        color_system="truecolor" if colour else None,
        highlight=False,
        emoji=False,
    )
    console.print(report(result, plain=plain, **kw))  # type: ignore[arg-type]
    return buffer.getvalue()


def test_demo_report_matches_its_snapshot(demo_result: ResultFile) -> None:
    check_snapshot("demo-report.txt", plain_text(demo_result).encode("utf-8"))


def test_no_line_is_wider_than_80_columns(demo_result: ResultFile) -> None:
    text = render(demo_result)
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80


def test_heading_names_practice_date_questionnaire_and_overall_score(
    demo_result: ResultFile,
) -> None:
    text = render(demo_result)
    assert text.startswith("Riverside Medical Practice\nODS code Z00001 · Riverside Valley PCN")
    assert "Assessed 15 January 2026" in text
    assert "Integration readiness for GP practices, version 2.0.0" in text
    assert "Overall readiness: 60 out of 100 — Mostly ready" in text


def test_each_domain_has_a_bar_score_band_and_coverage(demo_result: ResultFile) -> None:
    lines = render(demo_result).splitlines()
    time_line = next(line for line in lines if line.startswith("Time "))
    expected = f"Time 40 {bar(40.0)} Getting there 5 of 5 answered"
    assert " ".join(time_line.split()) == expected
    representation = next(line for line in lines if line.startswith("Representation "))
    assert "5 of 6 answered" in representation


def test_each_benchmark_is_a_compact_block_with_figure_sample_source_and_standing(
    demo_result: ResultFile,
) -> None:
    text = render(demo_result)
    block = text[text.index("2. Does a clinical pharmacist work with your practice") :]
    block = block[: block.index("\n\n")]
    flat = " ".join(line.strip() for line in block.splitlines())
    assert (
        "Survey: 75% of 270 GPs and healthcare professionals who answered an online poll by "
        "Guidelines in Practice (24 June to 7 July 2021) said their practice had already "
        "appointed clinical pharmacists (95% CI 69.5–79.8%). Source: Guidelines in Practice "
        "(Medscape UK)." in flat
    )
    assert flat.endswith("You: Yes, in post now — like most respondents")


def test_every_benchmark_is_listed_once_with_the_practice_answer(
    demo_result: ResultFile,
) -> None:
    text = " ".join(render(demo_result).split())
    context = {q.id for q in demo_result.questions if q.context}
    answered = [b for b in demo_result.benchmarks if b.answer is not None]
    for item in answered:
        if item.question in context:  # in "The conditions around your practice"
            assert f"You: {item.answer_label} " in text
        else:
            assert text.count(f"You: {item.answer_label} —") >= 1
    assert text.count("You: ") == len(answered) + sum(
        1
        for q in demo_result.questions
        if q.context and q.answer is not None and q.benchmark is None
    )


def test_the_top_steps_across_all_domains_come_first_most_impact_first(
    demo_result: ResultFile,
) -> None:
    text = render(demo_result)
    plan = text[text.index("Where to start: your next steps") :]
    plan = " ".join(plan[: plan.index("How this score is worked out")].split())
    steps = [" ".join(r.text.split()) for r in demo_result.recommendations[:TOP_STEPS]]
    positions = [plan.index(step) for step in steps]
    assert positions == sorted(positions)
    assert " ".join(demo_result.recommendations[TOP_STEPS].text.split()) not in plan
    assert "The HTML, Markdown and JSON reports carry the full action plan." in plan


def test_context_questions_have_their_own_section(demo_result: ResultFile) -> None:
    text = " ".join(render(demo_result).split())
    section = text[text.index("The conditions around your practice") :]
    section = section[: section.index("Where to start")]
    assert "never change a score" in section
    assert "You: Very concerned Survey: 87% of leaders of the 114 trusts" in section
    assert "Figure: The Commons Health and Social Care Committee used a limit" in section


def test_dont_know_answers_are_counted_by_domain(demo_result: ResultFile) -> None:
    text = " ".join(render(demo_result).split())
    assert "“Don't know” answers: Premises and data 1." in text


def test_explains_how_the_score_is_worked_out(demo_result: ResultFile) -> None:
    text = " ".join(render(demo_result).split())
    assert "How this score is worked out" in text
    assert "Bands: Not yet ready (0–40), Getting there (40–60)" in text


def test_no_color_means_no_colour_codes(demo_result: ResultFile) -> None:
    coloured = render(demo_result, colour=True)
    assert "\x1b[3" in coloured or "\x1b[38" in coloured  # the test would notice colour
    buffer = io.StringIO()
    Console(file=buffer, width=80, force_terminal=True, no_color=True).print(report(demo_result))
    assert "\x1b[38" not in buffer.getvalue() and "\x1b[3" + "1m" not in buffer.getvalue()


def test_plain_uses_no_box_drawing_block_characters_or_arrows(
    demo_result: ResultFile, questionnaire: Questionnaire, demo_answers: AnswerSet
) -> None:
    changes = changes_between(earlier_result(questionnaire, demo_answers), demo_result)
    text = render(demo_result, plain=True, changes=changes)
    assert not set(text) & set("─━│█░•▲▼→")
    assert bar(40.0, plain=True) in text
    assert "down 10" in text and "was Don't know, now Very concerned" in text


def test_change_since_last_time_shows_domain_moves_and_changed_answers(
    demo_result: ResultFile, questionnaire: Questionnaire, demo_answers: AnswerSet
) -> None:
    changes = changes_between(earlier_result(questionnaire, demo_answers), demo_result)
    text = render(demo_result, changes=changes)
    section = text[text.index("Change since 12 March 2025") : text.index("Your practice beside")]
    time_row = next(line for line in section.splitlines() if line.startswith("Time"))
    assert time_row.split() == ["Time", "50", "40", "▼", "10"]
    assert "no change" in next(line for line in section.splitlines() if line.startswith("Funding"))
    assert "2 answers changed:" in section
    assert "Do the partners have protected time to review and redesign how the" in section
    flat = " ".join(section.split())
    assert "Yes, regular sessions that are kept → Sometimes, but they are often" in flat
    assert "Don't know → Very concerned" in flat


def test_identical_earlier_result_reads_no_change(demo_result: ResultFile) -> None:
    earlier = replace(demo_result, created_at="2025-01-01T00:00:00Z")
    text = render(demo_result, changes=changes_between(earlier, demo_result))
    assert "Change since 1 January 2025\nNo change: the same answers and scores as then." in text


@pytest.mark.parametrize("answer_count", [0, 2])
def test_too_few_answers_says_so_instead_of_scoring(
    questionnaire: Questionnaire, demo_answers: AnswerSet, answer_count: int
) -> None:

    kept = dict(list(demo_answers.answers.items())[:answer_count])
    result = build_result(
        questionnaire=questionnaire,
        answer_set=replace(demo_answers, answers=kept),
        created_at="2026-01-15T10:30:00Z",
    )
    text = render(result)
    assert "Overall readiness: no overall score" in text
    assert "No overall score: 0 of 7 domains (0% by weight) have enough answers" in " ".join(
        text.split()
    )
    funding = next(line for line in text.splitlines() if line.startswith("Funding"))
    expected = "Too few answers 2 of 5 answered" if answer_count else f"— {bar(None)} Too few"
    assert expected in " ".join(funding.split())


def test_unanswered_figures_are_summed_up_not_listed(
    questionnaire: Questionnaire, demo_answers: AnswerSet
) -> None:
    time_only = {
        k: v
        for k, v in demo_answers.answers.items()
        if (q := questionnaire.question(k)) is not None and q.domain_id == "time"
    }
    result = build_result(
        questionnaire=questionnaire,
        answer_set=AnswerSet(demo_answers.practice, time_only),
        created_at="2026-01-15T10:30:00Z",
    )
    context = {q.id for q in result.questions if q.context}
    unanswered = sum(
        1 for item in result.benchmarks if item.answer is None and item.question not in context
    )
    text = render(result)
    assert unanswered > 0
    assert f"{unanswered} more survey figures are linked to questions not" in text
    assert "You: Not answered" not in text
