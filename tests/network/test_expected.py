"""The PCN's list of practices (--expect): read from CSV as Excel saves it."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.errors import InvalidFileError, UsageError
from readiness.network.expected import parse_since, read_expected


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "practices.csv"
    path.write_bytes(data)
    return path


def test_reads_codes_and_names_by_their_headings(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "\ufeffPCN,Practice name,ODS Code\r\nValley,Hillside Surgery, a81002 \r\n,,\r\n"
        "Valley,Moor  Lane,A81003\r\n".encode(),
    )
    listed = read_expected(path)
    assert [(p.ods_code, p.name, p.line) for p in listed.practices] == [
        ("A81002", "Hillside Surgery", 2),
        ("A81003", "Moor Lane", 4),
    ]
    assert listed.encoding_note is None


def test_semicolons_as_some_european_excel_settings_save(tmp_path: Path) -> None:
    listed = read_expected(_write(tmp_path, b"ODS code;Practice\nA81002;Hillside\n"))
    assert listed.practices[0].name == "Hillside"


def test_bad_codes_and_duplicates_name_their_lines_all_at_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        b"ODS code,Practice name\nA81002,Hillside\nU12345,Valley PCN\nhello,Oak\n"
        b"a81002,Hillside again\n",
    )
    with pytest.raises(InvalidFileError) as raised:
        read_expected(path)
    found = [(problem.line, problem.message) for problem in raised.value.problems]
    assert [line for line, _ in found] == [3, 4, 5]
    assert "PCN code" in found[0][1]
    assert "not a GP practice ODS code" in found[1][1]
    assert "listed twice (also on line 2)" in found[2][1]


def test_a_latin_1_file_from_old_excel_is_read_with_a_note(tmp_path: Path) -> None:
    listed = read_expected(
        _write(tmp_path, "ODS code,Practice name\nA81002,Crème Surgery\n".encode("latin-1"))
    )
    assert listed.practices[0].name == "Crème Surgery"
    assert listed.encoding_note is not None and "Windows-1252" in listed.encoding_note
    assert "CSV UTF-8" in listed.encoding_note


def test_without_headings_the_first_line_is_explained(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError) as raised:
        read_expected(_write(tmp_path, b"A81002,Hillside\n"))
    (problem,) = raised.value.problems
    assert problem.line == 1 and "ODS code,Practice name" in problem.message


def test_since_is_a_date() -> None:
    assert str(parse_since("2026-04-01")) == "2026-04-01"
    with pytest.raises(UsageError, match="not a date"):
        parse_since("1st April")
