"""Time ``readiness compare`` on N synthetic results: 10, 1,000 and 6,500 (all of England).

Usage (from the repository root, in the project's virtual environment)::

    python benchmarks/compare_bench.py               # N = 10, 1,000 and 6,500
    python benchmarks/compare_bench.py 10 500 --runs 5

Makes N valid results (random answers to the bundled questionnaire, scored by
``result.build_result``) in a temporary folder, then runs the real command line,
``readiness compare FOLDER --format json --out FILE``, in a subprocess several
times, and prints a Markdown table of wall time and peak memory. Peak memory is
the largest single process ("Maximum resident set size" from ``/usr/bin/time -v``,
else ``resource.getrusage(RUSAGE_CHILDREN)``), and on Linux also the peak of the
whole process tree (compare reads large sets in two or more processes), sampled
from /proc every few milliseconds. This is a benchmark, not a test: the figures
go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from compiled import use_compiled_code

from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import (
    DONT_KNOW,
    Answer,
    AnswerSet,
    Practice,
    Question,
    Questionnaire,
)
from readiness.results.record import build_result, result_json

DEFAULT_SIZES = (10, 1_000, 6_500)
TIME = Path("/usr/bin/time")
SAMPLE_EVERY = 0.01  # seconds between /proc samples of the process tree's memory
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Run:
    seconds: float
    largest_process_mib: float
    tree_mib: float | None


def random_answer(question: Question, rng: random.Random) -> Answer | None:
    """Any valid answer, now and then "Don't know" or none at all."""
    if question.type == "text" or rng.random() < 0.04:
        return None
    if question.dont_know and rng.random() < 0.06:
        return DONT_KNOW
    if question.type == "number":
        low = question.minimum if question.minimum is not None else 0.0
        high = question.maximum if question.maximum is not None else 10_000.0
        return float(round(rng.uniform(low, high)))
    if question.type == "multi":
        exclusive = [c.value for c in question.choices if c.exclusive]
        others = [c.value for c in question.choices if not c.exclusive]
        if exclusive and rng.random() < 0.15:
            return (exclusive[0],)
        return tuple(rng.sample(others, rng.randint(1, len(others))))
    return rng.choice(question.choices).value


def make_results(questionnaire: Questionnaire, count: int, folder: Path) -> None:
    rng = random.Random(20260115)  # noqa: S311 - made-up answers, not secrets
    for number in range(count):
        answers = {}
        for question in questionnaire.questions:
            answer = random_answer(question, rng)
            if answer is not None:
                answers[question.id] = answer
        practice = Practice(
            name=f"Synthetic Practice {number + 1}",
            ods_code=f"Y{number + 1:05d}",
            pcn=f"Synthetic PCN {number // 7 + 1}",
        )
        stamp = f"2026-01-{1 + number % 28:02d}T{number % 24:02d}:00:00Z"
        result = build_result(
            questionnaire=questionnaire,
            answer_set=AnswerSet(practice, answers),
            created_at=stamp,
        )
        (folder / f"y{number + 1:05d}.json").write_text(result_json(result), encoding="utf-8")


def command(folder: Path, out: Path) -> list[str]:
    readiness = shutil.which("readiness", path=str(Path(sys.executable).parent))
    base = [readiness] if readiness else [sys.executable, "-m", "readiness"]
    return [*base, "compare", str(folder), "--format", "json", "--out", str(out)]


def tree_rss(root: int, *, without_root: bool = False) -> int:
    """Bytes resident in ``root``'s descendants (and ``root``, unless ``without_root``: it
    is /usr/bin/time), from Linux /proc, cheaply enough to sample every few milliseconds."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            if pid != root or not without_root:
                total += int(fields[21]) * PAGE
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, IndexError, ValueError):
            continue  # the process ended between two reads
    return total


def run_once(folder: Path, out: Path) -> Run:
    argv = command(folder, out)
    use_time = TIME.exists()
    if use_time:
        argv = [str(TIME), "-v", *argv]
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, tree_rss(process.pid, without_root=use_time))
            time.sleep(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    if Path("/proc").is_dir():
        sampler.start()
    _stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    if process.returncode != 0:
        raise SystemExit(f"readiness compare failed:\n{stderr}")
    largest = _largest_process(stderr) if use_time else _rusage_children()
    return Run(seconds, largest / 2**20, peak_tree / 2**20 if peak_tree else None)


def _largest_process(stderr: str) -> float:
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return int(found.group(1)) * 1024 if found else 0.0


def _rusage_children() -> float:
    import resource

    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale


def machine() -> str:
    cpu = "unknown processor"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main() -> None:
    use_compiled_code()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument("--runs", type=int, default=5, help="timed runs per size (median)")
    options = parser.parse_args()
    questionnaire = load_questionnaire()
    rows = []
    with tempfile.TemporaryDirectory(prefix="compare-bench-") as temporary:
        root = Path(temporary)
        for size in options.sizes:
            folder = root / f"n{size}"
            folder.mkdir()
            began = time.perf_counter()
            make_results(questionnaire, size, folder)
            made = time.perf_counter() - began
            print(f"made {size:,} results in {made:.1f} s", file=sys.stderr)
            out = root / f"n{size}.json"
            run_once(folder, out)  # warm the disk cache and Python's bytecode cache
            runs = [run_once(folder, out) for _ in range(options.runs)]
            rows.append((size, runs, out.stat().st_size))
    print(f"Machine: {machine()}\n")
    print(
        "| Results | Wall time (median, min–max) | Peak memory, largest process "
        "| Peak memory, all processes | JSON written |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size, runs, written in rows:
        times = [run.seconds for run in runs]
        largest = max(run.largest_process_mib for run in runs)
        trees = [run.tree_mib for run in runs if run.tree_mib is not None]
        tree = f"{max(trees):.0f} MiB" if trees else "n/a"
        print(
            f"| {size:,} | {statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f}) "
            f"| {largest:.0f} MiB | {tree} | {written / 2**20:.1f} MiB |"
        )


if __name__ == "__main__":
    main()
