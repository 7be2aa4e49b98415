"""What the commands share: option declarations, the console and writing to standard output.

Imports only typer and the standard library, so that ``readiness --help`` stays quick.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.report import formats

if TYPE_CHECKING:
    from rich.console import Console

# The bundled questionnaire's question counts and minutes (questionnaire.timing), written
# out so that --help need not load the questionnaire; tests/cli/test_quick.py keeps them true.
FULL_COUNT, FULL_MINUTES = 52, 15
QUICK_COUNT, QUICK_MINUTES = 14, 4

QuestionnaireOption = Annotated[
    str | None,
    typer.Option(
        "--questionnaire",
        "-q",
        metavar="NAME|PATH",
        help="A bundled questionnaire's name or your own questionnaire folder. "
        "Default: integration-readiness.",
    ),
]
ListFormatOption = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help="table (for reading) or json (for other programs)."
    ),
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain", help="No colour and no box drawing (for screen readers and plain terminals)."
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", metavar="FILE", dir_okay=False, help="Write to this file."),
]


def _format_help(command_formats: tuple[formats.Format, ...], default: str) -> str:
    described = "; ".join(item.words for item in command_formats)
    return f"{described}. Default: from the --out file's name, else {default}."


ResultFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=_format_help(formats.RESULT_FORMATS, "on screen"),
    ),
]
NetworkFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=_format_help(formats.NETWORK_FORMATS, "on screen"),
    ),
]


def list_format(requested: str) -> str:
    """``table`` or ``json``, for the listing commands."""
    if requested.lower() not in ("table", "json"):
        from readiness.errors import UsageError

        raise UsageError(f"'{requested}' is not a format here.", hint="Use --format table or json.")
    return requested.lower()


def console(*, plain: bool = False, stderr: bool = False) -> Console:
    """The console for people: no colour with --plain or NO_COLOR, never markup, and every
    text made safe and fitted to the console's encoding (``readiness.screen``)."""
    from readiness.screen import SafeConsole

    no_color = plain or bool(os.environ.get("NO_COLOR"))
    return SafeConsole(stderr=stderr, no_color=no_color, soft_wrap=False)


def echo_json(data: object) -> None:
    import json  # here, not at the top: --help need not pay for it

    from readiness.textsafe import json_text

    text = json_text(json.dumps(data, indent=2, ensure_ascii=False))
    stdout_bytes((text + "\n").encode("utf-8"))


def stdout_bytes(data: bytes) -> None:
    """Write UTF-8 whatever the console's code page (Windows consoles may not be UTF-8)."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        stream.write(data)
        stream.flush()


def say(message: str) -> None:
    """A line for people on standard output, printed as written (never as markup)."""
    console().print(message, markup=False, soft_wrap=True)


def warn(message: str) -> None:
    console(stderr=True).print(message, markup=False, soft_wrap=True)
