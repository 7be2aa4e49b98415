"""Reading filled answer forms: the round trip, and every kind of bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.forms import blank_form, fill, save
from readiness.errors import InvalidFileError, ReadinessError
from readiness.questionnaire.answers import load_answers
from readiness.questionnaire.form import META_SHEET, choice_labels
from readiness.questionnaire.model import AnswerSet, Question, Questionnaire
from readiness.results.formread import MAX_FORM_BYTES, read_form
from readiness.results.record import build_result
from readiness.scoring import applicable_answers

FIXED = "2026-01-15T10:30:00Z"


@pytest.fixture(scope="module")
def blank(questionnaire: Questionnaire) -> bytes:
    return blank_form(questionnaire)


def _problems(path: Path, questionnaire: Questionnaire) -> list[str]:
    with pytest.raises(InvalidFileError) as raised:
        read_form(path, questionnaire)
    return [str(problem) for problem in raised.value.problems]


# ------------------------------------------------------------------------------ round trip


def _messy(label: str) -> st.SearchStrategy[str]:
    """A label as people type it: any case, extra spaces."""
    return st.sampled_from(
        [label, label.upper(), label.lower(), f"  {label} ", label.replace(" ", "  ")]
    )


@st.composite
def _answer(draw: st.DrawFn, question: Question) -> tuple[object, object] | None:
    """(what is typed in the form, what an answers file holds), or None for no answer."""
    if draw(st.booleans()):
        return None
    if question.type == "multi":
        options = [c.value for c in question.choices if not c.exclusive]
        exclusive = [c.value for c in question.choices if c.exclusive]
        pick = draw(st.sampled_from(["some", "exclusive", "dont_know"]))
        if pick == "exclusive" and exclusive:
            return exclusive, exclusive
        if pick == "dont_know" and question.dont_know:
            return ["dont_know"], "dont_know"
        chosen = draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
        ordered = [v for v in options if v in chosen]
        return ordered, ordered
    if question.type == "number":
        if question.dont_know and draw(st.booleans()):
            return "Don't know", "dont_know"
        number = draw(st.integers(int(question.minimum or 0), int(question.maximum or 100)))
        return number, number
    if question.type == "text":
        text = draw(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=30))
        return text, text
    labels = choice_labels(question)
    label = draw(st.sampled_from(labels))
    value = next((c.value for c in question.choices if c.label == label), "dont_know")
    return draw(_messy(label)), value


@st.composite
def _answer_sets(draw: st.DrawFn, questionnaire: Questionnaire) -> tuple[dict, dict]:
    typed, values = {}, {}
    for question in questionnaire.questions:
        pair = draw(_answer(question))
        if pair is not None:
            typed[question.id], values[question.id] = pair
    return typed, values


def _yaml_set(tmp: Path, values: dict, questionnaire: Questionnaire) -> AnswerSet:
    path = tmp / "answers.yaml"
    path.write_text(yaml.safe_dump({"answers": values}), encoding="utf-8")
    loaded = load_answers(path, questionnaire)
    applicable = applicable_answers(questionnaire, loaded.answers)
    kept = {key: value for key, value in loaded.answers.items() if key in applicable}
    return AnswerSet(loaded.practice, kept)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_form_filled_with_labels_scores_as_the_same_answers_file(
    data: st.DataObject, questionnaire: Questionnaire, blank: bytes, tmp_path: Path
) -> None:
    typed, values = data.draw(_answer_sets(questionnaire))
    if not values:
        return
    path = save(tmp_path / "filled.xlsx", fill(blank, typed))
    expected = _yaml_set(tmp_path, values, questionnaire)
    if not expected.answers:
        with pytest.raises(ReadinessError, match="empty form"):
            read_form(path, questionnaire)
        return
    filled = read_form(path, questionnaire)
    assert dict(filled.answer_set.answers) == dict(expected.answers)
    from_form = build_result(
        questionnaire=questionnaire, answer_set=filled.answer_set, created_at=FIXED
    )
    from_yaml = build_result(questionnaire=questionnaire, answer_set=expected, created_at=FIXED)
    assert from_form == from_yaml


def test_details_and_notes_are_read(
    questionnaire: Questionnaire, blank: bytes, tmp_path: Path
) -> None:
    data = fill(
        blank,
        {"network_des": "Yes"},
        notes={"network_des": "  Signed in 2019  "},
        details={"name": "Hillside Surgery", "ods_code": " a81002 ", "respondent": "PM"},
    )
    filled = read_form(save(tmp_path / "f.xlsx", data), questionnaire)
    practice = filled.answer_set.practice
    assert (practice.name, practice.ods_code, practice.respondent) == (
        "Hillside Surgery",
        "A81002",
        "PM",
    )
    assert dict(filled.answer_set.notes) == {"network_des": "Signed in 2019"}
    result = build_result(questionnaire=questionnaire, answer_set=filled.answer_set)
    assert result.notes == {"network_des": "Signed in 2019"}


def test_answers_to_questions_that_do_not_apply_are_left_out_with_a_note(
    questionnaire: Questionnaire, blank: bytes, tmp_path: Path
) -> None:
    follow_up = next(q for q in questionnaire.questions if q.when == "network_des == 'yes'")
    label = follow_up.choices[0].label
    data = fill(blank, {"network_des": "No", follow_up.id: label})
    filled = read_form(save(tmp_path / "f.xlsx", data), questionnaire)
    assert follow_up.id not in filled.answer_set.answers
    (note,) = filled.notes
    assert "left out" in note and "sheet 'Funding', cell C" in note


# ------------------------------------------------------------------------------ bad answers


def test_every_bad_answer_is_located_by_sheet_and_cell_at_once(
    questionnaire: Questionnaire, blank: bytes, tmp_path: Path
) -> None:
    numbers = [q for q in questionnaire.questions if q.type == "number"]
    typed: dict[str, object] = {"network_des": "Perhaps", "arrs_plan_shared": "=A1"}
    if numbers:
        typed[numbers[0].id] = "lots"
    path = save(tmp_path / "bad.xlsx", fill(blank, typed))
    problems = _problems(path, questionnaire)
    assert len(problems) == len(typed)
    assert problems[0].startswith(f"{path}, sheet 'Funding', cell C5: 'Perhaps' is not one")
    assert "“Yes”" in problems[0] and "“No”" in problems[0]
    assert "formula (=A1)" in problems[1]


def test_an_empty_form_is_refused(
    questionnaire: Questionnaire, blank: bytes, tmp_path: Path
) -> None:
    with pytest.raises(ReadinessError, match="empty form"):
        read_form(save(tmp_path / "empty.xlsx", blank), questionnaire)


def test_a_form_for_another_version_is_refused(
    questionnaire: Questionnaire, blank: bytes, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(fill(blank, {"network_des": "Yes"})))
    book[META_SHEET]["B4"] = "0.9"
    path = tmp_path / "old.xlsx"
    book.save(path)
    with pytest.raises(ReadinessError) as raised:
        read_form(path, questionnaire)
    assert "version 0.9" in raised.value.message
    assert "readiness form" in (raised.value.hint or "")


def _edited(blank: bytes, tmp_path: Path, edit: object) -> Path:
    book = openpyxl.load_workbook(io.BytesIO(fill(blank, {"network_des": "Yes"})))
    edit(book)  # type: ignore[operator]
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


def test_deleted_rows_are_found(questionnaire: Questionnaire, blank: bytes, tmp_path: Path) -> None:
    path = _edited(blank, tmp_path, lambda book: book["Funding"].delete_rows(6))
    (problem,) = _problems(path, questionnaire)
    assert "sheet 'Funding', cell A6" in problem and "deleted, inserted" in problem


def test_merged_cells_are_found(questionnaire: Questionnaire, blank: bytes, tmp_path: Path) -> None:
    path = _edited(blank, tmp_path, lambda book: book["Time"].merge_cells("C5:C6"))
    (problem,) = _problems(path, questionnaire)
    assert "sheet 'Time', cell C5:C6" in problem and "Unmerge" in problem


def test_extra_sheets_are_found(questionnaire: Questionnaire, blank: bytes, tmp_path: Path) -> None:
    path = _edited(blank, tmp_path, lambda book: book.create_sheet("My notes"))
    (problem,) = _problems(path, questionnaire)
    assert "sheet 'My notes'" in problem and "not part of the form" in problem


@pytest.mark.parametrize("sheet", ["Start", "Funding"])
def test_a_deleted_sheet_is_named(
    questionnaire: Questionnaire, blank: bytes, tmp_path: Path, sheet: str
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(fill(blank, {"network_des": "Yes"})))
    del book[sheet]
    path = tmp_path / "form.xlsx"
    book.save(path)
    problems = _problems(path, questionnaire)
    assert any(f"sheet '{sheet}'" in p and "missing from the form" in p for p in problems)


def test_a_workbook_that_is_not_a_form(questionnaire: Questionnaire, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "hello"
    book.save(tmp_path / "other.xlsx")
    (problem,) = _problems(tmp_path / "other.xlsx", questionnaire)
    assert "not a readiness answer form" in problem


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old-style Excel"),
        (
            "locked.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") * 4,
            "password",
        ),
        ("form.csv", b"question,answer\nnetwork_des,Yes\n", "CSV"),
        ("form.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not an Excel workbook"),
    ],
)
def test_files_that_are_not_xlsx_say_how_to_save_as_xlsx(
    questionnaire: Questionnaire, tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    (problem,) = _problems(save(tmp_path / name, data), questionnaire)
    assert words in problem


def test_an_ods_spreadsheet_says_how_to_save_as_xlsx(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "form.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    (problem,) = _problems(path, questionnaire)
    assert "OpenDocument" in problem and "Save As" in problem


def test_a_zip_bomb_is_refused_before_it_is_opened(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * 60_000_000)
    assert path.stat().st_size < MAX_FORM_BYTES
    (problem,) = _problems(path, questionnaire)
    assert "zip bomb" in problem


def test_a_form_over_5_mb_is_refused_unread(questionnaire: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * MAX_FORM_BYTES)
    (problem,) = _problems(path, questionnaire)
    assert "5 MB" in problem
