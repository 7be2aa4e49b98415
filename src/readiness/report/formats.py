"""The one format registry: each output format's name, file endings and what it can show.

``readiness assess --out``, ``readiness report`` and ``readiness compare`` all ask
this module which format a ``--format`` or an ``--out`` file name means, so the
same mistake gets the same message everywhere. The renderers themselves live in
``report.result`` (one practice) and ``report.network`` (a comparison), one
module per format. Imports nothing heavy: the command line uses it at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from readiness.errors import UsageError


class Format(NamedTuple):
    """One output format. (A NamedTuple: ``readiness --help`` lists the formats, and
    must not wait for the records library to import.)"""

    name: str
    suffixes: tuple[str, ...]  # file endings that mean this format, the usual one first
    words: str  # what it is, for help text and messages
    on_screen: bool = True  # False: a file only (a spreadsheet)


TERMINAL = Format("terminal", (".txt",), "terminal (on screen; .txt saves it as plain text)")
HTML = Format("html", (".html", ".htm"), "html (a page to open, forward or print to PDF)")
CSV = Format("csv", (".csv",), "csv (for Excel)")
MARKDOWN = Format("md", (".md", ".markdown"), "md (Markdown, for emails, Teams and wikis)")
JSON = Format("json", (".json",), "json (for other programs)")
XLSX = Format("xlsx", (".xlsx",), "xlsx (an Excel workbook)", on_screen=False)
LONG_CSV = Format(
    "long-csv",
    (".csv",),
    "long-csv (one row per answer, for Power BI, pivot tables or DuckDB)",
)

# What each command can write.
RESULT_FORMATS: tuple[Format, ...] = (TERMINAL, HTML, CSV, MARKDOWN, JSON)
NETWORK_FORMATS: tuple[Format, ...] = (TERMINAL, CSV, XLSX, HTML, JSON, LONG_CSV)
PLAN_FORMATS: tuple[Format, ...] = (XLSX, CSV, MARKDOWN, HTML)
# readiness form: an answer form to fill in (xlsx), or the questions to print (html, md).
FORM_FORMATS: tuple[Format, ...] = (
    Format("xlsx", (".xlsx",), "xlsx (an Excel answer form to fill in)", on_screen=False),
    Format("html", (".html", ".htm"), "html (the questions, to print)", on_screen=False),
    Format("md", (".md", ".markdown"), "md (the questions in Markdown)", on_screen=False),
)
ALIASES = {
    "markdown": "md",
    "htm": "html",
    "txt": "terminal",
    "text": "terminal",
    "long": "long-csv",
    "longcsv": "long-csv",
}
PDF_HINT = (
    "For a PDF, save the report as .html, open it in your web browser and choose Print, "
    "then Save as PDF."
)


def names(formats: Sequence[Format]) -> str:
    """Gives "terminal, html, csv, md or json"."""
    listed = [item.name for item in formats]
    return ", ".join(listed[:-1]) + f" or {listed[-1]}"


def _by_name(requested: str, formats: Sequence[Format]) -> Format:
    key = requested.strip().lower().lstrip(".")
    key = ALIASES.get(key, key)
    found = next((item for item in formats if item.name == key), None)
    if found is None:
        raise UsageError(
            f"'{requested}' is not a format this command can write.",
            hint=f"Use --format {names(formats)}.",
        )
    return found


def _by_suffix(out: Path, formats: Sequence[Format]) -> Format | None:
    suffix = out.suffix.lower()
    return next((item for item in formats if suffix and suffix in item.suffixes), None)


def _cannot_tell(out: Path, formats: Sequence[Format]) -> UsageError:
    endings = ", ".join(item.suffixes[0] for item in formats)
    hint = (
        PDF_HINT
        if out.suffix.lower() == ".pdf"
        else f"Use --format {names(formats)}, or a file name ending {endings}."
    )
    return UsageError(f"Cannot tell which format to write from the name {out.name}.", hint=hint)


def choose(
    formats: Sequence[Format], *, requested: str | None, out: Path | None, default: Format
) -> Format:
    """The format asked for, else the one the --out name implies, else ``default``.

    A --format that contradicts the --out name (``--out x.html --format csv``) is
    refused, and so is a .pdf name: the file would hold one format under another's name.
    """
    chosen = _by_name(requested, formats) if requested else None
    implied = _by_suffix(out, formats) if out is not None else None
    if out is not None:
        if (chosen is None and implied is None) or out.suffix.lower() == ".pdf":
            raise _cannot_tell(out, formats)
        if (
            chosen is not None
            and implied is not None
            and implied != chosen
            and out.suffix.lower() not in chosen.suffixes  # long-csv is a .csv too
        ):
            raise UsageError(
                f"--format {chosen.name} does not match the file name {out.name}, which "
                f"means {implied.name}.",
                hint=f"Name the file with {chosen.suffixes[0]}, or leave --format out.",
            )
    chosen = chosen or implied or default
    if out is None and not chosen.on_screen:
        raise UsageError(
            f"A {chosen.name} file cannot be shown on screen.",
            hint=f"Add --out FILE{chosen.suffixes[0]} to save it.",
        )
    return chosen
