"""``readiness report``: show a saved result, or export it as HTML, CSV, Markdown or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli.options import PlainOption, ResultFormatOption, console, say, stdout_bytes
from readiness.errors import ReadinessError, UsageError
from readiness.report import formats

if TYPE_CHECKING:
    from readiness.results.record import ResultFile


def report(
    result_file: Annotated[
        Path,
        typer.Argument(
            metavar="RESULT.json",
            help="A result saved by 'readiness assess' (they are kept in your results "
            "folder; 'readiness assess' prints where).",
        ),
    ],
    output_format: ResultFormatOption = None,
    out: Annotated[
        Path | None,
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
        Path | None,
        typer.Option(
            "--since",
            metavar="EARLIER.json",
            help="Show what changed since this earlier result. Default: the latest earlier "
            "result from the same person for the same practice in your results folder.",
        ),
    ] = None,
    plain: PlainOption = False,
) -> None:
    """Show a saved result as a report, or export it as HTML, CSV, Markdown or JSON."""
    from readiness.files import same_file
    from readiness.report import render_file
    from readiness.results import store
    from readiness.results.record import read_result

    if out is not None and same_file(out, result_file):
        raise UsageError(
            f"The report would overwrite the result file {result_file}.",
            hint="Choose another name for --out.",
        )
    if since is not None and same_file(since, result_file):
        raise UsageError(
            "--since names the same result file, so there is nothing to compare.",
            hint="Give --since an earlier result, or leave it out to use the latest earlier "
            "result for the practice.",
        )
    fmt = formats.choose(
        formats.RESULT_FORMATS, requested=output_format, out=out, default=formats.TERMINAL
    ).name
    if out is not None:
        store.check_out(out)
    from readiness.plans.store import progress_since
    from readiness.results.diff import changes_between

    result = read_result(result_file)
    earlier = earlier_for(result, since)
    changes = changes_between(earlier, result) if earlier is not None else None
    progress = progress_since(earlier, result)
    if out is not None:
        store.write_atomic(out, render_file(result, fmt, changes=changes, progress=progress))
        say(f"Report saved to {out}")
    elif fmt == formats.TERMINAL.name:
        from readiness.report.result.terminal import report as terminal_report

        console(plain=plain).print(
            terminal_report(result, changes=changes, progress=progress, plain=plain)
        )
    else:
        from readiness.textsafe import json_text

        text = render_file(result, fmt, changes=changes, progress=progress)
        # Bytes, so that a Windows console's code page cannot refuse "£", "—" or the BOM.
        stdout_bytes((json_text(text) if fmt == formats.JSON.name else text).encode("utf-8"))


def earlier_for(result: ResultFile, since: Path | None) -> ResultFile | None:
    """The result to show changes since: ``since``, or the latest earlier by the same person."""
    from readiness.results import history, store
    from readiness.results.identity import practice_key
    from readiness.results.record import read_result

    if since is None:
        return history.latest_earlier(result, store.result_files())
    earlier = read_result(since)
    if earlier.questionnaire.id != result.questionnaire.id:
        raise ReadinessError(
            f"{since} is a result for the questionnaire '{earlier.questionnaire.id}', not "
            f"'{result.questionnaire.id}', so the two cannot be compared.",
            hint="Give --since an earlier result made with the same questionnaire.",
        )
    before, now = earlier.practice, result.practice
    if practice_key(before.ods_code, before.name) != practice_key(now.ods_code, now.name):
        raise UsageError(
            f"{since} is for {before.display_name()}, not {now.display_name()}, so it "
            "cannot show what changed at this practice.",
            hint="Give --since an earlier result for the same practice, or use "
            "'readiness compare' to set two practices side by side.",
        )
    return earlier
