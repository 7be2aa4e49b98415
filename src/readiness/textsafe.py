"""Make text from files and users safe where it lands: a terminal, a spreadsheet, Markdown.

The one rule (``visible``): control characters (C0, DEL, C1), bidirectional
overrides and isolates, line and paragraph separators and lone surrogates are
written as visible escapes such as ``\\x1b`` or ``\\u202e``, so a name or a
question can never clear the screen, retitle the window, hide a link or
reverse the text around it. Line breaks and tabs are kept where a block of
text may have them, or become spaces where it is one line (``one_line``).

Every format applies it: the terminal (``readiness.screen``'s console, for
every piece of text it shows), Markdown (``markdown_text``), CSV and XLSX
(``spreadsheet_cell``), HTML (the jinja2 environment's ``finalize``, before
autoescape) and JSON shown on a terminal (``json_text``).

It also says how to show text on a console that cannot show every character
(a Windows code page, ``PYTHONIOENCODING=ascii``): ``ASCII_GLYPHS`` and
``fit_encoding``, and the ``"readiness"`` codec error handler, which turns
anything still unshowable into its ASCII form or "?" instead of an error.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable

# OWASP CSV injection guidance: a cell starting with one of these may be run as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")

# C0 controls but tab and line feed, DEL, C1 controls; bidi embeddings, overrides and
# isolates (the "Trojan Source" characters); line and paragraph separators (some
# terminals start a new line); lone surrogates (undecodable bytes in file names).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# In a spreadsheet cell a carriage return is an ordinary line end (and harmless).
_UNSAFE_IN_CELL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ONE_LINE_SPACE = re.compile("[\t\n\r]")

# What a console that cannot show these characters shows instead. The renderers write
# the Unicode glyph; the console swaps it (before laying the text out) where needed.
ASCII_GLYPHS = {
    "█": "#",
    "░": "-",
    "▲": "^",
    "▼": "v",
    "—": "--",
    "–": "-",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "·": "-",
    "•": "-",
    "●": "*",
    "○": "o",
    "…": "...",
    "→": "->",
    "↑": "up",
    "↓": "down",
    "»": ">",
    "«": "<",
    "×": "x",
    "£": "GBP ",
    "€": "EUR ",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}
ERROR_HANDLER = "readiness"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    point = ord(char)
    if 0xDC80 <= point <= 0xDCFF:
        return f"\\x{point - 0xDC00:02x}"  # the byte surrogateescape stood in for
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control, bidi and separator character as a visible escape.

    Line breaks (``\\r\\n``, ``\\r``, ``\\n``) become ``\\n`` and tabs stay, unless
    ``one_line``: then each becomes a space. Text without such characters is
    returned unchanged, and ``visible(visible(t)) == visible(t)``.
    """
    if one_line:
        text = _ONE_LINE_SPACE.sub(" ", text.replace("\r\n", " "))
    elif "\r" in text:
        text = _LINE_BREAK.sub("\n", text)
    return _UNSAFE.sub(_escape, text)


def is_visible(text: str) -> bool:
    """True when ``visible`` would leave ``text`` as it is (apart from line ends)."""
    return _UNSAFE.search(text) is None


def json_text(text: str) -> str:
    """JSON text with DEL, C1 and bidi characters as ``\\u`` escapes (the json module
    escapes only C0). The same data, but safe to show on a terminal."""
    # Outside strings JSON has only ASCII, so every such character is inside a string.
    if text.isascii() and "\x7f" not in text:
        return text  # the common case, checked at C speed (the json module escaped C0)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def can_show(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _ascii_form(char: str) -> str:
    """A character's ASCII stand-in: the glyph table, else the letter without its accent."""
    if char in ASCII_GLYPHS:
        return ASCII_GLYPHS[char]
    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return base or "?"


def fit_encoding(text: str, encoding: str) -> str:
    """``text`` as a console in ``encoding`` can show it: each character it cannot show
    becomes its ASCII form ("—" → "--", "█" → "#", "é" → "e") or "?"."""
    if text.isascii() or can_show(text, encoding):
        return text
    return "".join(char if can_show(char, encoding) else _ascii_form(char) for char in text)


@functools.cache
def fitter(encoding: str | None) -> Callable[[str], str] | None:
    """The function that fits text to a console's ``encoding``; None when it shows everything."""
    name = codecs.lookup(encoding or "utf-8").name
    if name.startswith("utf"):
        return None
    return lambda text: fit_encoding(text, name)


def _replace_unshowable(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: ASCII forms for what the encoding cannot show."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(_ascii_form(char) for char in chunk), error.end


codecs.register_error(ERROR_HANDLER, _replace_unshowable)


def never_fail_on_output() -> None:
    """Standard output and error show what they cannot encode in ASCII, never raise."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors=ERROR_HANDLER)
        except (ValueError, OSError):  # a closed or detached stream: nothing to protect
            continue


def spreadsheet_cell(value: object) -> object:
    """Numbers stay numbers; text has its control characters escaped (openpyxl refuses
    them, and Excel would show boxes), and text that could start a formula gets a
    leading apostrophe."""
    if not isinstance(value, str):
        return value
    value = _UNSAFE_IN_CELL.sub(_escape, value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def markdown_text(text: str) -> str:
    """Text that renders literally in Markdown, on one line, without raw HTML or table breaks."""
    flattened = " ".join(visible(text, one_line=True).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flattened).replace("&", "&amp;")


def html_text(value: object) -> object:
    """For jinja2's ``finalize``: text has its control characters escaped before autoescape
    (markup the templates built themselves, and numbers, are left alone)."""
    if type(value) is str:  # exactly str: jinja2's Markup is a str subclass
        return visible(value)
    return value


def excel_csv(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """CSV as Excel on Windows reads it: a byte-order mark (so "£" and accents show), CRLF
    line ends, every cell made safe, and an empty cell for a missing value."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in (header, *rows):
        writer.writerow("" if value is None else spreadsheet_cell(value) for value in row)
    return "\ufeff" + buffer.getvalue()
