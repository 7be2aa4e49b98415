"""``readiness questionnaires list|show|validate|schema``, ``readiness benchmarks`` and
``readiness glossary``: what the questions are, and the survey figures beside them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from readiness.cli.options import (
    ListFormatOption,
    PlainOption,
    QuestionnaireOption,
    console,
    echo_json,
    list_format,
    say,
)
from readiness.errors import InvalidFileError, Problem, UsageError

app = typer.Typer(
    help="List, show and check questionnaires (the question sets, one file per domain).",
    no_args_is_help=True,
)


def benchmarks(
    output_format: ListFormatOption = "table",
    questionnaire: QuestionnaireOption = None,
    plain: PlainOption = False,
) -> None:
    """List the published survey figures your answers are set beside, and their sources."""
    from readiness.figures import catalogue_entry
    from readiness.questionnaire.load import load_benchmarks

    title, catalogue = load_benchmarks(questionnaire)
    if list_format(output_format) == "json":
        echo_json([catalogue_entry(b) for b in catalogue])
        return
    from readiness.report.catalogue import benchmark_table

    console(plain=plain).print(benchmark_table(title, catalogue, plain=plain))


@app.command("list")
def questionnaires_list(output_format: ListFormatOption = "table") -> None:
    """List the bundled questionnaires and your own (in your readiness folder)."""
    from msgspec.structs import asdict

    from readiness.questionnaire.locate import available

    found = available()
    if list_format(output_format) == "json":
        echo_json([asdict(item) for item in found])
        return
    for item in found:
        say(f"{item.id}  {item.version}  {item.title}  ({item.origin}: {item.path})")


@app.command("show")
def questionnaires_show(
    name: Annotated[
        str, typer.Argument(metavar="NAME|PATH", help="A bundled name or a questionnaire folder.")
    ] = "integration-readiness",
    output_format: ListFormatOption = "table",
    plain: PlainOption = False,
) -> None:
    """Show a questionnaire's domains and questions."""
    from readiness.questionnaire.load import describe, load_questionnaire

    loaded = load_questionnaire(name)
    if list_format(output_format) == "json":
        echo_json(describe(loaded))
        return
    from readiness.figures import source_by_file
    from readiness.report.catalogue import question_outline

    screen = console(plain=plain)
    screen.print(f"{loaded.title} ({loaded.id} {loaded.version})", markup=False)
    sources = source_by_file(loaded)
    for domain in loaded.domains:
        screen.print(f"\n{domain.title} (id: {domain.id}, weight {domain.weight:g})", markup=False)
        for number, question in enumerate(domain.questions, start=1):
            screen.print(question_outline(number, question, screen.width, sources), markup=False)


@app.command("validate")
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
    from readiness.results.record import check_fits

    problems: list[Problem] = []
    for path in paths:
        try:
            # Always checked afresh: a cached copy would hide nothing, but say nothing either.
            loaded = load_questionnaire(path, use_cache=False)
            check_fits(loaded)  # its results must be files readiness can read back
        except InvalidFileError as error:
            problems.extend(error.problems)
            continue
        say(f"{path}: OK ({loaded.id} {loaded.version}, {len(loaded.questions)} questions)")
    if problems:
        raise InvalidFileError(problems, what="questionnaire")


@app.command("schema")
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
    echo_json(SCHEMAS[kind].model_json_schema())


def glossary(
    term: Annotated[
        str | None,
        typer.Argument(
            metavar="[TERM]", help="A term to explain, for example ICB. Leave out to list all."
        ),
    ] = None,
    questionnaire: QuestionnaireOption = None,
    plain: PlainOption = False,
) -> None:
    """Explain the words the questions use: PCN, ICB, ICS, ARRS, DES, INT, place and more."""
    from readiness.interview.replies import find_terms
    from readiness.questionnaire.load import load_questionnaire
    from readiness.report.catalogue import glossary_entry

    loaded = load_questionnaire(questionnaire)
    terms = loaded.glossary if term is None else find_terms(loaded, term)
    if not terms:
        known = ", ".join(item.term for item in loaded.glossary) or "none"
        raise UsageError(f"The glossary has no term '{term}'.", hint=f"Its terms are: {known}.")
    screen = console(plain=plain)
    for item in terms:
        screen.print(glossary_entry(item))
