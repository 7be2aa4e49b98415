"""Score reports, one module per format. Each turns a ``ResultFile`` into text.

``terminal`` is for the screen (rich); ``html``, ``csv``, ``md`` and ``json``
are files to keep or forward. Every format is deterministic: the same result
(and the same earlier result, for the change since last time) gives the same
bytes, with no time in it but the result's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from readiness.errors import UsageError

if TYPE_CHECKING:
    from readiness.results.diff import Changes
    from readiness.results.record import ResultFile

FILE_FORMATS = ("html", "csv", "md", "json")
REPORT_FORMATS = ("terminal", *FILE_FORMATS)
_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".txt": "terminal",
}
# Plain-text copies of the terminal report are laid out for this width.
TEXT_WIDTH = 80


def infer_format(out: Path | None, requested: str | None) -> str:
    """The export format for ``assess --out``: as asked, else from the file's extension, else JSON.

    "terminal" (asked for, or a .txt name) saves the screen report as plain text.
    """
    if requested:
        return _checked(requested, REPORT_FORMATS)
    extension = out.suffix.lower() if out is not None else ""
    return _EXTENSIONS.get(extension, "json")


def infer_report_format(out: Path | None, requested: str | None) -> str:
    """The format for ``readiness report``: as asked, else the screen, else from --out's name."""
    if requested:
        return _checked(requested, REPORT_FORMATS)
    if out is None:
        return "terminal"
    found = _EXTENSIONS.get(out.suffix.lower())
    if found is None:
        hint = (
            "For a PDF, save the report as .html, open it in your web browser and "
            "choose Print, then Save as PDF."
            if out.suffix.lower() == ".pdf"
            else "Use --format html, csv, md or json, or a name ending .html, .csv, .md, "
            ".json or .txt."
        )
        raise UsageError(f"Cannot tell the report format from the file name {out.name}.", hint=hint)
    return found


def _checked(requested: str, allowed: tuple[str, ...]) -> str:
    fmt = requested.lower()
    if fmt == "markdown":
        fmt = "md"
    if fmt not in allowed:
        raise UsageError(
            f"'{requested}' is not a report format.", hint=f"Use one of: {', '.join(allowed)}."
        )
    return fmt


def render_file(result: ResultFile, fmt: str, *, changes: Changes | None = None) -> str:
    """The report as the text of a file (CSV text starts with a byte-order mark for Excel)."""
    if fmt == "json":
        from readiness.results.record import result_json

        return result_json(result)
    if fmt == "html":
        from readiness.report.result import html

        return html.render(result, changes=changes)
    if fmt == "md":
        from readiness.report.result import markdown

        return markdown.render(result, changes=changes)
    if fmt == "csv":
        from readiness.report.result import csv as csv_report

        return csv_report.render(result)
    if fmt == "terminal":
        return plain_text(result, changes=changes)
    raise UsageError(
        f"'{fmt}' is not a report format.", hint=f"Use one of: {', '.join(REPORT_FORMATS)}."
    )


def plain_text(result: ResultFile, *, changes: Changes | None = None) -> str:
    """The terminal report as plain text, 80 columns wide, with no colour or trailing spaces."""
    import io

    from rich.console import Console

    from readiness.report.result.terminal import report

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=TEXT_WIDTH,
        no_color=True,
        force_terminal=False,
        highlight=False,
        emoji=False,
        color_system=None,
        legacy_windows=False,
    )
    console.print(report(result, changes=changes, plain=False))
    lines = buffer.getvalue().splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"
