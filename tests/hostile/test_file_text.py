"""Control and bidi characters from files and users are escaped in every export too:
Markdown, CSV, XLSX (openpyxl refuses them: escaped, not a crash), HTML and plain text.
And the rule itself, ``textsafe.visible``, holds for any text (hypothesis)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from helpers.cli import run
from helpers.pcn import PCN_FOLDER
from helpers.reports import with_practice
from readiness import textsafe
from readiness.report import render_file, render_network
from readiness.results.record import ResultFile, read_result, result_json

Run = tuple[pytest.CaptureFixture[str], pytest.MonkeyPatch]

# Every C0 control but tab, line feed and carriage return, DEL, C1, bidi: in one name.
NASTY = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
NASTY += "".join(map(chr, range(0x80, 0xA0))) + "\u202a\u202b\u202c\u202d\u202e\u2066\u2069"
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BIDI = {chr(point) for point in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


@pytest.fixture
def nasty_result(demo_result: ResultFile) -> ResultFile:
    return with_practice(
        demo_result, name=f"Surgery {NASTY}", pcn=f"PCN {NASTY}", respondent="\x1b[2J"
    )


@pytest.mark.parametrize("fmt", ["md", "csv", "html", "terminal"])
def test_result_exports_escape_control_characters(nasty_result: ResultFile, fmt: str) -> None:
    text = render_file(nasty_result, fmt)
    assert UNSAFE.search(text) is None
    assert "x1b" in text and "u202e" in text  # shown, not dropped


def test_markdown_shows_the_escape_literally(nasty_result: ResultFile) -> None:
    text = render_file(nasty_result, "md")
    # Markdown's own escaping doubles the backslash, so it renders as \x1b[2J.
    assert "answered by \\\\x1b\\[2J" in text


@pytest.fixture
def nasty_pcn(tmp_path: Path) -> Path:
    folder = tmp_path / "pcn"
    folder.mkdir()
    for path in sorted(PCN_FOLDER.glob("*.json")):
        result = read_result(path)
        name = f"{result.practice.name} {NASTY}"
        changed = with_practice(result, name=name, respondent=f"{result.practice.respondent}\x01")
        (folder / path.name).write_text(result_json(changed), encoding="utf-8")
    return folder


def test_compare_out_xlsx_escapes_what_openpyxl_refuses(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    nasty_pcn: Path,
    tmp_path: Path,
) -> None:
    out_file = tmp_path / "network.xlsx"
    code, _, err = run(capsys, monkeypatch, "compare", str(nasty_pcn), "--out", str(out_file))
    assert code == 0, err
    workbook = load_workbook(out_file)
    texts = [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert not [text for text in texts if UNSAFE.search(text)]
    assert any(text.startswith("Riverside Medical Practice \\x00\\x01") for text in texts)


@pytest.mark.parametrize("fmt", ["csv", "html", "json", "terminal"])
def test_network_exports_escape_control_characters(nasty_pcn: Path, fmt: str) -> None:
    from readiness.network.engine import compare_paths

    comparison = compare_paths([nasty_pcn], pcn=None, sort="score", keep_all=False, anonymise=False)
    text = render_network(comparison, fmt).decode("utf-8")
    if fmt == "json":  # JSON keeps the data exactly: shown on a terminal, it is escaped
        text = textsafe.json_text(text)
    assert UNSAFE.search(text) is None


@given(st.text())
def test_visible_output_has_no_control_or_bidi_character_and_is_stable(text: str) -> None:
    for one_line in (False, True):
        shown = textsafe.visible(text, one_line=one_line)
        for char in shown:
            category = unicodedata.category(char)
            assert category != "Cc" or (char in "\t\n" and not one_line), repr(char)
            assert category != "Cs" and char not in BIDI and char not in "\u2028\u2029"
        assert textsafe.is_visible(shown)
        # Escaping twice changes nothing more: escapes are plain ASCII.
        assert textsafe.visible(shown, one_line=one_line) == shown


@given(st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"])))
def test_visible_leaves_ordinary_text_alone(text: str) -> None:
    text = "".join(char for char in text if char not in BIDI)
    assert textsafe.visible(text) == text == textsafe.visible(text, one_line=True)


@given(st.text())
def test_every_cell_can_be_written_by_openpyxl(text: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = textsafe.spreadsheet_cell(text)
    assert isinstance(cell, str) and ILLEGAL_CHARACTERS_RE.search(cell) is None


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
@given(text=st.text())
def test_fitted_text_always_encodes(encoding: str, text: str) -> None:
    textsafe.fit_encoding(textsafe.visible(text), encoding).encode(encoding)
