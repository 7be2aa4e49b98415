"""The command line: help everywhere, exit codes, and messages instead of tracebacks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from helpers import factory
from helpers.cli import run
from readiness import cli


def all_commands() -> Iterator[tuple[str, Any]]:
    """Every command and sub-command (typer bundles its own copy of click)."""
    root = typer.main.get_command(cli.app)
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        path, command = stack.pop()
        yield path, command
        if hasattr(command, "commands"):
            stack.extend((f"{path} {name}".strip(), sub) for name, sub in command.commands.items())


@pytest.mark.parametrize("path", [p for p, _ in all_commands()])
def test_every_command_has_help_that_fits_80_columns(
    path: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    command = dict(all_commands())[path]
    assert (command.help or "").strip(), f"'{path}' has no help"
    code, out, _ = run(capsys, monkeypatch, *path.split(), "--help")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    for parameter in command.params:
        if parameter.param_type_name == "option" and parameter.name != "help":
            assert parameter.help, f"'{path} {parameter.opts[0]}' has no help"


def test_demo_prints_scores_and_saves(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, readiness_home: Path
) -> None:
    code, out, err = run(capsys, monkeypatch, "assess", "--demo")
    assert code == 0, err
    assert "Riverside Medical Practice" in out and "Overall readiness" in out
    saved = list((readiness_home / "results").glob("*.json"))
    assert len(saved) == 1 and json.loads(saved[0].read_text())["practice"]["ods_code"] == "Z00001"


def test_no_save_and_out(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    readiness_home: Path,
    tmp_path: Path,
) -> None:
    out_file = tmp_path / "result.json"
    code, _, err = run(
        capsys,
        monkeypatch,
        "assess",
        "--demo",
        "--no-save",
        "--out",
        str(out_file),
        "--practice",
        "Other name",
        "--ods",
        "b12345",
    )
    assert code == 0, err
    assert not (readiness_home / "results").exists()
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["practice"]["name"] == "Other name" and data["practice"]["ods_code"] == "B12345"


def test_result_can_be_rescored(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = tmp_path / "first.json"
    run(capsys, monkeypatch, "assess", "--demo", "--no-save", "--out", str(first))
    code, out, err = run(capsys, monkeypatch, "assess", "--answers", str(first), "--no-save")
    assert code == 0, err
    assert "Riverside Medical Practice" in out


def test_bad_answers_file_lists_problems_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  nonsense: 1\n  list_size_per_gp: -5\n", encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, "assess", "--answers", str(answers))
    assert code == 1
    assert "Traceback" not in err
    assert f"{answers}:2:3: there is no question 'nonsense'" in err
    assert err.count(str(answers)) == 2


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["assess", "--demo", "--ods", "12345"], 2, "'12345' is not a GP practice ODS code"),
        (["assess", "--demo", "--answers", "x.yaml"], 2, "either --answers or --demo"),
        (
            ["assess", "--answers", "missing.yaml"],
            1,
            "missing.yaml: the answers file does not exist",
        ),
        (["assess", "--wrong"], 2, "No such option"),
        (["assess", "--demo", "--questionnaire", "nope"], 2, "no questionnaire called 'nope'"),
        (["questionnaires", "schema", "nope"], 2, "no schema called 'nope'"),
    ],
)
def test_exit_codes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
    fragment: str,
) -> None:
    got, _, err = run(capsys, monkeypatch, *args)
    assert got == code
    assert fragment in err
    assert "Traceback" not in err


def test_benchmarks_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "benchmarks", "--format", "json")
    assert code == 0
    entries = json.loads(out)
    assert entries and all(
        {"id", "statement", "value", "unit", "source", "sample_size", "ci95"} <= set(entry)
        for entry in entries
    )


def test_benchmarks_table_names_sources(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "--help")
    code, out, _ = run(capsys, monkeypatch, "benchmarks")
    assert code == 0
    assert "more than 200" in out and "Guidelines in Practice" in out


def test_questionnaire_commands(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "questionnaires", "list", "--format", "json")
    assert code == 0 and json.loads(out)[0]["id"] == "integration-readiness"
    code, out, _ = run(capsys, monkeypatch, "questionnaires", "show", "--format", "json")
    shown = json.loads(out)
    assert code == 0 and shown["id"] == "integration-readiness" and len(shown["domains"]) >= 4
    code, out, _ = run(capsys, monkeypatch, "questionnaires", "schema")
    assert code == 0 and json.loads(out)["title"] == "DomainFileSchema"


def test_validate_lists_every_problem_in_every_path(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    good = factory.write(tmp_path / "good")
    bad = factory.write(
        tmp_path / "bad",
        alpha=factory.ALPHA.replace("type: scale", "type: slider"),
        beta=factory.BETA.replace("title: Beta", "title: Beta\ntitle: B"),
    )
    code, out, err = run(capsys, monkeypatch, "questionnaires", "validate", str(good), str(bad))
    assert code == 1
    assert f"{good}: OK" in out
    assert f"{bad}/alpha.yaml:" in err and f"{bad}/beta.yaml:3:1: duplicate key" in err


def test_out_folder_is_checked_before_anything_else(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, monkeypatch, "assess", "--out", str(tmp_path / "missing" / "r.html")
    )
    assert code == 2
    assert "missing does not exist, so --out cannot be saved there" in err
    assert out == ""


def test_own_questionnaire_by_path(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = factory.write(tmp_path / "mine")
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  has_pharmacist: 'yes'\n  confidence: very\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        monkeypatch,
        "assess",
        "--questionnaire",
        str(folder),
        "--answers",
        str(answers),
        "--no-save",
    )
    assert code == 0, err
    assert "Tiny questionnaire" in out and "Alpha" in out
