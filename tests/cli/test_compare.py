"""`readiness compare`, `readiness history` and `assess --respondent` on the command line."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from msgspec.structs import replace
from openpyxl import load_workbook

from helpers.cli import run
from helpers.pcn import IDENTIFYING, PCN_FOLDER, copy_pcn
from readiness.results import store
from readiness.results.record import PracticeRecord, read_result, result_json

Run = tuple[pytest.CaptureFixture[str], pytest.MonkeyPatch]


@pytest.fixture
def cli_io(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    return capsys, monkeypatch


def test_compare_on_screen(cli_io: Run) -> None:
    code, out, err = run(*cli_io, "compare", str(PCN_FOLDER))
    assert code == 0, err
    assert "Readiness across Riverside Valley PCN" in out
    assert "Shared barriers" in out and "Against the published surveys" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert gc.isenabled()  # the command pauses the cycle collector, and starts it again


def test_compare_with_no_color_has_no_escape_codes(cli_io: Run) -> None:
    cli_io[1].setenv("NO_COLOR", "1")
    code, out, _ = run(*cli_io, "compare", str(PCN_FOLDER))
    assert code == 0 and "\x1b[" not in out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".html", ".json", ".txt"])
def test_compare_writes_the_format_its_file_name_says(
    cli_io: Run, tmp_path: Path, suffix: str
) -> None:
    out_file = tmp_path / f"network{suffix}"
    code, out, err = run(*cli_io, "compare", str(PCN_FOLDER), "--out", str(out_file))
    assert code == 0, err
    assert f"Compared 5 practices; written to {out_file}" in out
    data = out_file.read_bytes()
    checks = {
        ".csv": lambda: data.startswith(b"\xef\xbb\xbfPractice,ODS code"),
        ".xlsx": lambda: load_workbook(out_file).sheetnames[0] == "Practices",
        ".html": lambda: data.startswith(b"<!DOCTYPE html>"),
        ".json": lambda: json.loads(data)["format"] == "readiness-compare",
        ".txt": lambda: b"Readiness across Riverside Valley PCN" in data and b"\x1b[" not in data,
    }
    assert checks[suffix]()


def test_compare_prints_text_formats_when_there_is_no_out_file(cli_io: Run) -> None:
    code, out, _ = run(*cli_io, "compare", str(PCN_FOLDER), "--format", "json", "--anonymise")
    assert code == 0
    data = json.loads(out)
    assert data["practices"][0]["label"] == "Practice A"
    for word in IDENTIFYING:
        assert word not in out, word


def test_a_spreadsheet_needs_a_file(cli_io: Run) -> None:
    code, _, err = run(*cli_io, "compare", str(PCN_FOLDER), "--format", "xlsx")
    assert code == 2
    assert "cannot be shown on screen" in err and "--out" in err


def test_an_unknown_file_type_needs_a_format(cli_io: Run, tmp_path: Path) -> None:
    code, _, err = run(*cli_io, "compare", str(PCN_FOLDER), "--out", str(tmp_path / "x.doc"))
    assert code == 2
    assert "--format" in err


def test_a_corrupt_file_is_skipped_with_a_warning(cli_io: Run, tmp_path: Path) -> None:
    folder = copy_pcn(tmp_path)
    (folder / "broken.json").write_text('{"schema_version": 1,', encoding="utf-8")
    code, out, err = run(*cli_io, "compare", str(folder), "--format", "csv")
    assert code == 0
    assert "Warning: skipped" in err and "broken.json" in err
    assert out.count("\n") == 1 + 7
    code, out, _ = run(*cli_io, "compare", str(folder))
    assert code == 0
    assert "Files skipped (not valid results)" in out and "broken.json" in out


def test_only_corrupt_files_fail_with_each_named(cli_io: Run, tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text("{", encoding="utf-8")
    (tmp_path / "two.json").write_text("[1, 2]", encoding="utf-8")
    code, out, err = run(*cli_io, "compare", str(tmp_path))
    assert code == 1
    assert out == ""
    assert "none of the 2 files can be read as a readiness result" in err
    assert "one.json" in err and "two.json" in err
    assert "Traceback" not in err


def test_pcn_sort_and_all_options(cli_io: Run, tmp_path: Path) -> None:
    out_file = tmp_path / "c.json"
    code, _, err = run(
        *cli_io,
        "compare",
        str(PCN_FOLDER),
        "--pcn",
        "Riverside Valley PCN",
        "--sort",
        "name",
        "--all",
        "--out",
        str(out_file),
    )
    assert code == 0, err
    data = json.loads(out_file.read_text(encoding="utf-8"))
    labels = [p["label"] for p in data["practices"]]
    assert labels == sorted(labels)
    hillcrest = next(p for p in data["practices"] if p["ods_code"] == "Z00002")
    assert [r["current"] for r in hillcrest["responses"]] == [True, False]


def test_out_to_a_device_is_written_not_replaced(cli_io: Run) -> None:
    if not Path(os.devnull).exists() or os.name != "posix":
        pytest.skip("needs /dev/null")
    code, _, err = run(*cli_io, "compare", str(PCN_FOLDER), "--format", "json", "--out", os.devnull)
    assert code == 0, err
    assert Path(os.devnull).is_char_device()


def test_assess_records_the_respondent_and_compare_shows_them_together(
    cli_io: Run, tmp_path: Path
) -> None:
    for who in ("Practice manager", "GP partner"):
        code, _, err = run(
            *cli_io,
            "assess",
            "--demo",
            "--respondent",
            who,
            "--ods",
            "Z00001",
            "--practice",
            "Riverside Medical Practice",
        )
        assert code == 0, err
    saved = store.result_files()
    assert {read_result(path).practice.respondent for path in saved} == {
        "Practice manager",
        "GP partner",
    }
    code, out, _ = run(*cli_io, "compare", str(store.results_dir()))
    assert code == 0
    assert "Where a practice's respondents differ" in out
    assert "Agree (all" in out


def test_history_lists_saved_assessments(cli_io: Run) -> None:
    code, out, _ = run(*cli_io, "history")
    assert code == 0 and "No assessments saved yet" in out
    folder = store.ensure_dir(store.results_dir())
    for path in PCN_FOLDER.glob("hillcrest-*.json"):
        shutil.copy(path, folder / path.name)
    code, out, _ = run(*cli_io, "history", "--practice", "Z00002")
    assert code == 0
    assert "Hillcrest Surgery" in out and "▲ 42" in out
    code, out, _ = run(*cli_io, "history", "--plain")
    assert "up 42" in out
    code, _, err = run(*cli_io, "history", "--practice", "Nowhere Surgery")
    assert code == 1 and "No saved assessment is for 'Nowhere Surgery'" in err


@pytest.mark.slow
def test_hundreds_of_results_are_read_in_parallel_processes(tmp_path: Path) -> None:
    """The real command on 450 results: read by worker processes, all counted."""
    template = read_result(PCN_FOLDER / "meadow-lane.json")
    for number in range(450):
        practice = PracticeRecord(name=f"Practice {number}", ods_code=f"Y{number:05d}")
        copy = replace(template, practice=practice)
        (tmp_path / f"{number}.json").write_text(result_json(copy), encoding="utf-8")
    (tmp_path / "zz-broken.json").write_text("{", encoding="utf-8")
    out_file = tmp_path / "all.json"
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "compare", str(tmp_path), "--out", str(out_file)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert len(data["practices"]) == 450
    assert data["files_read"] == 451 and len(data["skipped"]) == 1
    assert "zz-broken.json" in done.stderr
