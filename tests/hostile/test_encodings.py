"""Every console encoding (issue 9, item 6): a cp1252 Windows console, latin-1, plain ASCII.

Where the console cannot show "█", "░", "▲", "▼", "—", curly quotes or "·", it
shows "#", "-", "^", "v", "--" and straight quotes, and nothing crashes with
``UnicodeEncodeError``. In-process tests give standard output and error a strict
codec; the subprocess tests set ``PYTHONIOENCODING`` as a real console would.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from msgspec.structs import replace

from helpers import factory
from helpers.pcn import PCN_FOLDER
from readiness import cli
from readiness.results import store
from readiness.results.record import ResultFile, result_json

ENCODINGS = ["ascii", "latin-1", "cp1252"]
# What each encoding cannot show, and so must never be written to it.
GLYPHS = "█░▲▼—“”·•…→"


def run_encoded(monkeypatch: pytest.MonkeyPatch, encoding: str, *args: str) -> tuple[int, str, str]:
    """Run ``readiness ARGS`` in-process with both streams in ``encoding``, strictly."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding=encoding, errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding=encoding, errors="strict", write_through=True)
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "argv", ["readiness", *args])
    monkeypatch.setenv("COLUMNS", "80")
    code = 0
    try:
        cli.run()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out_bytes.getvalue().decode(encoding), err_bytes.getvalue().decode(encoding)


def unshowable(encoding: str) -> list[str]:
    shown = []
    for glyph in GLYPHS:
        try:
            glyph.encode(encoding)
        except UnicodeEncodeError:
            shown.append(glyph)
    return shown


def saved_result(demo_result: ResultFile) -> Path:
    path = store.ensure_dir(store.results_dir()) / "demo.json"
    path.write_text(result_json(demo_result), encoding="utf-8")
    return path


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("plain", [False, True], ids=["rich", "plain"])
@pytest.mark.parametrize(
    "args",
    [
        ["assess", "--demo", "--no-save"],
        ["report", "{result}"],
        ["compare", str(PCN_FOLDER)],
        ["history"],
        ["benchmarks"],
        ["glossary"],
        ["questionnaires", "show"],
    ],
    ids=lambda args: args[0] if args[0] != "questionnaires" else "questionnaires-show",
)
def test_every_command_works_in_every_encoding(
    monkeypatch: pytest.MonkeyPatch,
    demo_result: ResultFile,
    encoding: str,
    plain: bool,
    args: list[str],
) -> None:
    result = saved_result(demo_result)
    args = [arg.replace("{result}", str(result)) for arg in args]
    flags = ["--plain"] if plain and args[0] not in ("questionnaires",) else []
    code, out, err = run_encoded(monkeypatch, encoding, *args, *flags)
    assert code == 0, err
    assert out.strip() and "Traceback" not in err


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_report_uses_ascii_glyphs_where_needed(
    monkeypatch: pytest.MonkeyPatch, demo_result: ResultFile, encoding: str
) -> None:
    code, out, _ = run_encoded(monkeypatch, encoding, "report", str(saved_result(demo_result)))
    assert code == 0
    missing = unshowable(encoding)
    assert "█" in missing  # none of these consoles can show the bars
    assert "#####" in out and "-----" in out
    if "—" in missing:
        assert "Overall readiness: 60 out of 100 -- Mostly ready" in out
    else:
        assert "Overall readiness: 60 out of 100 — Mostly ready" in out


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_history_arrows_become_ascii(
    monkeypatch: pytest.MonkeyPatch, demo_result: ResultFile, encoding: str
) -> None:
    folder = store.ensure_dir(store.results_dir())
    (folder / "now.json").write_text(result_json(demo_result), encoding="utf-8")
    earlier = replace(demo_result, created_at="2025-03-12T09:00:00Z")
    scores = replace(earlier.scores, overall=40.0)
    (folder / "then.json").write_text(
        result_json(replace(earlier, scores=scores)), encoding="utf-8"
    )
    code, out, err = run_encoded(monkeypatch, encoding, "history")
    assert code == 0, err
    assert "^ 20" in out  # the overall score went up 20 points (40 to 60)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_error_messages_work_in_every_encoding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, encoding: str
) -> None:
    folder = factory.write(tmp_path / "q", alpha=factory.ALPHA.replace("type: yes_no", "type: ★"))
    code, _, err = run_encoded(monkeypatch, encoding, "questionnaires", "validate", str(folder))
    assert code == 1
    assert "alpha.yaml" in err and "Traceback" not in err
    code, _, err = run_encoded(monkeypatch, encoding, "report", str(tmp_path / "missing—.json"))
    assert code == 1 and "missing" in err


def subprocess_run(encoding: str, home: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "PYTHONIOENCODING": encoding,
        "READINESS_HOME": str(home),
        "COLUMNS": "80",
    }
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "readiness", *args], env=env, capture_output=True, check=False
    )


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_a_real_console_encoding_runs_the_demo(tmp_path: Path, encoding: str) -> None:
    done = subprocess_run(encoding, tmp_path, "assess", "--demo")
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    out = done.stdout.decode(encoding)  # strictly: every byte is in the encoding
    assert b"UnicodeEncodeError" not in done.stderr
    assert "#####" in out and "Result saved to" in out
    if encoding == "ascii":
        assert out.isascii() and "-- Mostly ready" in out


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
def test_a_real_console_encoding_runs_every_command(tmp_path: Path, encoding: str) -> None:
    assert subprocess_run(encoding, tmp_path, "assess", "--demo").returncode == 0
    (saved,) = (tmp_path / "results").glob("*.json")
    commands = [
        ["report", str(saved)],
        ["report", str(saved), "--plain"],
        ["compare", str(PCN_FOLDER)],
        ["compare", str(PCN_FOLDER), "--plain"],
        ["history"],
        ["benchmarks"],
        ["glossary"],
        ["questionnaires", "show"],
    ]
    for args in commands:
        done = subprocess_run(encoding, tmp_path, *args)
        assert done.returncode == 0, (args, done.stderr.decode(encoding, "replace"))
        done.stdout.decode(encoding)
        assert b"Traceback" not in done.stderr
    done = subprocess_run(encoding, tmp_path, "report", str(tmp_path / "nothing—here.json"))
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    done.stderr.decode(encoding)
