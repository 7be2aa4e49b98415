"""``readiness form``: a blank answer form to send to a practice, or the questions to print."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from readiness.cli.options import (
    FULL_COUNT,
    FULL_MINUTES,
    QUICK_COUNT,
    QUICK_MINUTES,
    QuestionnaireOption,
    say,
)
from readiness.report import formats


def form(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Where to write the form: .xlsx (an Excel answer form to fill in and send "
            "back), or .html or .md (every question on paper, for a meeting).",
        ),
    ],
    questionnaire: QuestionnaireOption = None,
    practice: Annotated[
        str | None, typer.Option(metavar="NAME", help="Fill in the practice's name.")
    ] = None,
    ods: Annotated[
        str | None,
        typer.Option(
            metavar="CODE",
            help="Fill in the practice's ODS code (NHS Organisation Data Service): a letter "
            "and five digits, for example A81001.",
        ),
    ] = None,
    pcn: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Fill in the primary care network (PCN)."),
    ] = None,
    respondent: Annotated[
        str | None,
        typer.Option(
            metavar="WHO",
            help='Fill in who is answering, for example "Practice manager".',
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{'; '.join(item.words for item in formats.FORM_FORMATS)}. "
            "Default: from the --out file's name.",
        ),
    ] = None,
    quick: Annotated[
        bool,
        typer.Option(
            "--quick",
            help=f"Only the {QUICK_COUNT} quick-check questions (one to three per topic, "
            f"about {QUICK_MINUTES} minutes) instead of all {FULL_COUNT} (about "
            f"{FULL_MINUTES} minutes).",
        ),
    ] = False,
) -> None:
    """Make an answer form for a practice to fill in (Excel), or print the questions.

    For a primary care network (PCN) lead: send the .xlsx form to each
    practice. They fill it in with Excel or LibreOffice (no installing, no
    macros) and send it back; 'readiness assess --answers FORM.xlsx' scores
    one, and 'readiness compare' scores a folder of them beside result files.

    \b
    Examples:
      readiness form --out hillside.xlsx --practice "Hillside" --ods A81002
      readiness form --quick --out quick-check.xlsx
      readiness form --out questions.html   (to print for a partners' meeting)
    """
    from readiness.cli.assess import given_practice
    from readiness.questionnaire.load import load_questionnaire
    from readiness.report.form import write_form
    from readiness.results import store

    fmt = formats.choose(
        formats.FORM_FORMATS, requested=output_format, out=out, default=formats.XLSX
    )
    folder = out.expanduser().parent
    if not folder.is_dir():
        from readiness.errors import UsageError

        raise UsageError(
            f"The folder {folder} does not exist, so the form cannot be saved there.",
            hint="Create the folder first, or choose another place.",
        )
    store.check_out(out)
    loaded = load_questionnaire(questionnaire)
    details = given_practice(practice, ods, pcn, respondent)
    data = write_form(loaded, fmt.name, practice=details, quick=quick)
    store.write_bytes_atomic(out, data)
    say(_written(out, fmt.name))


def _written(out: Path, fmt: str) -> str:
    if fmt == formats.XLSX.name:
        return (
            f"Answer form written to {out}. Send it to the practice; when it comes back, "
            f"score it with: readiness assess --answers {out.name}"
        )
    if fmt == formats.HTML.name:
        return f"Questions written to {out}. Open it in a web browser and print it."
    return f"Questions written to {out}."
