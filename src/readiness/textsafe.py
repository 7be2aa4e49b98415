"""Make user text safe where it lands: spreadsheet cells and Markdown.

HTML is escaped by jinja2's autoescape; these cover the formats it does not.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

# OWASP CSV injection guidance: a cell starting with one of these may be run as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def spreadsheet_cell(value: object) -> object:
    """Numbers stay numbers; text that could start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def markdown_text(text: str) -> str:
    """Text that renders literally in Markdown, on one line, without raw HTML or table breaks."""
    flattened = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flattened).replace("&", "&amp;")


def excel_csv(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """CSV as Excel on Windows reads it: a byte-order mark (so "£" and accents show), CRLF
    line ends, every cell made safe, and an empty cell for a missing value."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in (header, *rows):
        writer.writerow("" if value is None else spreadsheet_cell(value) for value in row)
    return "\ufeff" + buffer.getvalue()
