"""The ``readiness`` command line: parse options, call the core, render, map errors to exit codes.

Only typer is imported at start-up; every command imports what it needs, so
``readiness --help`` stays quick. ``run`` is the one place errors become exit codes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from readiness.errors import (
    InterviewInterrupted,
    InvalidFileError,
    Problem,
    ReadinessError,
    UsageError,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from readiness.questionnaire.model import (
        AnswerSet,
        Benchmark,
        GlossaryTerm,
        Practice,
        Question,
        Questionnaire,
    )
    from readiness.results.diff import Changes
    from readiness.results.record import ResultFile

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


def _echo_json(data: object) -> None:
    import json  # here, not at the top: --help need not pay for it

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


# ---------------------------------------------------------------------------------- assess


@app.command()
def assess(
    answers: Annotated[
        Optional[Path],  # noqa: UP045 - see QuestionnaireOption
        typer.Option(
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
        Optional[str],  # noqa: UP045 - see QuestionnaireOption
        typer.Option(metavar="NAME", help="The practice's name."),
    ] = None,
    ods: Annotated[
        Optional[str],  # noqa: UP045 - see QuestionnaireOption
        typer.Option(
            metavar="CODE",
            help="The practice's ODS code (NHS Organisation Data Service): a letter and five "
            "digits, for example A81001.",
        ),
    ] = None,
    pcn: Annotated[
        Optional[str],  # noqa: UP045 - see QuestionnaireOption
        typer.Option(
            metavar="NAME", help="The primary care network (PCN) the practice belongs to."
        ),
    ] = None,
    respondent: Annotated[
        Optional[str],  # noqa: UP045 - see QuestionnaireOption
        typer.Option(
            metavar="WHO",
            help='Who is answering: a name or a role, for example "Practice manager". Lets '
            "'readiness compare' show several people's views of one practice.",
        ),
    ] = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045 - see QuestionnaireOption
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Also save the result (or a report, see --format) to this file.",
        ),
    ] = None,
    output_format: Annotated[
        Optional[str],  # noqa: UP045 - see QuestionnaireOption
        typer.Option(
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
    domains: Annotated[
        Optional[str],  # noqa: UP045 - see QuestionnaireOption
        typer.Option(
            metavar="IDS",
            help="Answer only these domains, for example --domains funding,time "
            "(see 'readiness questionnaires show').",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", help="Carry on with the answers saved when you last stopped part-way."
        ),
    ] = False,
    restart: Annotated[
        bool,
        typer.Option(
            "--restart",
            help="Throw away the answers saved part-way (after asking) and start again.",
        ),
    ] = False,
    plain: PlainOption = False,
) -> None:
    """Answer the questionnaire (or score an answers file) and see your readiness scores."""
    from readiness.report import infer_format

    if answers is not None and demo:
        raise UsageError("Use either --answers or --demo, not both.")
    fmt = infer_format(out, output_format)
    if out is not None and not out.expanduser().parent.is_dir():
        # Checked first, so nobody answers every question only to find --out cannot be written.
        raise UsageError(
            f"The folder {out.expanduser().parent} does not exist, so --out cannot be saved there.",
            hint="Create the folder first, or choose another place.",
        )
    loaded = _load(questionnaire)
    if demo or answers is not None:
        answer_set = _read_answers(loaded, answers, demo=demo)
        answer_set = _with_practice(answer_set, practice, ods, pcn, respondent=respondent)
    else:
        _interview_and_finish(
            loaded,
            practice=_given_practice(practice, ods, pcn, respondent),
            domains=domains,
            resume=resume,
            restart=restart,
            resume_hint=_resume_hint(questionnaire),
            out=out,
            fmt=fmt,
            save=not no_save,
            plain=plain,
        )
        return
    if domains is not None or resume or restart:
        raise UsageError(
            "--domains, --resume and --restart are for answering the questions yourself.",
            hint="Leave them out when you use --answers or --demo.",
        )
    _finish(loaded, answer_set, out=out, fmt=fmt, save=not no_save, plain=plain)


def _load(name_or_path: str | None) -> Questionnaire:
    from readiness.questionnaire.load import load_questionnaire

    return load_questionnaire(name_or_path)


def _read_answers(questionnaire: Questionnaire, path: Path | None, *, demo: bool) -> AnswerSet:
    from readiness.questionnaire.answers import load_answers

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

    from readiness.questionnaire.answers import normalise_ods

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
    """Score, print the report, and save the result (and any --out file)."""
    from readiness.report import render_file
    from readiness.report.result.terminal import report
    from readiness.results import store
    from readiness.results.record import build_result, result_json

    result = build_result(questionnaire=questionnaire, answer_set=answer_set)
    changes = _changes_for(result, None)
    screen = console(plain=plain)
    screen.print(report(result, changes=changes, plain=plain))
    if save:
        practice = result.practice
        saved = store.result_path(
            practice.ods_code or practice.name or "practice", result.created_at
        )
        store.write_atomic(saved, result_json(result))
        screen.print(f"\nResult saved to {saved}", markup=False, soft_wrap=True)
    if out is not None:
        store.write_atomic(out, render_file(result, fmt, changes=changes))
        screen.print(f"Written to {out}", markup=False, soft_wrap=True)
    return result


# ------------------------------------------------------------------------------ benchmarks


@app.command()
def benchmarks(
    output_format: FormatOption = ListFormat.table,
    questionnaire: QuestionnaireOption = None,
    plain: PlainOption = False,
) -> None:
    """List the national survey figures your answers are compared with, and their sources."""
    from readiness.figures import catalogue_entry
    from readiness.questionnaire.load import load_benchmarks

    # The bundled catalogue is checked by the test suite, so it skips the slow shape checks.
    title, catalogue = load_benchmarks(questionnaire, validate=questionnaire is not None)
    if output_format is ListFormat.json:
        entries = [catalogue_entry(b) for b in catalogue]
        _echo_json(entries)
        return
    console(plain=plain).print(_benchmark_catalogue_table(title, catalogue, plain=plain))


def _benchmark_catalogue_table(title: str, catalogue: list[Benchmark], *, plain: bool) -> object:
    from rich import box
    from rich.table import Table

    from readiness.figures import format_interval, format_value, sample_text

    table = Table(
        title=f"Survey figures in {title}",
        title_justify="left",
        box=None if plain else box.SIMPLE_HEAD,
        show_lines=not plain,
    )
    table.add_column("Figure", ratio=3)
    table.add_column("Value", ratio=1)
    table.add_column("Who was asked, and source", ratio=3)
    for item in catalogue:
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
    from readiness.questionnaire.load import available

    found = available()
    if output_format is ListFormat.json:
        _echo_json(found)
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
    from readiness.questionnaire.load import describe

    loaded = _load(name)
    if output_format is ListFormat.json:
        _echo_json(describe(loaded))
        return
    screen = console(plain=plain)
    screen.print(f"{loaded.title} ({loaded.id} {loaded.version})", markup=False)
    for domain in loaded.domains:
        screen.print(f"\n{domain.title} (id: {domain.id}, weight {domain.weight:g})", markup=False)
        for number, question in enumerate(domain.questions, start=1):
            screen.print(_question_outline(number, question, screen.width), markup=False)


def _question_outline(number: int, question: Question, width: int) -> str:
    """A question as an indented block: its text, then its id, type and answers."""
    import textwrap

    values = ", ".join(choice.value for choice in question.choices)
    details = [f"id: {question.id}", question.type.replace("_", "/")]
    if values:
        details.append(f"answers: {values}")
    if question.type == "number":
        details.append(f"{question.minimum:g} to {question.maximum:g} {question.unit or ''}")
    if question.when:
        details.append(f"only if {question.when}")
    lead = f"  {number}. "
    indent = " " * len(lead)
    text = textwrap.fill(question.text, width, initial_indent=lead, subsequent_indent=indent)
    rest = textwrap.fill(
        " · ".join(details), width, initial_indent=indent, subsequent_indent=indent
    )
    return f"{text}\n{rest}"


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
    from readiness.questionnaire.load import load_questionnaire

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
    from readiness.questionnaire.schema import SCHEMAS

    if kind not in SCHEMAS:
        raise UsageError(
            f"There is no schema called '{kind}'.", hint=f"Use one of: {', '.join(SCHEMAS)}."
        )
    _echo_json(SCHEMAS[kind].model_json_schema())


# -------------------------------------------------------------- interview, glossary (issue 3)


@app.command()
def glossary(
    term: Annotated[
        Optional[str],  # noqa: UP045 - see QuestionnaireOption
        typer.Argument(
            metavar="[TERM]", help="A term to explain, for example ICB. Leave out to list all."
        ),
    ] = None,
    questionnaire: QuestionnaireOption = None,
    plain: PlainOption = False,
) -> None:
    """Explain the words the questions use: PCN, ICB, ICS, ARRS, DES, INT, place and more."""
    from readiness.interview.engine import find_terms
    from readiness.questionnaire.load import load_questionnaire

    # The bundled questionnaire is checked by the test suite, so it skips the slow shape checks.
    loaded = load_questionnaire(questionnaire, validate=questionnaire is not None)
    terms = loaded.glossary if term is None else find_terms(loaded, term)
    if not terms:
        known = ", ".join(item.term for item in loaded.glossary) or "none"
        raise UsageError(f"The glossary has no term '{term}'.", hint=f"Its terms are: {known}.")
    screen = console(plain=plain)
    for item in terms:
        screen.print(_glossary_entry(item))


def _glossary_entry(term: GlossaryTerm) -> RenderableType:
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    title = Text(term.term, style="bold")
    if term.name.casefold() != term.term.casefold():
        title.append(f" ({term.name})")
    return Group(title, Padding(Text(term.meaning), (0, 0, 1, 2), expand=False))


def _given_practice(
    name: str | None, ods: str | None, pcn: str | None, respondent: str | None
) -> Practice:
    from readiness.questionnaire.answers import normalise_ods
    from readiness.questionnaire.model import Practice

    return Practice(name or None, normalise_ods(ods), pcn or None, respondent or None)


def _resume_hint(questionnaire: str | None) -> str:
    which = f" --questionnaire {questionnaire}" if questionnaire else ""
    return (
        f"Your answers are kept. To carry on where you left off, run:\n"
        f"  readiness assess{which} --resume\n(or the same command again)."
    )


def _teller(screen: Console) -> Callable[[str], None]:
    """Print the interview's messages as plain text (never as rich markup)."""

    def tell(message: str) -> None:
        screen.print(message, markup=False)

    return tell


def _require_terminal() -> None:
    """The questions need a terminal; stop before prompt_toolkit can warn or fail."""
    if not all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout)):
        raise UsageError(
            "The questions have to be answered in a terminal window, and this is not one.",
            hint="To score answers without questions, use: readiness assess --answers FILE "
            "(or --demo for a worked example).",
        )


def _interview_and_finish(
    questionnaire: Questionnaire,
    *,
    practice: Practice,
    domains: str | None,
    resume: bool,
    restart: bool,
    resume_hint: str,
    out: Path | None,
    fmt: str,
    save: bool,
    plain: bool,
) -> None:
    """Ask the questions (saving a draft after each answer), review, then score and save."""
    from readiness.interview import drafts, session
    from readiness.interview.engine import Interview, InterviewState, parse_domains
    from readiness.interview.terminal import TerminalAsker
    from readiness.questionnaire.model import AnswerSet

    _require_terminal()
    if resume and restart:
        raise UsageError("Use either --resume or --restart, not both.")
    requested = parse_domains(questionnaire, domains) if domains else None
    screen = console(plain=plain)
    ask = TerminalAsker(plain=plain, console=screen)
    start = session.start(
        questionnaire,
        ask,
        _teller(screen),
        given=practice,
        requested=requested,
        resume=resume,
        restart=restart,
    )

    def save_draft(state: InterviewState) -> None:
        drafts.save_draft(
            drafts.new_draft(
                questionnaire,
                start.practice,
                answers=state.answers,
                position=state.position,
                domains=state.domains,
            )
        )

    interview = Interview(
        questionnaire,
        domains=start.domains,
        answers=start.answers,
        position=start.position,
        on_save=save_draft,
        resume_hint=resume_hint,
    )
    answers = interview.run(ask)
    _finish(
        questionnaire, AnswerSet(start.practice, answers), out=out, fmt=fmt, save=save, plain=plain
    )
    if save or out is not None:
        drafts.discard(start.key)
    else:
        # --no-save and no --out: the draft is the only copy of these answers, so it stays.
        screen.print(
            "\nNot saved, as you asked. Your answers are kept as a draft: run the same "
            "command again to see them, or add --restart to throw them away.",
            markup=False,
        )


# ------------------------------------------------------------------------- reports (issue 4)


@app.command("report")
def report_command(
    result_file: Annotated[
        Path,
        typer.Argument(
            metavar="RESULT.json",
            help="A result saved by 'readiness assess' (they are kept in your results "
            "folder; 'readiness assess' prints where).",
        ),
    ],
    output_format: Annotated[
        Optional[str],  # noqa: UP045 - see QuestionnaireOption
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="terminal (on screen), html (a page to open, forward or print to PDF), csv "
            "(for Excel), md (Markdown, for emails, Teams and wikis) or json (the result "
            "itself). Default: terminal, or from the --out file's name.",
        ),
    ] = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Save the report to this file (.html, .csv, .md, .json or .txt) instead of "
            "showing it. The folder must exist.",
        ),
    ] = None,
    since: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--since",
            metavar="EARLIER.json",
            help="Show what changed since this earlier result. Default: the latest earlier "
            "result for the same practice in your results folder, if there is one.",
        ),
    ] = None,
    plain: PlainOption = False,
) -> None:
    """Show a saved result as a report, or export it as HTML, CSV, Markdown or JSON."""
    from readiness.report import infer_report_format, render_file
    from readiness.results import store
    from readiness.results.record import read_result

    fmt = infer_report_format(out, output_format)
    if out is not None and out.resolve() == result_file.resolve():
        raise UsageError(
            f"The report would overwrite the result file {result_file}.",
            hint="Choose another name for --out.",
        )
    if since is not None and since.resolve() == result_file.resolve():
        raise UsageError(
            "--since names the same result file, so there is nothing to compare.",
            hint="Give --since an earlier result, or leave it out to use the latest earlier "
            "result for the practice.",
        )
    result = read_result(result_file)
    changes = _changes_for(result, since)
    if out is not None:
        store.write_atomic(out, render_file(result, fmt, changes=changes))
        # Whole, never wrapped, so that the path can be copied.
        console(plain=plain).print(f"Report saved to {out}", markup=False, soft_wrap=True)
    elif fmt == "terminal":
        from readiness.report.result.terminal import report

        console(plain=plain).print(report(result, changes=changes, plain=plain))
    else:
        # Bytes, so that a Windows console's code page cannot refuse "£", "—" or the BOM.
        typer.echo(render_file(result, fmt, changes=changes).encode("utf-8"), nl=False)


def _changes_for(result: ResultFile, since: Path | None) -> Changes | None:
    """What changed since ``since``, or since the latest earlier result for the practice."""
    from readiness.results import store
    from readiness.results.diff import compare, find_earlier
    from readiness.results.record import read_result

    if since is None:
        earlier = find_earlier(result, store.result_files())
        return compare(earlier, result) if earlier is not None else None
    earlier = read_result(since)
    if earlier.questionnaire.id != result.questionnaire.id:
        raise ReadinessError(
            f"{since} is a result for the questionnaire '{earlier.questionnaire.id}', not "
            f"'{result.questionnaire.id}', so the two cannot be compared.",
            hint="Give --since an earlier result made with the same questionnaire.",
        )
    return compare(earlier, result)


# ------------------------------------------------------------- compare and history (issue 5)


class CompareFormat(str, Enum):
    terminal = "terminal"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    json = "json"


class CompareSort(str, Enum):
    score = "score"
    name = "name"


_COMPARE_SUFFIXES = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".txt": "terminal",
}


@app.command("compare")
def compare_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Result files, or folders of them (the .json files directly inside "
            "each folder, not in folders below it).",
        ),
    ],
    output_format: Annotated[
        Optional[CompareFormat],  # noqa: UP045 - see QuestionnaireOption
        typer.Option(
            "--format",
            "-f",
            help="terminal (on screen), csv, xlsx (Excel), html (a web page to open, "
            "send or print) or json. Default: from the --out file's name, else terminal.",
        ),
    ] = None,
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", "-o", metavar="FILE", dir_okay=False, help="Write to this file."),
    ] = None,
    anonymise: Annotated[
        bool,
        typer.Option(
            "--anonymise",
            "--anonymize",
            help="Show practices as Practice A, B, … with no names, ODS codes, PCN names, "
            "respondents or file names: for sharing, for example at a board meeting.",
        ),
    ] = False,
    pcn: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            metavar="NAME",
            help="Your primary care network (PCN): its name heads the comparison, and "
            "results that name a different PCN are left out.",
        ),
    ] = None,
    sort: Annotated[
        CompareSort,
        typer.Option(help="List practices by overall score (highest first) or by name."),
    ] = CompareSort.score,
    keep_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also show each practice's earlier results. Without it, only the latest "
            "result from each person is used and the others are named in a note.",
        ),
    ] = False,
    plain: PlainOption = False,
) -> None:
    """Compare practices side by side, as a network, and against national surveys.

    For a primary care network (PCN) lead or an integrated care board (ICB)
    analyst: give the result files your practices sent you (or a folder of them).
    You see each practice's score in each domain, coloured by band; the network's
    median, lowest and highest score per domain; the barriers most practices
    share; how many practices match each national survey figure; and where two
    people from one practice (say the practice manager and a GP partner) see it
    differently. Results from different people at one practice (set with
    'readiness assess --respondent') are shown together.

    \b
    Examples:
      readiness compare results/
      readiness compare results/ --out network.xlsx
      readiness compare a.json b.json --anonymise --format html --out board.html
    """
    import atexit
    import gc

    from readiness.network.engine import compare_paths

    fmt = _compare_format(output_format, out)
    # Comparing makes no reference cycles, and with thousands of results the cycle
    # collector would only walk the same records again and again (a third of the time).
    # For the same reason, the full collection Python makes as it exits is spared the
    # objects alive by then (a tenth of a second for all of England).
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    collecting = gc.isenabled()
    gc.disable()
    try:
        comparison = compare_paths(
            paths, pcn=pcn, sort=sort.value, keep_all=keep_all, anonymise=anonymise
        )
        _show_comparison(comparison, fmt, out=out, plain=plain)
    finally:
        if collecting:
            gc.enable()


def _show_comparison(comparison: object, fmt: str, *, out: Path | None, plain: bool) -> None:
    from readiness.network.engine import Comparison

    assert isinstance(comparison, Comparison)  # noqa: S101 - typed loosely to keep imports lazy
    on_screen = fmt == "terminal" and out is None
    if not on_screen:
        _warn_skipped([f"{s.file}: {'; '.join(s.reasons)}" for s in comparison.skipped])
    if on_screen:
        from readiness.report.network.terminal import render

        screen = console(plain=plain)
        screen.print(render(comparison, plain=plain, width=screen.width))
        return
    data = _render_comparison(comparison, fmt)
    if out is None:
        _stdout_bytes(data)
        return
    from readiness.results import store

    store.write_bytes_atomic(out, data)
    count = len(comparison.practices)
    typer.echo(f"Compared {count:,} practice{'s' if count != 1 else ''}; written to {out}")


def _compare_format(requested: CompareFormat | None, out: Path | None) -> str:
    if requested is not None:
        fmt = requested.value
    elif out is not None:
        fmt = _COMPARE_SUFFIXES.get(out.suffix.lower(), "")
        if not fmt:
            raise UsageError(
                f"Cannot tell which format to write from the name {out.name}.",
                hint="Add --format csv, xlsx, html, json or terminal.",
            )
    else:
        fmt = "terminal"
    if fmt == "xlsx" and out is None:
        raise UsageError(
            "A spreadsheet cannot be shown on screen.",
            hint="Add --out FILE.xlsx to save it, then open it in Excel.",
        )
    return fmt


def _render_comparison(comparison: object, fmt: str) -> bytes:
    """The comparison in a file format, as bytes (text formats in UTF-8)."""
    from readiness.network.engine import Comparison

    assert isinstance(comparison, Comparison)  # noqa: S101 - typed loosely to keep imports lazy
    if fmt == "xlsx":
        from readiness.report.network import xlsx as compare_xlsx

        return compare_xlsx.render(comparison)
    if fmt == "terminal":
        import io

        from rich.console import Console

        from readiness.report.network.terminal import render

        buffer = io.StringIO()
        Console(file=buffer, width=100, color_system=None, emoji=False).print(
            render(comparison, plain=True, width=100)
        )
        return buffer.getvalue().encode("utf-8")
    if fmt == "csv":
        from readiness.report.network import csv as compare_csv

        return compare_csv.render(comparison).encode("utf-8")
    if fmt == "html":
        from readiness.report.network import html as compare_html

        return compare_html.render(comparison).encode("utf-8")
    from readiness.report.network import json as compare_json

    return compare_json.render(comparison).encode("utf-8")


def _warn_skipped(lines: list[str]) -> None:
    for line in lines:
        typer.echo(f"Warning: skipped {line}", err=True)


def _stdout_bytes(data: bytes) -> None:
    """Write UTF-8 whatever the console's code page (Windows consoles may not be UTF-8)."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        stream.write(data)
        stream.flush()


@app.command("history")
def history_command(
    practice: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--practice",
            "-p",
            metavar="ODS|NAME",
            help="Only this practice: its ODS code (for example A81001) or part of its name.",
        ),
    ] = None,
    plain: PlainOption = False,
) -> None:
    """List your saved assessments and how each domain changed since the one before.

    Reads the results folder that 'readiness assess' saves to. Changes are shown
    as ▲ 12 (up 12 points), ▼ 5 (down 5) or — (no change), and are only worked
    out between assessments by the same person (see 'assess --respondent').
    """
    from readiness.report.history import render
    from readiness.results import store
    from readiness.results.history import history

    files = store.result_files()
    found = history(files, practice=practice)
    screen = console(plain=plain)
    if not found.tracks and not found.skipped:
        screen.print(
            f"No assessments saved yet in {store.results_dir()}.\n"
            "Run 'readiness assess' (or 'readiness assess --demo' for an example).",
            markup=False,
        )
        return
    screen.print(render(found, plain=plain))


# ------------------------------------------------------------------------------- the edge


def report_error(error: ReadinessError) -> None:
    """Print an error for people: what is wrong, where, and what to do."""
    # Stopping the interview part-way is the user's choice, not a fault.
    prefix = "\n" if isinstance(error, InterviewInterrupted) else "Error: "
    typer.echo(f"{prefix}{error.message}", err=True)
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
