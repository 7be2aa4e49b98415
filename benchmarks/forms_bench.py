"""Time ``readiness compare`` with filled answer forms beside results.

Usage (from the repository root, in the project's virtual environment)::

    python benchmarks/forms_bench.py                 # 500 forms + 6,000 results
    python benchmarks/forms_bench.py --forms 50 --results 600 --runs 3

The aim (issue 11): ``compare`` over 500 filled forms and 6,000 results takes at
most 3 times as long as over 6,500 results. The script makes the results as
``compare_bench.py`` does and the forms as a person fills them (a blank form
from ``readiness form``, answered with choice labels by openpyxl), then times
the real command line, ``readiness compare FOLDER --format json --out FILE``:

- 6,500 results;
- 6,000 results and 500 forms, cold: the forms' cache emptied before each run,
  so every form is read and scored (the first ``compare`` of a round's returns);
- the same, warm: each form already scored once and kept by its content (every
  later ``compare``, as more forms come back).

This is a benchmark, not a test: the figures go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from compare_bench import machine, make_results, run_once
from compiled import use_compiled_code

from readiness.questionnaire.form import DONT_KNOW_LABEL, KEY_COLUMN, YES
from readiness.questionnaire.load import load_questionnaire
from readiness.questionnaire.model import Practice, Questionnaire
from readiness.report.form import write_form


def make_forms(questionnaire: Questionnaire, count: int, folder: Path) -> None:
    """``count`` forms, each with a random label (or Yes beside random options) typed in."""
    import openpyxl

    rng = random.Random(20261201)  # noqa: S311 - made-up answers, not secrets
    for number in range(count):
        practice = Practice(f"Form Practice {number + 1}", f"X{number + 1:05d}", "Form PCN")
        book = openpyxl.load_workbook(
            io.BytesIO(write_form(questionnaire, "xlsx", practice=practice))
        )
        for sheet in book.worksheets[1:-1]:
            for row in range(5, sheet.max_row + 1):
                key = sheet[f"{KEY_COLUMN}{row}"].value
                question = questionnaire.question(str(key).split("=")[0]) if key else None
                if question is None or question.when is not None or rng.random() < 0.05:
                    continue
                if "=" in str(key):
                    if rng.random() < 0.3 and not str(key).endswith(("=dont_know", "=none")):
                        sheet[f"C{row}"] = YES
                elif question.type == "number":
                    sheet[f"C{row}"] = int(
                        rng.uniform(question.minimum or 0, question.maximum or 9)
                    )
                elif question.choices:
                    labels = [c.label for c in question.choices]
                    labels += [DONT_KNOW_LABEL] if question.dont_know else []
                    sheet[f"C{row}"] = rng.choice(labels)
        book.save(folder / f"x{number + 1:05d}.xlsx")


def median(runs: list[float]) -> str:
    return f"{statistics.median(runs):.2f} s ({min(runs):.2f}–{max(runs):.2f})"


def main() -> None:
    use_compiled_code()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--forms", type=int, default=500)
    parser.add_argument("--results", type=int, default=6_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs each (median)")
    options = parser.parse_args()
    questionnaire = load_questionnaire()
    with tempfile.TemporaryDirectory(prefix="forms-bench-") as temporary:
        root = Path(temporary)
        os.environ["READINESS_HOME"] = str(root / "home")  # the forms' cache lives here
        plain, mixed = root / "results", root / "mixed"
        plain.mkdir()
        mixed.mkdir()
        began = time.perf_counter()
        make_results(questionnaire, options.results + options.forms, plain)
        for path in sorted(plain.iterdir())[: options.results]:
            shutil.copy(path, mixed / path.name)
        make_forms(questionnaire, options.forms, mixed)
        print(f"made the files in {time.perf_counter() - began:.0f} s", file=sys.stderr)
        out = root / "out.json"
        cache = root / "home" / "cache" / "forms"
        run_once(plain, out)  # warm the disk cache and Python's bytecode cache
        results = [run_once(plain, out).seconds for _ in range(options.runs)]
        cold = []
        for _ in range(options.runs):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(run_once(mixed, out).seconds)
        warm = [run_once(mixed, out).seconds for _ in range(options.runs)]
    total = options.results + options.forms
    print(f"Machine: {machine()}\n")
    print("| Files compared | Wall time (median, min–max) | × results only |")
    print("|---|---:|---:|")
    base = statistics.median(results)
    for label, runs in (
        (f"{total:,} results", results),
        (f"{options.results:,} results + {options.forms:,} forms, cold", cold),
        (f"{options.results:,} results + {options.forms:,} forms, warm", warm),
    ):
        print(f"| {label} | {median(runs)} | {statistics.median(runs) / base:.2f} |")


if __name__ == "__main__":
    main()
