"""The CSV export: tidy rows for Excel, a byte-order mark, CRLF, no formulas, numbers as numbers."""

from __future__ import annotations

import csv
import io
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.reports import EVIL_NAME, check_snapshot, with_practice
from readiness.report.result import csv as csv_report
from readiness.results.record import ResultFile
from readiness.textsafe import spreadsheet_cell


def parse(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_demo_csv_matches_its_snapshot(demo_result: ResultFile) -> None:
    check_snapshot("demo-report.csv", csv_report.render(demo_result).encode("utf-8"))


def test_starts_with_a_byte_order_mark_and_uses_windows_line_endings(
    demo_result: ResultFile,
) -> None:
    data = csv_report.render(demo_result).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbfrow_type,practice,ods_code,")
    assert data.count(b"\r\n") == data.count(b"\n")
    assert data.endswith(b"\r\n")


def test_one_row_per_question_then_each_domain_then_overall(demo_result: ResultFile) -> None:
    rows = parse(csv_report.render(demo_result))
    kinds = [row["row_type"] for row in rows]
    domains = len(demo_result.scores.domains)
    assert kinds == ["question"] * len(demo_result.questions) + ["domain"] * domains + ["overall"]
    assert [row["question_id"] for row in rows[: len(demo_result.questions)]] == [
        q.id for q in demo_result.questions
    ]
    time = next(row for row in rows if row["row_type"] == "domain" and row["domain_id"] == "time")
    assert (time["score"], time["band"], time["answered"], time["applicable"]) == (
        "40.0",
        "Getting there",
        "5",
        "5",
    )
    assert rows[-1]["score"] == "60.2" and rows[-1]["band"] == "Mostly ready"


def test_question_rows_carry_answer_score_weight_and_survey_figure(
    demo_result: ResultFile,
) -> None:
    rows = {row["question_id"]: row for row in parse(csv_report.render(demo_result))}
    pharmacist = rows["clinical_pharmacist"]
    assert pharmacist["practice"] == "Riverside Medical Practice"
    assert pharmacist["ods_code"] == "Z00001"
    assert pharmacist["answer"] == "Yes, in post now"
    assert (pharmacist["score"], pharmacist["weight"]) == ("100.0", "1.0")
    assert pharmacist["benchmark_id"] == "gip-2021-clinical-pharmacists"
    assert pharmacist["survey_value"] == "75.0"
    assert pharmacist["survey_figure"] == (
        "75% of 270 GPs and healthcare professionals who answered an online poll by Guidelines "
        "in Practice (24 June to 7 July 2021) said their practice had already appointed "
        "clinical pharmacists (95% CI 69.5–79.8%)."
    )
    assert pharmacist["standing"] == "majority"
    assert pharmacist["where_you_stand"] == "Like most respondents"
    unclear = rows["pcn_role_clarity"]  # a bound ("more than half") is not a value
    assert unclear["survey_value"] == "" and unclear["survey_figure"].startswith("More than half")
    unsure = rows["dsa_partners"]
    assert (unsure["answer"], unsure["score"]) == ("Don't know", "")


def test_numbers_are_written_unquoted(demo_result: ResultFile) -> None:
    text = csv_report.render(demo_result)
    assert not re.search(r'"-?[0-9][0-9.,]*"', text)
    pharmacist = next(line for line in text.splitlines() if ",clinical_pharmacist," in line)
    assert ",Scored,100.0,1.0,,,,,gip-2021-clinical-pharmacists,75.0," in pharmacist


def test_formula_injection_is_neutralised(demo_result: ResultFile) -> None:
    result = with_practice(demo_result, name=EVIL_NAME, pcn="=1+1", respondent="@SUM(A1)")
    rows = parse(csv_report.render(result))
    assert rows[0]["practice"] == EVIL_NAME  # starts with "<": harmless, left alone
    assert rows[0]["pcn"] == "'=1+1" and rows[0]["respondent"] == "'@SUM(A1)"
    for start in ("=", "+", "-", "@", "\t", "\r", "\n"):
        cell = parse(csv_report.render(with_practice(demo_result, name=f"{start}cmd")))[0]
        assert cell["practice"] == f"'{start}cmd"


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=40), pcn=st.text(max_size=20))
def test_any_practice_name_round_trips_with_the_same_rows(
    demo_result: ResultFile, name: str, pcn: str
) -> None:
    text = csv_report.render(with_practice(demo_result, name=name or None, pcn=pcn or None))
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    expected = len(demo_result.questions) + len(demo_result.scores.domains) + 2
    assert len(rows) == expected
    assert all(len(row) == len(csv_report.COLUMNS) for row in rows)
    assert rows[1][1] == spreadsheet_cell(name)
