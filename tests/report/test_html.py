"""The HTML report: self-contained, escaped, with the chart, sources, plan and print CSS."""

from __future__ import annotations

import re
from importlib import resources

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.reports import EVIL_NAME, check_snapshot, earlier_result, with_practice
from readiness.questionnaire.model import AnswerSet, Questionnaire
from readiness.report.result import html, svg
from readiness.results.diff import changes_between
from readiness.results.record import ResultFile

CSP = f'<meta http-equiv="Content-Security-Policy" content="{html.CONTENT_SECURITY_POLICY}">'


def test_demo_html_matches_its_snapshot(demo_result: ResultFile) -> None:
    check_snapshot("demo-report.html", html.render(demo_result).encode("utf-8"))


def test_demo_html_with_changes_matches_its_snapshot(
    demo_result: ResultFile, questionnaire: Questionnaire, demo_answers: AnswerSet
) -> None:
    changes = changes_between(earlier_result(questionnaire, demo_answers), demo_result)
    page = html.render(demo_result, changes=changes)
    check_snapshot("demo-report-since.html", page.encode("utf-8"))
    assert "What changed since 12 March 2025" in page
    assert "<td>Agree</td>" not in page  # answers are in their own cells with a class
    assert (
        '<td class="answer-text">Yes, regular sessions that are kept</td>'
        '<td class="answer-text">Sometimes, but they are often lost to clinical work</td>'
    ) in page


def test_same_result_gives_the_same_bytes(demo_result: ResultFile) -> None:
    assert html.render(demo_result) == html.render(demo_result)


def test_page_is_self_contained_with_a_content_security_policy(demo_result: ResultFile) -> None:
    page = html.render(demo_result)
    assert CSP in page
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<link" not in lowered and "@import" not in lowered and "url(" not in lowered
    # The only address is the SVG namespace name, which browsers never fetch.
    # The only addresses are the SVG namespace names (two charts), which browsers never fetch.
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}
    assert not re.search(r'\b(src|href)="(?!#)', page)


def test_page_shows_practice_scores_and_every_domain(demo_result: ResultFile) -> None:
    page = html.render(demo_result)
    assert "<h1>Riverside Medical Practice</h1>" in page
    assert '<span class="number">60</span>' in page
    for domain in demo_result.scores.domains.values():
        assert f'<th scope="row">{domain.title}</th>' in page
        assert f"{domain.title}: {domain.score:.0f} out of 100, {domain.band_label}." in page


def test_the_readiness_chart_shows_scores_only(demo_result: ResultFile) -> None:
    page = html.render(demo_result)
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in chart and '<title id="chart-title">' in chart
    assert '<desc id="chart-desc">' in chart
    assert chart.count('<g class="domain-bar">') == len(demo_result.scores.domains)
    assert "survey-marker" not in chart and "respondents" not in chart


def test_survey_figures_have_their_own_percentage_chart(demo_result: ResultFile) -> None:
    """Shares of respondents on a percentage axis; a bound drawn as a bound; context
    figures (not shares of respondents) not drawn."""
    page = html.render(demo_result)
    section = page[page.index('<section id="surveys">') :]
    chart = section[section.index("<svg") : section.index("</svg>")]
    assert "Share of respondents" in chart and ">60%</text>" in chart
    shares = [b for b in demo_result.benchmarks if b.unit == "percent" and not b.context]
    context = [b for b in demo_result.benchmarks if b.context or b.unit != "percent"]
    assert context  # the list size per GP
    assert chart.count('<g class="survey-marker">') == len(shares)
    assert chart.count('stroke-dasharray="4 3"') == sum(b.value_is_lower_bound for b in shares)
    assert (
        "Survey figure 2: 75% of 270 GPs and healthcare professionals who answered an online "
        "poll by Guidelines in Practice (24 June to 7 July 2021) said their practice had "
        "already appointed clinical pharmacists." in chart
    )


def test_survey_table_cites_publisher_title_date_respondents_and_interval(
    demo_result: ResultFile,
) -> None:
    page = html.render(demo_result)
    table = page[page.index('<section id="surveys">') : page.index('<section id="context">')]
    assert "Guidelines in Practice (Medscape UK), “Misgivings Over Integrated Care Systems" in table
    assert "published 2 August 2021" in table
    assert "95% CI 69.5–79.8%" in table
    assert (
        "270 GPs and healthcare professionals who answered an online poll by Guidelines in "
        "Practice (24 June to 7 July 2021)" in table
    )
    assert "sampling error only" in table and "before integrated care boards" in table
    scored = [b for b in demo_result.benchmarks if not _is_context_question(demo_result, b)]
    assert table.count("<tr>") == len(scored) + 1  # and the header


def test_context_questions_have_their_own_section(demo_result: ResultFile) -> None:
    page = html.render(demo_result)
    section = page[page.index('<section id="context">') : page.index('<section id="answers">')]
    assert "The conditions around your practice" in section
    context = [q for q in demo_result.questions if q.context and q.answer is not None]
    assert context and section.count("<tr>") == len(context) + 1
    assert "never change a score" in section


def test_answers_say_why_each_question_is_asked(demo_result: ResultFile) -> None:
    page = html.render(demo_result)
    answers = page[page.index('<section id="answers">') : page.index('<section id="method">')]
    assert answers.count("Why it is asked:") == len(demo_result.questions)
    assert "said by Ruth Rankine, director of primary care at the NHS Confederation" in answers
    assert "Paraphrase: " in answers


def _is_context_question(result: ResultFile, benchmark: object) -> bool:
    question = next(q for q in result.questions if q.id == getattr(benchmark, "question", ""))
    return question.context


def test_action_plan_starts_with_the_weakest_domains(demo_result: ResultFile) -> None:
    page = html.render(demo_result)
    plan = page[page.index('<section id="plan">') : page.index('<section id="surveys">')]
    titles = re.findall(r"<h3>([^<]+) <span", plan)
    assert titles[:3] == ["Time", "Funding", "Representation"]
    assert "Other next steps" in plan and "Premises and data" in titles[3:]
    for recommendation in demo_result.recommendations:
        assert recommendation.text.replace('"', "&#34;").replace("'", "&#39;") in plan


def test_print_css_gives_a4_pages_without_split_rows(demo_result: ResultFile) -> None:
    page = html.render(demo_result)
    assert "@page { size: A4; margin: 15mm; }" in page
    assert "tr { break-inside: avoid; page-break-inside: avoid; }" in page
    assert "@media print" in page


def test_user_text_is_escaped(demo_result: ResultFile) -> None:
    result = with_practice(demo_result, name=EVIL_NAME, pcn="<b>PCN</b>", respondent="<i>me</i>")
    page = html.render(result)
    assert "<script>" not in page and "<b>PCN" not in page and "<i>me" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;=cmd|&#39; /C calc&#39;!A0&#34;" in page
    )


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=60), pcn=st.text(max_size=30))
def test_no_practice_name_can_open_a_script(demo_result: ResultFile, name: str, pcn: str) -> None:
    page = html.render(with_practice(demo_result, name=name, pcn=pcn or None))
    assert "<script" not in page.lower()
    assert page.count("<svg") == 2 and page.count("</html>") == 1  # readiness and survey charts


def test_template_is_package_data() -> None:
    template = resources.files("readiness.report").joinpath("templates").joinpath(html.TEMPLATE)
    assert template.is_file()


def test_long_domain_titles_are_cut_to_two_lines_for_the_chart() -> None:
    assert svg.title_lines("Funding") == ("Funding",)
    lines = svg.title_lines("A very long domain title that goes on and on and on about things")
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(len(line) <= svg.TITLE_LINE_CHARACTERS for line in lines)
