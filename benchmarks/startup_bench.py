"""Time `readiness --help` against a bare typer app, and everyday commands against `--help`.

The bare app has two commands and typer's defaults (rich help); a second copy
uses plain help, as readiness does, for a like-for-like figure.

Run:  python benchmarks/startup_bench.py [--runs 20]
Prints a Markdown table for benchmarks/README.md. Each command runs in a fresh
interpreter, as a user would start it; the median of the runs is reported.

readiness is first compiled to bytecode, and PYTHONDONTWRITEBYTECODE is
dropped from the commands' environment: an installed copy is compiled when pip
installs it, so a user never pays for compiling the source. (A machine that
sets PYTHONDONTWRITEBYTECODE would otherwise time the compiler: about 90 ms on
`report` on the reference machine.)
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def time_command(command: list[str], runs: int, env: dict[str, str]) -> list[float]:
    subprocess.run(command, capture_output=True, check=True, env=env)  # warm the disk cache
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=env)
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE_APP.replace("MODE", '"rich"'), encoding="utf-8")
        plain = Path(folder) / "plain.py"
        plain.write_text(BARE_APP.replace("MODE", "None"), encoding="utf-8")
        env = {**os.environ, "READINESS_HOME": folder, "COLUMNS": "80"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        import readiness

        compileall.compile_dir(Path(readiness.__file__).parent, quiet=1)
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
        medians = {
            name: statistics.median(time_command(cmd, runs, env)) for name, cmd in cases.items()
        }
    baseline = medians["bare typer app, --help"]
    own = medians["readiness --help"]
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} cores; median of {runs} runs each.\n"
    )
    print("| command | median (ms) | × bare typer --help | × readiness --help |")
    print("|---|---:|---:|---:|")
    for name, seconds in medians.items():
        print(
            f"| `{name}` | {seconds * 1000:.0f} | {seconds / baseline:.2f} | {seconds / own:.2f} |"
        )


if __name__ == "__main__":
    main()
