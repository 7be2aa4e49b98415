"""``readiness compare`` with filled forms beside results, and a collection round (--expect)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from helpers.cli import run
from helpers.forms import blank_form, fill, save
from helpers.pcn import copy_pcn
from readiness.questionnaire.model import Questionnaire

LIST = (
    "ODS code,Practice name\r\n"
    "Z00001,Riverside Medical Practice\r\nZ00002,Hillcrest Surgery\r\n"
    "Z00003,Meadow Lane Health Centre\r\nZ00004,Oak Tree Practice\r\n"
    "Z00005,Brookside Family Practice\r\nA81002,Hillside Surgery\r\nA81003,Moor Lane\r\n"
)
RETURNED = (
    "5 of 7 practices have returned; waiting for: Brookside Family Practice (Z00005), "
    "Hillside Surgery (A81002)."
)
STALE = "Older than 10 January 2026 (stale, so not counted as returned this round): "
UNLISTED = "Not on the list of practices: Unlisted Practice (A81009)."


@pytest.fixture
def round_folder(tmp_path: Path, questionnaire: Questionnaire) -> tuple[Path, Path]:
    folder = copy_pcn(tmp_path)
    answers = {q.id: q.choices[0].label for q in questionnaire.questions if q.type == "single"}
    answers["network_des"] = "Yes"
    for name, ods in (("Moor Lane", "A81003"), ("Unlisted Practice", "A81009")):
        form = blank_form(questionnaire, name=name, ods_code=ods, pcn="Riverside Valley PCN")
        save(folder / f"{ods}.xlsx", fill(form, answers))
    save(folder / "broken.xlsx", fill(blank_form(questionnaire), {"network_des": "Perhaps"}))
    practices = tmp_path / "practices.csv"
    practices.write_text(LIST, encoding="utf-8")
    return folder, practices


def _text(path: Path) -> str:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
        return " ".join(
            str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
            for value in row if value is not None
        )  # fmt: skip
    return " ".join(path.read_text(encoding="utf-8-sig").split())


@pytest.mark.parametrize(
    "name", ["round.txt", "round.html", "round.xlsx", "round.csv", "round.json"]
)
def test_every_format_shows_who_has_returned(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    round_folder: tuple[Path, Path],
    name: str,
) -> None:
    folder, practices = round_folder
    out = tmp_path / name
    code, _out, err = run(
        capsys, monkeypatch, "compare", str(folder), "--expect", str(practices),
        "--since", "2026-01-10", "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    text = _text(out)
    if name.endswith(".json"):
        data = json.loads(out.read_text(encoding="utf-8"))["collection_round"]
        assert data["summary"] == RETURNED
        assert (data["expected"], data["returned"], data["waiting_count"]) == (7, 5, 2)
        text = " ".join(data["lines"])
    assert RETURNED in text
    assert STALE + "Brookside Family Practice (Z00005) (9 January 2026)." in text
    assert UNLISTED in text
    assert "Sent more than once by the same person" in text and "Hillcrest Surgery (Z00002)" in text
    assert "broken.xlsx" in err and "sheet 'Funding', cell C5" in err


def test_forms_are_compared_beside_results_and_named(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    round_folder: tuple[Path, Path],
) -> None:
    folder, _practices = round_folder
    code, out, err = run(capsys, monkeypatch, "compare", str(folder), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    names = {row["name"] for row in data["practices"]}
    assert {"Moor Lane", "Unlisted Practice", "Oak Tree Practice"} <= names
    files = {response["file"] for row in data["practices"] for response in row["responses"]}
    assert str(folder / "A81003.xlsx") in files, "named by the form, not the kept result"
    assert [item["file"] for item in data["skipped"]] == [str(folder / "broken.xlsx")]


def test_anonymised_round_keeps_the_counts_and_drops_the_names(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    round_folder: tuple[Path, Path],
) -> None:
    folder, practices = round_folder
    code, out, _err = run(
        capsys, monkeypatch, "compare", str(folder), "--expect", str(practices),
        "--since", "2026-01-10", "--anonymise", "--format", "json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)["collection_round"]
    assert data["summary"] == "5 of 7 practices have returned; waiting for 2 more."
    assert data["waiting"] == []
    for word in ("Brookside", "Hillside", "Moor Lane", "Unlisted", "A81", "Z000"):
        assert word not in out


def test_since_needs_expect(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, _out, err = run(capsys, monkeypatch, "compare", str(tmp_path), "--since", "2026-01-01")
    assert code == 2 and "--expect" in err
