"""Packaging and start-up: the wheel carries the questionnaires, and --help stays light."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from helpers.paths import ROOT

HEAVY = ("questionary", "prompt_toolkit", "pydantic", "jinja2", "openpyxl")


def imported_modules(*args: str, home: Path | None = None) -> set[str]:
    env = {**os.environ, "COLUMNS": "80"} | ({"READINESS_HOME": str(home)} if home else {})
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "readiness", *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return {
        line.rsplit("|", 1)[-1].strip()
        for line in completed.stderr.splitlines()
        if line.startswith("import time:")
    }


@pytest.mark.parametrize("args", [("--help",), ("benchmarks",), ("assess", "--help")])
def test_light_commands_do_not_import_heavy_modules(args: tuple[str, ...]) -> None:
    imported_modules(*args)  # the first run checks the questionnaire and caches it
    modules = imported_modules(*args)
    assert not {m.split(".")[0] for m in modules} & set(HEAVY)


@pytest.mark.parametrize("args", [("--help",), ("assess", "--help")])
def test_help_does_not_import_the_records_library(args: tuple[str, ...]) -> None:
    """Help only lists commands and formats: no record is read, so no msgspec either."""
    assert "msgspec" not in {m.split(".")[0] for m in imported_modules(*args)}


def test_everyday_commands_need_no_pydantic_and_start_no_processes(tmp_path: Path) -> None:
    """Scoring, reporting and history read and write results with msgspec records alone."""
    imported_modules("assess", "--demo", home=tmp_path)  # caches the questionnaire, saves
    (result,) = (tmp_path / "results").glob("*.json")
    for args in (("assess", "--demo", "--no-save"), ("report", str(result)), ("history",)):
        modules = {m.split(".")[0] for m in imported_modules(*args, home=tmp_path)}
        assert not modules & {*HEAVY, "multiprocessing", "concurrent"}, args


def test_python_dash_m_works() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "readiness", "--help"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0 and "assess" in completed.stdout


@pytest.mark.slow
def test_wheel_installs_and_runs_the_demo_in_a_clean_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "readiness/questionnaires/integration-readiness/questionnaire.yaml" in names
    assert "readiness/questionnaires/integration-readiness/demo-answers.yaml" in names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    completed = subprocess.run(
        [str(bin_dir / "readiness"), "assess", "--demo", "--no-save"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "READINESS_HOME": str(tmp_path / "home"), "COLUMNS": "80"},
    )
    assert completed.returncode == 0, completed.stderr
    assert "Riverside Medical Practice" in completed.stdout
    assert "Overall readiness" in completed.stdout
