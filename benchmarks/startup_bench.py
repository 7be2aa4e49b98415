"""Time `readiness --help` against a bare typer app, and everyday commands against `--help`.

The bare app has two commands and typer's defaults (rich help); a second copy
uses plain help, as readiness does, for a like-for-like figure.

Run:  python benchmarks/startup_bench.py [--runs 20]
Prints a Markdown table for benchmarks/README.md. Each command runs in a fresh
interpreter, as a user would start it; the median of the runs is reported.

readiness is timed compiled to bytecode, as pip installs it (``compiled.py``).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from compiled import use_compiled_code

BARE_APP = '''
import typer

app = typer.Typer(rich_markup_mode=MODE)


@app.command()
def first(name: str = "x") -> None:
    """The first command."""


@app.command()
def second(count: int = 1) -> None:
    """The second command."""


app()
'''


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_commands(
    cases: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, tuple[list[float], list[float]]]:
    """Wall-clock and CPU seconds (user + system) of each run of each command.

    The commands take turns, run by run, so that a machine that slows down or speeds
    up while it is measured (a shared machine does) weighs on every command alike.
    CPU time is steadier still: other work delays a command without adding to the
    time the processor spends on it.
    """
    for command in cases.values():
        subprocess.run(command, capture_output=True, check=True, env=env)  # warm the cache
    timed: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in cases}
    for _ in range(runs):
        for name, command in cases.items():
            start, used = time.perf_counter(), _child_cpu()
            subprocess.run(command, capture_output=True, check=True, env=env)
            timed[name][0].append(time.perf_counter() - start)
            timed[name][1].append(_child_cpu() - used)
    return timed


def main() -> None:
    use_compiled_code()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE_APP.replace("MODE", '"rich"'), encoding="utf-8")
        plain = Path(folder) / "plain.py"
        plain.write_text(BARE_APP.replace("MODE", "None"), encoding="utf-8")
        env = {**os.environ, "READINESS_HOME": folder, "COLUMNS": "80"}

        # One saved result, for `report` and `history`; this run also fills the
        # questionnaire cache, as any first run on a machine does.
        saved = subprocess.run(
            [sys.executable, "-m", "readiness", "assess", "--demo", "--plain"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        result = saved.stdout.rsplit("Result saved to ", 1)[1].split()[0]
        cases = {
            "bare typer app, --help": [sys.executable, str(bare), "--help"],
            "bare typer app, plain help": [sys.executable, str(plain), "--help"],
            "readiness --help": [sys.executable, "-m", "readiness", "--help"],
            "readiness benchmarks": [sys.executable, "-m", "readiness", "benchmarks"],
            "readiness assess --demo --no-save": [
                sys.executable,
                "-m",
                "readiness",
                "assess",
                "--demo",
                "--no-save",
            ],
            "readiness report RESULT.json": [sys.executable, "-m", "readiness", "report", result],
            "readiness history": [sys.executable, "-m", "readiness", "history"],
        }
        timed = time_commands(cases, runs, env)
    wall = {name: statistics.median(found[0]) for name, found in timed.items()}
    cpu = {name: statistics.median(found[1]) for name, found in timed.items()}
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} cores; median of {runs} runs each.\n"
    )
    print(
        "| command | wall (ms) | × bare typer --help | × readiness --help "
        "| CPU (ms) | CPU × readiness --help |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    baseline, own, own_cpu = (
        wall["bare typer app, --help"],
        wall["readiness --help"],
        cpu["readiness --help"],
    )
    for name, seconds in wall.items():
        print(
            f"| `{name}` | {seconds * 1000:.0f} | {seconds / baseline:.2f} | "
            f"{seconds / own:.2f} | {cpu[name] * 1000:.0f} | {cpu[name] / own_cpu:.2f} |"
        )


if __name__ == "__main__":
    main()
