"""The ``readiness`` command line: parse options, call the core, render, map errors to exit codes.

Only typer is imported at start-up; every command imports what it needs, so
``readiness --help`` stays quick. ``run`` is the one place errors become exit codes.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from readiness.errors import InvalidFileError, Problem, ReadinessError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from readiness.model import AnswerSet, Questionnaire
    from readiness.result import ResultFile

HELP = """\
Check how ready your GP practice is to work in integrated care: in your primary
care network (PCN), your integrated care system (ICS) and its integrated care
board (ICB), and in integrated neighbourhood teams (INTs).

\b
Start with:  readiness assess --demo   (a worked example)
Then:        readiness assess          (answer the questions yourself)
"""

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80},
)
questionnaires_app = typer.Typer(
    help="List, show and check questionnaires (the question sets, one file per domain).",
    no_args_is_help=True,
)
app.add_typer(questionnaires_app, name="questionnaires")


class ListFormat(str, Enum):
    table = "table"
    json = "json"


QuestionnaireOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at run time, also on Python 3.10
    typer.Option(
        "--questionnaire",
        "-q",
        metavar="NAME|PATH",
        help="A bundled questionnaire's name or your own questionnaire folder. "
        "Default: integration-readiness.",
    ),
]
FormatOption = Annotated[
    ListFormat,
    typer.Option("--format", "-f", help="table (for reading) or json (for other programs)."),
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain", help="No colour and no box drawing (for screen readers and plain terminals)."
    ),
]


def console(*, plain: bool = False, stderr: bool = False) -> Console:
    from rich.console import Console

    no_color = plain or bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, no_color=no_color, highlight=False, emoji=False, soft_wrap=False)


# ---------------------------------------------------------------------------------- assess


@app.command()
def assess(
    answers: Annotated[
        Optional[Path],
        typer.Option(  # noqa: UP045 - see QuestionnaireOption
            "--answers",
            "-a",
            metavar="FILE",
            dir_okay=False,
            help="Score a YAML or JSON answers file (or an earlier result) without asking "
            "questions.",
        ),
    ] = None,
    demo: Annotated[
        bool, typer.Option(help="Score the bundled example answers of a fictional practice.")
    ] = False,
    questionnaire: QuestionnaireOption = None,
    practice: Annotated[
        Optional[str],
        typer.Option(  # noqa: UP045
            metavar="NAME", help="The practice's name."
        ),
    ] = None,
    ods: Annotated[
        Optional[str],
        typer.Option(  # noqa: UP045
            metavar="CODE",
            help="The practice's ODS code (NHS Organisation Data Service): a letter and five "
            "digits, for example A81001.",
        ),
    ] = None,
    pcn: Annotated[
        Optional[str],
        typer.Option(  # noqa: UP045
            metavar="NAME", help="The primary care network (PCN) the practice belongs to."
        ),
    ] = None,
    respondent: Annotated[
        Optional[str],
        typer.Option(  # noqa: UP045
            metavar="WHO",
            help='Who is answering: a name or a role, for example "Practice manager". Lets '
            "'readiness compare' show several people's views of one practice.",
        ),
    ] = None,
    out: Annotated[
        Optional[Path],
        typer.Option(  # noqa: UP045
            "--out",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Also save the result (or a report, see --format) to this file.",
        ),
    ] = None,
    output_format: Annotated[
        Optional[str],
        typer.Option(  # noqa: UP045
            "--format",
            "-f",
            metavar="FORMAT",
            help="Format of the --out file: json, html, csv or md. Default: from the file "
            "name, else json.",
        ),
    ] = None,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Do not keep the result in your results folder.")
    ] = False,
    plain: PlainOption = False,
) -> None:
    """Answer the questionnaire (or score an answers file) and see your readiness scores."""
    from readiness.report import infer_format

    if answers is not None and demo:
        raise UsageError("Use either --answers or --demo, not both.")
    fmt = infer_format(out, output_format)
    loaded = _load(questionnaire)
    if demo or answers is not None:
        answer_set = _read_answers(loaded, answers, demo=demo)
        answer_set = _with_practice(answer_set, practice, ods, pcn, respondent=respondent)
    else:
        raise UsageError(
            "The interactive interview needs a terminal.",
            hint="Use --answers FILE to score an answers file, or --demo for an example.",
        )
    _finish(loaded, answer_set, out=out, fmt=fmt, save=not no_save, plain=plain)


def _load(name_or_path: str | None) -> Questionnaire:
    from readiness.loader import load_questionnaire

    return load_questionnaire(name_or_path)


def _read_answers(questionnaire: Questionnaire, path: Path | None, *, demo: bool) -> AnswerSet:
    from readiness.answers import load_answers

    if demo:
        if questionnaire.demo_answers is None:
            raise UsageError(f"The questionnaire '{questionnaire.id}' has no demo answers.")
        path = questionnaire.demo_answers
    assert path is not None  # noqa: S101 - the caller passes a path unless demo is set
    return load_answers(path, questionnaire)


def _with_practice(
    answer_set: AnswerSet,
    name: str | None,
    ods: str | None,
    pcn: str | None,
    *,
    respondent: str | None = None,
) -> AnswerSet:
    """Practice details from the command line override those in the answers file."""
    from dataclasses import replace

    from readiness.answers import normalise_ods

    practice = answer_set.practice
    practice = replace(
        practice,
        name=name or practice.name,
        ods_code=normalise_ods(ods) or practice.ods_code,
        pcn=pcn or practice.pcn,
        respondent=respondent or practice.respondent,
    )
    return replace(answer_set, practice=practice)


def _finish(
    questionnaire: Questionnaire,
    answer_set: AnswerSet,
    *,
    out: Path | None,
    fmt: str,
    save: bool,
    plain: bool,
) -> ResultFile:
    """Score, print the summary, and save the result (and any --out file)."""
    from readiness import store
    from readiness.report import render_file
    from readiness.report.terminal import summary
    from readiness.result import build_result, result_json

    result = build_result(questionnaire=questionnaire, answer_set=answer_set)
    screen = console(plain=plain)
    screen.print(summary(result, plain=plain))
    if save:
        practice = result.practice
        saved = store.result_path(
            practice.ods_code or practice.name or "practice", result.created_at
        )
        store.write_atomic(saved, result_json(result))
        screen.print(f"\nResult saved to {saved}", markup=False)
    if out is not None:
        store.write_atomic(out, render_file(result, fmt))
        screen.print(f"Written to {out}", markup=False)
    return result


# ------------------------------------------------------------------------------ benchmarks


@app.command()
def benchmarks(
    output_format: FormatOption = ListFormat.table,
    questionnaire: QuestionnaireOption = None,
    plain: PlainOption = False,
) -> None:
    """List the national survey figures your answers are compared with, and their sources."""
    from readiness.benchmarks import catalogue_entry
    from readiness.loader import load_questionnaire

    # The bundled catalogue is checked by the test suite, so it skips the slow shape checks.
    loaded = load_questionnaire(questionnaire, validate=questionnaire is not None)
    if output_format is ListFormat.json:
        entries = [catalogue_entry(b) for b in loaded.benchmarks]
        typer.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    console(plain=plain).print(_benchmark_catalogue_table(loaded, plain=plain))


def _benchmark_catalogue_table(questionnaire: Questionnaire, *, plain: bool) -> object:
    from rich import box
    from rich.table import Table

    from readiness.benchmarks import format_interval, format_value, sample_text

    table = Table(
        title=f"Survey figures in {questionnaire.title}",
        title_justify="left",
        box=None if plain else box.SIMPLE_HEAD,
        show_lines=not plain,
    )
    table.add_column("Figure", ratio=3)
    table.add_column("Value", ratio=1)
    table.add_column("Who was asked, and source", ratio=3)
    for item in questionnaire.benchmarks:
        value = format_value(item.value, item.unit)
        interval = format_interval(item.ci95)
        notes = " ".join(n for n in (item.value_note, item.source.sample_size_note) if n)
        who = sample_text(
            item.effective_sample_size,
            item.source.sampled,
            is_minimum=item.source.sample_size_is_minimum,
        )
        table.add_row(
            f"{item.statement}\n[{item.id}]",
            f"{value}\n{interval}".strip(),
            f"{who}\n{item.source.citation()}" + (f"\nNote: {notes}" if notes else ""),
        )
    return table


# --------------------------------------------------------------------------- questionnaires


@questionnaires_app.command("list")
def questionnaires_list(
    output_format: FormatOption = ListFormat.table,
) -> None:
    """List the bundled questionnaires and your own (in your readiness folder)."""
    from readiness.loader import available

    found = available()
    if output_format is ListFormat.json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    for item in found:
        typer.echo(
            f"{item['id']}  {item['version']}  {item['title']}  ({item['origin']}: {item['path']})"
        )


@questionnaires_app.command("show")
def questionnaires_show(
    name: Annotated[
        str, typer.Argument(metavar="NAME|PATH", help="A bundled name or a questionnaire folder.")
    ] = "integration-readiness",
    output_format: FormatOption = ListFormat.table,
    plain: PlainOption = False,
) -> None:
    """Show a questionnaire's domains and questions."""
    from readiness.loader import describe

    loaded = _load(name)
    if output_format is ListFormat.json:
        typer.echo(json.dumps(describe(loaded), indent=2, ensure_ascii=False))
        return
    screen = console(plain=plain)
    screen.print(f"{loaded.title} ({loaded.id} {loaded.version})", markup=False)
    for domain in loaded.domains:
        screen.print(
            f"\n{domain.title} [{domain.id}], weight {domain.weight:g}", markup=False, style="bold"
        )
        for number, question in enumerate(domain.questions, start=1):
            condition = f"  (only if {question.when})" if question.when else ""
            screen.print(
                f"  {number}. {question.text} [{question.id}, {question.type}]{condition}",
                markup=False,
            )


@questionnaires_app.command("validate")
def questionnaires_validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...", help="Questionnaire folders (or their questionnaire.yaml files)."
        ),
    ],
) -> None:
    """Check questionnaires and list every problem, with file, line and column."""
    from readiness.loader import load_questionnaire

    problems: list[Problem] = []
    for path in paths:
        try:
            loaded = load_questionnaire(path)
        except InvalidFileError as error:
            problems.extend(error.problems)
            continue
        typer.echo(f"{path}: OK ({loaded.id} {loaded.version}, {len(loaded.questions)} questions)")
    if problems:
        raise InvalidFileError(problems, what="questionnaire")


@questionnaires_app.command("schema")
def questionnaires_schema(
    kind: Annotated[
        str, typer.Argument(help="Which file: domain, manifest, benchmarks, glossary or answers.")
    ] = "domain",
) -> None:
    """Print a JSON Schema, so editors can check questionnaire files as you type."""
    from readiness.schema import SCHEMAS

    if kind not in SCHEMAS:
        raise UsageError(
            f"There is no schema called '{kind}'.", hint=f"Use one of: {', '.join(SCHEMAS)}."
        )
    typer.echo(json.dumps(SCHEMAS[kind].model_json_schema(), indent=2))


# -------------------------------------------------------------- interview, glossary (issue 3)


# ------------------------------------------------------------------------- reports (issue 4)


# ------------------------------------------------------------- compare and history (issue 5)


# ------------------------------------------------------------------------------- the edge


def report_error(error: ReadinessError) -> None:
    """Print an error for people: what is wrong, where, and what to do."""
    typer.echo(f"Error: {error.message}", err=True)
    if isinstance(error, InvalidFileError):
        for problem in error.problems:
            typer.echo(f"  {problem}", err=True)
    if error.hint:
        typer.echo(error.hint, err=True)


def run() -> None:
    """Run the app; the one place a ``ReadinessError`` becomes a message and an exit code."""
    try:
        app()
    except ReadinessError as error:
        report_error(error)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        typer.echo("\nStopped.", err=True)
        sys.exit(130)
