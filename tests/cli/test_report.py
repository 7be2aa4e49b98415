"""`readiness report` and `assess --out`: formats, change since last time, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from msgspec.structs import replace

from helpers.cli import run
from helpers.reports import earlier_result, with_practice
from readiness.questionnaire.model import AnswerSet, Questionnaire
from readiness.report import plain_text, render_file
from readiness.results import store
from readiness.results.diff import changes_between
from readiness.results.record import ResultFile, result_json


@pytest.fixture
def result_file(tmp_path: Path, demo_result: ResultFile) -> Path:
    path = tmp_path / "demo-result.json"
    path.write_text(result_json(demo_result), encoding="utf-8")
    return path


@pytest.fixture
def earlier(questionnaire: Questionnaire, demo_answers: AnswerSet) -> ResultFile:
    return earlier_result(questionnaire, demo_answers)


def keep_in_store(result: ResultFile, name: str = "earlier.json") -> Path:
    path = store.ensure_dir(store.results_dir()) / name
    path.write_text(result_json(result), encoding="utf-8")
    return path


def test_report_shows_the_terminal_report_by_default(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, result_file: Path
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, err = run(capsys, monkeypatch, "report", str(result_file))
    assert code == 0, err
    assert out.startswith("Riverside Medical Practice\n")
    assert "Overall readiness: 60 out of 100 — Mostly ready" in out
    assert "Your practice beside the surveys" in out and "Where to start" in out
    assert "Change since" not in out
    assert "\x1b[" not in out
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("fmt", ["html", "csv", "md", "json"])
def test_file_formats_go_to_standard_output_without_out(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    result_file: Path,
    demo_result: ResultFile,
    fmt: str,
) -> None:
    code, out, _ = run(capsys, monkeypatch, "report", str(result_file), "--format", fmt)
    assert code == 0
    assert out == render_file(demo_result, fmt)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("r.html", "html"),
        ("r.HTM", "html"),
        ("r.csv", "csv"),
        ("r.md", "md"),
        ("r.markdown", "md"),
        ("r.json", "json"),
        ("r.txt", "terminal"),
    ],
)
def test_out_takes_the_format_from_the_file_name(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    result_file: Path,
    demo_result: ResultFile,
    name: str,
    fmt: str,
) -> None:
    out_path = tmp_path / name
    code, out, _ = run(capsys, monkeypatch, "report", str(result_file), "--out", str(out_path))
    assert code == 0
    assert out == f"Report saved to {out_path}\n"
    assert out_path.read_bytes() == render_file(demo_result, fmt).encode("utf-8")


def test_terminal_report_saved_as_text_is_plain_80_columns(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    result_file: Path,
    demo_result: ResultFile,
) -> None:
    out_path = tmp_path / "report.out"
    args = ["report", str(result_file), "--format", "terminal", "--out", str(out_path)]
    code, _, _ = run(capsys, monkeypatch, *args)
    text = out_path.read_text(encoding="utf-8")
    assert code == 0 and text == plain_text(demo_result)
    assert "\x1b[" not in text and max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "report.pdf"], "Cannot tell which format to write from the name report.pdf"),
        (["--out", "report.docx"], "Cannot tell which format to write from the name"),
        (["--format", "pdf"], "'pdf' is not a format this command can write."),
    ],
)
def test_unknown_formats_are_usage_errors(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    result_file: Path,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(result_file.parent)
    code, out, err = run(capsys, monkeypatch, "report", str(result_file), *args)
    assert code == 2 and out == ""
    assert err.startswith(f"Error: {message}")
    if args[-1].endswith(".pdf"):
        assert "Print, then Save as PDF" in err


def invalid_result(demo_result: ResultFile, what: str) -> str:
    data = json.loads(result_json(demo_result))
    if what == "schema":
        data["schema_version"] = 99
    elif what == "validation":
        data["scores"]["overall"] = 250
    return json.dumps(data, indent=2)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "the result file does not exist; check the name and folder"),
        ("{ this is not json", "this is not valid JSON"),
        ("schema", "this result file uses schema version 99"),
        ("validation", "scores.overall: expected a number at most 100.0"),
    ],
)
def test_bad_result_files_get_one_clear_message_and_exit_1(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    demo_result: ResultFile,
    content: str | None,
    problem: str,
) -> None:
    path = tmp_path / "result.json"
    if content is not None:
        text = content if content.startswith("{") else invalid_result(demo_result, content)
        path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "report", str(path))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == "Error: The result file has 1 problem."
    assert lines[1].startswith(f"  {path}") and problem in lines[1]
    assert "Traceback" not in err


def test_out_in_a_missing_folder_is_reported_not_created(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    result_file: Path,
) -> None:
    out_path = tmp_path / "no-such-folder" / "report.html"
    code, _, err = run(capsys, monkeypatch, "report", str(result_file), "--out", str(out_path))
    assert code == 1
    assert err.startswith(f"Error: The folder {out_path.parent} does not exist")
    assert not out_path.parent.exists()


def test_out_cannot_overwrite_the_result_itself(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, result_file: Path
) -> None:
    before = result_file.read_bytes()
    args = ["report", str(result_file), "--format", "html", "--out", str(result_file)]
    code, _, err = run(capsys, monkeypatch, *args)
    assert code == 2 and "would overwrite the result file" in err
    assert result_file.read_bytes() == before


def test_since_shows_the_change_in_every_format(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    result_file: Path,
    demo_result: ResultFile,
    earlier: ResultFile,
) -> None:
    earlier_path = tmp_path / "earlier.json"
    earlier_path.write_text(result_json(earlier), encoding="utf-8")
    code, out, _ = run(
        capsys, monkeypatch, "report", str(result_file), "--since", str(earlier_path)
    )
    assert (
        code == 0 and "Change since 12 March 2025" in out and "Don't know → Very concerned" in out
    )
    for fmt in ("html", "md"):
        args = ["report", str(result_file), "--since", str(earlier_path), "--format", fmt]
        code, out, _ = run(capsys, monkeypatch, *args)
        assert out == render_file(demo_result, fmt, changes=changes_between(earlier, demo_result))
        assert "changed since 12 March 2025" in out


def test_since_the_same_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, result_file: Path
) -> None:
    code, _, err = run(capsys, monkeypatch, "report", str(result_file), "--since", str(result_file))
    assert code == 2 and "--since names the same result file" in err


def test_since_a_result_of_another_questionnaire_is_refused(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    result_file: Path,
    earlier: ResultFile,
) -> None:
    other = replace(earlier, questionnaire=replace(earlier.questionnaire, id="other"))
    other_path = tmp_path / "other.json"
    other_path.write_text(result_json(other), encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, "report", str(result_file), "--since", str(other_path))
    assert code == 1
    assert "is a result for the questionnaire 'other', not 'integration-readiness'" in err


def test_an_earlier_result_in_the_store_is_compared_automatically(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    result_file: Path,
    earlier: ResultFile,
) -> None:
    keep_in_store(with_practice(earlier, ods_code="Y99999"), "another-practice.json")
    code, out, _ = run(capsys, monkeypatch, "report", str(result_file))
    assert code == 0 and "Change since" not in out
    keep_in_store(earlier)
    code, out, _ = run(capsys, monkeypatch, "report", str(result_file))
    assert code == 0 and "Change since 12 March 2025" in out


def test_assess_shows_the_full_report_and_change_since_last_time(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, earlier: ResultFile
) -> None:
    keep_in_store(earlier)
    code, out, err = run(capsys, monkeypatch, "assess", "--demo", "--no-save")
    assert code == 0, err
    assert "Change since 12 March 2025" in out
    assert "Your practice beside the surveys" in out and "How this score is worked out" in out


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("demo.html", b"<!DOCTYPE html>"),
        ("demo.csv", b"\xef\xbb\xbfrow_type,"),
        ("demo.md", b"# Integration readiness: Riverside"),
        ("demo.json", b'{\n  "schema_version": 1'),
    ],
)
def test_assess_out_writes_the_format_of_the_file_name(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
    start: bytes,
) -> None:
    out_path = tmp_path / name
    code, out, err = run(capsys, monkeypatch, "assess", "--demo", "--no-save", "-o", str(out_path))
    assert code == 0, err
    assert out_path.read_bytes().startswith(start)
    assert f"Written to {out_path}" in out
