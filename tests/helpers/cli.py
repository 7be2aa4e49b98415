"""Run the real `readiness` entry point in-process, as the command-line tests do."""

from __future__ import annotations

import sys

import pytest

from readiness import cli


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    """Run ``readiness ARGS`` through ``cli.run``; returns (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["readiness", *args])
    monkeypatch.setenv("COLUMNS", "80")
    code = 0
    try:
        cli.run()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err
