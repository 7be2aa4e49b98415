"""The blank answer form (xlsx) and the printable questions (html, md)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from helpers.cli import run
from helpers.factory import write
from readiness.questionnaire.form import (
    FIRST_ROW,
    KEY_COLUMN,
    META_SHEET,
    START_SHEET,
    layout,
)
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import Practice, Questionnaire
from readiness.report.form import write_form


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_one_sheet_per_domain_then_a_hidden_metadata_sheet(questionnaire: Questionnaire) -> None:
    book = _book(write_form(questionnaire, "xlsx", practice=Practice()))
    titles = [domain.title for domain in questionnaire.domains]
    assert book.sheetnames == [START_SHEET, *titles, META_SHEET]
    meta = book[META_SHEET]
    assert meta.sheet_state == "hidden"
    values = {row[0]: row[1] for row in meta.iter_rows(max_col=2, values_only=True) if row[0]}
    assert values["questionnaire"] == questionnaire.id
    assert values["version"] == questionnaire.version
    assert values["sha256"] == questionnaire.sha256


def test_every_question_has_a_row_with_an_unlocked_validated_answer_cell(
    questionnaire: Questionnaire,
) -> None:
    book = _book(write_form(questionnaire, "xlsx", practice=Practice()))
    form = layout(questionnaire)
    for sheet in form.sheets:
        ws = book[sheet.name]
        assert ws.protection.sheet, "protected"
        assert not ws.protection.password, "without a password"
        assert ws.freeze_panes == f"C{FIRST_ROW}"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.column_dimensions[KEY_COLUMN].hidden
        validated = {
            str(ref) for dv in ws.data_validations.dataValidation for ref in dv.sqref.ranges
        }
        for row in sheet.rows:
            assert ws[f"{KEY_COLUMN}{row.row}"].value == row.key
            if row.answered_here:
                cell = ws[row.cell()]
                assert cell.protection.locked is False
                assert row.cell() in validated
            if row.kind != "option":
                assert ws[f"D{row.row}"].protection.locked is False  # notes
                assert ws[f"B{row.row}"].protection.locked is not False


def test_dropdowns_offer_the_labels_and_dont_know(questionnaire: Questionnaire) -> None:
    book = _book(write_form(questionnaire, "xlsx", practice=Practice()))
    form = layout(questionnaire)
    sheet = form.sheets[0]
    row = next(r for r in sheet.rows if r.question.type in ("single", "scale"))
    ws = book[sheet.name]
    (validation,) = [dv for dv in ws.data_validations.dataValidation if row.cell() in str(dv.sqref)]
    assert validation.type == "list"
    _source, cells = validation.formula1.split("!")
    column = cells.split(":")[0].replace("$", "").rstrip("0123456789")
    meta = book[META_SHEET]
    labels = [c.value for c in meta[column][1:] if c.value is not None]
    expected = [choice.label for choice in row.question.choices]
    if row.question.dont_know:
        expected.append("Don't know")
    assert labels == expected


def test_conditional_questions_say_so_and_are_greyed(questionnaire: Questionnaire) -> None:
    book = _book(write_form(questionnaire, "xlsx", practice=Practice()))
    form = layout(questionnaire)
    for sheet in form.sheets:
        ws = book[sheet.name]
        greyed = {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}
        for row in sheet.rows:
            if row.question.when is None or row.kind == "option":
                continue
            assert "Only if you answered" in ws[f"B{row.row}"].value
            assert any(key.startswith(f"A{row.row}:") for key in greyed)


def test_practice_details_are_filled_in(questionnaire: Questionnaire) -> None:
    practice = Practice("Hillside Surgery", "A81002", "Valley PCN", "Practice manager")
    ws = _book(write_form(questionnaire, "xlsx", practice=practice))[START_SHEET]
    values = [ws[f"C{row}"].value for row in range(6, 10)]
    assert values == ["Hillside Surgery", "A81002", "Valley PCN", "Practice manager"]


def test_text_from_the_questionnaire_never_becomes_a_formula(tmp_path: Path) -> None:
    folder = write(tmp_path / "q")
    alpha = (folder / "alpha.yaml").read_text(encoding="utf-8")
    (folder / "alpha.yaml").write_text(
        alpha.replace("Do you have a clinical pharmacist?", "=HYPERLINK(1) clinical pharmacist?"),
        encoding="utf-8",
    )
    data = write_form(load_questionnaire(str(folder)), "xlsx", practice=Practice("=cmd"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        xml = b"".join(archive.read(n) for n in names if n.startswith("xl/worksheets/"))
    assert not any("vba" in name.lower() for name in names), "no macros"
    assert b"<f>" not in xml, "no formula in any cell"


def test_multiple_choice_has_a_row_per_option(tmp_path: Path) -> None:
    tiny = load_questionnaire(str(write(tmp_path / "q")))
    form = layout(tiny)
    rows = [r for r in form.sheets[1].rows if r.question.id == "roles"]
    assert [r.kind for r in rows] == ["heading", "option", "option", "option", "option"]
    assert [r.key for r in rows[1:]] == [
        "roles=physio",
        "roles=link_worker",
        "roles=none",
        "roles=dont_know",
    ]


def test_form_command_writes_each_format(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("form.xlsx", "questions.html", "questions.md"):
        code, _out, err = run(
            capsys, monkeypatch, "form", "--out", str(tmp_path / name), "--ods", "a81002"
        )
        assert code == 0, err
        assert (tmp_path / name).stat().st_size > 1000
    html = (tmp_path / "questions.html").read_text(encoding="utf-8")
    assert 'class="box"' in html and "Why we ask" in html
    md = (tmp_path / "questions.md").read_text(encoding="utf-8")
    assert "- [ ] " in md and "Only if you answered" in md


def test_form_command_refuses_a_bad_ods_code_and_a_pdf(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, _out, err = run(
        capsys, monkeypatch, "form", "--out", str(tmp_path / "f.xlsx"), "--ods", "U12345"
    )
    assert code == 2 and "PCN code" in err
    code, _out, err = run(capsys, monkeypatch, "form", "--out", str(tmp_path / "f.pdf"))
    assert code == 2 and "Print" in err
    assert not list(tmp_path.iterdir())
