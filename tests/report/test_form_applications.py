"""The forms in real applications: LibreOffice Calc re-saves a filled form, Chromium prints
the questions. Slow: each starts a real program."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
from pathlib import Path

import openpyxl
import pytest

from helpers.forms import blank_form, fill, save
from readiness.questionnaire.model import Practice, Questionnaire
from readiness.report.form import write_form
from readiness.results.formread import read_form

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
PDFINFO = shutil.which("pdfinfo")
PDFTOPPM = shutil.which("pdftoppm")

pytestmark = pytest.mark.slow


def _typed(questionnaire: Questionnaire) -> dict[str, object]:
    """Answers as a person types them: labels, a number, Yes beside options."""
    typed: dict[str, object] = {"network_des": "Yes"}
    for question in questionnaire.questions:
        if question.id in typed or question.when is not None:
            continue
        if question.type == "multi":
            typed[question.id] = [question.choices[0].value]
        elif question.type == "number":
            typed[question.id] = int(question.minimum or 0) + 1
        elif question.choices:
            typed[question.id] = question.choices[-1].label
    return typed


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed (CI installs it)")
def test_a_form_resaved_by_libreoffice_reads_back_the_same(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    filled = save(
        tmp_path / "filled.xlsx",
        fill(blank_form(questionnaire, name="Hillside Surgery"), _typed(questionnaire)),
    )
    before = read_form(filled, questionnaire).answer_set
    out = tmp_path / "resaved"
    completed = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(filled),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    resaved = out / "filled.xlsx"
    assert resaved.exists(), completed.stderr
    after = read_form(resaved, questionnaire).answer_set
    assert dict(after.answers) == dict(before.answers)
    assert after.practice == before.practice
    book = openpyxl.load_workbook(io.BytesIO(resaved.read_bytes()))
    funding = book["Funding"]
    lists = [dv for dv in funding.data_validations.dataValidation if dv.type == "list"]
    assert lists, "the dropdowns survive a save in LibreOffice"
    assert any("C5" in str(dv.sqref) for dv in lists)
    assert funding.protection.sheet
    assert book["About this form"].sheet_state == "hidden"


@pytest.mark.skipif(not (CHROMIUM and PDFINFO and PDFTOPPM), reason="needs chromium, poppler")
def test_the_printable_questions_print_to_pdf(tmp_path: Path, questionnaire: Questionnaire) -> None:
    page = tmp_path / "questions.html"
    page.write_bytes(write_form(questionnaire, "html", practice=Practice()))
    pdf = tmp_path / "questions.pdf"
    completed = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert pdf.exists(), completed.stderr
    info = subprocess.run(
        [str(PDFINFO), str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    assert found is not None, info
    pages = int(found.group(1))
    # 52 questions with their help: more than a few pages, far fewer than one a question.
    assert 5 <= pages <= len(questionnaire.questions)
    assert "595 x 842" in info or "594.96 x 841.92" in info, "A4"
    subprocess.run(
        [str(PDFTOPPM), "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    (shot,) = tmp_path.glob("page*.png")
    data = shot.read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    assert height > width, "portrait"
    assert len(data) > 5_000, "a drawn page, not a blank one"
